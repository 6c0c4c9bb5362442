// Legal-track routes under /api/cases/{caseId}: the medical status, decisions, appeals, and the insurer
// consultations with their answers; each answers after the change is in the read model.
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth';
import { nowOf, todayOf, type AppDeps } from '../deps';
import { parseInput, problemOf } from '../problems';
import { loadCase, loadCaseFor } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import type { ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import { requirePhase } from '../../domain/case/casePhase';
import { CURRENT_POLICY, policyFor } from '../../domain/kernel/policy';
import { appealSchema, decisionSchema, insurerConsultationSchema } from '../../domain/legal/legal.schema';
import { medicalStatusInputSchema } from '../../domain/legal/medical.schema';
import { appealInputSchema, decisionInputSchema } from '../../domain/legal/decisions.schema';
import { consultationAnswerInputSchema, consultationInputSchema } from '../../domain/legal/insurerConsultations.schema';
import { answerConsultationUpdate, consultInsurerUpdate, fileAppealUpdate, makeDecisionUpdate, recordMedicalStatusUpdate } from '../../workflows/case/case.messages';

export const legalOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases/{caseId}/medical-status',
    summary: 'Record the medical status (stationary or not)',
    tags: ['Legal track'],
    roles: ['consultant', 'caseworker'],
    body: medicalStatusInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: '`{ status, medical }`', 422: 'Case not open, a future or older assessment.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/decisions',
    summary: 'Make a legal decision',
    description:
      'Interim and safe-minimum decisions get a revision due date and a revision task. `Idempotency-Key` makes a retried POST record nothing twice, also after the workflow continued as new.',
    tags: ['Legal track'],
    roles: ['consultant'],
    body: decisionInputSchema(CURRENT_POLICY),
    headers: idempotencyKeyHeader(false),
    responses: {
      201: { description: 'The decision.', schema: decisionSchema },
      409: 'rule-collision: an earning-capacity decision would end the sick-pay extension or remove its ground (however far the limit) and is not acknowledged with a nextIncomeBasis; the body says what the citizen loses and from when.',
      422: 'phase: case not active, or final before stationary; not-under-revision for a revision without an open revision.',
    },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/appeals',
    summary: 'Record an appeal against a decision',
    tags: ['Legal track'],
    roles: ['consultant', 'insurer', 'union'],
    body: appealInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 201: { description: 'The appeal.', schema: appealSchema }, 422: 'Unknown decision or a filedOn outside decision date..today.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/insurer-consultations',
    summary: 'Ask the insurer for comments before an interim decision',
    tags: ['Legal track'],
    roles: ['consultant'],
    body: consultationInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 201: { description: 'The consultation; the insurer is emailed a link.', schema: insurerConsultationSchema } },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/insurer-consultations/{consultationId}/answer',
    summary: "The insurer's answer to a consultation",
    tags: ['Legal track'],
    roles: ['insurer'],
    body: consultationAnswerInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: { description: 'The answered consultation.', schema: insurerConsultationSchema }, 409: 'Already answered.' },
  },
];

/** Routes under /api/cases for the legal track. */
export function legalRoutes(deps: AppDeps): Router {
  const r = Router();

  r.post('/:caseId/medical-status', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'record-medical-status', 'Only the centre and the municipality record the medical status.');
    const body = parseInput(medicalStatusInputSchema, req.body);
    const cmd = keyedCommand(req, recordMedicalStatusUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    // A retry whose first attempt took effect gets its answer; the phase may have moved on since.
    if (!cmd.recorded) requirePhase(state, 'record-medical-status');
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, recordMedicalStatusUpdate, cmd.input, cmd.updateId));
    const after = await loadCase(deps.pool, actor, state.caseId);
    res.json({ status: result.status, medical: after.state.medical });
  });

  r.post('/:caseId/decisions', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'decide', 'Only the Retention Centre makes decisions.');
    const body = parseInput(decisionInputSchema(policyFor(todayOf(deps))), req.body);
    const cmd = keyedCommand(req, makeDecisionUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) requirePhase(state, 'decide');
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, makeDecisionUpdate, cmd.input, cmd.updateId));
    res.status(201).location(`/api/cases/${state.caseId}#${result.decision.decisionId}`).json(result.decision);
  });

  r.post('/:caseId/appeals', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(
      deps.pool,
      actor,
      req.params.caseId,
      'appeal',
      'Only the parties (the centre, the insurer, a union with full power of attorney) record appeals.',
    );
    const body = parseInput(appealInputSchema, req.body);
    const cmd = keyedCommand(req, fileAppealUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) {
      if (!state.decisions.some((d) => d.decisionId === body.decisionId)) {
        throw problemOf(422, 'unknown-decision', `There is no decision ${body.decisionId} on this case.`, {
          errors: [{ path: 'decisionId', message: 'no such decision on this case' }],
        });
      }
      requirePhase(state, 'appeal');
    }
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, fileAppealUpdate, cmd.input, cmd.updateId));
    res.status(201).json(result.appeal);
  });

  r.post('/:caseId/insurer-consultations', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'decide', 'Only the Retention Centre consults the insurer.');
    const body = parseInput(consultationInputSchema, req.body);
    const cmd = keyedCommand(req, consultInsurerUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) requirePhase(state, 'consult-insurer');
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, consultInsurerUpdate, cmd.input, cmd.updateId));
    res.status(201).json(result.consultation);
  });

  r.post('/:caseId/insurer-consultations/:consultationId/answer', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'answer-consultation', 'Only the insurer of the case answers a consultation.');
    const consultationId = parseInput(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'malformed id'), req.params.consultationId, 'path');
    const body = parseInput(consultationAnswerInputSchema, req.body);
    const cmd = keyedCommand(req, answerConsultationUpdate, { actor: actorRef(actor), consultationId, ...body }, state.idempotencyKeys, nowOf(deps));
    if (!state.insurerConsultations.some((c) => c.consultationId === consultationId)) {
      throw problemOf(404, 'not-found', `No consultation ${consultationId} on this case.`);
    }
    if (!cmd.recorded) requirePhase(state, 'answer-consultation');
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, answerConsultationUpdate, cmd.input, cmd.updateId));
    res.json(result.consultation);
  });

  return r;
}
