// Projects a subsidy negotiation into the `subsidies` table. Idempotent: the row only moves
// forward (seq guard), so retries and replays of an older copy change nothing.
import type { Pool } from 'pg';
import type { Subsidy } from '../domain/subsidies/subsidies';

/** Input of `projectSubsidy`: the subsidy as its workflow holds it. */
export interface ProjectSubsidyInput {
  subsidy: Subsidy;
}

/** Upserts the subsidy row unless a newer copy is already there. */
export async function projectSubsidyInto(pool: Pool, { subsidy: s }: ProjectSubsidyInput): Promise<void> {
  await pool.query(
    `INSERT INTO subsidies (subsidy_id, case_id, insurer_id, status, kind, amount_dkk, approved_amount_dkk, requested_at,
       asked_at, answered_at, insurer_reminded_at, escalated_at, paid_on, seq, data)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
     ON CONFLICT (subsidy_id) DO UPDATE SET
       status = EXCLUDED.status, approved_amount_dkk = EXCLUDED.approved_amount_dkk, asked_at = EXCLUDED.asked_at,
       answered_at = EXCLUDED.answered_at, insurer_reminded_at = EXCLUDED.insurer_reminded_at,
       escalated_at = EXCLUDED.escalated_at, paid_on = EXCLUDED.paid_on, seq = EXCLUDED.seq, data = EXCLUDED.data
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
    ],
  );
}
