// Consent and power-of-attorney routes under /api/cases/{caseId}: the citizen's consent to the
// municipality and to the employer's involvement, and a union's power of attorney, recorded over time.
import { Router, type Request } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { actorOf } from '../auth';
import { nowOf, type AppDeps } from '../deps';
import { parseInput } from '../problems';
import { loadCaseFor } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import type { ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import { consentInputSchema, powerOfAttorneyInputSchema } from '../../domain/case/consent.schema';
import { recordConsentUpdate, recordPowerOfAttorneyUpdate, type CommandInput, type CommandResult } from '../../workflows/case/case.messages';

export const consentOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases/{caseId}/consents',
    summary: "Record the citizen's consent to the municipality or to the employer's involvement, given or withdrawn",
    description:
      "Access follows at once: a withdrawn consent to the municipality hides the case from the municipality's staff (404), a withdrawn consent to the employer's involvement hides it from the employer. On the timeline (legal track) and in `consentLog`; the request is in the audit log.",
    tags: ['Cases'],
    roles: ['consultant'],
    body: consentInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: '`{ caseId, status, kind, given }`', 422: 'A closed case, a future date, or `employer` on a case without one.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/power-of-attorney',
    summary: "Record the union's power of attorney (none, partial, full) from a date",
    description: 'Access follows at once: `none` hides the case from the union. On the timeline (legal track) and in `consentLog`.',
    tags: ['Cases'],
    roles: ['consultant'],
    body: powerOfAttorneyInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: '`{ caseId, status, powerOfAttorney }`', 422: 'A closed case, a future date, or a case without a union.' },
  },
];

/** Routes under /api/cases for consent and power of attorney. */
export function consentRoutes(deps: AppDeps): Router {
  const r = Router();

  function command<S extends z.ZodObject, R extends object>(path: string, schema: S, update: UpdateDefinition<R & CommandResult, [CommandInput & z.infer<S>]>) {
    r.post(path, async (req: Request<{ caseId: string }>, res) => {
      const actor = actorOf(res);
      const { state } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'record-consent', 'Only the Retention Centre records consent and power of attorney.');
      const body = parseInput(schema, req.body);
      const cmd = keyedCommand(req, update, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
      const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, update, cmd.input, cmd.updateId));
      const { seq: _seq, ...answer } = result as R & CommandResult;
      res.json({ caseId: state.caseId, ...answer });
    });
  }

  command('/:caseId/consents', consentInputSchema, recordConsentUpdate);
  command('/:caseId/power-of-attorney', powerOfAttorneyInputSchema, recordPowerOfAttorneyUpdate);
  return r;
}
