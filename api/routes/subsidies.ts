// Subsidy routes: the consultant's request, the insurer's list and decision (idempotent by
// Idempotency-Key), the information loop, the payment confirmation and the consultant's withdrawal.
import { createHash, randomBytes } from 'node:crypto';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth';
import { nowOf, type AppDeps } from '../deps';
import { forbidden, notFound, parseInput, problemOf } from '../problems';
import { insurerOpenConsultations, loadCaseFor } from '../caseRepository';
import { findSubsidy, insurerSubsidies, loadSubsidy } from '../subsidyRepository';
import { answerWithin } from '../commands';
import { untilCaseHasSubsidy } from '../caseCatchUp';
import { isWorkflowNotFound, problemFromTemporal } from '../temporalErrors';
import { idempotencyKey, idempotencyKeyHeader, keyedCommand } from '../idempotency';
import type { ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import type { Actor } from '../../domain/kernel/actor.schema';
import { requirePhase } from '../../domain/case/casePhase';
import { centreOwner } from '../../domain/case/caseOpening';
import { insurerOf } from '../../domain/case/caseKind';
import { policyFor } from '../../domain/kernel/policy';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { canonicalJson } from '../../domain/kernel/idempotency';
import { SubsidyChange, addSubsidyInformation, confirmSubsidyPayment, decideSubsidy, decisionFingerprint, withdrawSubsidy } from '../../domain/subsidies/subsidies';
import { subsidyView, type SubsidyView } from '../../domain/subsidies/subsidies.view';
import {
  subsidyDecisionSchema,
  subsidyInformationSchema,
  subsidyPaymentSchema,
  subsidyRequestSchema,
  subsidyStatusSchema,
  subsidyWithdrawalSchema,
} from '../../domain/subsidies/subsidies.schema';
import {
  addInformationUpdate,
  awaitSubsidyUpdate,
  confirmPaymentUpdate,
  insurerDecisionUpdate,
  subsidyWorkflowId,
  withdrawSubsidyUpdate,
} from '../../workflows/subsidy/subsidy.messages';
import type { subsidyWorkflow } from '../../workflows/subsidy/subsidyWorkflow';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');

const listQuerySchema = z.object({
  status: subsidyStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const consultationListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const subsidyOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases/{caseId}/subsidies',
    summary: 'Ask the insurer to fund a subsidy',
    tags: ['Subsidies'],
    roles: ['consultant'],
    body: subsidyRequestSchema,
    headers: idempotencyKeyHeader(false),
    responses: {
      201: 'The `Subsidy` (`status: requested`); the insurer is emailed.',
      200: 'The subsidy an earlier request with the same Idempotency-Key and body started.',
      400: 'Invalid body, e.g. no justification.',
      422: 'The case is not active; or the Idempotency-Key was used with another body (`idempotency-key-reused`).',
    },
  },
  {
    method: 'get',
    path: '/api/insurer/subsidies',
    summary: "The calling insurer's subsidy requests",
    tags: ['Subsidies'],
    roles: ['insurer'],
    query: listQuerySchema,
    responses: { 200: '`{ items: [Subsidy] }`, oldest question first.' },
  },
  {
    method: 'get',
    path: '/api/insurer/consultations',
    summary: "Consultations waiting for the calling insurer's answer (its inbox, with the subsidy requests)",
    tags: ['Legal track'],
    roles: ['insurer'],
    query: consultationListQuerySchema,
    responses: { 200: '`{ items: [{ caseId, injuryCaseRef, consultationId, question, askedOn, askedBy }] }`, oldest first.' },
  },
  {
    method: 'get',
    path: '/api/subsidies/{subsidyId}',
    summary: 'One subsidy with its negotiation history',
    tags: ['Subsidies'],
    roles: ['consultant', 'caseworker', 'supervisor', 'insurer', 'union'],
    responses: { 200: 'The `Subsidy`.', 404: 'Unknown, or a case the caller may not know.' },
  },
  {
    method: 'post',
    path: '/api/subsidies/{subsidyId}/decision',
    summary: "The insurer's answer: approved, rejected or info-requested",
    tags: ['Subsidies'],
    roles: ['insurer'],
    body: subsidyDecisionSchema,
    headers: idempotencyKeyHeader(true),
    responses: {
      200: 'The `Subsidy` as the decision left it (a repeated key: the recorded answer).',
      404: 'Not this insurer’s case.',
      409: 'A different decision after a final one (`decision-conflict`); `withdrawn` once the centre withdrew the request.',
      422: 'The key was used with another body.',
    },
  },
  {
    method: 'post',
    path: '/api/subsidies/{subsidyId}/information',
    summary: 'Add the information the insurer asked for; the insurer is asked again',
    tags: ['Subsidies'],
    roles: ['consultant'],
    body: subsidyInformationSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: 'The `Subsidy` (`status: requested`, next `round`).', 422: 'The insurer has not asked for information.' },
  },
  {
    method: 'post',
    path: '/api/subsidies/{subsidyId}/payment',
    summary: 'Confirm that an approved subsidy was paid; completes the payment task',
    tags: ['Subsidies'],
    roles: ['consultant', 'caseworker'],
    body: subsidyPaymentSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: 'The `Subsidy` (`status: paid`).', 422: 'Not approved, or an impossible date.' },
  },
  {
    method: 'post',
    path: '/api/subsidies/{subsidyId}/withdraw',
    summary: 'Withdraw an open or approved-but-unpaid request, with a reason; the insurer is emailed',
    description:
      'Also on a closed case (a subsidy left behind by a case closed before closing waited for subsidies). The case cancels the payment task of an approved subsidy; the insurer’s later answer is 409 `withdrawn`.',
    tags: ['Subsidies'],
    roles: ['consultant'],
    body: subsidyWithdrawalSchema,
    headers: idempotencyKeyHeader(false),
    responses: {
      200: 'The `Subsidy` (`status: withdrawn`, `withdrawnOn`, `withdrawalReason`); withdrawing again changes nothing.',
      400: 'No reason.',
      422: 'Already rejected or paid (`phase`).',
    },
  },
];

/** Routes under /api for subsidies. */
export function subsidyRoutes(deps: AppDeps): Router {
  const r = Router();

  // Read-your-writes for the case view: the case's read model holds the change before the caller hears of it
  // (bounded; see caseCatchUp.ts).
  const caseSettled = (subsidyId: string) => untilCaseHasSubsidy(deps.pool, subsidyId);

  /**
   * Runs an update on the subsidy workflow. A rejected or paid subsidy's workflow has finished: then
   * the same domain rule answers from the projected state, which can only repeat an earlier answer or
   * refuse (its DomainRejection becomes a problem in the error handler).
   */
  async function runSubsidyUpdate<I, R>(
    actor: Actor,
    subsidyId: string,
    def: UpdateDefinition<R, [I]>,
    input: I,
    updateId: string | undefined,
    onFinished: (change: SubsidyChange) => R,
  ): Promise<R> {
    try {
      return await answerWithin(deps.client, () => deps.client.workflow.getHandle(subsidyWorkflowId(subsidyId)).executeUpdate(def, { args: [input], updateId }));
    } catch (err) {
      if (!isWorkflowNotFound(err)) problemFromTemporal(err);
    }
    const found = await findSubsidy(deps.pool, subsidyId);
    if (!found) throw notFound('subsidy');
    const t = nowOf(deps);
    const change = new SubsidyChange(found.subsidy, { now: t, actor: actorRef(actor), policy: policyFor(localDateInCopenhagen(t)) });
    const result = onFinished(change);
    if (change.changed) throw problemOf(409, 'subsidy-finished', `The subsidy is ${found.subsidy.status}; nothing more can change.`);
    return result;
  }

  r.post('/cases/:caseId/subsidies', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'request-subsidy', 'Only the Retention Centre requests subsidies from the insurer.');
    const key = idempotencyKey(req, false);
    const body = parseInput(subsidyRequestSchema, req.body);
    requirePhase(state, 'request-subsidy');
    // With an Idempotency-Key a retried request finds the subsidy it started; without one every request is new.
    const suffix = key ? sha(`${state.caseId}:${key}`).slice(0, 10) : randomBytes(5).toString('hex');
    const subsidyId = `${state.caseId}-S${suffix}`;
    let created = true;
    try {
      await deps.client.workflow.start<typeof subsidyWorkflow>('subsidyWorkflow', {
        workflowId: subsidyWorkflowId(subsidyId),
        taskQueue: deps.taskQueue,
        args: [
          {
            subsidyId,
            opening: {
              caseRef: { caseId: state.caseId, injuryCaseRef: state.injuryCaseRef!, insurer: insurerOf(state), owner: centreOwner(state) },
              request: body,
              actor: actorRef(actor),
            },
          },
        ],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError) || !key) throw err;
      created = false;
    }
    const view = await runSubsidyUpdate(actor, subsidyId, awaitSubsidyUpdate, {}, undefined, (c) => subsidyView(c.state));
    // The subsidy id comes from the case and the key only: another request under the key must not get this subsidy.
    const { kind, description, amountDkk, justification, expectedEffect } = view;
    if (!created && canonicalJson(body) !== canonicalJson({ kind, description, amountDkk, justification, expectedEffect })) {
      throw problemOf(422, 'idempotency-key-reused', 'This Idempotency-Key started another subsidy request; send a new key for a new request.', {
        subsidyId,
        errors: [{ path: 'Idempotency-Key', message: 'already used with another request' }],
      });
    }
    await caseSettled(subsidyId);
    res.status(created ? 201 : 200).location(`/api/subsidies/${subsidyId}`).json(view);
  });

  r.get('/insurer/subsidies', requireRole('insurer'), async (req, res) => {
    const q = parseInput(listQuerySchema, req.query, 'query');
    const subsidies = await insurerSubsidies(deps.pool, actorOf(res).organisation, q);
    res.json({ items: subsidies.map((s) => subsidyView(s)) });
  });

  r.get('/insurer/consultations', requireRole('insurer'), async (req, res) => {
    const q = parseInput(consultationListQuerySchema, req.query, 'query');
    res.json({ items: await insurerOpenConsultations(deps.pool, actorOf(res), q.limit) });
  });

  r.get('/subsidies/:subsidyId', async (req, res) => {
    const { subsidy, access } = await loadSubsidy(deps.pool, actorOf(res), req.params.subsidyId);
    // The justification may describe the citizen's health: only those who see the legal track read it.
    if (!access.legalTrack) throw forbidden('The subsidy request is not part of what you may see.');
    res.json(subsidyView(subsidy));
  });

  r.post('/subsidies/:subsidyId/decision', async (req, res) => {
    const actor = actorOf(res);
    const { subsidy, access } = await loadSubsidy(deps.pool, actor, req.params.subsidyId);
    if (!access.can('answer-subsidy')) throw forbidden("Only the case's insurer answers a subsidy request.");
    const key = idempotencyKey(req, true);
    const decision = parseInput(subsidyDecisionSchema, req.body);
    const input = { actor: actorRef(actor), insurerId: actor.organisation, key, decision };
    // Same key and body → same update id, so Temporal itself joins concurrent duplicates; another body under the key is refused by the domain.
    const updateId = `decision:${sha(`${actor.organisation}:${key}`).slice(0, 32)}:${sha(decisionFingerprint(decision)).slice(0, 16)}`;
    const answer = await runSubsidyUpdate(actor, subsidy.subsidyId, insurerDecisionUpdate, input, updateId, (c) => decideSubsidy(c, input));
    await caseSettled(subsidy.subsidyId);
    res.json(answer.subsidy satisfies SubsidyView);
  });

  r.post('/subsidies/:subsidyId/information', async (req, res) => {
    const actor = actorOf(res);
    const { subsidy, access } = await loadSubsidy(deps.pool, actor, req.params.subsidyId);
    if (!access.can('request-subsidy')) throw forbidden('Only the Retention Centre adds information to a subsidy request.');
    const body = parseInput(subsidyInformationSchema, req.body);
    const cmd = keyedCommand(req, addInformationUpdate, { actor: actorRef(actor), ...body }, subsidy.idempotencyKeys, nowOf(deps));
    const view =
      cmd.recorded ?? (await runSubsidyUpdate(actor, subsidy.subsidyId, addInformationUpdate, cmd.input, cmd.updateId, (c) => addSubsidyInformation(c, body)));
    await caseSettled(subsidy.subsidyId);
    res.json(view);
  });

  r.post('/subsidies/:subsidyId/payment', async (req, res) => {
    const actor = actorOf(res);
    const { subsidy, access } = await loadSubsidy(deps.pool, actor, req.params.subsidyId);
    if (!access.can('confirm-payment')) throw forbidden('Only the centre and the municipality confirm payments.');
    const body = parseInput(subsidyPaymentSchema, req.body);
    const cmd = keyedCommand(req, confirmPaymentUpdate, { actor: actorRef(actor), ...body }, subsidy.idempotencyKeys, nowOf(deps));
    const view =
      cmd.recorded ?? (await runSubsidyUpdate(actor, subsidy.subsidyId, confirmPaymentUpdate, cmd.input, cmd.updateId, (c) => confirmSubsidyPayment(c, body)));
    await caseSettled(subsidy.subsidyId);
    res.json(view);
  });

  r.post('/subsidies/:subsidyId/withdraw', async (req, res) => {
    const actor = actorOf(res);
    const { subsidy, access } = await loadSubsidy(deps.pool, actor, req.params.subsidyId);
    if (!access.can('request-subsidy')) throw forbidden('Only the Retention Centre withdraws a subsidy request.');
    const body = parseInput(subsidyWithdrawalSchema, req.body);
    // No case phase check: a subsidy left on a closed case must still be ended by withdrawing it.
    const cmd = keyedCommand(req, withdrawSubsidyUpdate, { actor: actorRef(actor), ...body }, subsidy.idempotencyKeys, nowOf(deps));
    const view =
      cmd.recorded ?? (await runSubsidyUpdate(actor, subsidy.subsidyId, withdrawSubsidyUpdate, cmd.input, cmd.updateId, (c) => withdrawSubsidy(c, body)));
    await caseSettled(subsidy.subsidyId);
    res.json(view);
  });

  return r;
}
