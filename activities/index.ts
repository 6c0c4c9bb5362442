// The activities of the case workflows, built by a factory with their dependencies injected.
// Every activity is idempotent: Temporal may run it more than once.
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { projectCaseInto, type ProjectCaseInput } from './projection';
import { deliverEmail } from './email';
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
    /** Projects a subsidy negotiation into Postgres (seq-guarded). */
    async projectSubsidy(input: ProjectSubsidyInput): Promise<void> {
      await projectSubsidyInto(deps.pool, input);
    },
    /** Emails each supervisor the cases that became stuck since the previous digest (once per day). */
    async sendSupervisorDigest(input: DigestInput): Promise<DigestResult> {
      return sendSupervisorDigest(deps, input);
    },
  };
}

/** The activity interface workflows proxy (type-only import in workflow code). */
export type CaseActivities = ReturnType<typeof createActivities>;
