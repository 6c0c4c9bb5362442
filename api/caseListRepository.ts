// Lists of cases from the read model in Postgres: the filtered, paged case list and the caller's own
// open cases. Every row passes the same access rule as one case (`visibleCasesSql`); no health details.
import type { Pool } from 'pg';
import type { Actor } from '../domain/kernel/actor.schema';
import type { CaseStatus } from '../domain/case/caseState.schema';
import { visibleCasesSql } from '../domain/case/access';

/** A case as both lists show it; `limitDate` is the caller's to drop where the legal track is hidden. */
export interface CaseSummary {
  caseId: string;
  /** null for a job centre retention case (no injury case). */
  injuryCaseRef: string | null;
  kind: 'work-injury' | 'retention';
  status: CaseStatus;
  municipalityCode: string;
  limitDate: string | null;
  openTasks: number;
  nextDueOn: string | null;
}

interface SummaryRow {
  case_id: string;
  injury_case_ref: string | null;
  kind: 'work-injury' | 'retention';
  status: CaseStatus;
  municipality_code: string;
  limit_date: string | null;
  open_tasks: number;
  next_due_on: string | null;
}

/** The columns of a `CaseSummary` of `cases c`; `taskFilter` narrows the open tasks counted. */
const summaryColumns = (taskFilter = '') =>
  `c.case_id, c.injury_case_ref, c.kind, c.status, c.municipality_code, to_char(c.limit_date, 'YYYY-MM-DD') AS limit_date,
   (SELECT count(*)::int FROM tasks t WHERE t.case_id = c.case_id AND t.status = 'open' ${taskFilter}) AS open_tasks,
   (SELECT to_char(min(t.due_on), 'YYYY-MM-DD') FROM tasks t WHERE t.case_id = c.case_id AND t.status = 'open' ${taskFilter}) AS next_due_on`;

const summaryOf = (c: SummaryRow): CaseSummary => ({
  caseId: c.case_id,
  injuryCaseRef: c.injury_case_ref,
  kind: c.kind,
  status: c.status,
  municipalityCode: c.municipality_code,
  limitDate: c.limit_date,
  openTasks: c.open_tasks,
  nextDueOn: c.next_due_on,
});

/** A case summary without its sick-pay limit, for callers who do not see the legal track. */
export const withoutLimitDate = <R extends { limitDate: string | null }>({ limitDate: _legalTrack, ...row }: R): Omit<R, 'limitDate'> => row;

/** What the case list is filtered by; `after` continues after the last case of an earlier page. */
export interface CaseListFilter {
  status?: CaseStatus;
  municipality?: string;
  after?: { createdAt: string; caseId: string };
  limit: number;
}

/** Visible cases, newest first, at most `limit`. */
export async function listCases(pool: Pool, actor: Actor, f: CaseListFilter): Promise<Array<CaseSummary & { createdAt: string; updatedAt: string }>> {
  const vis = visibleCasesSql(actor, 1);
  const params: unknown[] = [...vis.params];
  const where = [vis.sql];
  if (f.status) {
    params.push(f.status);
    where.push(`status = $${params.length}`);
  }
  if (f.municipality) {
    params.push(f.municipality);
    where.push(`municipality_code = $${params.length}`);
  }
  if (f.after) {
    params.push(f.after.createdAt, f.after.caseId);
    where.push(`(created_at, case_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(f.limit);
  const { rows } = await pool.query<SummaryRow & { created_at: Date; updated_at: Date }>(
    `SELECT ${summaryColumns()}, c.created_at, c.updated_at
     FROM cases c WHERE ${where.join(' AND ')}
     ORDER BY c.created_at DESC, c.case_id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((c) => ({ ...summaryOf(c), createdAt: c.created_at.toISOString(), updatedAt: c.updated_at.toISOString() }));
}

/** Open cases naming the actor as caseworker or consultant (expression indexes from migration 005), or holding a task of theirs. */
export async function myOpenCases(pool: Pool, actor: Actor, legalTrack: boolean): Promise<CaseSummary[]> {
  const vis = visibleCasesSql(actor, 2);
  const { rows } = await pool.query<SummaryRow>(
    `WITH mine AS (
       SELECT case_id FROM cases WHERE snapshot->'caseworker'->>'email' = $1 AND status IN ('screening','active','aftercare')
       UNION SELECT case_id FROM cases WHERE snapshot->'consultant'->>'email' = $1 AND status IN ('screening','active','aftercare')
       UNION SELECT case_id FROM tasks WHERE owner_email = $1 AND status = 'open'
     )
     SELECT ${summaryColumns(legalTrack ? '' : "AND t.track <> 'legal'")}
     FROM mine JOIN cases c USING (case_id)
     WHERE ${vis.sql}
     ORDER BY c.case_id LIMIT 500`,
    [actor.email, ...vis.params],
  );
  return rows.map(summaryOf);
}
