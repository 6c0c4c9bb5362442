// Projects a subsidy negotiation into the `subsidies` table and queues its emails into the outbox, in one
// transaction. Idempotent: the row only moves forward (seq guard) and outbox keys are unique, so retries
// and replays of an older copy change nothing.
import type { Pool, PoolClient } from 'pg';
import type { Subsidy } from '../domain/subsidies/subsidies';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { enqueueEmails } from './email';
import { inTransaction } from '../infra/connections';

/** Input of `projectSubsidy`: the subsidy as its workflow holds it, and the emails not yet queued. */
export interface ProjectSubsidyInput {
  subsidy: Subsidy;
  /** Absent in histories from before the outbox patch (they send through `sendEmail`). */
  emails?: EmailIntent[];
}

/** Upserts the subsidy row unless a newer copy is already there, and queues the emails (under the subsidy's case). */
export async function projectSubsidyInto(pool: Pool, { subsidy: s, emails = [] }: ProjectSubsidyInput, publicUrl: string): Promise<void> {
  if (emails.length === 0) return upsertSubsidy(pool, s);
  await inTransaction(pool, async (client) => {
    await upsertSubsidy(client, s);
    await enqueueEmails(client, s.caseId, emails, publicUrl);
  });
}

async function upsertSubsidy(db: Pick<Pool | PoolClient, 'query'>, s: Subsidy): Promise<void> {
  await db.query(
    `INSERT INTO subsidies (subsidy_id, case_id, insurer_id, status, kind, amount_dkk, approved_amount_dkk, requested_at,
       asked_at, answered_at, insurer_reminded_at, escalated_at, paid_on, seq, data, orphaned_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
     ON CONFLICT (subsidy_id) DO UPDATE SET
       status = EXCLUDED.status, approved_amount_dkk = EXCLUDED.approved_amount_dkk, asked_at = EXCLUDED.asked_at,
       answered_at = EXCLUDED.answered_at, insurer_reminded_at = EXCLUDED.insurer_reminded_at,
       escalated_at = EXCLUDED.escalated_at, paid_on = EXCLUDED.paid_on, seq = EXCLUDED.seq, data = EXCLUDED.data,
       orphaned_at = EXCLUDED.orphaned_at
     WHERE subsidies.seq < EXCLUDED.seq`,
    [
      s.subsidyId,
      s.caseId,
      s.insurer.id,
      s.status,
      s.kind,
      s.amountDkk,
      s.approvedAmountDkk,
      s.requestedAt,
      s.askedAt,
      s.answeredAt,
      s.insurerRemindedAt,
      s.escalatedAt,
      s.paidOn,
      s.seq,
      JSON.stringify(s),
      // When the subsidy found its case workflow gone: the stuck list's `subsidy-orphaned` (007_subsidy_orphans.sql).
      s.orphaned?.at ?? null,
    ],
  );
}
