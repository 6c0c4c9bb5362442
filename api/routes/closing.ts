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
import { closeCaseUpdate, recordRelapseUpdate } from '../../workflows/case/case.messages';
import { z } from 'zod';
import { localDateSchema } from '../../domain/calendar/localDate.schema';

/** Body of `POST …/relapse`. */
const relapseSchema = z.object({ sickFrom: localDateSchema, note: z.string().trim().max(2000).optional() });

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
  {
    method: 'post',
    path: '/api/cases/{caseId}/relapse',
    summary: 'A new sick period during aftercare: reopen the case',
    description:
      'The case returns to `active` with its plan, tasks and history (no new case); open aftercare check-ins are cancelled with the reason, and a pause on the sick-pay clock ends on `sickFrom`.',
    tags: ['Cases'],
    roles: ['consultant', 'caseworker'],
    body: relapseSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: '`{ caseId, status }`', 422: 'The case is not in aftercare, `sickFrom` is in the future or before the return to work.' },
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

  r.post('/:caseId/relapse', async (req, res) => {
    const actor = actorOf(res);
    // Those who work the case (the centre, a caseworker who sees it): not a caseworker without consent, who may
    // record sick leave blind but must not learn a case's status from the answer.
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'screen', 'Only the centre and the municipality record a relapse.');
    const body = parseInput(relapseSchema, req.body);
    const cmd = keyedCommand(req, recordRelapseUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, recordRelapseUpdate, cmd.input, cmd.updateId));
    res.json({ caseId: state.caseId, status: result.status });
  });

  return r;
}
