// The case lifecycle on the time-skipping server: a two-year case with limit reminders (one paused
// period), medical check-ins, an insurer consultation, an interim decision behind the rule-collision
// guard, its revision reminded and escalated, and a final decision once stationary; plus the state
// surviving forced continue-as-new without any reminder sent twice.
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { addBusinessDays, businessDayOnOrAfter } from '../../domain/calendar/businessDays';
import { copenhagenInstant, localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays, addMonths, daysBetween, type LocalDate } from '../../domain/calendar/localDate';
import { CURRENT_POLICY as policy } from '../../domain/kernel/policy';
import { reminderSchedule } from '../../domain/sick-pay/sickPay';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { answerConsultationUpdate, awaitProjectionUpdate, consultInsurerUpdate, fileAppealUpdate, getCaseQuery, makeDecisionUpdate, recordMedicalStatusUpdate, recordSickLeavePeriodUpdate } from '../../workflows/case/case.messages';
import { resolvedIntake } from '../support/fixtures';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

const consultant = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
const caseworker = { actorId: 'caseworker-1', role: 'caseworker' as const, name: 'Søren Sagsbehandler' };
const insurer = { actorId: 'insurer-1', role: 'insurer' as const, name: 'Forsikring A' };
type Handle = WorkflowHandleWithFirstExecutionRunId<typeof retentionCaseWorkflow>;

// A case left running keeps its timers on the shared clock; each test ends its own.
const started: Handle[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test over').catch(() => undefined);
});

const today = async (): Promise<LocalDate> => localDateInCopenhagen(await kit.env.currentTimeMs());
const sleepUntil = async (ms: number) => kit.env.sleep(Math.max(ms - (await kit.env.currentTimeMs()), 1));
const sleepDays = (days: number) => kit.env.sleep(days * 86_400_000);
/** The day an office-hours alarm for `d` goes out. */
const officeDay = (d: LocalDate) => businessDayOnOrAfter(d, policy);

/** Starts an eligible case whose first sick day lies `daysBack` before the server's today. */
async function openCase(taskQueue: string, daysBack: number, continueAsNewAfterHistoryLength?: number) {
  const start = await today();
  const intake = resolvedIntake(addDays(start, -daysBack));
  const caseId = `wfl-${intake.injuryCaseRef}`;
  const handle: Handle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: `case-${caseId}`,
    args: [{ caseId, opening: { intake, actor: consultant }, continueAsNewAfterHistoryLength }],
  });
  started.push(handle);
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  expect((await handle.query(getCaseQuery)).status).toBe('active');
  return { handle, intake, caseId, start };
}

const subjects = async (email: string) => (await caughtMail(email)).map((m) => m.subject);
const interim = { kind: 'interim' as const, earningCapacityLossPct: 25, justification: 'Erhvervsevnen er nedsat efter arbejdsprøvning hos arbejdsgiveren.' };

test('a two-year case: reminders around a pause, check-ins, interim decision with revision overdue and escalated, final when stationary', async () => {
  await kit.withWorker(async (taskQueue) => {
    // First sick day 10 weeks back: the limit is 45 weeks ahead.
    const { handle, intake, caseId, start } = await openCase(taskQueue, 70);
    const cwEmail = intake.caseworker.email;
    const centreEmail = intake.consultant!.email;

    // Back at work for three weeks: the clock stops and every reminder moves with it.
    await sleepDays(28);
    const pauseFrom = await today();
    await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: caseworker, kind: 'return-to-work', date: pauseFrom }] });
    await sleepDays(21);
    const pauseTo = await today();
    await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: caseworker, kind: 'resumed', date: pauseTo }] });
    // The limit is the last day of the 52nd week after the 21 excluded days (docs/sick-pay-rules.md).
    const limit = addDays(addDays(start, -70 + 21 + 52 * 7 - 1), daysBetween(pauseFrom, pauseTo));
    let s = await handle.query(getCaseQuery);
    expect(s.sickLeave.periods).toHaveLength(2);

    // Past the limit: three reminders on their business days, then the extension ground applies.
    await sleepUntil(copenhagenInstant(addDays(limit, 2), 12));
    s = await handle.query(getCaseQuery);
    const expected = reminderSchedule(limit, policy).map((r) => ({ offsetWeeks: r.offsetWeeks, limitDate: limit, on: r.sendOn, sent: true }));
    expect(s.sickLeave.reminderLog).toEqual(expected);
    expect(s.sickLeave.extension).toEqual({ active: true, since: addDays(limit, 1), endedOn: null, endedByDecisionId: null });
    const reminderMails = await eventually(async () => {
      const m = (await subjects(cwEmail)).filter((x) => x.startsWith('Varighedsbegrænsning'));
      return m.length >= 3 && m;
    });
    expect(reminderMails).toEqual([
      `Varighedsbegrænsning om 8 uger: sag ${intake.injuryCaseRef}`,
      `Varighedsbegrænsning om 4 uger: sag ${intake.injuryCaseRef}`,
      `Varighedsbegrænsning om 1 uge: sag ${intake.injuryCaseRef}`,
    ]);

    // The insurer is consulted before the interim decision and answers.
    const { consultation } = await handle.executeUpdate(consultInsurerUpdate, {
      args: [{ actor: consultant, question: 'Har I bemærkninger til en midlertidig afgørelse om erhvervsevnetab?' }],
    });
    await handle.executeUpdate(answerConsultationUpdate, {
      args: [{ actor: insurer, consultationId: consultation.consultationId, answer: 'Ingen bemærkninger.' }],
    });

    // Ending the extension needs an explicit acknowledgement with the next income basis.
    await expect(handle.executeUpdate(makeDecisionUpdate, { args: [{ actor: consultant, ...interim }] })).rejects.toMatchObject({
      cause: { type: 'rule-collision' },
    });
    const decidedOn = await today();
    const { decision } = await handle.executeUpdate(makeDecisionUpdate, {
      args: [{ actor: consultant, ...interim, acknowledgeRuleCollision: true, nextIncomeBasis: 'fleksjob' }],
    });
    expect(decision).toMatchObject({ kind: 'interim', earningCapacityCompensation: true, revisionDueOn: addMonths(decidedOn, 12), endedExtension: true });
    s = await handle.query(getCaseQuery);
    expect(s.sickLeave.extension).toMatchObject({ active: false, endedOn: decidedOn, endedByDecisionId: decision.decisionId });
    expect(s.insurerConsultations[0]).toMatchObject({ answer: 'Ingen bemærkninger.', answeredBy: 'Forsikring A' });

    // Nobody revises it: reminded on the due date, escalated the policy's business days later.
    const due = decision.revisionDueOn!;
    await sleepUntil(copenhagenInstant(addDays(addBusinessDays(due, policy.decisions.revisionEscalationBusinessDays, policy), 1), 12));
    s = await handle.query(getCaseQuery);
    const task = s.tasks.find((t) => t.ref === decision.decisionId)!;
    expect(task).toMatchObject({
      kind: 'revision',
      status: 'open',
      remindedOn: officeDay(due),
      escalatedOn: addBusinessDays(due, policy.decisions.revisionEscalationBusinessDays, policy),
    });
    await eventually(async () => (await subjects(centreEmail)).some((x) => x.startsWith('Påmindelse: Revidér midlertidig afgørelse')));

    // Stationary at last: check-ins stop, a final decision supersedes the open revision, and it is appealed.
    const stationaryOn = await today();
    await handle.executeUpdate(recordMedicalStatusUpdate, { args: [{ actor: consultant, stationary: true, assessedOn: stationaryOn, source: 'speciallægeerklæring' }] });
    const { decision: final } = await handle.executeUpdate(makeDecisionUpdate, {
      args: [{ actor: consultant, kind: 'final', earningCapacityLossPct: 30, permanentInjuryPct: 10, justification: 'Skaden er stationær; endelig vurdering af tab og mén.' }],
    });
    expect(final.revisionDueOn).toBeNull();
    await handle.executeUpdate(fileAppealUpdate, { args: [{ actor: insurer, decisionId: final.decisionId, filedOn: await today(), by: 'insurer' }] });
    s = await handle.query(getCaseQuery);
    expect(s.tasks.find((t) => t.ref === decision.decisionId)).toMatchObject({ status: 'done', note: `Erstattet af endelig afgørelse ${final.decisionId}.` });
    expect(s.decisions.map((d) => d.supersededBy)).toEqual([final.decisionId, null]);
    expect(s.appeals).toEqual([expect.objectContaining({ decisionId: final.decisionId, by: 'insurer' })]);
    expect(daysBetween(start, stationaryOn)).toBeGreaterThan(700);

    // Check-ins went out every three months (counted from the last one sent) until the injury was stationary.
    const expectedCheckIns: LocalDate[] = [];
    for (let base = start; ; ) {
      const next = officeDay(addMonths(base, policy.medical.checkInIntervalMonths));
      if (next > stationaryOn) break;
      expectedCheckIns.push(next);
      base = next;
    }
    const { rows } = await kit.pool.query<{ at: Date }>(`SELECT at FROM case_events WHERE case_id = $1 AND type = 'medical-check-in' ORDER BY seq`, [caseId]);
    expect(rows.map((r) => localDateInCopenhagen(r.at.getTime()))).toEqual(expectedCheckIns);
    expect(expectedCheckIns.length).toBeGreaterThanOrEqual(7);
    await sleepDays(120);
    const checkInMails = await eventually(async () => {
      const m = (await subjects(centreEmail)).filter((x) => x.startsWith('Opfølgning'));
      return m.length >= expectedCheckIns.length && m;
    });
    expect(checkInMails).toHaveLength(expectedCheckIns.length);
    // Exactly three limit reminders in two years.
    expect((await subjects(cwEmail)).filter((x) => x.startsWith('Varighedsbegrænsning'))).toHaveLength(3);
  });
});

test('continue-as-new carries tasks, decisions and fired reminders; no reminder is sent twice', async () => {
  await kit.withWorker(async (taskQueue) => {
    // Limit 12 weeks ahead: every reminder is still to come.
    const { handle, intake, caseId, start } = await openCase(taskQueue, 40 * 7 + 21, 25);
    // Early, so a rule collision all the same (it removes the extension ground): acknowledged.
    const { decision } = await handle.executeUpdate(makeDecisionUpdate, {
      args: [{ actor: consultant, ...interim, acknowledgeRuleCollision: true, nextIncomeBasis: 'jobafklaringsforløb' }],
    });
    const limit = addDays(start, 12 * 7 - 1);
    await sleepUntil(copenhagenInstant(addDays(limit, 3), 12));
    await eventually(async () => (await handle.describe()).runId !== handle.firstExecutionRunId);

    const s = await handle.query(getCaseQuery);
    expect(s.decisions.map((d) => d.decisionId)).toEqual([decision.decisionId]);
    expect(s.tasks).toEqual([expect.objectContaining({ kind: 'revision', status: 'open', ref: decision.decisionId })]);
    expect(s.sickLeave.reminderLog.map((r) => [r.offsetWeeks, r.sent])).toEqual([
      [8, true],
      [4, true],
      [1, true],
    ]);
    expect(new Set(s.firedAlarms).size).toBe(s.firedAlarms.length);
    // The extension never started: the early interim decision removed its ground.
    expect(s.sickLeave.extension).toMatchObject({ active: false, since: null, endedByDecisionId: decision.decisionId });

    const mails = await eventually(async () => {
      const m = (await subjects(intake.caseworker.email)).filter((x) => x.startsWith('Varighedsbegrænsning'));
      return m.length >= 3 && m;
    });
    await kit.env.sleep('2 days');
    expect((await subjects(intake.caseworker.email)).filter((x) => x.startsWith('Varighedsbegrænsning'))).toEqual(mails);
    const outbox = await kit.pool.query(`SELECT count(*)::int AS n FROM email_outbox WHERE key LIKE $1`, [`sick-pay-reminder:${caseId}:%`]);
    expect(outbox.rows[0].n).toBe(3);
    const runs = await handle.describe();
    expect(runs.runId).not.toBe(handle.firstExecutionRunId);
  });
});

test('a long pause after the 1-week reminder: the limit moves later and a reminder comes again before the new limit, once', async () => {
  await kit.withWorker(async (taskQueue) => {
    // Limit nine weeks ahead: all three reminders go out first.
    const { handle, intake, caseId, start } = await openCase(taskQueue, 43 * 7 + 21);
    const cwEmail = intake.caseworker.email;
    const limit = addDays(start, 9 * 7 - 1);
    const oneWeek = reminderSchedule(limit, policy).find((r) => r.offsetWeeks === 1)!.sendOn;
    await sleepUntil(copenhagenInstant(oneWeek, 12));
    await eventually(async () => (await handle.query(getCaseQuery)).sickLeave.reminderLog.length === 3);

    // Back at work the same afternoon, for eight weeks: the limit moves 56 days later.
    const pauseFrom = await today();
    await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: caseworker, kind: 'return-to-work', date: pauseFrom }] });
    await sleepDays(56);
    const pauseTo = await today();
    await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: caseworker, kind: 'resumed', date: pauseTo }] });
    const newLimit = addDays(limit, daysBetween(pauseFrom, pauseTo));
    await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
    const { rows } = await kit.pool.query<{ summary: string }>(`SELECT summary FROM case_events WHERE case_id = $1 AND type = 'sick-pay-reminders-rearmed'`, [caseId]);
    expect(rows).toEqual([{ summary: expect.stringContaining(`fra ${limit} til ${newLimit}`) }]);

    // Past the new limit: one more reminder, for the new limit, and the extension from the day after it.
    await sleepUntil(copenhagenInstant(addDays(newLimit, 2), 12));
    const s = await handle.query(getCaseQuery);
    const sentFor = (l: LocalDate) => s.sickLeave.reminderLog.filter((r) => r.sent && r.limitDate === l).map((r) => r.offsetWeeks);
    expect(sentFor(limit)).toEqual([8, 4, 1]);
    expect(sentFor(newLimit)).toEqual([1]);
    expect(s.sickLeave.extension).toMatchObject({ active: true, since: addDays(newLimit, 1) });
    const mails = await eventually(async () => {
      const m = (await subjects(cwEmail)).filter((x) => x.startsWith('Varighedsbegrænsning'));
      return m.length >= 4 && m;
    });
    expect(mails[3]).toBe(`Varighedsbegrænsning om 1 uge: sag ${intake.injuryCaseRef}`);
    // None twice for the same limit.
    await sleepDays(7);
    expect((await subjects(cwEmail)).filter((x) => x.startsWith('Varighedsbegrænsning'))).toHaveLength(4);
    const outbox = await kit.pool.query<{ key: string }>(`SELECT key FROM email_outbox WHERE key LIKE $1`, [`sick-pay-reminder:${caseId}:%`]);
    expect(outbox.rows.map((r) => r.key).sort()).toEqual(
      [`sick-pay-reminder:${caseId}:1:${limit}`, `sick-pay-reminder:${caseId}:1:${newLimit}`, `sick-pay-reminder:${caseId}:4:${limit}`, `sick-pay-reminder:${caseId}:8:${limit}`].sort(),
    );
  });
});
