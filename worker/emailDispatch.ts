// Runs the outbox dispatcher in a worker process: its own two-connection pool (never the projections'),
// the process's mailer, and bounces told to the case workflow by the `emailBounced` signal.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import { EmailDispatcher, type BounceNotice, type BouncedEmail, type EmailDispatcherOptions } from '../activities/emailDispatcher';
import { SYSTEM_ACTOR } from '../domain/kernel/actor';
import { createPool } from '../infra/connections';
import { caseWorkflowId, emailBouncedSignal } from '../workflows/case/case.messages';

/** Connections of the dispatcher's own pool: one claims and marks, one spare for a mark while the next claim runs. */
export const DISPATCHER_POOL_SIZE = 2;

/** Tells a case's workflow of a bounce; a finished (or unknown) workflow leaves the bounced row as it is. */
export function bounceNotifier(client: Client): (bounce: BouncedEmail) => Promise<BounceNotice> {
  return async (b) => {
    try {
      await client.workflow.getHandle(caseWorkflowId(b.caseId)).signal(emailBouncedSignal, {
        actor: SYSTEM_ACTOR,
        key: b.key,
        template: b.template,
        to: b.to,
        reason: b.reason,
        bouncedAt: b.bouncedAt,
      });
      return 'told';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'case-finished';
      throw err;
    }
  };
}

/** A running dispatcher with its pool; `stop()` lets messages in flight finish, then closes the pool. */
export interface RunningDispatcher {
  dispatcher: EmailDispatcher;
  stop(): Promise<void>;
}

/** Starts the dispatcher on its own pool to `databaseUrl`; `overrides` are for tests (short leases and backoff). */
export function startEmailDispatch(setup: {
  databaseUrl: string;
  mailer: Transporter;
  mailFrom: string;
  client: Client;
  overrides?: Partial<EmailDispatcherOptions>;
}): RunningDispatcher {
  const pool = createPool(setup.databaseUrl, DISPATCHER_POOL_SIZE);
  const dispatcher = new EmailDispatcher({
    pool,
    mailer: setup.mailer,
    mailFrom: setup.mailFrom,
    notifyBounce: bounceNotifier(setup.client),
    ...setup.overrides,
  }).start();
  return {
    dispatcher,
    async stop() {
      await dispatcher.stop();
      await pool.end().catch(() => undefined);
    },
  };
}
