// How a case reaches the read model: new runs project with the regular activity (past the patch
// projection-activity-again), whose retries outlast a PostgreSQL outage; histories recorded with local
// projections replay in test/replay.
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

test('a healthy projection runs once, as a regular activity task', async () => {
  const r = await openWith({ localFails: false, regularFailures: 0 });
  expect(r.attempts).toEqual([{ local: false, attempt: 1, ok: true }]);
  expect(scheduled(r.events)).toBe(1);
  expect(r.projected).toBe(true);
});

test('a projection that fails while PostgreSQL is away is retried by its activity and lands once it is back', async () => {
  const r = await openWith({ localFails: true, regularFailures: 2 });
  expect(r.attempts.map((a) => [a.local, a.attempt, a.ok])).toEqual([
    [false, 1, false],
    [false, 2, false],
    [false, 3, true],
  ]);
  expect(scheduled(r.events)).toBe(1);
  expect(r.projected).toBe(true);
});
