// The activities of the case workflows, built by a factory with their dependencies injected.
// Every activity is idempotent: Temporal may run it more than once.
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { Context } from '@temporalio/activity';
import { projectCaseInto, type ProjectCaseInput } from './projection';
import { enqueueEmails } from './email';
import { projectSubsidyInto, type ProjectSubsidyInput } from './subsidyProjection';
import { sendSupervisorDigest, type DigestInput, type DigestResult } from './digest';
import type { Client } from '@temporalio/client';

/** Dependencies of the activities. */
export interface ActivityDeps {
  pool: Pool;
  mailer: Transporter;
  mailFrom: string;
  publicUrl: string;
  /** Temporal client for the digest's workflow check (optional: without it the last stored check counts). */
  temporalClient?: Client;
  /** The process's outbox dispatcher, woken when emails were queued (optional: it also polls). */
  outbox?: { wake(): void };
}

/**
 * The case of an activity's workflow (`case-<id>`, or the case of `subsidy-<id>`), for emails queued by
 * `sendEmail`; null outside an activity or when it cannot be told (the email is still sent, a bounce only
 * reaches the stuck list through its case).
 */
async function caseOfCallingWorkflow(pool: Pool): Promise<string | null> {
  let workflowId: string;
  try {
    workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
  } catch {
    return null;
  }
  if (workflowId.startsWith('case-')) return workflowId.slice('case-'.length);
  if (!workflowId.startsWith('subsidy-')) return null;
  const subsidyId = workflowId.slice('subsidy-'.length);
  const { rows } = await pool.query<{ case_id: string }>('SELECT case_id FROM subsidies WHERE subsidy_id = $1', [subsidyId]);
  return rows[0]?.case_id ?? null;
}

/** Creates the activity functions the worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Projects new events and the case snapshot into Postgres. */
    async projectCase(input: ProjectCaseInput): Promise<void> {
      await projectCaseInto(deps.pool, input, deps.publicUrl);
      if (input.emails?.length) deps.outbox?.wake();
    },
    /**
     * Queues one email into the outbox (once per key) for the dispatcher to send; returns how many rows are new.
     * Only histories from before the outbox patch call it; it holds no connection across SMTP and never fails
     * for a bad address, so such a case is never held back by its emails either.
     */
    async sendEmail(intent: EmailIntent): Promise<number> {
      const queued = await enqueueEmails(deps.pool, await caseOfCallingWorkflow(deps.pool), [intent], deps.publicUrl);
      deps.outbox?.wake();
      return queued;
    },
    /** Projects a subsidy negotiation into Postgres (seq-guarded), with its emails into the outbox. */
    async projectSubsidy(input: ProjectSubsidyInput): Promise<void> {
      await projectSubsidyInto(deps.pool, input, deps.publicUrl);
      if (input.emails?.length) deps.outbox?.wake();
    },
    /** Queues for each supervisor an email of the cases that became stuck since the previous digest (once per day). */
    async sendSupervisorDigest(input: DigestInput): Promise<DigestResult> {
      const result = await sendSupervisorDigest(deps, input);
      if (result.emailsSent > 0) deps.outbox?.wake();
      return result;
    },
  };
}

/** The activity interface workflows proxy (type-only import in workflow code). */
export type CaseActivities = ReturnType<typeof createActivities>;
