// Projects a case's changes into the Postgres read model, and queues their emails into the outbox in the
// same transaction. Idempotent: events are unique by (case_id, seq), the case row only moves forward and
// outbox keys are unique, so retries and replays change nothing twice.
import type { Pool } from 'pg';
import type { CaseEvent, CaseState } from '../domain/case/caseState.schema';
import { computeSickPayClock } from '../domain/sick-pay/sickPay';
import { employerConsent } from '../domain/case/consent';
import { localDateInCopenhagen } from '../domain/calendar/copenhagenTime';
import { policyFor } from '../domain/kernel/policy';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { enqueueEmails } from './email';
import { inTransaction } from '../infra/connections';
import { caseKindOf } from '../domain/case/caseKind';

/** Input of `projectCase`: the state after the events, the events not yet projected and the emails not yet queued. */
export interface ProjectCaseInput {
  snapshot: CaseState;
  events: CaseEvent[];
  /** Absent in histories from before the outbox patch (they send through `sendEmail`). */
  emails?: EmailIntent[];
}

// One statement writes the events, the case row and its tasks: a single statement is atomic on its own, and one
// round trip instead of five (BEGIN, three writes, COMMIT) keeps the local projection's workflow task short.
const PROJECT_CASE_SQL = `
  WITH events AS (
    INSERT INTO case_events (case_id, seq, at, type, actor, track, summary)
    SELECT $1, e.seq, e.at, e.type, e.actor, e.track, e.summary
    FROM jsonb_to_recordset($20::jsonb) AS e(seq int, at timestamptz, type text, actor text, track text, summary text)
    ON CONFLICT (case_id, seq) DO NOTHING
  ), case_row AS (
    INSERT INTO cases (case_id, injury_case_ref, status, municipality_code, insurer_id, employer_cvr, union_id,
      union_poa, consent, first_sick_day, limit_date, seq, snapshot, created_at, updated_at, last_activity_at, employer_consent, kind, referral_source)
    VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
    ON CONFLICT (case_id) DO UPDATE SET
      status = EXCLUDED.status, municipality_code = EXCLUDED.municipality_code, insurer_id = EXCLUDED.insurer_id,
      employer_cvr = EXCLUDED.employer_cvr, union_id = EXCLUDED.union_id, union_poa = EXCLUDED.union_poa,
      consent = EXCLUDED.consent, employer_consent = EXCLUDED.employer_consent, first_sick_day = EXCLUDED.first_sick_day, limit_date = EXCLUDED.limit_date,
      seq = EXCLUDED.seq, snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at,
      last_activity_at = EXCLUDED.last_activity_at
    WHERE cases.seq < EXCLUDED.seq
  ), task_rows AS (
    INSERT INTO tasks (task_id, case_id, kind, title, owner_role, owner_name, owner_email, due_on, status, track,
      reminded_on, escalated_on, ref, seq, data)
    SELECT t."taskId", t."caseId", t.kind, t.title, t.owner->>'role', t.owner->>'name', t.owner->>'email',
      t."dueOn"::date, t.status, t.track, t."remindedOn"::date, t."escalatedOn"::date, t.ref, $12, to_jsonb(t)
    FROM jsonb_to_recordset($21::jsonb) AS t("taskId" text, "caseId" text, kind text, title text, owner jsonb,
      "dueOn" text, status text, track text, "remindedOn" text, "escalatedOn" text, ref text, "createdAt" text,
      "closedAt" text, note text)
    ON CONFLICT (task_id) DO UPDATE SET
      title = EXCLUDED.title, owner_role = EXCLUDED.owner_role, owner_name = EXCLUDED.owner_name,
      owner_email = EXCLUDED.owner_email, due_on = EXCLUDED.due_on, status = EXCLUDED.status,
      reminded_on = EXCLUDED.reminded_on, escalated_on = EXCLUDED.escalated_on, seq = EXCLUDED.seq, data = EXCLUDED.data
    WHERE tasks.seq < EXCLUDED.seq
  )
  SELECT 1`;

/** Writes events, the case row, its tasks and its emails (rendered with links to `publicUrl`) in one transaction. */
export async function projectCaseInto(pool: Pool, { snapshot: s, events, emails = [] }: ProjectCaseInput, publicUrl: string): Promise<void> {
  const today = localDateInCopenhagen(Date.now());
  const clock = computeSickPayClock(s.sickLeave, today, policyFor(today));
  const params = [
    s.caseId,
    s.injuryCaseRef,
    s.status,
    s.municipalityCode,
    s.insurer?.id ?? null,
    s.employer?.cvr ?? null,
    s.union?.id ?? null,
    s.union?.powerOfAttorney ?? 'none',
    s.consentToShareWithMunicipality,
    s.sickLeave.firstSickDay,
    clock.limitDate,
    s.seq,
    JSON.stringify(s),
    s.createdAt,
    s.updatedAt,
    s.lastActivityAt,
    employerConsent(s),
    caseKindOf(s),
    s.referral.source,
    JSON.stringify(events),
    JSON.stringify(s.tasks),
  ];
  if (emails.length === 0) {
    await pool.query(PROJECT_CASE_SQL, params);
    return;
  }
  await inTransaction(pool, async (client) => {
    await client.query(PROJECT_CASE_SQL, params);
    await enqueueEmails(client, s.caseId, emails, publicUrl);
  });
}
