// Read-your-writes across the subsidy and its case: after a subsidy command answers (the subsidy is in
// PostgreSQL and its case has been told), waits until the case's read model holds that change too. It reads
// PostgreSQL instead of making another Temporal round trip to the case (an Update costs the engine and the
// worker a workflow task per command). Bounded: a finished case, an orphaned subsidy, or a case that does not
// take the change in time does not hold the caller up; the subsidy workflow keeps telling the case.
import type { Pool } from 'pg';

/** How long a command waits for its case at most (the case projects in milliseconds when all is well). */
export const CASE_CATCH_UP_TIMEOUT_MS = 3_000;

/** How the wait ended. */
export type CatchUp = 'caught-up' | 'case-finished' | 'orphaned' | 'no-subsidy' | 'timed-out';

// The case's copy of the subsidy at the subsidy's projected seq or later; whether the case can still change.
const CATCH_UP_SQL = `
  SELECT c.status IN ('closed', 'rejected') AS finished,
         coalesce(s.data->'orphaned', 'null'::jsonb) <> 'null'::jsonb AS orphaned,
         jsonb_path_exists(c.snapshot, '$.subsidies[*] ? (@.subsidyId == $id && @.seq >= $seq)',
           jsonb_build_object('id', s.subsidy_id, 'seq', (s.data->>'seq')::int)) AS caught_up
  FROM subsidies s JOIN cases c ON c.case_id = s.case_id
  WHERE s.subsidy_id = $1`;

/** Waits until the case of `subsidyId` has projected the subsidy as the subsidy last projected itself. */
export async function untilCaseHasSubsidy(
  pool: Pool,
  subsidyId: string,
  opts: { timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<CatchUp> {
  const deadline = Date.now() + (opts.timeoutMs ?? CASE_CATCH_UP_TIMEOUT_MS);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Short first waits: the case usually projects within one workflow task of the subsidy's answer.
  for (let wait = 5; ; wait = Math.min(wait * 2, 50)) {
    const { rows } = await pool.query<{ finished: boolean; orphaned: boolean; caught_up: boolean }>(CATCH_UP_SQL, [subsidyId]);
    const row = rows[0];
    if (!row) return 'no-subsidy';
    if (row.caught_up) return 'caught-up';
    if (row.finished) return 'case-finished';
    if (row.orphaned) return 'orphaned';
    if (Date.now() + wait > deadline) return 'timed-out';
    await sleep(wait);
  }
}
