// The activities of the case workflows, built by a factory with their dependencies injected.
// Every activity is idempotent: Temporal may run it more than once.
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { EmailIntent } from '../domain/caseState';
import { projectCaseInto, type ProjectCaseInput } from './projection';
import { deliverEmail } from './email';

/** Dependencies of the activities. */
export interface ActivityDeps {
  pool: Pool;
  mailer: Transporter;
  mailFrom: string;
  publicUrl: string;
}

/** Creates the activity functions the worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Projects new events and the case snapshot into Postgres. */
    async projectCase(input: ProjectCaseInput): Promise<void> {
      await projectCaseInto(deps.pool, input);
    },
    /** Sends one queued email through the outbox (at most once per key). */
    async sendEmail(intent: EmailIntent): Promise<number> {
      return deliverEmail(deps, intent);
    },
  };
}

/** The activity interface workflows proxy (type-only import in workflow code). */
export type CaseActivities = ReturnType<typeof createActivities>;
