// Sick-pay routes under /api/cases/{caseId}/sick-leave: periods back at work or sick again, and the
// correction of the first sick day; each answers with the recalculated sick-pay view.
import { Router, type Request } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { actorOf } from '../auth';
import { nowOf, todayOf, type AppDeps } from '../deps';
import { parseInput } from '../problems';
import { loadCase, loadCaseFor } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import type { ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import { requirePhase } from '../../domain/case/casePhase';
import { sickPayView } from '../../domain/sick-pay/sickPay.view';
import { policyFor } from '../../domain/kernel/policy';
import { firstSickDayCorrectionInputSchema, partialSickLeaveInputSchema, sickLeavePeriodInputSchema } from '../../domain/sick-pay/sickLeave.schema';
import { correctFirstSickDayUpdate, recordPartialSickLeaveUpdate, recordSickLeavePeriodUpdate, type CommandInput, type CommandResult } from '../../workflows/case/case.messages';

export const sickPayOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases/{caseId}/sick-leave/periods',
    summary: 'Record a return to work or a resumption of sick leave',
    description: 'Days back at work do not count towards the limit; the limit and every pending reminder move. Dates may not lie in the future.',
    tags: ['Sick pay'],
    roles: ['consultant', 'caseworker'],
    body: sickLeavePeriodInputSchema,
    headers: idempotencyKeyHeader(false),
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
    headers: idempotencyKeyHeader(false),
    responses: { 200: 'The new `sickPay` view.', 422: 'Case not open, the same day, a future date, or periods that no longer fit.' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/sick-leave/partial',
    summary: 'Record a period of partial sick leave (hours worked of the normal hours)',
    description:
      'Partial sick leave counts towards the limit like full sick days (docs/sick-pay-rules.md "Partial sick leave"): the limit does not move; `sickPay.partialPeriods` and the explanation show it. Rising hours are a new period from the day they rise; an open period before it ends the day before.',
    tags: ['Sick pay'],
    roles: ['consultant', 'caseworker'],
    body: partialSickLeaveInputSchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: 'The new `sickPay` view.', 422: 'Case not open, a future date, a period during a full return to work, or out of order.' },
  },
];

/** Routes under /api/cases for the sick-pay clock. */
export function sickPayRoutes(deps: AppDeps): Router {
  const r = Router();

  /** One sick-pay command: access, body, phase, the update, then the view read after the update has answered. */
  function command<S extends z.ZodObject>(path: string, schema: S, update: UpdateDefinition<CommandResult, [CommandInput & z.infer<S>]>, refusal: string) {
    r.post(path, async (req: Request<{ caseId: string }>, res) => {
      const actor = actorOf(res);
      const { state, access } = await loadCaseFor(deps.pool, actor, req.params.caseId, 'record-sick-leave', refusal);
      const body = parseInput(schema, req.body);
      const cmd = keyedCommand(req, update, { actor: actorRef(actor), ...body }, state.idempotencyKeys, nowOf(deps));
      // A retry whose first attempt took effect changes nothing (its phase check may refuse it by now).
      if (!cmd.recorded) {
        requirePhase(state, 'record-sick-leave');
        await runCaseCommand(deps.client, state.caseId, update, cmd.input, cmd.updateId);
      }
      // Without the citizen's consent the municipality records its own sick leave but reads nothing back.
      if (!access.visible) {
        res.json({ caseId: state.caseId, recorded: true });
        return;
      }
      const after = await loadCase(deps.pool, actor, state.caseId);
      const day = todayOf(deps);
      res.json(sickPayView(after.state, day, policyFor(day)));
    });
  }

  command('/:caseId/sick-leave/periods', sickLeavePeriodInputSchema, recordSickLeavePeriodUpdate, 'Only the centre and the municipality record sick leave.');
  command('/:caseId/sick-leave/partial', partialSickLeaveInputSchema, recordPartialSickLeaveUpdate, 'Only the centre and the municipality record sick leave.');
  command(
    '/:caseId/sick-leave/first-sick-day',
    firstSickDayCorrectionInputSchema,
    correctFirstSickDayUpdate,
    'Only the centre and the municipality correct sick leave.',
  );

  return r;
}
