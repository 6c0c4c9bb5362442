// Supervision routes under /api/supervisor: stuck cases with reasons and age (also as CSV), sick-pay
// deadlines in a window, and overdue tasks per owner; read-model queries plus the cached Temporal check.
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth';
import { todayOf, type AppDeps } from '../deps';
import { parseInput } from '../problems';
import type { ApiOperation } from '../openapi';
import { addDays, addMonths, compareDates, daysBetween } from '../../domain/calendar/localDate';
import { policyFor } from '../../domain/kernel/policy';
import { STUCK_LABELS, stuckCodeSchema } from '../../domain/supervision/stuckRules';
import { findDeadlines, findStuckCases, overdueTasksByOwner, type StuckCase } from '../../db/supervisionQueries';
import { WorkflowHealthCache, checkCaseWorkflows } from '../../infra/workflowHealth';
import { retentionReport } from '../../domain/supervision/retentionReport';
import { retentionReportCases } from '../../db/retentionReportQuery';
import { localDateSchema } from '../../domain/calendar/localDate.schema';

const municipality = z.string().regex(/^\d{3}$/, 'must be a 3-digit municipality code').optional();

const stuckQuerySchema = z.object({
  municipality,
  code: stuckCodeSchema.optional(),
  // `refresh=true` waits for a new Temporal check instead of the cached one (at most a minute old).
  refresh: z.enum(['true', 'false']).optional(),
});

// A page of the list (the workbench draws 100 rows at a time); without `limit`, every stuck case.
const stuckPageSchema = stuckQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});

const deadlinesQuerySchema = z.object({
  withinDays: z.coerce.number().int().min(0).max(366).default(56),
  municipality,
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

const overdueQuerySchema = z.object({ municipality });

const retentionReportQuerySchema = z
  .object({ municipality, from: localDateSchema.optional(), to: localDateSchema.optional() })
  .refine((q) => !q.from || !q.to || compareDates(q.from, q.to) <= 0, { path: ['to'], message: 'must not be before from' })
  .refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) <= 3 * 366, { path: ['to'], message: 'at most three years from from' });

export const supervisionOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/supervisor/retention-report',
    summary: "The job centre's retention cases per municipality and month of opening",
    description:
      'Per municipality and month (Copenhagen) of the cases opened from `from` to `to` (both included; default the 12 months up to today): cases opened by referral; back at work by week 13 (of the cases whose week 13 of absence has ended, those with a return to work dated within it); the median days from a fast-track request to the first conversation; and the fast-track cases past the first-conversation deadline (2 weeks after the request, or the end of week 8 when the employee declined; not yet held and past it counts).',
    tags: ['Supervision'],
    roles: ['supervisor'],
    query: retentionReportQuerySchema,
    responses: { 200: '`{ today, from, to, municipality, rows: [{ municipalityCode, month, opened, openedByReferral, backAtWorkByWeek13: { judged, back, sharePct }, firstConversation: { held, medianDays }, pastDeadline }] }`' },
  },
  {
    method: 'get',
    path: '/api/supervisor/stuck',
    summary: 'Stuck cases with reasons and age, oldest first',
    description:
      'Codes: no-activity, task-overdue, insurer-silent, minutes-overdue, revision-overdue, limit-approaching-without-plan, workflow-failing, email-bounced (also on a closed case, for a while). ' +
      '`refresh=true` waits for a fresh Temporal check (otherwise at most a minute old). `limit` (1–1000) and `offset` give one page of the list; `total` counts them all. No health details.',
    tags: ['Supervision'],
    roles: ['supervisor'],
    query: stuckPageSchema,
    responses: { 200: '`{ today, workflowsCheckedAt, temporal, total, labels: {code: Danish label}, items: [{ caseId, injuryCaseRef, status, municipalityCode, limitDate, ageDays, reasons: [{ code, since, detail }] }] }`' },
  },
  {
    method: 'get',
    path: '/api/supervisor/stuck.csv',
    summary: 'The stuck list as CSV (semicolon-separated, UTF-8 with BOM), one line per reason',
    tags: ['Supervision'],
    roles: ['supervisor'],
    query: stuckQuerySchema,
    responses: { 200: '`text/csv`' },
  },
  {
    method: 'get',
    path: '/api/supervisor/deadlines',
    summary: 'Cases whose sick-pay limit falls within the window, soonest first',
    tags: ['Supervision'],
    roles: ['supervisor'],
    query: deadlinesQuerySchema,
    responses: { 200: '`{ from, to, withinDays, total, items: [{ caseId, injuryCaseRef, status, municipalityCode, limitDate, daysLeft, caseworkerName, openTasks, nextTaskDueOn }] }`' },
  },
  {
    method: 'get',
    path: '/api/supervisor/overdue-tasks',
    summary: 'Overdue open tasks per owner',
    tags: ['Supervision'],
    roles: ['supervisor'],
    query: overdueQuerySchema,
    responses: { 200: '`{ today, owners: [{ owner: { email, name }, overdue, escalated, oldestDueOn }] }`' },
  },
];

// Semicolon-separated with a BOM: what Danish Excel opens without an import dialog.
const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The stuck list as CSV: one line per reason, Danish headers. */
export function stuckCsv(items: StuckCase[]): string {
  const header = ['Sag', 'Sagsnummer', 'Kommune', 'Status', 'Årsag', 'Kode', 'Siden', 'Alder (dage)', 'Detaljer'];
  const lines = [header.join(';')];
  for (const c of items) {
    for (const r of c.reasons) {
      lines.push(
        [c.caseId, c.injuryCaseRef, c.municipalityCode, c.status, STUCK_LABELS[r.code], r.code, r.since, c.ageDays, r.detail]
          .map(csvCell)
          .join(';'),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Routes under /api/supervisor (supervisors only; everyone else gets 403). */
export function supervisionRoutes(deps: AppDeps): Router {
  const r = Router();
  const health = new WorkflowHealthCache(() => {
    const day = todayOf(deps);
    return checkCaseWorkflows(deps.client, deps.pool, policyFor(day));
  });

  r.use(requireRole('supervisor'));

  const stuck = async (query: unknown) => {
    const q = parseInput(stuckQuerySchema, query, 'query');
    let temporal: 'ok' | 'unavailable' = 'ok';
    if (q.refresh === 'true') {
      await health.fresh().catch(() => {
        temporal = 'unavailable';
      });
    } else {
      await health.current();
      if (!health.checkedAt) temporal = 'unavailable';
    }
    const day = todayOf(deps);
    const items = await findStuckCases(deps.pool, day, policyFor(day), { municipality: q.municipality, code: q.code });
    return { today: day, workflowsCheckedAt: health.checkedAt, temporal, items };
  };

  r.get('/retention-report', async (req, res) => {
    const q = parseInput(retentionReportQuerySchema, req.query, 'query');
    const day = todayOf(deps);
    const to = q.to ?? day;
    const from = q.from ?? addMonths(to, -12);
    const cases = await retentionReportCases(deps.pool, { from, to, municipality: q.municipality });
    res.json({ today: day, from, to, municipality: q.municipality ?? null, rows: retentionReport(cases, day) });
  });

  r.get('/stuck', async (req, res) => {
    const { limit, offset } = parseInput(stuckPageSchema, req.query, 'query');
    const result = await stuck(req.query);
    const items = limit === undefined ? result.items.slice(offset) : result.items.slice(offset, offset + limit);
    // The Danish labels travel with the list, so the dashboard keeps no copy of them.
    res.json({ ...result, items, total: result.items.length, labels: STUCK_LABELS });
  });

  r.get('/stuck.csv', async (req, res) => {
    const { items, today: day } = await stuck(req.query);
    // A CSV answer is not JSON: name its cases for the audit row (api/audit.ts) here.
    res.locals.auditCaseIds = items.slice(0, 500).map((i) => i.caseId);
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="fastlaaste-sager-${day}.csv"`)
      .send(stuckCsv(items));
  });

  r.get('/deadlines', async (req, res) => {
    const q = parseInput(deadlinesQuerySchema, req.query, 'query');
    const day = todayOf(deps);
    const to = addDays(day, q.withinDays);
    const { total, items } = await findDeadlines(deps.pool, day, to, { municipality: q.municipality, limit: q.limit });
    res.json({ from: day, to, withinDays: q.withinDays, total, items });
  });

  r.get('/overdue-tasks', async (req, res) => {
    const q = parseInput(overdueQuerySchema, req.query, 'query');
    res.json({ today: todayOf(deps), owners: await overdueTasksByOwner(deps.pool, todayOf(deps), q.municipality) });
  });

  return r;
}
