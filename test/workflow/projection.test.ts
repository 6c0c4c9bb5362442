// How a case reaches the read model: a local activity in the workflow task that made the change (runs
// with the patch patches-folded-2026-12), and, when that keeps failing (PostgreSQL away), the regular
// activity whose retries outlast the outage. Histories from before replay their own way in test/replay.
import { Context } from '@temporalio/activity';
import type { ProjectCaseInput } from '../../activities/projection';
import type { ResolvedIntake } from '../../domain/case/caseIntake.schema';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { awaitProjectionUpdate } from '../../workflows/case/case.messages';
import { intakeBody } from '../support/fixtures';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

const actor = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
const intake = (): ResolvedIntake => {
  const b = intakeBody();
  return {
    ...(b as ResolvedIntake),
    injuryCaseRef: b.injuryCaseRef.toUpperCase(),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen Konsulent', email: `karen-${b.injuryCaseRef.slice(-8)}@fastholdelse.local` },
    employer: b.employer ?? null,
    union: b.union ?? null,
  };
};

type Attempt = { local: boolean; attempt: number; ok: boolean };

async function openWith(outage: { localFails: boolean; regularFailures: number }): Promise<{ attempts: Attempt[]; events: number[]; projected: boolean }> {
  const i = intake();
  const caseId = `wf-${i.injuryCaseRef}`;
  const attempts: Attempt[] = [];
  const events = await kit.withWorker(
    async (taskQueue) => {
      const handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
        taskQueue,
        workflowId: `case-${caseId}`,
        args: [{ caseId, opening: { intake: i, actor } }],
      });
      await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
      const history = await handle.fetchHistory();
      await handle.terminate('test over');
      return (history.events ?? []).map((e) => Number(e.eventType));
    },
    {
      async projectCase(input: ProjectCaseInput) {
        const info = Context.current().info;
        const ok = info.isLocal ? !outage.localFails : attempts.filter((a) => !a.local).length >= outage.regularFailures;
        attempts.push({ local: info.isLocal, attempt: info.attempt, ok });
        if (!ok) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        await kit.activities.projectCase(input);
      },
    },
  );
  const { rowCount } = await kit.pool.query('SELECT 1 FROM cases WHERE case_id = $1', [caseId]);
  return { attempts, events, projected: rowCount === 1 };
}

const ACTIVITY_TASK_SCHEDULED = 10; // temporal.api.enums.v1.EventType
const scheduled = (events: number[]) => events.filter((e) => e === ACTIVITY_TASK_SCHEDULED).length;

test('a healthy projection runs once, as a local activity, and schedules no activity task', async () => {
  const r = await openWith({ localFails: false, regularFailures: 0 });
  expect(r.attempts).toEqual([{ local: true, attempt: 1, ok: true }]);
  expect(scheduled(r.events)).toBe(0);
  expect(r.projected).toBe(true);
});

test('a projection that keeps failing in the workflow task falls back to the regular activity and lands once PostgreSQL is back', async () => {
  const r = await openWith({ localFails: true, regularFailures: 2 });
  // Quick local attempts (two per workflow task; a task that meets a new update runs them again), then
  // regular attempts until one gets through.
  const firstRegular = r.attempts.findIndex((a) => !a.local);
  expect(firstRegular).toBeGreaterThanOrEqual(2);
  expect(r.attempts.slice(0, firstRegular).every((a) => a.local && !a.ok)).toBe(true);
  expect(r.attempts.slice(0, 2).map((a) => a.attempt)).toEqual([1, 2]);
  expect(r.attempts.filter((a) => !a.local).map((a) => [a.attempt, a.ok])).toEqual([
    [1, false],
    [2, false],
    [3, true],
  ]);
  expect(scheduled(r.events)).toBe(1);
  expect(r.projected).toBe(true);
});
