// Roundtable routes under /api/cases/{caseId}/roundtables: plan, move, cancel, record the outcome and
// send the minutes of a case's roundtables; each is one Update to the case workflow.
import { Router } from 'express';
import { actorOf } from '../auth';
import { nowOf, type AppDeps } from '../deps';
import { notFound, parseInput } from '../problems';
import { loadCaseFor } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import type { ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import { type Actor } from '../../domain/kernel/actor.schema';
import {
  cancelRoundtableSchema,
  rescheduleRoundtableSchema,
  roundtableMinutesSchema,
  roundtableOutcomeSchema,
  scheduleRoundtableSchema,
} from '../../domain/roundtables/roundtables.schema';
import { cancelRoundtableUpdate, recordRoundtableOutcomeUpdate, rescheduleRoundtableUpdate, scheduleRoundtableUpdate, sendRoundtableMinutesUpdate } from '../../workflows/case/case.messages';

const rt = (path: string, summary: string, body: ApiOperation['body'], responses: Record<number, string>): ApiOperation => ({
  method: 'post',
  path: `/api/cases/{caseId}/roundtables${path}`,
  summary,
  tags: ['Roundtables'],
  roles: ['consultant', 'caseworker'],
  body,
  headers: idempotencyKeyHeader(false),
  responses,
});

export const roundtableOperations: ApiOperation[] = [
  rt('', 'Plan a roundtable; every participant is invited with purpose and agenda', scheduleRoundtableSchema, {
    201: '`{ roundtableId }`. An `employer` participant without `citizenConsentsToEmployer: true` → 400.',
  }),
  rt('/{roundtableId}/reschedule', 'Move a planned roundtable; participants are told and reminded of the new time', rescheduleRoundtableSchema, {
    200: '`{ roundtableId }`',
    409: 'The roundtable is held or cancelled.',
  }),
  rt('/{roundtableId}/cancel', 'Cancel a planned roundtable with a reason; participants are told', cancelRoundtableSchema, {
    200: '`{ roundtableId }`',
    409: 'The roundtable is held or cancelled.',
  }),
  rt('/{roundtableId}/outcome', 'Record the outcome: one task per agreed action, a send-minutes task, and a contact-employer task when an employer took part', roundtableOutcomeSchema, {
    200: '`{ roundtableId, taskIds }`',
    409: 'The outcome is already recorded, or the roundtable was cancelled.',
  }),
  rt('/{roundtableId}/minutes', 'Email the minutes to every participant and complete the send-minutes task', roundtableMinutesSchema, {
    200: '`{ roundtableId }`',
    409: 'No outcome recorded yet, or the minutes were already sent.',
  }),
];

/** Routes under /api/cases/{caseId}/roundtables. */
export function roundtableRoutes(deps: AppDeps): Router {
  const r = Router();

  /** The case, if the actor may plan its roundtables (404 hidden, 403 not allowed). */
  async function plannable(actor: Actor, caseId: string) {
    const { state } = await loadCaseFor(deps.pool, actor, caseId, 'plan-roundtable', 'Only the centre and the municipality plan roundtables.');
    return state;
  }

  /** The case and one of its roundtables. */
  async function withRoundtable(actor: Actor, caseId: string, roundtableId: string) {
    const state = await plannable(actor, caseId);
    if (!state.roundtables.some((rt) => rt.roundtableId === roundtableId)) throw notFound('roundtable');
    return state;
  }

  r.post('/:caseId/roundtables', async (req, res) => {
    const actor = actorOf(res);
    const state = await plannable(actor, req.params.caseId);
    const body = parseInput(scheduleRoundtableSchema, req.body);
    const cmd = keyedCommand(req, scheduleRoundtableUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, scheduleRoundtableUpdate, cmd.input, cmd.updateId));
    res.status(201).location(`/api/cases/${state.caseId}`).json({ roundtableId: result.roundtableId });
  });

  r.post('/:caseId/roundtables/:roundtableId/reschedule', async (req, res) => {
    const actor = actorOf(res);
    const state = await withRoundtable(actor, req.params.caseId, req.params.roundtableId);
    const body = parseInput(rescheduleRoundtableSchema, req.body);
    const cmd = keyedCommand(req, rescheduleRoundtableUpdate, { actor: actorRef(actor), roundtableId: req.params.roundtableId, ...body }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, rescheduleRoundtableUpdate, cmd.input, cmd.updateId));
    res.json({ roundtableId: result.roundtableId });
  });

  r.post('/:caseId/roundtables/:roundtableId/cancel', async (req, res) => {
    const actor = actorOf(res);
    const state = await withRoundtable(actor, req.params.caseId, req.params.roundtableId);
    const body = parseInput(cancelRoundtableSchema, req.body ?? {});
    const cmd = keyedCommand(req, cancelRoundtableUpdate, { actor: actorRef(actor), roundtableId: req.params.roundtableId, reason: body.reason }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, cancelRoundtableUpdate, cmd.input, cmd.updateId));
    res.json({ roundtableId: result.roundtableId });
  });

  r.post('/:caseId/roundtables/:roundtableId/outcome', async (req, res) => {
    const actor = actorOf(res);
    const state = await withRoundtable(actor, req.params.caseId, req.params.roundtableId);
    const body = parseInput(roundtableOutcomeSchema, req.body);
    const input = {
      actor: actorRef(actor),
      roundtableId: req.params.roundtableId,
      ...body,
      // Whoever records the outcome owes the minutes.
      recordedBy: { role: actor.role, name: actor.name, email: actor.email },
    };
    const cmd = keyedCommand(req, recordRoundtableOutcomeUpdate, input, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, recordRoundtableOutcomeUpdate, cmd.input, cmd.updateId));
    res.json({ roundtableId: result.roundtableId, taskIds: result.taskIds });
  });

  r.post('/:caseId/roundtables/:roundtableId/minutes', async (req, res) => {
    const actor = actorOf(res);
    const state = await withRoundtable(actor, req.params.caseId, req.params.roundtableId);
    const body = parseInput(roundtableMinutesSchema, req.body);
    const cmd = keyedCommand(req, sendRoundtableMinutesUpdate, { actor: actorRef(actor), roundtableId: req.params.roundtableId, text: body.text }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, sendRoundtableMinutesUpdate, cmd.input, cmd.updateId));
    res.json({ roundtableId: result.roundtableId });
  });

  return r;
}
