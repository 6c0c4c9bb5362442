// `GET /api/cases/{caseId}/audit`: the audit trail of one case, for supervisors (403 for others
// who may know the case, 404 for those who may not).
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth';
import type { AppDeps } from '../deps';
import { parseInput } from '../problems';
import { loadCaseFor } from '../caseRepository';
import { auditTrail } from '../audit';
import type { ApiOperation } from '../openapi';

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().regex(/^\d{1,18}$/, 'must be a cursor this API gave out').optional(),
});

export const auditOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/cases/{caseId}/audit',
    summary: 'Audit trail of a case',
    description: 'Every read and write of the case, oldest first, including refused attempts. The request being answered is appended after it.',
    tags: ['Audit'],
    roles: ['supervisor'],
    query: auditQuerySchema,
    responses: { 200: '`{ items: [{ id, at, requestId, actorId, role, organisation, action, method, path, outcome, status }], nextCursor }`' },
  },
];

/** Routes under /api/cases (only `/:caseId/audit`). */
export function auditRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/:caseId/audit', async (req, res) => {
    const { state } = await loadCaseFor(deps.pool, actorOf(res), req.params.caseId, 'read-audit', 'Only supervisors read the audit log.');
    const q = parseInput(auditQuerySchema, req.query, 'query');
    // One more than the page, to know whether another page follows.
    const rows = await auditTrail(deps.pool, state.caseId, q.cursor ?? '0', q.limit + 1);
    const page = rows.slice(0, q.limit);
    res.json({ items: page, nextCursor: rows.length > q.limit ? page[page.length - 1].id : null });
  });
  return r;
}
