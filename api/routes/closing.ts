// Closing route `POST /api/cases/{caseId}/close`: the consultant closes a case or starts its aftercare;
// the workflow refuses with 409 and the list of what is open (tasks, roundtables, subsidies) while any promise is.
import { Router } from 'express';
import { actorOf } from '../auth';
import { nowOf, type AppDeps } from '../deps';
import { parseInput } from '../problems';
import { loadCaseFor } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import type { ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import { closeCaseSchema } from '../../domain/closing/closing.schema';
import { closeCaseUpdate } from '../../workflows/case/case.messages';

export const closingOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases/{caseId}/close',
    summary: 'Close the case, or start aftercare after a return to work',
    description:
      'Return-to-work outcomes (`same-employer`, `same-employer-part-time`, `new-employer`, `flexjob`, `education`) → `aftercare` with check-in tasks at the policy offsets; the case closes when the last is closed. Others → `closed`.',
    tags: ['Cases'],
    roles: ['consultant'],
    body: closeCaseSchema,
    headers: idempotencyKeyHeader(false),
    responses: {
      200: '`{ caseId, status, outcome }`',
      409:
        '`open-tasks` with `openTasks: [{ taskId, kind, title, owner, dueOn }]`, `open-roundtables` with `openRoundtables`, or `open-subsidies` with `openSubsidies: [{ subsidyId, kind, status }]` (requested, info-requested, or approved but not paid).',
      422: 'The case is not active.',
    },
  },
];

/** Routes under /api/cases/{caseId}/close. */
export function closingRoutes(deps: AppDeps): Router {
  const r = Router();

  r.post('/:caseId/close', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'close', 'Only the Retention Centre closes cases.');
    const body = parseInput(closeCaseSchema, req.body);
    // Answered from the case when a retry comes after the close took effect: a closed case's workflow has ended.
    const cmd = keyedCommand(req, closeCaseUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, closeCaseUpdate, cmd.input, cmd.updateId));
    res.json({ caseId: state.caseId, status: result.status, outcome: result.outcome });
  });

  return r;
}
