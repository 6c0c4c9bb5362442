// Job centre retention cases on the time-skipping server: the fast track as timers (first conversation two
// weeks after the request, or by the end of week 8 when the employee declines, each reminded and escalated
// like any task), the employer's late request refused, the high-risk score's early roundtable, partial sick
// leave on the clock and a relapse in aftercare.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { ResolvedRetentionIntake } from '../../domain/case/caseIntake.schema';
import type { CaseState } from '../../domain/case/caseState.schema';
import type { Task } from '../../domain/tasks/tasks.schema';
import { addBusinessDays } from '../../domain/calendar/businessDays';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays, compareDates, type LocalDate } from '../../domain/calendar/localDate';
import { CURRENT_POLICY as policy } from '../../domain/kernel/policy';
import { taskEscalationAt, taskReminderAt } from '../../domain/tasks/tasks.alarms';
import { computeSickPayClock } from '../../domain/sick-pay/sickPay';
import { planDatesOf } from '../../domain/supervision/stuckRules';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import {
  awaitProjectionUpdate,
  cancelTaskUpdate,
  closeCaseUpdate,
  completeTaskUpdate,
  recordPartialSickLeaveUpdate,
  recordRelapseUpdate,
  recordSickLeavePeriodUpdate,
  getCaseQuery,
  makeDecisionUpdate,
  recordFastTrackProgressUpdate,
  requestFastTrackUpdate,
  addPlanMilestoneUpdate,
  recordMilestoneProgressUpdate,
} from '../../workflows/case/case.messages';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

const started: Array<{ terminate(reason?: string): Promise<unknown> }> = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test over').catch(() => undefined);
});

type Handle = WorkflowHandleWithFirstExecutionRunId<typeof retentionCaseWorkflow>;
const actor = { actorId: 'caseworker-1', role: 'caseworker' as const, name: 'Søren Sagsbehandler' };
const sleepUntil = async (ms: number) => kit.env.sleep(Math.max(ms - (await kit.env.currentTimeMs()), 1));
const serverToday = async (): Promise<LocalDate> => localDateInCopenhagen(await kit.env.currentTimeMs());
const openTask = (s: CaseState, kind: Task['kind']): Task | undefined => s.tasks.find((t) => t.kind === kind && t.status === 'open');

function retentionIntake(firstSickDay: LocalDate, over: Partial<ResolvedRetentionIntake> = {}): ResolvedRetentionIntake {
  const tag = randomUUID().slice(0, 8);
  return {
    kind: 'retention',
    municipalityCode: '751',
    citizenRef: `JC-${tag}`,
    referral: { source: 'jobcentre-initiative' },
    citizen: { name: 'Mette Madsen', email: `mette-${tag}@borger.local` },
    consentToEmployerInvolvement: true,
    caseworker: { name: 'Søren Sagsbehandler', email: `sb-${tag}@aarhus.local` },
    employer: { name: 'Byg & Co ApS', cvr: '12345678', email: `hr-${tag}@bygco.local`, stillEmployed: true },
    sickLeave: { firstSickDay },
    ...over,
  };
}

async function open(taskQueue: string, intake: ResolvedRetentionIntake): Promise<Handle> {
  const caseId = `wf-ret-${intake.citizenRef}`;
  const handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: `case-${caseId}`,
    args: [{ caseId, opening: { intake, actor } }],
  });
  started.push(handle);
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  return handle;
}

/** Sleeps past the task's reminder and then its escalation, checking each fired (and the reminder email went out). */
async function expectRemindedThenEscalated(handle: Handle, task: Task): Promise<void> {
  await sleepUntil(taskReminderAt(task, policy) - 3_600_000);
  expect(openTask(await handle.query(getCaseQuery), task.kind)?.remindedOn).toBeNull();
  await sleepUntil(taskReminderAt(task, policy) + 60_000);
  const reminded = await eventually(async () => (await handle.query(getCaseQuery)).tasks.find((t) => t.taskId === task.taskId)?.remindedOn ?? undefined);
  expect(compareDates(reminded, task.dueOn)).toBeGreaterThanOrEqual(0);
  await eventually(async () => (await caughtMail(task.owner.email)).some((m) => m.subject.includes(task.title.slice(0, 20))));
  await sleepUntil(taskEscalationAt(task, policy) - 3_600_000);
  expect((await handle.query(getCaseQuery)).tasks.find((t) => t.taskId === task.taskId)?.escalatedOn).toBeNull();
  await sleepUntil(taskEscalationAt(task, policy) + 60_000);
  await eventually(async () => (await handle.query(getCaseQuery)).tasks.find((t) => t.taskId === task.taskId)?.escalatedOn ?? undefined);
}

test('an employer fast-track request in week 3: the first conversation is due 2 weeks later, reminded and escalated; the three answers are a task', async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = await serverToday();
    const firstSickDay = addDays(today, -16); // day 17 of absence: week 3
    const handle = await open(taskQueue, retentionIntake(firstSickDay, { referral: { source: 'fast-track-employer' }, fastTrack: { requestedOn: today } }));
    const s = await handle.query(getCaseQuery);
    expect(s).toMatchObject({ kind: 'retention', status: 'active', insurer: null, injury: null, injuryCaseRef: null });
    expect(s.fastTrack).toMatchObject({ requestedBy: 'employer', requestedOn: today, answers: null, firstConversationDueOn: addDays(today, 14) });
    const answers = openTask(s, 'fast-track-answers')!;
    expect(answers).toMatchObject({ owner: { role: 'caseworker' }, dueOn: addBusinessDays(today, 2, policy) });
    const conversation = openTask(s, 'first-conversation')!;
    expect(conversation.dueOn).toBe(addDays(today, 14));
    // Recording the answers keeps that promise; the conversation's timers run on.
    await handle.executeUpdate(recordFastTrackProgressUpdate, {
      args: [{ actor, answers: { affectedFunctions: 'Tunge løft', affectedSince: '3 uger', jobAdapted: false } }],
    });
    expect(openTask(await handle.query(getCaseQuery), 'fast-track-answers')).toBeUndefined();
    await expectRemindedThenEscalated(handle, conversation);
    // Held at last: the task is kept by recording the conversation, not by ticking it off.
    await expect(handle.executeUpdate(completeTaskUpdate, { args: [{ actor, taskId: conversation.taskId }] })).rejects.toMatchObject({ cause: { type: 'kept-elsewhere' } });
    const heldOn = await serverToday();
    const { fastTrack } = await handle.executeUpdate(recordFastTrackProgressUpdate, { args: [{ actor, firstConversationOn: heldOn }] });
    expect(fastTrack.firstConversationOn).toBe(heldOn);
    expect(openTask(await handle.query(getCaseQuery), 'first-conversation')).toBeUndefined();
  });
});

test('a declined fast track moves the first conversation to the end of week 8 of absence, with a reminder and escalation of its own', async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = await serverToday();
    const firstSickDay = addDays(today, -20);
    const handle = await open(taskQueue, retentionIntake(firstSickDay, { referral: { source: 'fast-track-employee' }, fastTrack: { requestedOn: today, employeeConsent: true } }));
    const before = openTask(await handle.query(getCaseQuery), 'first-conversation')!;
    expect(before.dueOn).toBe(addDays(today, 14));
    await handle.executeUpdate(recordFastTrackProgressUpdate, { args: [{ actor, employeeConsent: false }] });
    const s = await handle.query(getCaseQuery);
    const endOfWeek8 = addDays(firstSickDay, 55);
    expect(s.fastTrack).toMatchObject({ employeeConsent: false, firstConversationDueOn: endOfWeek8 });
    expect(s.tasks.find((t) => t.taskId === before.taskId)).toMatchObject({ status: 'cancelled' });
    const after = openTask(s, 'first-conversation')!;
    expect(after.dueOn).toBe(endOfWeek8);
    // Nothing fires on the old date.
    await sleepUntil(taskReminderAt(before, policy) + 3_600_000);
    expect(openTask(await handle.query(getCaseQuery), 'first-conversation')!.remindedOn).toBeNull();
    await expectRemindedThenEscalated(handle, after);
  });
});

test("an employer's fast-track request in week 6 is refused; the case is unchanged", async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = await serverToday();
    const firstSickDay = addDays(today, -37); // day 38: week 6
    const handle = await open(taskQueue, retentionIntake(firstSickDay));
    const before = await handle.query(getCaseQuery);
    await expect(handle.executeUpdate(requestFastTrackUpdate, { args: [{ actor, requestedBy: 'employer', requestedOn: today }] })).rejects.toMatchObject({
      cause: { type: 'fast-track-too-late' },
    });
    expect((await handle.query(getCaseQuery)).seq).toBe(before.seq);
    // The employee may still ask.
    const { fastTrack } = await handle.executeUpdate(requestFastTrackUpdate, { args: [{ actor, requestedBy: 'employee', requestedOn: today }] });
    expect(fastTrack.firstConversationDueOn).toBe(addDays(today, 14));
  });
});

test('a high risk score creates the early roundtable task and weekly follow-ups; a low score the standard schedule', async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = await serverToday();
    const high = await open(taskQueue, retentionIntake(addDays(today, -10), { riskScore: policy.intake.riskScoreHigh }));
    const s = await high.query(getCaseQuery);
    expect(openTask(s, 'early-roundtable')).toMatchObject({ dueOn: addBusinessDays(today, policy.retention.earlyRoundtableBusinessDays, policy), owner: { role: 'caseworker' } });
    const followUp = openTask(s, 'high-risk-follow-up')!;
    expect(followUp.dueOn).toBe(addDays(today, policy.retention.highRiskFollowUpDays));
    // Done: the next follow-up a week later.
    await high.executeUpdate(completeTaskUpdate, { args: [{ actor, taskId: followUp.taskId }] });
    const next = openTask(await high.query(getCaseQuery), 'high-risk-follow-up')!;
    expect(next.taskId).not.toBe(followUp.taskId);
    expect(next.dueOn).toBe(addDays(today, policy.retention.highRiskFollowUpDays));

    const low = await open(taskQueue, retentionIntake(addDays(today, -10), { riskScore: policy.intake.riskScoreHigh - 1 }));
    const l = await low.query(getCaseQuery);
    expect(l.tasks).toEqual([]);
    // No legal track on a retention case: a decision is refused.
    await expect(
      low.executeUpdate(makeDecisionUpdate, {
        args: [{ actor, kind: 'final', permanentInjuryPct: 10, justification: 'Begrundelse for afgørelsen her.' } as never],
      }),
    ).rejects.toMatchObject({ cause: { type: 'case-kind' } });
  });
});

test('a 50 % partial period counts like full sick days: the limit stays where it was (a full return of the same length would move it)', async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = await serverToday();
    const firstSickDay = addDays(today, -60);
    const handle = await open(taskQueue, retentionIntake(firstSickDay));
    const limit = (s: CaseState) => computeSickPayClock(s.sickLeave, today, policy);
    const before = limit(await handle.query(getCaseQuery)).limitDate;
    await handle.executeUpdate(recordPartialSickLeaveUpdate, {
      args: [{ actor, from: addDays(today, -30), to: addDays(today, -10), workingHoursPerWeek: 18.5, normalHoursPerWeek: 37 }],
    });
    const s = await handle.query(getCaseQuery);
    const clock = limit(s);
    expect(clock.limitDate).toBe(before);
    expect(clock.paused).toBe(false);
    expect(clock.explanation.partialPeriods).toEqual([expect.objectContaining({ from: addDays(today, -30), sickPct: 50 })]);
    expect(clock.explanation.lines.some((l) => l.includes('sygemeldt 50 %') && l.includes('tæller som hele sygedage'))).toBe(true);
    // The same 21 days fully back at work would have moved the limit 20 days.
    const full = computeSickPayClock(
      { firstSickDay, periods: [{ kind: 'return-to-work', date: addDays(today, -30) }, { kind: 'resumed', date: addDays(today, -10) }] },
      today,
      policy,
    );
    expect(full.limitDate).toBe(addDays(before, 20));
  });
});

test('a relapse in aftercare reopens the case to active with its plan and history', async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = await serverToday();
    const handle = await open(taskQueue, retentionIntake(addDays(today, -40), { riskScore: 90 }));
    const s0 = await handle.query(getCaseQuery);
    for (const t of s0.tasks.filter((x) => x.status === 'open')) await handle.executeUpdate(cancelTaskUpdate, { args: [{ actor, taskId: t.taskId, reason: 'Klaret ved samtale.' }] });
    // The plan: a partial return, kept.
    const owner = { role: 'caseworker', name: 'Søren Sagsbehandler', email: 'sb-plan@aarhus.local' };
    const { milestone } = await handle.executeUpdate(addPlanMilestoneUpdate, { args: [{ actor, kind: 'partial-return', owner, dueOn: today, hoursPerWeek: 20 }] });
    await handle.executeUpdate(recordMilestoneProgressUpdate, { args: [{ actor, milestoneId: milestone.milestoneId, note: 'Arbejder 20 timer', kept: true }] });
    await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor, kind: 'return-to-work', date: addDays(today, -5) }] });
    await handle.executeUpdate(closeCaseUpdate, { args: [{ actor, outcome: 'same-employer' }] });
    const inAftercare = await handle.query(getCaseQuery);
    expect(inAftercare.status).toBe('aftercare');
    const checkIns = inAftercare.tasks.filter((t) => t.kind === 'aftercare-check-in' && t.status === 'open');
    expect(checkIns.length).toBeGreaterThan(0);
    await handle.executeUpdate(recordRelapseUpdate, { args: [{ actor, sickFrom: today, note: 'Ryggen igen' }] });
    const s = await handle.query(getCaseQuery);
    expect(s.status).toBe('active');
    expect(s.caseId).toBe(inAftercare.caseId);
    // The old plan and history stay; the aftercare check-ins are cancelled with the reason; the pause ends.
    expect(s.tasks.length).toBeGreaterThanOrEqual(inAftercare.tasks.length);
    for (const t of checkIns) expect(s.tasks.find((x) => x.taskId === t.taskId)).toMatchObject({ status: 'cancelled', note: 'sagen er genåbnet efter tilbagefald' });
    expect(s.sickLeave.periods[s.sickLeave.periods.length - 1]).toEqual({ kind: 'resumed', date: today });
    expect(s.seq).toBeGreaterThan(inAftercare.seq);
    expect(s.retentionPlan).toEqual(inAftercare.retentionPlan);
    expect(s.retentionPlan!.milestones[0]).toMatchObject({ milestoneId: milestone.milestoneId, status: 'kept' });
    // Only in aftercare.
    await expect(handle.executeUpdate(recordRelapseUpdate, { args: [{ actor, sickFrom: today }] })).rejects.toMatchObject({ cause: { type: 'phase' } });
  });
});

test('a plan milestone not kept is reminded and escalated; progress is recorded per milestone; the stuck rule reads the plan', async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = await serverToday();
    const handle = await open(taskQueue, retentionIntake(addDays(today, -30)));
    const owner = { role: 'caseworker', name: 'Søren Sagsbehandler', email: `plan-${randomUUID().slice(0, 8)}@aarhus.local` };
    const { milestone: first } = await handle.executeUpdate(addPlanMilestoneUpdate, {
      args: [{ actor, kind: 'partial-return', owner, dueOn: addDays(today, 7), hoursPerWeek: 15 }],
    });
    const { milestone: second } = await handle.executeUpdate(addPlanMilestoneUpdate, {
      args: [{ actor, kind: 'partial-return', owner, dueOn: addDays(today, 21), hoursPerWeek: 25 }],
    });
    expect(first).toMatchObject({ kind: 'partial-return', hoursPerWeek: 15, status: 'open', title: `Delvis tilbagevenden: 15 timer om ugen fra ${addDays(today, 7)}` });
    const s = await handle.query(getCaseQuery);
    expect(s.retentionPlan).toMatchObject({ agreedOn: today, milestones: [{ milestoneId: first.milestoneId }, { milestoneId: second.milestoneId }] });
    // The stuck rule "limit approaching without plan" now finds a plan dated today.
    expect(planDatesOf({ retentionPlan: s.retentionPlan })).toContain(today);
    // Progress on the second (not kept) leaves its task open; the first is not kept at all: reminded, then escalated.
    await handle.executeUpdate(recordMilestoneProgressUpdate, { args: [{ actor, milestoneId: second.milestoneId, note: 'Aftalt med arbejdsgiveren', kept: false }] });
    const task = s.tasks.find((t) => t.taskId === first.taskId)!;
    expect(task).toMatchObject({ kind: 'plan-milestone', ref: first.milestoneId, dueOn: addDays(today, 7), status: 'open' });
    await expectRemindedThenEscalated(handle, task);
    // Kept at last: the milestone and its task are done, with the progress on the timeline.
    const { milestone } = await handle.executeUpdate(recordMilestoneProgressUpdate, { args: [{ actor, milestoneId: first.milestoneId, note: 'Arbejder 15 timer', kept: true }] });
    expect(milestone).toMatchObject({ status: 'kept', progress: [{ note: 'Arbejder 15 timer' }] });
    const after = await handle.query(getCaseQuery);
    expect(after.tasks.find((t) => t.taskId === first.taskId)!.status).toBe('done');
    expect(after.retentionPlan!.milestones[1].progress).toEqual([expect.objectContaining({ note: 'Aftalt med arbejdsgiveren' })]);
  });
});
