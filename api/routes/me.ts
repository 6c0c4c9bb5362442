// The caller's own work for the dashboard: who am I and my cases with their next deadline (my tasks
// come from GET /api/tasks?owner=me). Lists hold no health details; every row passes the same access rule as /api/cases.
import { Router } from 'express';
import { actorOf } from '../auth';
import type { AppDeps } from '../deps';
import { visibleCasesSql } from '../../domain/case/access';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { registerOperations } from '../openapi';

const EVERYONE = ['consultant', 'caseworker', 'supervisor', 'insurer', 'union', 'employer'] as const;

registerOperations([
  { method: 'get', path: '/api/me', summary: 'The calling actor', tags: ['Dashboard'], roles: [...EVERYONE], responses: { 200: '`{ actorId, role, organisation, name, email }`' } },
  {
    method: 'get',
    path: '/api/me/cases',
    summary: 'Open cases naming the caller (caseworker, consultant or task owner) with their next deadline',
    description: 'No health details; `limitDate` is absent for employers.',
    tags: ['Dashboard'],
    roles: [...EVERYONE],
    responses: { 200: '`{ today, items: [{ caseId, injuryCaseRef, status, municipalityCode, limitDate, openTasks, nextTaskDueOn, nextDeadline }] }`' },
  },
]);

/** Routes under /api/me. */
export function meRoutes(deps: AppDeps): Router {
  const r = Router();
  const today = () => localDateInCopenhagen((deps.now ?? Date.now)());

  r.get('/', (_req, res) => {
    const a = actorOf(res);
    res.json({ actorId: a.actorId, role: a.role, organisation: a.organisation, name: a.name, email: a.email });
  });

  // Cases naming me as caseworker or consultant (expression indexes from 005) or holding a task of mine.
  r.get('/cases', async (_req, res) => {
    const actor = actorOf(res);
    const vis = visibleCasesSql(actor, 2);
    const legal = actor.role !== 'employer';
    const { rows } = await deps.pool.query(
      `WITH mine AS (
         SELECT case_id FROM cases WHERE snapshot->'caseworker'->>'email' = $1 AND status IN ('screening','active','aftercare')
         UNION SELECT case_id FROM cases WHERE snapshot->'consultant'->>'email' = $1 AND status IN ('screening','active','aftercare')
         UNION SELECT case_id FROM tasks WHERE owner_email = $1 AND status = 'open'
       )
       SELECT c.case_id, c.injury_case_ref, c.status, c.municipality_code, to_char(c.limit_date, 'YYYY-MM-DD') AS limit_date,
              (SELECT count(*)::int FROM tasks t WHERE t.case_id = c.case_id AND t.status = 'open'
                 ${legal ? '' : "AND t.track <> 'legal'"}) AS open_tasks,
              (SELECT to_char(min(t.due_on), 'YYYY-MM-DD') FROM tasks t WHERE t.case_id = c.case_id AND t.status = 'open'
                 ${legal ? '' : "AND t.track <> 'legal'"}) AS next_task_due_on
       FROM mine JOIN cases c USING (case_id)
       WHERE ${vis.sql}
       ORDER BY c.case_id LIMIT 500`,
      [actor.email, ...vis.params],
    );
    const items = rows.map((c) => {
      const limitDate: string | null = legal && (c.status === 'screening' || c.status === 'active') ? c.limit_date : null;
      const candidates = [c.next_task_due_on as string | null, limitDate].filter((d): d is string => d !== null).sort();
      return {
        caseId: c.case_id,
        injuryCaseRef: c.injury_case_ref,
        status: c.status,
        municipalityCode: c.municipality_code,
        ...(legal ? { limitDate: c.limit_date } : {}),
        openTasks: c.open_tasks,
        nextTaskDueOn: c.next_task_due_on,
        nextDeadline: candidates[0] ?? null,
      };
    });
    items.sort((a, b) => (a.nextDeadline ?? '9999').localeCompare(b.nextDeadline ?? '9999') || a.caseId.localeCompare(b.caseId));
    res.json({ today: today(), items });
  });

  return r;
}
