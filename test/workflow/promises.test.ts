// Promises on the time-skipping server: roundtable invitations and reminders, an agreed action
// reminded on its due date and escalated later, reassignment and cancellation, tasks surviving
// continue-as-new, and closing through aftercare.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { ResolvedIntake } from '../../domain/case/caseIntake.schema';
import type { CaseState } from '../../domain/case/caseState.schema';
import type { Task } from '../../domain/tasks/tasks.schema';
import { addBusinessDays, businessDayOnOrAfter } from '../../domain/calendar/businessDays';
import { copenhagenInstant, formatInstant } from '../../domain/calendar/copenhagenTime';
import { addDays, addMonths, type LocalDate } from '../../domain/calendar/localDate';
import { CURRENT_POLICY as policy } from '../../domain/kernel/policy';
import { roundtableReminderAt } from '../../domain/roundtables/roundtables.alarms';
import type { Participant } from '../../domain/roundtables/roundtables.schema';
import { taskEscalationAt } from '../../domain/tasks/tasks.alarms';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { awaitProjectionUpdate, cancelTaskUpdate, closeCaseUpdate, completeTaskUpdate, getCaseQuery, reassignTaskUpdate, recordRoundtableOutcomeUpdate, scheduleRoundtableUpdate } from '../../workflows/case/case.messages';
import { intakeBody } from '../support/fixtures';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

// A case left running keeps timers whose workflow tasks no worker will take once its test is over,
// which stops the shared time-skipping clock; each test's cases end with it.
const started: Handle[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test over').catch(() => undefined);
});

const actor = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
type Handle = WorkflowHandleWithFirstExecutionRunId<typeof retentionCaseWorkflow>;

const person = (role: Participant['role'], name: string): Participant => ({
  role,
  name,
  email: `${role}-${randomUUID().slice(0, 8)}@promises.local`,
});

/** Opens an eligible case; `today` is the workflow's Copenhagen date. */
async function openCase(taskQueue: string, continueAsNewAfterHistoryLength?: number) {
  const b = intakeBody();
  const intake: ResolvedIntake = {
    ...(b as ResolvedIntake),
    injuryCaseRef: b.injuryCaseRef.toUpperCase(),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen Konsulent', email: `karen-${b.injuryCaseRef.slice(-8)}@fastholdelse.local` },
    employer: b.employer ?? null,
    union: null,
  };
  const caseId = `wfp-${intake.injuryCaseRef}`;
  const handle: Handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: `case-${caseId}`,
    args: [{ caseId, opening: { intake, actor }, continueAsNewAfterHistoryLength }],
  });
  started.push(handle);
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  const state = await handle.query(getCaseQuery);
  expect(state.status).toBe('active');
  return { handle, intake, caseId, today: state.createdAt.slice(0, 10) as LocalDate };
}

/** A roundtable planned on a business day two weeks ahead, and its outcome held today with the given actions. */
async function roundtableWithActions(handle: Handle, today: LocalDate, actions: Array<{ title: string; owner: Participant; dueOn: LocalDate }>) {
  const day = businessDayOnOrAfter(addDays(today, 14), policy);
  const { roundtableId } = await handle.executeUpdate(scheduleRoundtableUpdate, {
    args: [
      {
        actor,
        scheduledAt: formatInstant(copenhagenInstant(day, 10)),
        location: 'Jobcenter Aarhus',
        purpose: 'Afklare arbejdsprøvning',
        agenda: ['Status', 'Muligheder'],
        participants: [person('citizen', 'Jens Jensen')],
        citizenConsentsToEmployer: false,
      },
    ],
  });
  return handle.executeUpdate(recordRoundtableOutcomeUpdate, {
    args: [{ actor, roundtableId, heldOn: today, summary: 'Aftalt plan.', actions }],
  });
}

const sleepUntil = async (ms: number) => kit.env.sleep(Math.max(ms - (await kit.env.currentTimeMs()), 1));
const taskOf = (s: CaseState, taskId: string): Task => s.tasks.find((t) => t.taskId === taskId)!;
const subjects = async (email: string) => (await caughtMail(email)).map((m) => m.subject);

test('invitations and a reminder the business day before; an action is reminded on its due date and escalated later', async () => {
  await kit.withWorker(async (taskQueue) => {
    const { handle, intake, today } = await openCase(taskQueue);
    const meetingDay = businessDayOnOrAfter(addDays(today, 14), policy);
    const participants = [person('citizen', 'Jens Jensen'), person('caseworker', 'Søren Sagsbehandler'), person('employer', 'Byg & Co')];
    const { roundtableId } = await handle.executeUpdate(scheduleRoundtableUpdate, {
      args: [
        {
          actor,
          scheduledAt: formatInstant(copenhagenInstant(meetingDay, 10)),
          location: 'Jobcenter Aarhus',
          purpose: 'Afklare om Jens kan vende tilbage på nedsat tid',
          agenda: ['Status på arbejdsprøvning', 'Hjælpemidler på arbejdspladsen'],
          participants,
          citizenConsentsToEmployer: true,
        },
      ],
    });
    for (const p of participants) {
      const [invitation] = await eventually(async () => {
        const m = await caughtMail(p.email);
        return m.length > 0 && m;
      });
      expect(invitation.subject).toMatch(/^Indkaldelse til rundbordssamtale/);
      expect(invitation.text).toContain('Afklare om Jens kan vende tilbage på nedsat tid');
      expect(invitation.text).toContain('2. Hjælpemidler på arbejdspladsen');
      expect(invitation.text).not.toContain(intake.injury.description!);
    }

    // The reminder goes out one business day before the meeting, to every participant.
    const rt = (await handle.query(getCaseQuery)).roundtables[0];
    await sleepUntil(roundtableReminderAt(rt, policy) - 3_600_000);
    expect(await subjects(participants[2].email)).toHaveLength(1);
    await sleepUntil(roundtableReminderAt(rt, policy) + 60_000);
    for (const p of participants) {
      await eventually(async () => (await subjects(p.email)).some((s) => s.startsWith('Påmindelse: rundbordssamtale')));
    }

    // Held; one action is agreed, due ten business days later.
    await sleepUntil(copenhagenInstant(meetingDay, 13));
    const owner = person('consultant', 'Anne Ansvarlig');
    const dueOn = addBusinessDays(meetingDay, 10, policy);
    const outcome = await handle.executeUpdate(recordRoundtableOutcomeUpdate, {
      args: [{ actor, roundtableId, heldOn: meetingDay, summary: 'Aftalt bord.', actions: [{ title: 'Bestil hæve-sænkebord', owner, dueOn }] }],
    });
    const kinds = (await handle.query(getCaseQuery)).tasks.filter((t) => outcome.taskIds.includes(t.taskId)).map((t) => t.kind);
    expect(kinds).toEqual(['action', 'send-minutes', 'contact-employer']);
    const actionId = outcome.taskIds[0];

    await sleepUntil(copenhagenInstant(addDays(dueOn, -1), 12));
    expect(taskOf(await handle.query(getCaseQuery), actionId).remindedOn).toBeNull();
    expect(await subjects(owner.email)).toEqual([]);

    await sleepUntil(copenhagenInstant(dueOn, 12));
    await eventually(async () => taskOf(await handle.query(getCaseQuery), actionId).remindedOn === dueOn);
    expect(await eventually(async () => (await subjects(owner.email)).length > 0 && subjects(owner.email))).toEqual([
      `Påmindelse: Bestil hæve-sænkebord (frist ${dueOn})`,
    ]);
    expect(taskOf(await handle.query(getCaseQuery), actionId).escalatedOn).toBeNull();

    const task = taskOf(await handle.query(getCaseQuery), actionId);
    await sleepUntil(taskEscalationAt(task, policy) + 3_600_000);
    const escalated = await eventually(async () => taskOf(await handle.query(getCaseQuery), actionId).escalatedOn ?? undefined);
    expect(escalated).toBe(addBusinessDays(dueOn, policy.tasks.escalationBusinessDays, policy));
    // The escalation goes to the supervisors, not as a second reminder to the owner.
    expect(await subjects(owner.email)).toHaveLength(1);
  });
});

test('a reassigned task reminds the new owner only', async () => {
  await kit.withWorker(async (taskQueue) => {
    const { handle, today } = await openCase(taskQueue);
    const [first, second] = [person('caseworker', 'Første Ejer'), person('consultant', 'Anden Ejer')];
    const dueOn = addBusinessDays(today, 3, policy);
    const { taskIds } = await roundtableWithActions(handle, today, [{ title: 'Søg transporttilskud', owner: first, dueOn }]);
    const { task } = await handle.executeUpdate(reassignTaskUpdate, { args: [{ actor, taskId: taskIds[0], owner: second }] });
    expect(task.owner).toEqual(second);

    await sleepUntil(copenhagenInstant(dueOn, 12));
    await eventually(async () => (await subjects(second.email)).some((s) => s.startsWith('Påmindelse: Søg transporttilskud')));
    expect(await subjects(first.email)).toEqual([]);
    const s = await handle.query(getCaseQuery);
    expect(taskOf(s, taskIds[0])).toMatchObject({ owner: second, remindedOn: dueOn });
  });
});

test('a cancelled task needs a reason and never reminds', async () => {
  await kit.withWorker(async (taskQueue) => {
    const { handle, today } = await openCase(taskQueue);
    const owner = person('caseworker', 'Glemt Ejer');
    const dueOn = addBusinessDays(today, 2, policy);
    const { taskIds } = await roundtableWithActions(handle, today, [{ title: 'Indkald til opfølgning', owner, dueOn }]);
    const taskId = taskIds[0];

    const before = (await handle.query(getCaseQuery)).seq;
    await expect(handle.executeUpdate(cancelTaskUpdate, { args: [{ actor, taskId, reason: '  ' }] })).rejects.toMatchObject({
      cause: { type: 'validation' },
    });
    expect((await handle.query(getCaseQuery)).seq).toBe(before);

    await handle.executeUpdate(cancelTaskUpdate, { args: [{ actor, taskId, reason: 'Borgeren har selv ordnet det.' }] });
    await expect(handle.executeUpdate(completeTaskUpdate, { args: [{ actor, taskId }] })).rejects.toMatchObject({
      cause: { type: 'task-closed' },
    });

    await sleepUntil(copenhagenInstant(addBusinessDays(dueOn, policy.tasks.escalationBusinessDays + 2, policy), 12));
    // Other tasks of the case (the minutes) are reminded meanwhile, so the worker has been busy.
    const s = await eventually(async () => {
      const st = await handle.query(getCaseQuery);
      return st.tasks.some((t) => t.kind === 'send-minutes' && t.remindedOn !== null) && st;
    });
    expect(taskOf(s, taskId)).toMatchObject({ status: 'cancelled', note: 'Borgeren har selv ordnet det.', remindedOn: null, escalatedOn: null });
    expect(await subjects(owner.email)).toEqual([]);
  });
});

test('tasks survive the case workflow continuing as new, and are still reminded', async () => {
  await kit.withWorker(async (taskQueue) => {
    const { handle, today } = await openCase(taskQueue, 60);
    const owners = [person('caseworker', 'Ejer Et'), person('caseworker', 'Ejer To')];
    const dueOn = addBusinessDays(today, 4, policy);
    const { taskIds } = await roundtableWithActions(
      handle,
      today,
      owners.map((owner, i) => ({ title: `Handling ${i + 1}`, owner, dueOn })),
    );
    // Enough commands to pass the history limit.
    for (let i = 0; i < 6; i++) {
      await handle.executeUpdate(reassignTaskUpdate, { args: [{ actor, taskId: taskIds[1], owner: owners[(i + 1) % 2] }] });
    }
    const firstRun = handle.firstExecutionRunId;
    await eventually(async () => (await handle.describe()).runId !== firstRun);
    const carried = await handle.query(getCaseQuery);
    expect(carried.tasks.filter((t) => taskIds.includes(t.taskId)).map((t) => t.status)).toEqual(['open', 'open', 'open']);

    await sleepUntil(copenhagenInstant(dueOn, 12));
    await eventually(async () => (await subjects(owners[0].email)).some((s) => s === `Påmindelse: Handling 1 (frist ${dueOn})`));
    const s = await handle.query(getCaseQuery);
    expect(taskOf(s, taskIds[0]).remindedOn).toBe(dueOn);
    // The last reassignment left task 2 with owner 1, who got its reminder; owner 2 got none.
    expect(taskOf(s, taskIds[1]).owner.email).toBe(owners[0].email);
    expect(await subjects(owners[1].email)).toEqual([]);
    expect(await subjects(owners[0].email)).toEqual(expect.arrayContaining([`Påmindelse: Handling 2 (frist ${dueOn})`]));
  });
});

test('closing is refused while tasks are open; a return to work goes through aftercare and then closes', async () => {
  await kit.withWorker(async (taskQueue) => {
    const { handle, today } = await openCase(taskQueue);
    const owner = person('caseworker', 'Ejer');
    const { taskIds } = await roundtableWithActions(handle, today, [{ title: 'Aftale arbejdstid', owner, dueOn: addDays(today, 20) }]);

    await expect(handle.executeUpdate(closeCaseUpdate, { args: [{ actor, outcome: 'same-employer' }] })).rejects.toMatchObject({
      cause: { type: 'open-tasks', details: [{ status: 409, openTasks: taskIds.map((taskId) => expect.objectContaining({ taskId })) }] },
    });
    await handle.executeUpdate(completeTaskUpdate, { args: [{ actor, taskId: taskIds[0], note: 'Aftalt.' }] });
    await handle.executeUpdate(cancelTaskUpdate, { args: [{ actor, taskId: taskIds[1], reason: 'Referat givet mundtligt.' }] });

    const closed = await handle.executeUpdate(closeCaseUpdate, { args: [{ actor, outcome: 'same-employer', note: 'Fuld tid fra mandag.' }] });
    expect(closed.status).toBe('aftercare');
    let s = await handle.query(getCaseQuery);
    const checkIns = s.tasks.filter((t) => t.kind === 'aftercare-check-in');
    expect(checkIns.map((t) => t.dueOn)).toEqual(policy.aftercare.checkInOffsetsMonths.map((m) => addMonths(s.updatedAt.slice(0, 10), m)));

    for (const t of checkIns.slice(0, -1)) await handle.executeUpdate(completeTaskUpdate, { args: [{ actor, taskId: t.taskId }] });
    s = await handle.query(getCaseQuery);
    expect(s.status).toBe('aftercare');
    const last = await handle.executeUpdate(completeTaskUpdate, { args: [{ actor, taskId: checkIns[checkIns.length - 1].taskId }] });
    expect(last.status).toBe('closed');
    // A closed case with nothing pending ends its workflow.
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'closed', outcome: 'same-employer' });
  });
});
