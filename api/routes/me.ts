// The caller's own work for the dashboard: who am I, and my open cases with their next deadline (my
// tasks come from GET /api/tasks?owner=me).
import { Router } from 'express';
import { actorOf } from '../auth';
import { todayOf, type AppDeps } from '../deps';
import { myOpenCases, withoutLimitDate } from '../caseListRepository';
import { EVERYONE, type ApiOperation } from '../openapi';

export const meOperations: ApiOperation[] = [
  { method: 'get', path: '/api/me', summary: 'The calling actor', tags: ['Dashboard'], roles: [...EVERYONE, 'citizen'], responses: { 200: '`{ actorId, role, organisation, name, email }`' } },
  {
    method: 'get',
    path: '/api/me/cases',
    summary: 'Open cases naming the caller (caseworker, consultant or task owner) with their next deadline',
    description: 'No health details; `limitDate` is absent for employers.',
    tags: ['Dashboard'],
    roles: [...EVERYONE, 'citizen'],
    responses: { 200: '`{ today, items: [{ caseId, injuryCaseRef, status, municipalityCode, limitDate, openTasks, nextTaskDueOn, nextDeadline }] }`' },
  },
];

/** Routes under /api/me. */
export function meRoutes(deps: AppDeps): Router {
  const r = Router();

  r.get('/', (_req, res) => {
    const a = actorOf(res);
    res.json({ actorId: a.actorId, role: a.role, organisation: a.organisation, name: a.name, email: a.email });
  });

  r.get('/cases', async (_req, res) => {
    const actor = actorOf(res);
    const legal = actor.role !== 'employer';
    const rows = await myOpenCases(deps.pool, actor, legal);
    const items = rows.map(({ nextDueOn, ...c }) => {
      // The sick-pay limit is a deadline only while the clock runs.
      const limitDate = legal && (c.status === 'screening' || c.status === 'active') ? c.limitDate : null;
      const candidates = [nextDueOn, limitDate].filter((d): d is string => d !== null).sort();
      return { ...(legal ? c : withoutLimitDate(c)), nextTaskDueOn: nextDueOn, nextDeadline: candidates[0] ?? null };
    });
    items.sort((a, b) => (a.nextDeadline ?? '9999').localeCompare(b.nextDeadline ?? '9999') || a.caseId.localeCompare(b.caseId));
    res.json({ today: todayOf(deps), items });
  });

  return r;
}
