// An email that can never be delivered (the catcher answers 550 for `.invalid`), on the time-skipping server:
// one bounced row, one fix-the-address task, and the case still continues as new and completes after closing.
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { ResolvedIntake } from '../../domain/case/caseIntake.schema';
import { addDays } from '../../domain/calendar/localDate';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { awaitProjectionUpdate, closeCaseUpdate, completeTaskUpdate, getCaseQuery } from '../../workflows/case/case.messages';
import { resolvedIntake } from '../support/fixtures';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

const consultant = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
type Handle = WorkflowHandleWithFirstExecutionRunId<typeof retentionCaseWorkflow>;
const started: Handle[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test over').catch(() => undefined);
});

const realTimeout = (ms: number) => new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), ms));

test('a 550 recipient: one bounced row and one task; the case still continues as new and completes after closing', async () => {
  await kit.withWorker(async (taskQueue) => {
    const today = localDateInCopenhagen(await kit.env.currentTimeMs());
    const base = resolvedIntake(addDays(today, -28));
    const tag = base.injuryCaseRef.slice(-8).toLowerCase();
    const insurerEmail = `skade-${tag}@forsikring.invalid`;
    const intake: ResolvedIntake = { ...base, insurer: { id: 'insurer-a', name: 'Forsikring A', email: insurerEmail } };
    const caseId = `wfb-${intake.injuryCaseRef}`;
    const key = `case-accepted:${caseId}`;
    const handle: Handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
      taskQueue,
      workflowId: `case-${caseId}`,
      args: [{ caseId, opening: { intake, actor: consultant }, continueAsNewAfterHistoryLength: 30 }],
    });
    started.push(handle);
    await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });

    // Each update lengthens the history; past 30 events the case must move to a new run, email or not.
    let continued = false;
    for (let i = 0; i < 25 && !continued; i++) {
      await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
      continued = (await handle.describe()).runId !== handle.firstExecutionRunId;
      if (!continued) await new Promise((r) => setTimeout(r, 200));
    }
    expect({ continuedAsNew: continued }).toEqual({ continuedAsNew: true });

    // The relay's 550 is final: the row is bounced with its answer, never sent.
    const row = await eventually(async () => {
      const { rows } = await kit.pool.query<{ bounced_at: Date | null; sent_at: Date | null; last_error: string | null; case_id: string }>(
        'SELECT bounced_at, sent_at, last_error, case_id FROM email_outbox WHERE key = $1',
        [key],
      );
      return rows[0]?.bounced_at ? rows[0] : undefined;
    }, 30_000);
    expect(row).toMatchObject({ sent_at: null, case_id: caseId });
    expect(row.last_error).toMatch(/550/);

    // The case's owner (the consultant) gets one task to fix the address.
    const task = await eventually(async () => (await handle.query(getCaseQuery)).tasks.find((t) => t.ref === key), 30_000);
    expect(task).toMatchObject({
      kind: 'other',
      status: 'open',
      owner: { role: 'consultant', email: intake.consultant!.email },
      title: `Ret e-mailadressen for Forsikring A (${insurerEmail}): beskeden kunne ikke leveres`,
    });
    expect((await handle.query(getCaseQuery)).undeliverableEmails).toEqual([
      expect.objectContaining({ key, to: { name: 'Forsikring A', email: insurerEmail }, template: 'case-accepted-insurer' }),
    ]);

    // Fixed by hand; the case closes and its workflow completes, though the email was never delivered.
    await handle.executeUpdate(completeTaskUpdate, { args: [{ actor: consultant, taskId: task.taskId, note: 'Adressen er rettet i fagsystemet.' }] });
    await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: consultant, outcome: 'no-result' }] });
    const final = await Promise.race([handle.result(), realTimeout(60_000)]);
    expect(final === 'timed out' ? final : final.status).toBe('closed');
    if (final === 'timed out') return;
    expect(final.tasks.filter((t) => t.ref === key)).toHaveLength(1);

    const { rows } = await kit.pool.query<{ n: number; bounced: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE bounced_at IS NOT NULL)::int AS bounced FROM email_outbox WHERE case_id = $1 AND sent_at IS NULL',
      [caseId],
    );
    expect(rows[0]).toEqual({ n: 1, bounced: 1 });
    expect(await caughtMail(insurerEmail)).toHaveLength(0);
  });
});
