// Keys kept in the entity's state (time-skipping server): a case decision and a subsidy information round
// retried after continue-as-new, where update ids deduplicate no more, take effect once; another body is 422.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { copenhagenInstant, localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays, type LocalDate } from '../../domain/calendar/localDate';
import type { SubsidyRequest } from '../../domain/subsidies/subsidies';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { subsidyWorkflow } from '../../workflows/subsidy/subsidyWorkflow';
import { addInformationUpdate, awaitSubsidyUpdate, getSubsidyQuery, insurerDecisionUpdate, subsidyWorkflowId } from '../../workflows/subsidy/subsidy.messages';
import { awaitProjectionUpdate, getCaseQuery, makeDecisionUpdate } from '../../workflows/case/case.messages';
import { resolvedIntake } from '../support/fixtures';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

const consultant = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
const insurer = { actorId: 'insurer-1', role: 'insurer' as const, name: 'Forsikring A' };
type Handle = WorkflowHandleWithFirstExecutionRunId<typeof retentionCaseWorkflow>;

const started: Array<{ terminate(reason: string): Promise<unknown> }> = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test over').catch(() => undefined);
});

const today = async (): Promise<LocalDate> => localDateInCopenhagen(await kit.env.currentTimeMs());
const sleepUntil = async (ms: number) => kit.env.sleep(Math.max(ms - (await kit.env.currentTimeMs()), 1));

/** An active case whose workflow continues as new once its history passes `historyLimit` events. */
async function openCase(taskQueue: string, historyLimit: number) {
  // The limit lies 12 weeks ahead.
  const intake = resolvedIntake(addDays(await today(), -(40 * 7 + 21)));
  const caseId = `wfi-${intake.injuryCaseRef}`;
  const handle: Handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: `case-${caseId}`,
    args: [{ caseId, opening: { intake, actor: consultant }, continueAsNewAfterHistoryLength: historyLimit }],
  });
  started.push(handle);
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  return { handle, intake, caseId };
}

/** Update ids the current run of a workflow has accepted. */
async function acceptedUpdateIds(handle: Pick<WorkflowHandle, 'fetchHistory'>) {
  return ((await handle.fetchHistory()).events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId).filter(Boolean);
}

/**
 * Waits until the workflow runs on in a run that has never seen `updateId` (so Temporal cannot join a
 * retry to the first update), adding history with no-op updates (`poke`) until continue-as-new is due.
 */
async function untilContinuedPast(handle: Pick<WorkflowHandle, 'fetchHistory'>, updateId: string, poke: () => Promise<unknown>) {
  await eventually(async () => {
    if (!(await acceptedUpdateIds(handle)).includes(updateId)) return true;
    await poke();
    return false;
  });
}

// Acknowledged: every earning-capacity decision collides with the unused extension ground.
const interim = {
  kind: 'interim' as const,
  earningCapacityLossPct: 25,
  justification: 'Erhvervsevnen er nedsat efter arbejdsprøvning hos arbejdsgiveren.',
  acknowledgeRuleCollision: true,
  nextIncomeBasis: 'jobafklaringsforløb',
};

test('a decision retried with its key after continue-as-new: one decision, one revision task, one reminder; another body → 422 unrecorded', async () => {
  await kit.withWorker(async (taskQueue) => {
    const { handle, intake, caseId } = await openCase(taskQueue, 25);
    const key = `dec-${randomUUID()}`;
    // As the API sends it: the key in the input, and as (part of) the update id.
    const decide = (body: typeof interim, updateId = `makeDecision:${key}`) =>
      handle.executeUpdate(makeDecisionUpdate, { args: [{ actor: consultant, ...body, idempotencyKey: key }], updateId });

    const first = await decide(interim);
    // The case continues as new; the run that takes the retry has never seen its update id.
    await untilContinuedPast(handle, `makeDecision:${key}`, () => handle.executeUpdate(awaitProjectionUpdate, { args: [{}] }));
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);

    // The client never saw the answer and retries: same key, same body, same update id, new run.
    const again = await decide(interim);
    expect(again).toEqual(first);
    const s = await handle.query(getCaseQuery);
    expect(s.decisions.map((d) => d.decisionId)).toEqual([first.decision.decisionId]);
    expect(s.tasks.filter((t) => t.kind === 'revision')).toEqual([expect.objectContaining({ ref: first.decision.decisionId, status: 'open' })]);

    // Another body under the key (even with its own update id) is refused by the validator: no history event.
    const otherUpdateId = `makeDecision:${key}:other`;
    await expect(decide({ ...interim, earningCapacityLossPct: 40 }, otherUpdateId)).rejects.toMatchObject({ cause: { type: 'idempotency-key-reused' } });
    expect(await acceptedUpdateIds(handle)).not.toContain(otherUpdateId);
    expect((await handle.query(getCaseQuery)).seq).toBe(s.seq);

    // One set of emails: past the revision's due date exactly one revision reminder goes out.
    const centreEmail = intake.consultant!.email;
    const revisionReminders = async () => (await caughtMail(centreEmail)).filter((m) => m.subject.startsWith('Påmindelse: Revidér'));
    await sleepUntil(copenhagenInstant(addDays(first.decision.revisionDueOn!, 2), 12));
    await eventually(async () => (await revisionReminders()).length >= 1);
    await kit.env.sleep('2 days');
    expect(await revisionReminders()).toHaveLength(1);
    const outbox = await kit.pool.query(`SELECT count(*)::int AS n FROM email_outbox WHERE key LIKE 'task-reminder:' || $1 || '-%'`, [caseId]);
    expect(outbox.rows[0].n).toBe(1);
  });
});

const request: SubsidyRequest = {
  kind: 'aids',
  description: 'Specialstol',
  amountDkk: 8000,
  justification: 'Med en specialstol kan borgeren arbejde flere timer om ugen hos sin arbejdsgiver.',
  expectedEffect: null,
};

test('a subsidy information round retried with its key after continue-as-new: one round, one email to the insurer', async () => {
  await kit.withWorker(async (taskQueue) => {
    const { intake, caseId } = await openCase(taskQueue, 10_000);
    const subsidyId = `${caseId}-S1`;
    const handle = await kit.env.client.workflow.start(subsidyWorkflow, {
      taskQueue,
      workflowId: subsidyWorkflowId(subsidyId),
      args: [
        {
          subsidyId,
          opening: {
            caseRef: { caseId, injuryCaseRef: intake.injuryCaseRef, insurer: intake.insurer, owner: { role: 'consultant', name: 'Karen Konsulent', email: intake.consultant!.email } },
            request,
            actor: consultant,
          },
          continueAsNewAfterHistoryLength: 25,
        },
      ],
    });
    started.push(handle);
    await handle.executeUpdate(awaitSubsidyUpdate, { args: [{}] });
    await handle.executeUpdate(insurerDecisionUpdate, {
      args: [{ actor: insurer, insurerId: intake.insurer.id, key: 'ins-1', decision: { decision: 'info-requested', note: 'Hvilken stol?' } }],
    });

    const key = `info-${randomUUID()}`;
    const addInfo = (information: string, updateId = `addInformation:${key}`) =>
      handle.executeUpdate(addInformationUpdate, { args: [{ actor: consultant, information, idempotencyKey: key }], updateId });
    const first = await addInfo('En kontorstol med armlæn.');
    expect(first).toMatchObject({ status: 'requested', round: 2 });
    await untilContinuedPast(handle, `addInformation:${key}`, () => handle.executeUpdate(awaitSubsidyUpdate, { args: [{}] }));
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);

    expect(await addInfo('En kontorstol med armlæn.')).toEqual(first);
    expect((await handle.query(getSubsidyQuery)).round).toBe(2);
    await expect(addInfo('En anden stol.', `addInformation:${key}:other`)).rejects.toMatchObject({ cause: { type: 'idempotency-key-reused' } });
    expect(await acceptedUpdateIds(handle)).not.toContain(`addInformation:${key}:other`);

    // The insurer was asked twice (the request and round 2), never a third time.
    const asked = async () => (await caughtMail(intake.insurer.email)).filter((m) => m.subject.includes('Anmodning om tilskud'));
    await eventually(async () => (await asked()).length >= 2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await asked()).toHaveLength(2);
  });
});
