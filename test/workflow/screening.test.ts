// Case workflow on the time-skipping server: screening outcomes, and the insurer told exactly once
// even when the projection that queues the email is retried.
import { Context } from '@temporalio/activity';
import type { ProjectCaseInput } from '../../activities/projection';
import type { ResolvedIntake } from '../../domain/case/caseIntake.schema';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { getCaseQuery, updateScreeningUpdate, awaitProjectionUpdate } from '../../workflows/case/case.messages';
import { policyFor } from '../../domain/kernel/policy';
import { taskEscalationAt } from '../../domain/tasks/tasks.alarms';
import { intakeBody } from '../support/fixtures';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

// A case left running keeps timers on the shared time-skipping clock and stalls later tests.
const started: Array<{ terminate(reason?: string): Promise<unknown> }> = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test over').catch(() => undefined);
});

const actor = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
const intake = (over: Partial<ResolvedIntake['injury']> = {}): ResolvedIntake => {
  const b = intakeBody();
  return {
    ...(b as ResolvedIntake),
    injuryCaseRef: b.injuryCaseRef.toUpperCase(),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen Konsulent', email: `karen-${b.injuryCaseRef.slice(-8)}@fastholdelse.local` },
    employer: b.employer ?? null,
    union: b.union ?? null,
    injury: { ...b.injury, ...over },
  };
};

test('all criteria met → active; the insurer email survives a retried projection and is sent once', async () => {
  const i = intake();
  let calls = 0;
  await kit.withWorker(
    async (taskQueue) => {
      const handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
        taskQueue,
        workflowId: `case-wf-${i.injuryCaseRef}`,
        args: [{ caseId: `wf-${i.injuryCaseRef}`, opening: { intake: i, actor } }],
      });
      started.push(handle);
      await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
      expect((await handle.query(getCaseQuery)).status).toBe('active');
      await eventually(async () => calls >= 2);
    },
    {
      // The first attempt that queues the email commits it, then "crashes" before reporting success.
      async projectCase(input: ProjectCaseInput) {
        if (input.emails?.length) calls++;
        await kit.activities.projectCase(input);
        if (input.emails?.length && Context.current().info.attempt === 1) throw new Error('worker lost after the projection committed');
      },
    },
  );
  expect(calls).toBe(2);
  const mails = await eventually(async () => {
    const m = await caughtMail(i.insurer.email);
    return m.length > 0 && m;
  });
  await new Promise((r) => setTimeout(r, 1_000)); // a second copy would have arrived by now
  expect(await caughtMail(i.insurer.email)).toHaveLength(1);
  expect(mails[0].subject).toContain(i.injuryCaseRef);
});

test('a failed criterion rejects the case and the workflow ends with it', async () => {
  const i = intake({ recognised: false });
  const state = await kit.withWorker((taskQueue) =>
    kit.env.client.workflow.execute(retentionCaseWorkflow, {
      taskQueue,
      workflowId: `case-wf-${i.injuryCaseRef}`,
      args: [{ caseId: `wf-${i.injuryCaseRef}`, opening: { intake: i, actor } }],
    }),
  );
  expect(state.status).toBe('rejected');
  expect(state.screening.reasons).toEqual(['Skaden er ikke anerkendt som arbejdsskade.']);
  expect(await caughtMail(i.insurer.email)).toHaveLength(0);
});

test('unknown criteria wait in screening with a task; the screening task is escalated when ignored', async () => {
  const i = intake({ permanentConsequences: 'unknown' });
  await kit.withWorker(async (taskQueue) => {
    const handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
      taskQueue,
      workflowId: `case-wf-${i.injuryCaseRef}`,
      args: [{ caseId: `wf-${i.injuryCaseRef}`, opening: { intake: i, actor } }],
    });
    started.push(handle);
    await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
    let s = await handle.query(getCaseQuery);
    expect(s.status).toBe('screening');
    expect(s.tasks).toEqual([expect.objectContaining({ kind: 'complete-screening', status: 'open', escalatedOn: null })]);

    // Past due and past the escalation window (computed, since holidays such as Christmas move it).
    const escalationAt = taskEscalationAt(s.tasks[0], policyFor(s.tasks[0].dueOn));
    await kit.env.sleep(escalationAt - (await kit.env.currentTimeMs()) + 60 * 60 * 1000);
    s = await handle.query(getCaseQuery);
    expect(s.tasks[0].remindedOn).not.toBeNull();
    expect(s.tasks[0].escalatedOn).not.toBeNull();

    const result = await handle.executeUpdate(updateScreeningUpdate, { args: [{ actor, permanentConsequences: true }] });
    expect(result.status).toBe('active');
    s = await handle.query(getCaseQuery);
    expect(s.tasks[0].status).toBe('done');
    // The centre's consultant owns the screening task and got exactly one reminder.
    const reminders = await eventually(async () => {
      const m = await caughtMail(i.consultant!.email);
      return m.length > 0 && m;
    });
    expect(reminders.map((m) => m.subject)).toEqual([expect.stringMatching(/^Påmindelse: Færdiggør visitationen/)]);
  });
});

test('a screening update on a case that is no longer in screening is rejected and changes nothing', async () => {
  const i = intake();
  await kit.withWorker(async (taskQueue) => {
    const handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
      taskQueue,
      workflowId: `case-wf-${i.injuryCaseRef}`,
      args: [{ caseId: `wf-${i.injuryCaseRef}`, opening: { intake: i, actor } }],
    });
    started.push(handle);
    const before = (await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] })).seq;
    await expect(handle.executeUpdate(updateScreeningUpdate, { args: [{ actor, recognised: false }] })).rejects.toMatchObject({
      cause: { type: 'phase', message: expect.stringMatching(/screening is over/) },
    });
    expect((await handle.query(getCaseQuery)).seq).toBe(before);
  });
});
