// Routes of the job centre's own retention cases: the fast track of a case (`POST /api/cases/{id}/fast-track`
// and `…/fast-track/progress`) and the retention plan's milestones (either kind of case). The intake is
// `POST /api/cases` with `kind: "retention"` (routes/cases.ts).
import { Router } from 'express';
import { actorOf } from '../auth';
import { nowOf, type AppDeps } from '../deps';
import { parseInput } from '../problems';
import { loadCase, loadCaseFor } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import type { ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import { requireRetentionCase } from '../../domain/case/caseKind';
import { addMilestoneSchema, fastTrackProgressSchema, fastTrackRequestBodySchema, milestoneProgressInputSchema } from '../../domain/retention/retention.schema';
import { addPlanMilestoneUpdate, recordFastTrackProgressUpdate, recordMilestoneProgressUpdate, requestFastTrackUpdate } from '../../workflows/case/case.messages';

export const retentionOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases/{caseId}/fast-track',
    summary: 'Record a fast-track request on a retention case',
    description:
      'The employer (within the first 5 weeks of absence, policy `retention.fastTrackEmployerRequestWeeks`) or the employee asks for early follow-up. Creates the task "get answers to the three questions" (caseworker, 2 business days) when `answers` is absent, and the first-conversation task due 2 weeks after the request, or by the end of week 8 of absence when `employeeConsent` is false; both remind and escalate like any task.',
    tags: ['Retention cases'],
    roles: ['consultant', 'caseworker'],
    body: fastTrackRequestBodySchema,
    headers: idempotencyKeyHeader(false),
    responses: {
      201: '`{ status, fastTrack }`',
      409: '`fast-track-exists`: the case already has one.',
      422: '`case-kind` (a work-injury case), `fast-track-too-late` (an employer request after week 5, with `latestRequestOn`), `fast-track-date`, `phase`.',
    },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/fast-track/progress',
    summary: "Record the three answers, the employee's answer, or the first conversation held",
    description:
      'Answers close the "three questions" task; `employeeConsent: false` moves the first conversation to the end of week 8 of absence (a new task, with its own reminder and escalation); `firstConversationOn` closes the first-conversation task.',
    tags: ['Retention cases'],
    roles: ['consultant', 'caseworker'],
    body: fastTrackProgressSchema,
    headers: idempotencyKeyHeader(false),
    responses: {
      200: '`{ status, fastTrack }`',
      409: '`first-conversation-held`: recorded before.',
      422: '`case-kind`, `no-fast-track`, `fast-track-date`, `phase`.',
    },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/retention-plan/milestones',
    summary: 'Add a milestone to the retention plan (a promise with owner and date)',
    description:
      'Kinds: `partial-return` (with `hoursPerWeek` from `dueOn`; rising hours are several milestones), `work-trial`, `relocation`, `coaching`, `aids`, `gp-statement-requested`, `gp-statement-received`. Each is a `plan-milestone` task with reminder on `dueOn` and escalation like any task; the plan and its changes are on the timeline. Either kind of case.',
    tags: ['Retention cases'],
    roles: ['consultant', 'caseworker'],
    body: addMilestoneSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 201: '`{ status, milestone }`', 422: '`past-date` (a `dueOn` before today), `phase` (the case is not open).' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/retention-plan/progress',
    summary: 'Record progress on a milestone; `kept: true` keeps it and closes its task',
    tags: ['Retention cases'],
    roles: ['consultant', 'caseworker'],
    body: milestoneProgressInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: '`{ status, milestone }`', 409: '`milestone-closed`.', 422: '`unknown-milestone`.' },
  },
];

/** Routes under /api/cases for retention cases. */
export function retentionRoutes(deps: AppDeps): Router {
  const r = Router();

  r.post('/:caseId/fast-track', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'fast-track', 'Only the job centre and the centre record a fast track.');
    const body = parseInput(fastTrackRequestBodySchema, req.body);
    const cmd = keyedCommand(req, requestFastTrackUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) requireRetentionCase(state, 'A fast track is requested');
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, requestFastTrackUpdate, cmd.input, cmd.updateId));
    res.status(201).json({ status: result.status, fastTrack: result.fastTrack });
  });

  r.post('/:caseId/fast-track/progress', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'fast-track', 'Only the job centre and the centre record a fast track.');
    const body = parseInput(fastTrackProgressSchema, req.body);
    const cmd = keyedCommand(req, recordFastTrackProgressUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) requireRetentionCase(state, 'A fast track is followed');
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, recordFastTrackProgressUpdate, cmd.input, cmd.updateId));
    // Read back, so the answer is what the caller may see of the fast track now.
    const after = await loadCase(deps.pool, actor, state.caseId);
    res.json({ status: result.status, fastTrack: after.state.fastTrack ?? result.fastTrack });
  });

  r.post('/:caseId/retention-plan/milestones', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'plan-roundtable', 'Only the centre and the municipality plan the return to work.');
    const body = parseInput(addMilestoneSchema, req.body);
    const cmd = keyedCommand(req, addPlanMilestoneUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, addPlanMilestoneUpdate, cmd.input, cmd.updateId));
    res.status(201).json({ status: result.status, milestone: result.milestone });
  });

  r.post('/:caseId/retention-plan/progress', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'plan-roundtable', 'Only the centre and the municipality follow the plan.');
    const body = parseInput(milestoneProgressInputSchema, req.body);
    const cmd = keyedCommand(req, recordMilestoneProgressUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, recordMilestoneProgressUpdate, cmd.input, cmd.updateId));
    res.json({ status: result.status, milestone: result.milestone });
  });

  return r;
}
