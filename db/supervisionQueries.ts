// Read-model queries for supervision and the dashboard: indexed SQL pre-selects candidate cases,
// the pure rules in domain/supervision/stuckRules.ts decide. Shared by the API routes and the digest activity.
import type { Pool } from 'pg';
import type { LocalDate } from '../domain/calendar/localDate';
import type { Policy } from '../domain/kernel/policy';
import {
  planDatesOf,
  stuckAgeDays,
  stuckBounds,
  stuckReasons,
  dayOfInstant,
  type StuckReason,
  type StuckFacts,
} from '../domain/supervision/stuckRules';

/** One stuck case as the API lists it; no health details. */
export interface StuckCase {
  caseId: string;
  injuryCaseRef: string;
  status: string;
  municipalityCode: string;
  limitDate: LocalDate | null;
  /** Days since the oldest reason began. */
  ageDays: number;
  reasons: StuckReason[];
}

interface CandidateRow {
  case_id: string;
  injury_case_ref: string;
  status: string;
  municipality_code: string;
  limit_date: string | null;
  last_activity_at: Date;
  plan: { roundtables?: unknown; decisions?: unknown; retentionPlan?: unknown; retentionPlans?: unknown } | null;
  tasks: Array<{ taskId: string; kind: string; dueOn: string; ownerName: string }> | null;
  subsidies: Array<{ subsidyId: string; askedAt: string }> | null;
  wp_since: Date | null;
  wp_detail: string | null;
  bounces: Array<{ key: string; toName: string; bouncedAt: string; taskStatus: string | null }> | null;
  orphans: Array<{ subsidyId: string; status: string; orphanedAt: string }> | null;
}

// The subsidies table arrives with another feature's migration; until then insurer-silent has no source.
let subsidiesReady = false;
async function hasSubsidies(pool: Pool): Promise<boolean> {
  if (subsidiesReady) return true;
  // orphaned_at (007_subsidy_orphans.sql) too: the query reads both, and an API may start before migrating.
  const { rows } = await pool.query<{ ok: boolean }>(
    `SELECT count(*) = 2 AS ok FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'subsidies' AND column_name IN ('asked_at', 'orphaned_at')`,
  );
  subsidiesReady = rows[0].ok;
  return subsidiesReady;
}

/** The SQL that selects stuck candidates; exported so the benchmark can EXPLAIN exactly what the API runs. */
export async function stuckCandidatesSql(pool: Pool, withMunicipality: boolean): Promise<string> {
  const subsidies = await hasSubsidies(pool);
  // Each branch of `cand` is one index range scan (005_supervision.sql; subsidies_waiting_for_insurer from 003).
  return `
    WITH cand AS (
      SELECT case_id FROM cases WHERE status IN ('screening','active') AND last_activity_at < $2::timestamptz
      UNION
      SELECT case_id FROM tasks WHERE status = 'open' AND due_on < $1::date
      UNION
      -- Cases that plainly have a plan since the window opened are left out here already (most of them):
      -- the dates are written with the Copenhagen offset, so their first 10 characters are the local day
      -- (or earlier, for a UTC instant), which never drops a case the rule would report.
      SELECT case_id FROM cases lc WHERE status IN ('screening','active') AND limit_date BETWEEN $1::date AND $4::date
        AND NOT EXISTS (
          SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(lc.snapshot->'roundtables') = 'array' THEN lc.snapshot->'roundtables' ELSE '[]' END) r
          WHERE r->>'status' IS DISTINCT FROM 'cancelled'
            AND greatest(left(r->>'scheduledAt', 10), left(r->>'heldOn', 10), left(r->>'createdAt', 10)) >= to_char(lc.limit_date - $5::int, 'YYYY-MM-DD'))
        AND NOT EXISTS (
          SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(lc.snapshot->'decisions') = 'array' THEN lc.snapshot->'decisions' ELSE '[]' END) d
          WHERE greatest(left(d->>'decidedOn', 10), left(d->>'createdAt', 10)) >= to_char(lc.limit_date - $5::int, 'YYYY-MM-DD'))
      UNION
      SELECT case_id FROM workflow_problems
      UNION
      -- email-bounced: undeliverable emails whose fix-the-address task is not closed (email_outbox_bounced_case).
      SELECT e.case_id FROM email_outbox e WHERE e.bounced_at IS NOT NULL AND e.case_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = e.case_id AND t.ref = e.key AND t.status <> 'open')
      ${subsidies ? `UNION SELECT case_id FROM subsidies WHERE status = 'requested' AND asked_at < $3::timestamptz` : ''}
      -- subsidy-orphaned: unfinished subsidies whose case workflow is gone (subsidies_orphaned_open, 007).
      ${subsidies ? `UNION SELECT case_id FROM subsidies WHERE orphaned_at IS NOT NULL AND status IN ('requested','info-requested','approved')` : ''}
    )
    SELECT c.case_id, c.injury_case_ref, c.status, c.municipality_code, to_char(c.limit_date, 'YYYY-MM-DD') AS limit_date,
           c.last_activity_at,
           CASE WHEN c.limit_date BETWEEN $1::date AND $4::date AND c.status IN ('screening','active') THEN
             jsonb_build_object('roundtables', c.snapshot->'roundtables', 'decisions', c.snapshot->'decisions',
                                'retentionPlan', c.snapshot->'retentionPlan', 'retentionPlans', c.snapshot->'retentionPlans')
           END AS plan,
           (SELECT jsonb_agg(jsonb_build_object('taskId', t.task_id, 'kind', t.kind, 'dueOn', to_char(t.due_on, 'YYYY-MM-DD'), 'ownerName', t.owner_name))
              FROM tasks t WHERE t.case_id = c.case_id AND t.status = 'open' AND t.due_on < $1::date) AS tasks,
           ${
             subsidies
               ? `(SELECT jsonb_agg(jsonb_build_object('subsidyId', s.subsidy_id, 'askedAt', s.asked_at))
              FROM subsidies s WHERE s.case_id = c.case_id AND s.status = 'requested' AND s.asked_at < $3::timestamptz)`
               : 'NULL::jsonb'
           } AS subsidies,
           wp.since AS wp_since, wp.detail AS wp_detail, eb.bounces, so.orphans
    -- One primary-key lookup per candidate (OFFSET 0 keeps the planner from hashing all of cases instead).
    FROM cand
    JOIN LATERAL (SELECT * FROM cases c0 WHERE c0.case_id = cand.case_id OFFSET 0) c ON true
    LEFT JOIN workflow_problems wp ON wp.case_id = c.case_id
    LEFT JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('key', e.key, 'toName', e.to_name, 'bouncedAt', e.bounced_at, 'taskStatus', t.status)) AS bounces
      FROM email_outbox e LEFT JOIN tasks t ON t.case_id = e.case_id AND t.ref = e.key
      WHERE e.case_id = c.case_id AND e.bounced_at IS NOT NULL
    ) eb ON true
    LEFT JOIN LATERAL (
      ${
        subsidies
          ? `SELECT jsonb_agg(jsonb_build_object('subsidyId', s.subsidy_id, 'status', s.status, 'orphanedAt', s.orphaned_at)) AS orphans
      FROM subsidies s WHERE s.case_id = c.case_id AND s.orphaned_at IS NOT NULL AND s.status IN ('requested','info-requested','approved')`
          : 'SELECT NULL::jsonb AS orphans'
      }
    ) so ON true
    -- A finished case is listed only for an undeliverable email (the rules bound how long) or an unfinished subsidy.
    WHERE (c.status IN ('screening','active','aftercare') OR eb.bounces IS NOT NULL OR so.orphans IS NOT NULL)${withMunicipality ? ' AND c.municipality_code = $6' : ''}`;
}

/** Filters of the stuck list. */
export interface StuckFilter {
  municipality?: string;
  code?: string;
}

/** Every stuck case today, oldest first. */
export async function findStuckCases(pool: Pool, today: LocalDate, policy: Policy, filter: StuckFilter = {}): Promise<StuckCase[]> {
  const b = stuckBounds(today, policy);
  const params: unknown[] = [today, b.activityBefore, b.askedBefore, b.limitWindowEnd, policy.supervision.limitApproachingWindowWeeks * 7];
  if (filter.municipality) params.push(filter.municipality);
  const { rows } = await pool.query<CandidateRow>(await stuckCandidatesSql(pool, Boolean(filter.municipality)), params);
  const out: StuckCase[] = [];
  for (const r of rows) {
    const facts: StuckFacts = {
      caseId: r.case_id,
      status: r.status,
      lastActivityAt: r.last_activity_at.toISOString(),
      limitDate: r.limit_date,
      openTasks: r.tasks ?? [],
      openSubsidyRequests: (r.subsidies ?? []).flatMap((s) => {
        const askedOn = dayOfInstant(s.askedAt);
        return askedOn ? [{ subsidyId: s.subsidyId, askedOn }] : [];
      }),
      planDates: r.plan ? planDatesOf(r.plan) : [],
      workflowProblem: r.wp_since && r.wp_detail ? { since: dayOfInstant(r.wp_since.toISOString())!, detail: r.wp_detail } : null,
      bouncedEmails: (r.bounces ?? []).flatMap((b) => {
        const bouncedOn = dayOfInstant(b.bouncedAt);
        return bouncedOn ? [{ key: b.key, toName: b.toName, bouncedOn, taskStatus: b.taskStatus }] : [];
      }),
      orphanedSubsidies: (r.orphans ?? []).flatMap((o) => {
        const orphanedOn = dayOfInstant(o.orphanedAt);
        return orphanedOn ? [{ subsidyId: o.subsidyId, status: o.status, orphanedOn }] : [];
      }),
    };
    let reasons = stuckReasons(facts, today, policy);
    if (filter.code) reasons = reasons.some((x) => x.code === filter.code) ? reasons : [];
    if (reasons.length === 0) continue;
    out.push({
      caseId: r.case_id,
      injuryCaseRef: r.injury_case_ref,
      status: r.status,
      municipalityCode: r.municipality_code,
      limitDate: r.limit_date,
      ageDays: stuckAgeDays(reasons, today),
      reasons,
    });
  }
  return out.sort((a, b) => b.ageDays - a.ageDays || a.caseId.localeCompare(b.caseId));
}

/** A case whose sick-pay limit falls within the window. */
export interface DeadlineCase {
  caseId: string;
  injuryCaseRef: string;
  status: string;
  municipalityCode: string;
  limitDate: LocalDate;
  daysLeft: number;
  caseworkerName: string | null;
  openTasks: number;
  nextTaskDueOn: LocalDate | null;
}

/** SQL of the deadlines list (served by cases_limit_open). */
export const DEADLINES_SQL = `
  SELECT c.case_id, c.injury_case_ref, c.status, c.municipality_code, to_char(c.limit_date, 'YYYY-MM-DD') AS limit_date,
         (c.limit_date - $1::date) AS days_left, c.snapshot->'caseworker'->>'name' AS caseworker_name,
         (SELECT count(*)::int FROM tasks t WHERE t.case_id = c.case_id AND t.status = 'open') AS open_tasks,
         (SELECT to_char(min(t.due_on), 'YYYY-MM-DD') FROM tasks t WHERE t.case_id = c.case_id AND t.status = 'open') AS next_task_due_on
  FROM cases c
  WHERE c.status IN ('screening','active') AND c.limit_date BETWEEN $1::date AND $2::date
    AND ($3::text IS NULL OR c.municipality_code = $3)
  ORDER BY c.limit_date, c.case_id
  LIMIT $4`;

/** How many cases the deadlines list has in all (same index, no rows fetched beyond the bitmap). */
export const DEADLINES_COUNT_SQL = `
  SELECT count(*)::int AS total FROM cases c
  WHERE c.status IN ('screening','active') AND c.limit_date BETWEEN $1::date AND $2::date
    AND ($3::text IS NULL OR c.municipality_code = $3)`;

/** Cases whose sick-pay limit is within `withinDays` of today, soonest first, plus how many there are. */
export async function findDeadlines(
  pool: Pool,
  today: LocalDate,
  end: LocalDate,
  opts: { municipality?: string; limit: number },
): Promise<{ total: number; items: DeadlineCase[] }> {
  const [{ rows }, count] = await Promise.all([
    pool.query(DEADLINES_SQL, [today, end, opts.municipality ?? null, opts.limit]),
    pool.query<{ total: number }>(DEADLINES_COUNT_SQL, [today, end, opts.municipality ?? null]),
  ]);
  return {
    total: count.rows[0].total,
    items: rows.map((r) => ({
      caseId: r.case_id,
      injuryCaseRef: r.injury_case_ref,
      status: r.status,
      municipalityCode: r.municipality_code,
      limitDate: r.limit_date,
      daysLeft: r.days_left,
      caseworkerName: r.caseworker_name,
      openTasks: r.open_tasks,
      nextTaskDueOn: r.next_task_due_on,
    })),
  };
}

/** Overdue open tasks grouped by owner (served by tasks_open_due). */
export const OVERDUE_BY_OWNER_SQL = `
  SELECT t.owner_email, min(t.owner_name) AS owner_name, count(*)::int AS overdue,
         to_char(min(t.due_on), 'YYYY-MM-DD') AS oldest_due_on, count(*) FILTER (WHERE t.escalated_on IS NOT NULL)::int AS escalated
  FROM tasks t JOIN cases c ON c.case_id = t.case_id
  WHERE t.status = 'open' AND t.due_on < $1::date AND ($2::text IS NULL OR c.municipality_code = $2)
  GROUP BY t.owner_email
  ORDER BY count(*) DESC, t.owner_email`;

/** Per owner: how many tasks are overdue, the oldest due date and how many were escalated. */
export async function overdueTasksByOwner(pool: Pool, today: LocalDate, municipality?: string) {
  const { rows } = await pool.query(OVERDUE_BY_OWNER_SQL, [today, municipality ?? null]);
  return rows.map((r) => ({
    owner: { email: r.owner_email as string, name: r.owner_name as string },
    overdue: r.overdue as number,
    escalated: r.escalated as number,
    oldestDueOn: r.oldest_due_on as LocalDate,
  }));
}
