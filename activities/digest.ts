// The daily supervisor digest: which cases became stuck since the previous digest, emailed once to
// each supervisor. Idempotent: the day's content is stored once and reused by a retry, and every
// email is queued into the outbox under `digest:<date>:<email>` (the outbox dispatcher sends it).
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { LocalDate } from '../domain/calendar/localDate';
import { policyFor } from '../domain/kernel/policy';
import { findStuckCases, type StuckCase } from '../db/supervisionQueries';
import { checkCaseWorkflows } from '../infra/workflowHealth';
import { enqueueEmails } from './email';

/** What the digest activity needs. */
export interface DigestDeps {
  pool: Pool;
  /** Base of the links in the email. */
  publicUrl: string;
  /** When given, Temporal is asked about failing workflows first; otherwise the last stored check counts. */
  temporalClient?: Client;
}

/** Input: the Copenhagen business day the digest is for. */
export interface DigestInput {
  date: LocalDate;
}

/** What one digest did. */
export interface DigestResult {
  newlyStuck: number;
  supervisors: number;
  /** Emails newly queued into the outbox by this run (0 when a retry finds them queued already). */
  emailsSent: number;
}

/** One newly stuck case in a digest (no health details). */
interface DigestItem {
  caseId: string;
  injuryCaseRef: string;
  municipalityCode: string;
  reasons: Array<{ code: string; since: LocalDate }>;
}

/** Most cases listed in one email; the rest are counted and linked. */
const MAX_ITEMS_IN_EMAIL = 50;

const pairsOf = (cases: StuckCase[]) => cases.flatMap((c) => c.reasons.map((r) => `${c.caseId}:${r.code}`));

/** The day's digest content: computed on the first attempt, read back on every later one. */
async function digestItems(pool: Pool, date: LocalDate): Promise<DigestItem[]> {
  const existing = await pool.query<{ items: DigestItem[] }>('SELECT items FROM supervisor_digests WHERE digest_date = $1', [date]);
  if (existing.rows.length > 0) return existing.rows[0].items;
  const stuck = await findStuckCases(pool, date, policyFor(date));
  const prev = await pool.query<{ stuck: string[] }>(
    'SELECT stuck FROM supervisor_digests WHERE digest_date < $1 ORDER BY digest_date DESC LIMIT 1',
    [date],
  );
  // A (case, reason) pair is new when the previous digest did not list it; the first digest lists all.
  const before = new Set(prev.rows[0]?.stuck ?? []);
  const items: DigestItem[] = stuck
    .map((c) => ({
      caseId: c.caseId,
      injuryCaseRef: c.injuryCaseRef,
      municipalityCode: c.municipalityCode,
      reasons: c.reasons.filter((r) => !before.has(`${c.caseId}:${r.code}`)).map((r) => ({ code: r.code, since: r.since })),
    }))
    .filter((c) => c.reasons.length > 0);
  await pool.query(
    'INSERT INTO supervisor_digests (digest_date, stuck, items) VALUES ($1, $2, $3) ON CONFLICT (digest_date) DO NOTHING',
    [date, JSON.stringify(pairsOf(stuck)), JSON.stringify(items)],
  );
  // Two racing attempts: whichever row won is the day's digest.
  const row = await pool.query<{ items: DigestItem[] }>('SELECT items FROM supervisor_digests WHERE digest_date = $1', [date]);
  return row.rows[0].items;
}

/** Computes (once per day) and emails the digest to every active supervisor (once each per day). */
export async function sendSupervisorDigest(deps: DigestDeps, { date }: DigestInput): Promise<DigestResult> {
  if (deps.temporalClient) {
    await checkCaseWorkflows(deps.temporalClient, deps.pool, policyFor(date)).catch((err) =>
      console.error(JSON.stringify({ level: 'warn', msg: 'digest: workflow check failed, using the last one', error: String(err) })),
    );
  }
  const items = await digestItems(deps.pool, date);
  const { rows: supervisors } = await deps.pool.query<{ name: string; email: string }>(
    `SELECT DISTINCT ON (lower(email)) name, email FROM actors WHERE role = 'supervisor' AND revoked_at IS NULL ORDER BY lower(email), created_at`,
  );
  // Nothing new means no email: a daily "nothing happened" teaches people to ignore the digest.
  if (items.length === 0) return { newlyStuck: 0, supervisors: supervisors.length, emailsSent: 0 };
  let emailsSent = 0;
  for (const sup of supervisors) {
    // No case: a bounced digest gives nobody a task (the outbox row keeps the relay's answer).
    emailsSent += await enqueueEmails(
      deps.pool,
      null,
      [
        {
          key: `digest:${date}:${sup.email.toLowerCase()}`,
          template: 'supervisor-digest',
          to: { name: sup.name, email: sup.email },
          params: { name: sup.name, date, total: items.length, items: items.slice(0, MAX_ITEMS_IN_EMAIL) },
        },
      ],
      deps.publicUrl,
    );
  }
  return { newlyStuck: items.length, supervisors: supervisors.length, emailsSent };
}
