// `GET /api/cases/{caseId}/audit`: the audit trail of one case, for supervisors (403 for others
// who may know the case, 404 for those who may not).
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth';
import type { AppDeps } from '../deps';
import { forbidden, parseInput } from '../problems';
import { loadCase } from '../caseRepository';
import { registerOperations } from '../openapi';

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().regex(/^\d{1,18}$/, 'must be a cursor this API gave out').optional(),
});

registerOperations([
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
]);

/** Routes under /api/cases (only `/:caseId/audit`). */
export function auditRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/:caseId/audit', async (req, res) => {
    const { state, access } = await loadCase(deps.pool, actorOf(res), req.params.caseId);
    if (!access.can('read-audit')) throw forbidden('Only supervisors read the audit log.');
    const q = parseInput(auditQuerySchema, req.query, 'query');
    const { rows } = await deps.pool.query<{
      id: string;
      at: Date;
      request_id: string;
      actor_id: string | null;
      role: string | null;
      organisation: string | null;
      action: string;
      method: string;
      path: string;
      outcome: string;
      status: number;
    }>(
      `SELECT id::text, at, request_id, actor_id, role, organisation, action, method, path, outcome, status
       FROM audit_log WHERE case_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3`,
      [state.caseId, q.cursor ?? '0', q.limit + 1],
    );
    const page = rows.slice(0, q.limit);
    res.json({
      items: page.map((a) => ({
        id: a.id,
        at: a.at.toISOString(),
        requestId: a.request_id,
        actorId: a.actor_id,
        role: a.role,
        organisation: a.organisation,
        action: a.action,
        method: a.method,
        path: a.path,
        outcome: a.outcome,
        status: a.status,
      })),
      nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
    });
  });
  return r;
}
