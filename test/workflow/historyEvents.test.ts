// What a case run started on today's code writes to its history (time-skipping server): one patch marker
// for all earlier patches, projections as local activities, and one standing timer for its next alarm that
// commands leaving that alarm alone do not cancel and restart; the timer still rings and the loop fires the alarm.
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { pendingAlarms } from '../../domain/case/case.alarms';
import { policyFor } from '../../domain/kernel/policy';
import { addDays, type LocalDate } from '../../domain/calendar/localDate';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { awaitProjectionUpdate, getCaseQuery, recordConsentUpdate } from '../../workflows/case/case.messages';
import { PATCHES_FOLDED_PATCH } from '../../workflows/entity';
import { resolvedIntake } from '../support/fixtures';
import { eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

const consultant = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const today = async (): Promise<LocalDate> => localDateInCopenhagen(await kit.env.currentTimeMs());
const ofType = (events: HistoryEvent[], type: keyof typeof temporal.api.enums.v1.EventType) =>
  events.filter((e) => e.eventType === temporal.api.enums.v1.EventType[type]);

test('a new case records one patch marker, projects with local activities, and commands that leave its next alarm alone keep the one timer, which still rings', async () => {
  const start = await today();
  // The limit lies 12 weeks ahead: the sick-pay reminders are the pending alarms.
  const intake = resolvedIntake(addDays(start, -(40 * 7 + 21)));
  const caseId = `wfh-${intake.injuryCaseRef}`;
  await kit.withWorker(async (taskQueue) => {
    const handle: WorkflowHandleWithFirstExecutionRunId<typeof retentionCaseWorkflow> = await kit.env.client.workflow.start(retentionCaseWorkflow, {
      taskQueue,
      workflowId: `case-${caseId}`,
      args: [{ caseId, opening: { intake, actor: consultant } }],
    });
    try {
      await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
      // Consent given and withdrawn again: each a change that is projected, none moves an alarm.
      for (const given of [true, false, true]) {
        await handle.executeUpdate(recordConsentUpdate, { args: [{ actor: consultant, kind: 'employer', given, date: start, sourceDocument: 'Samtykkeerklæring' }] });
      }
      let events = (await handle.fetchHistory()).events ?? [];
      const markers = (name: string) => ofType(events, 'EVENT_TYPE_MARKER_RECORDED').filter((e) => e.markerRecordedEventAttributes?.markerName === name);
      expect(markers('core_patch')).toHaveLength(1);
      expect(JSON.stringify(markers('core_patch')[0].markerRecordedEventAttributes?.details)).toContain(Buffer.from(JSON.stringify(PATCHES_FOLDED_PATCH)).toString('base64'));
      // The opening and the three changes were projected by local activities, in the workflow tasks that made them.
      expect(markers('core_local_activity').length).toBeGreaterThanOrEqual(4);
      expect(ofType(events, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toHaveLength(0);
      expect(ofType(events, 'EVENT_TYPE_TIMER_STARTED')).toHaveLength(1);
      expect(ofType(events, 'EVENT_TYPE_TIMER_CANCELED')).toHaveLength(0);

      // Time passes the first pending alarm: the standing timer rings and the loop fires what is due.
      const now = await kit.env.currentTimeMs();
      const first = pendingAlarms(await handle.query(getCaseQuery), policyFor(localDateInCopenhagen(now)))[0];
      expect(first).toBeDefined();
      await kit.env.sleep(first.at - now + 60_000);
      await eventually(async () => (await handle.query(getCaseQuery)).firedAlarms.includes(first.key));
      events = (await handle.fetchHistory()).events ?? [];
      expect(ofType(events, 'EVENT_TYPE_TIMER_FIRED').length).toBeGreaterThanOrEqual(1);
      expect(ofType(events, 'EVENT_TYPE_TIMER_CANCELED')).toHaveLength(0);
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  });
});
