// Case routes under /api/cases: intake, the case list, one case, its timeline and screening.
import { Router, type Request, type Response } from 'express';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth';
import { nowOf, todayOf, type AppDeps } from '../deps';
import { HttpProblem, forbidden, invalid, parseInput } from '../problems';
import { caseExists, caseIdForRef, caseTimeline, loadCase, loadCaseFor } from '../caseRepository';
import { listCases, withoutLimitDate } from '../caseListRepository';
import { answerWithin, runCaseCommand } from '../commands';
import { problemFromTemporal } from '../temporalErrors';
import { EVERYONE, type ApiOperation } from '../openapi';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import { actorRef } from '../../domain/kernel/actor';
import { caseIntakeSchema, retentionIntakeSchema, triStateSchema, type ResolvedIntake, type ResolvedRetentionIntake } from '../../domain/case/caseIntake.schema';
import { checkFastTrackRequest } from '../../domain/retention/fastTrack';
import { caseStatusSchema } from '../../domain/case/caseState.schema';
import { renderCaseView } from '../../domain/case/case.view';
import { policyFor } from '../../domain/kernel/policy';
import { renderCitizenView } from '../../domain/case/citizen.view';
import { screen } from '../../domain/case/eligibility';
import { awaitProjectionUpdate, caseWorkflowId, updateScreeningUpdate } from '../../workflows/case/case.messages';
import type { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';

import { caseIdFor, retentionCaseIdFor } from '../caseIds';

/** Case ids are derived from the injury case reference (keyed, api/caseIds.ts), so Temporal itself rejects a duplicate start. */
export { caseIdFor };

const listQuerySchema = z.object({
  status: caseStatusSchema.optional(),
  municipality: z.string().regex(/^\d{3}$/, 'must be a 3-digit municipality code').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const screeningBodySchema = z
  .object({
    recognised: triStateSchema.optional(),
    permanentConsequences: triStateSchema.optional(),
    canReturnToFormerWork: triStateSchema.optional(),
    riskScore: z.number().int().min(0).max(100).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one of the screening fields' });

export const caseOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases',
    summary: 'Open a case (intake and screening)',
    tags: ['Cases'],
    description:
      'A work-injury case (`kind` absent or `work-injury`, consultants and caseworkers; the schema below) or a job centre retention case (`kind: "retention"`, caseworkers of the municipality only: no injury case, no insurer, no legal track). The retention body: `{ kind: "retention", municipalityCode, citizenRef, referral: { source: fast-track-employer | fast-track-employee | information-form | jobcentre-initiative | employer-contact, note? }, citizen, consentToEmployerInvolvement?, caseworker?, employer?, sickLeave: { firstSickDay }, riskScore?, fastTrack?: { requestedOn, answers?: { affectedFunctions, affectedSince, jobAdapted }, employeeConsent? } }` (docs/api.md, "Job centre retention cases"); an employer\'s fast-track request after week 5 of absence is refused with 422 `fast-track-too-late`.',
    roles: ['consultant', 'caseworker'],
    // The work-injury intake's schema (clients and the existing contract read it as an object); the retention
    // intake (`kind: "retention"`, retentionIntakeSchema) is described above and in docs/api.md.
    body: caseIntakeSchema,
    responses: {
      201: '`{ caseId, kind, status, screening }`; `Location` names the case.',
      409: 'A case for this `injuryCaseRef` (or, for a retention case, this municipality, `citizenRef` and first sick day) exists (`caseId` names it).',
      422: 'A retention case whose fast-track request is refused (`fast-track-too-late`, `fast-track-date`).',
    },
  },
  {
    method: 'get',
    path: '/api/cases',
    summary: 'Cases the caller may see, newest first',
    tags: ['Cases'],
    roles: EVERYONE,
    query: listQuerySchema,
    responses: { 200: '`{ items: [CaseSummary], nextCursor }` (no `limitDate` for employers).' },
  },
  {
    method: 'get',
    path: '/api/cases/{caseId}',
    summary: 'The case as the caller may see it',
    description:
      "Employers get the retention track only: no `decisions`, `appeals`, `medical`, `sickPay`, `injury`, `riskScore` keys, no `union`. A citizen's token gets the plain-Danish citizen view of its own case (as `GET /api/citizen/case`).",
    tags: ['Cases'],
    roles: [...EVERYONE, 'citizen'],
    responses: { 200: 'The case view.' },
  },
  {
    method: 'get',
    path: '/api/cases/{caseId}/timeline',
    summary: 'Timeline events, filtered like the case',
    tags: ['Cases'],
    roles: EVERYONE,
    responses: { 200: '`{ events: [{ seq, at, type, actor, track, summary }] }`' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/screening',
    summary: 'Complete or correct the screening criteria',
    tags: ['Cases'],
    roles: ['consultant', 'caseworker'],
    body: screeningBodySchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: '`{ status }`' },
  },
];

// The cursor is opaque to clients: the position after the last case of the page.
function encodeCursor(createdAt: string, caseId: string): string {
  return Buffer.from(JSON.stringify([createdAt, caseId])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; caseId: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !isNaN(Date.parse(v[0]))) {
      return { createdAt: v[0], caseId: v[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalid('The cursor is not one this API gave out.', [{ path: 'cursor', message: 'unknown cursor' }]);
}

/** Routes under /api/cases. */
export function caseRoutes(deps: AppDeps): Router {
  const r = Router();

  /**
   * Starts a case's workflow with its intake and answers once the case is in the read model; a second start of
   * the same id (a retry, a duplicate) answers `conflict()` once the first case is projected.
   */
  const startCase = async (caseId: string, intake: ResolvedIntake | ResolvedRetentionIntake, actor: ReturnType<typeof actorOf>, conflict: () => Promise<HttpProblem>) => {
    // Start and the first Update in one call: the Update reaches the workflow in its first task, so it
    // answers after the projection however fast a rejected case's workflow finishes.
    const start = new WithStartWorkflowOperation<typeof retentionCaseWorkflow>('retentionCaseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: deps.taskQueue,
      args: [{ caseId, opening: { intake, actor: actorRef(actor) } }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
    try {
      return await answerWithin(deps.client, () => deps.client.workflow.executeUpdateWithStart(awaitProjectionUpdate, { args: [{}], startWorkflowOperation: start }));
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        // Usually the retry of an attempt whose client stopped waiting (503, a dropped connection): that
        // case may not be in the read model yet, and the caller's next command would get 404. Answer once
        // it is, as the first attempt would have (a 503 again if that takes too long; a finished case is final).
        await runCaseCommand(deps.client, caseId, awaitProjectionUpdate, {}).catch((waitErr: unknown) => {
          if (waitErr instanceof HttpProblem && waitErr.status === 503) throw waitErr;
        });
        throw await conflict();
      }
      problemFromTemporal(err);
    }
  };

  /** A job centre retention case: opened by the municipality's own caseworkers, id from municipality, citizen reference and first sick day. */
  const openRetention = async (req: Request, res: Response) => {
    const actor = actorOf(res);
    const body = parseInput(retentionIntakeSchema, req.body);
    // The job centre's own work: the Retention Centre's consultants take work-injury cases only.
    if (actor.role !== 'caseworker') throw forbidden("A job centre retention case is opened by the municipality's own caseworkers.");
    if (actor.organisation !== body.municipalityCode) throw forbidden('A caseworker opens cases for their own municipality only.');
    if (body.fastTrack) {
      const by = body.referral.source === 'fast-track-employer' ? 'employer' : 'employee';
      // Refused here, before a workflow starts (answered as problem+json like every DomainRejection).
      checkFastTrackRequest(body.sickLeave.firstSickDay, by, body.fastTrack.requestedOn, policyFor(todayOf(deps)));
    }
    const intake: ResolvedRetentionIntake = {
      ...body,
      citizenRef: body.citizenRef.toUpperCase(),
      caseworker: body.caseworker ?? { name: actor.name, email: actor.email },
    };
    const caseId = retentionCaseIdFor(intake.municipalityCode, intake.citizenRef, intake.sickLeave.firstSickDay);
    const conflict = async () =>
      new HttpProblem(409, 'duplicate-case', 'Case exists', `A retention case for ${intake.citizenRef} from ${intake.sickLeave.firstSickDay} already exists.`, { caseId });
    if (await caseExists(deps.pool, caseId)) throw await conflict();
    const result = await startCase(caseId, intake, actor, conflict);
    res.status(201).location(`/api/cases/${caseId}`).json({ caseId, kind: 'retention', status: result.status, screening: { status: result.status, reasons: [], missing: [] } });
  };

  r.post('/', requireRole('consultant', 'caseworker'), async (req, res) => {
    if ((req.body as { kind?: unknown } | undefined)?.kind === 'retention') return openRetention(req, res);
    const actor = actorOf(res);
    const body = parseInput(caseIntakeSchema, req.body);
    if (actor.role === 'caseworker' && actor.organisation !== body.municipalityCode) {
      throw forbidden('A caseworker opens cases for their own municipality only.');
    }
    // The consultant owns the centre's tasks of the case: only the centre itself may name one.
    if (body.consultant && actor.role !== 'consultant') {
      throw forbidden('Only a Retention Centre consultant may name the consultant of a case.');
    }
    const caseworker = body.caseworker ?? (actor.role === 'caseworker' ? { name: actor.name, email: actor.email } : undefined);
    if (!caseworker) {
      throw invalid('The request body has invalid fields.', [{ path: 'caseworker', message: 'required when the caller is not a caseworker' }]);
    }
    const intake: ResolvedIntake = {
      ...body,
      injuryCaseRef: body.injuryCaseRef.toUpperCase(),
      caseworker,
      consultant: body.consultant ?? (actor.role === 'consultant' ? { name: actor.name, email: actor.email } : null),
    };
    const caseId = caseIdFor(intake.injuryCaseRef);
    // By reference, so a case opened under the old unkeyed id (api/caseIds.ts) is found as well.
    const existing = await caseIdForRef(deps.pool, intake.injuryCaseRef);
    // The existing case's id only for those who may see it: to others it would disclose the case.
    const conflict = async () => {
      const existingId = (await caseIdForRef(deps.pool, intake.injuryCaseRef)) ?? caseId;
      const seesAll = actor.role === 'consultant' || actor.role === 'supervisor';
      const visible = seesAll || (await loadCase(deps.pool, actor, existingId).then(() => true, () => false));
      return new HttpProblem(409, 'duplicate-case', 'Case exists', `A case for ${intake.injuryCaseRef} already exists.`, visible ? { caseId: existingId } : {});
    };
    if (existing) throw await conflict();
    const result = await startCase(caseId, intake, actor, conflict);
    res.status(201).location(`/api/cases/${caseId}`).json({ caseId, kind: 'work-injury', status: result.status, screening: screen(intake.injury) });
  });

  r.get('/', async (req, res) => {
    const actor = actorOf(res);
    const q = parseInput(listQuerySchema, req.query, 'query');
    // One more than the page, to know whether another page follows.
    const rows = await listCases(deps.pool, actor, {
      status: q.status,
      municipality: q.municipality,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    res.json({
      items: actor.role === 'employer' ? page.map(withoutLimitDate) : page,
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].createdAt, page[page.length - 1].caseId) : null,
    });
  });

  r.get('/:caseId', async (req, res) => {
    const { state, access } = await loadCase(deps.pool, actorOf(res), req.params.caseId);
    const day = todayOf(deps);
    res.json(access.citizen ? renderCitizenView(state, day, policyFor(day)) : renderCaseView(state, access, day, policyFor(day)));
  });

  r.get('/:caseId/timeline', async (req, res) => {
    const { state, access } = await loadCase(deps.pool, actorOf(res), req.params.caseId);
    res.json({ events: await caseTimeline(deps.pool, state.caseId, access.legalTrack) });
  });

  r.post('/:caseId/screening', async (req, res) => {
    const actor = actorOf(res);
    const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'screen', 'Only the centre and the municipality screen cases.');
    const body = parseInput(screeningBodySchema, req.body);
    // Answered from the case when a retry comes after the change took effect (a rejected case's workflow has ended).
    const cmd = keyedCommand(req, updateScreeningUpdate, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, updateScreeningUpdate, cmd.input, cmd.updateId));
    res.json({ status: result.status });
  });

  return r;
}
