// Case lifecycle routes (issue 3): the sick-pay clock (periods, first-sick-day correction), medical
// status, legal decisions, appeals and insurer consultations. Each validates, checks access and
// the case's phase, then sends an Update; the answer comes after the change is in the read model.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth';
import type { AppDeps } from '../deps';
import { HttpProblem, forbidden, parseInput } from '../problems';
import { loadCase, type LoadedCase } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { actorRef } from '../../domain/kernel/actor';
import type { CaseAction } from '../../domain/case/access';
import type { CaseState } from '../../domain/case/caseState.schema';
import { sickPayView } from '../../domain/sick-pay/sickPay.view';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { CURRENT_POLICY, policyFor } from '../../domain/kernel/policy';
import { appealSchema, decisionSchema, insurerConsultationSchema } from '../../domain/legal/legal.schema';
import { registerOperations } from '../openapi';
import { firstSickDayCorrectionInputSchema, sickLeavePeriodInputSchema } from '../../domain/sick-pay/sickLeave.schema';
import { medicalStatusInputSchema } from '../../domain/legal/medical.schema';
import { appealInputSchema, decisionInputSchema } from '../../domain/legal/decisions.schema';
import { consultationAnswerInputSchema, consultationInputSchema } from '../../domain/legal/insurerConsultations.schema';
import { answerConsultationUpdate, consultInsurerUpdate, correctFirstSickDayUpdate, fileAppealUpdate, makeDecisionUpdate, recordMedicalStatusUpdate, recordSickLeavePeriodUpdate } from '../../workflows/case/case.messages';

registerOperations([
  {
    method: 'post',
    path: '/api/cases/{caseId}/sick-leave/periods',
    summary: 'Record a return to work or a resumption of sick leave',
    description: 'Days back at work do not count towards the limit; the limit and every pending reminder move. Dates may not lie in the future.',
    tags: ['Sick pay'],
    roles: ['consultant', 'caseworker'],
    body: sickLeavePeriodInputSchema,
    responses: { 200: 'The new `sickPay` view.', 422: 'Case not open, a future date, or periods out of order.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/sick-leave/first-sick-day',
    summary: 'Correct the first sick day (journaled with its reason)',
    description: 'Recalculates the limit and every pending reminder; reminders sent for the wrong limit come again when their new time is ahead.',
    tags: ['Sick pay'],
    roles: ['consultant', 'caseworker'],
    body: firstSickDayCorrectionInputSchema,
    responses: { 200: 'The new `sickPay` view.', 422: 'Case not open, the same day, a future date, or periods that no longer fit.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/medical-status',
    summary: 'Record the medical status (stationary or not)',
    tags: ['Legal track'],
    roles: ['consultant', 'caseworker'],
    body: medicalStatusInputSchema,
    responses: { 200: '`{ status, medical }`', 422: 'Case not open, a future or older assessment.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/decisions',
    summary: 'Make a legal decision',
    description:
      'Interim and safe-minimum decisions get a revision due date and a revision task. `Idempotency-Key` makes a retried POST record nothing twice.',
    tags: ['Legal track'],
    roles: ['consultant'],
    body: decisionInputSchema(CURRENT_POLICY),
    headers: { 'Idempotency-Key': { description: 'Optional; the same key answers the same decision.' } },
    responses: {
      201: { description: 'The decision.', schema: decisionSchema },
      409: 'rule-collision: the decision would end the sick-pay extension (or the limit is near) and is not acknowledged with a nextIncomeBasis.',
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
    responses: { 201: { description: 'The appeal.', schema: appealSchema }, 422: 'Unknown decision or a filedOn outside decision date..today.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/insurer-consultations',
    summary: 'Ask the insurer for comments before an interim decision',
    tags: ['Legal track'],
    roles: ['consultant'],
    body: consultationInputSchema,
    responses: { 201: { description: 'The consultation; the insurer is emailed a link.', schema: insurerConsultationSchema } },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/insurer-consultations/{consultationId}/answer',
    summary: "The insurer's answer to a consultation",
    tags: ['Legal track'],
    roles: ['insurer'],
    body: consultationAnswerInputSchema,
    responses: { 200: { description: 'The answered consultation.', schema: insurerConsultationSchema }, 409: 'Already answered.' },
  },
]);


/** Refuses a request unless the case is in one of the given statuses (a finished workflow takes no commands). */
function requireStatus(state: CaseState, allowed: CaseState['status'][], what: string): void {
  if (!allowed.includes(state.status)) {
    throw new HttpProblem(422, 'phase', 'Not possible now', `${what} only while the case is ${allowed.join(' or ')}: the case is ${state.status}.`, {
      caseStatus: state.status,
    });
  }
}

/** The Idempotency-Key header as an update id, so a retried POST records nothing twice. */
function updateIdFrom(header: string | undefined, prefix: string): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(header)) {
    throw new HttpProblem(400, 'validation', 'Invalid request', 'The Idempotency-Key header is malformed.', {
      errors: [{ path: 'Idempotency-Key', message: 'must be 8-128 letters, digits, ".", "_", ":" or "-"' }],
    });
  }
  return `${prefix}:${header}`;
}

/** Routes under /api/cases/{caseId} for the case lifecycle. */
export function lifecycleRoutes(deps: AppDeps): Router {
  const r = Router();
  const today = () => localDateInCopenhagen((deps.now ?? Date.now)());

  const load = async (res: Response, caseId: string, action: CaseAction, forbiddenDetail: string): Promise<LoadedCase> => {
    const loaded = await loadCase(deps.pool, actorOf(res), caseId);
    if (!loaded.access.can(action)) throw forbidden(forbiddenDetail);
    return loaded;
  };

  const sickPayNow = async (res: Response, caseId: string) => {
    const { state } = await loadCase(deps.pool, actorOf(res), caseId);
    const day = today();
    return sickPayView(state, day, policyFor(day));
  };

  r.post('/:caseId/sick-leave/periods', async (req, res) => {
    const { state } = await load(res, req.params.caseId, 'record-sick-leave', 'Only the centre and the municipality record sick leave.');
    const body = parseInput(sickLeavePeriodInputSchema, req.body);
    requireStatus(state, ['screening', 'active'], 'Sick leave is recorded');
    await runCaseCommand(deps.client, state.caseId, recordSickLeavePeriodUpdate, { actor: actorRef(actorOf(res)), ...body });
    res.json(await sickPayNow(res, state.caseId));
  });

  r.post('/:caseId/sick-leave/first-sick-day', async (req, res) => {
    const { state } = await load(res, req.params.caseId, 'record-sick-leave', 'Only the centre and the municipality correct sick leave.');
    const body = parseInput(firstSickDayCorrectionInputSchema, req.body);
    requireStatus(state, ['screening', 'active'], 'The first sick day is corrected');
    await runCaseCommand(deps.client, state.caseId, correctFirstSickDayUpdate, { actor: actorRef(actorOf(res)), ...body });
    res.json(await sickPayNow(res, state.caseId));
  });

  r.post('/:caseId/medical-status', async (req, res) => {
    const { state } = await load(res, req.params.caseId, 'record-medical-status', 'Only the centre and the municipality record the medical status.');
    const body = parseInput(medicalStatusInputSchema, req.body);
    requireStatus(state, ['screening', 'active'], 'The medical status is recorded');
    const result = await runCaseCommand(deps.client, state.caseId, recordMedicalStatusUpdate, { actor: actorRef(actorOf(res)), ...body });
    const after = await loadCase(deps.pool, actorOf(res), state.caseId);
    res.json({ status: result.status, medical: after.state.medical });
  });

  r.post('/:caseId/decisions', async (req, res) => {
    const { state } = await load(res, req.params.caseId, 'decide', 'Only the Retention Centre makes decisions.');
    const body = parseInput(decisionInputSchema(policyFor(today())), req.body);
    requireStatus(state, ['active'], 'Decisions are made');
    const updateId = updateIdFrom(req.header('idempotency-key'), 'decision');
    const result = await runCaseCommand(deps.client, state.caseId, makeDecisionUpdate, { actor: actorRef(actorOf(res)), ...body }, updateId);
    res.status(201).location(`/api/cases/${state.caseId}#${result.decision.decisionId}`).json(result.decision);
  });

  r.post('/:caseId/appeals', async (req, res) => {
    const { state } = await load(res, req.params.caseId, 'appeal', 'Only the parties (the centre, the insurer, a union with full power of attorney) record appeals.');
    const body = parseInput(appealInputSchema, req.body);
    if (!state.decisions.some((d) => d.decisionId === body.decisionId)) {
      throw new HttpProblem(422, 'unknown-decision', 'Not possible now', `There is no decision ${body.decisionId} on this case.`, {
        errors: [{ path: 'decisionId', message: 'no such decision on this case' }],
      });
    }
    requireStatus(state, ['screening', 'active', 'aftercare'], 'Appeals are recorded');
    const updateId = updateIdFrom(req.header('idempotency-key'), 'appeal');
    const result = await runCaseCommand(deps.client, state.caseId, fileAppealUpdate, { actor: actorRef(actorOf(res)), ...body }, updateId);
    res.status(201).json(result.appeal);
  });

  r.post('/:caseId/insurer-consultations', async (req, res) => {
    const { state } = await load(res, req.params.caseId, 'decide', 'Only the Retention Centre consults the insurer.');
    const body = parseInput(consultationInputSchema, req.body);
    requireStatus(state, ['active'], 'The insurer is consulted');
    const result = await runCaseCommand(deps.client, state.caseId, consultInsurerUpdate, { actor: actorRef(actorOf(res)), ...body });
    res.status(201).json(result.consultation);
  });

  r.post('/:caseId/insurer-consultations/:consultationId/answer', async (req, res) => {
    const { state } = await load(res, req.params.caseId, 'answer-consultation', 'Only the insurer of the case answers a consultation.');
    const consultationId = parseInput(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'malformed id'), req.params.consultationId, 'path');
    const body = parseInput(consultationAnswerInputSchema, req.body);
    if (!state.insurerConsultations.some((c) => c.consultationId === consultationId)) {
      throw new HttpProblem(404, 'not-found', 'Not found', `No consultation ${consultationId} on this case.`);
    }
    requireStatus(state, ['screening', 'active', 'aftercare'], 'Consultations are answered');
    const result = await runCaseCommand(deps.client, state.caseId, answerConsultationUpdate, {
      actor: actorRef(actorOf(res)),
      consultationId,
      ...body,
    });
    res.json(result.consultation);
  });

  return r;
}
