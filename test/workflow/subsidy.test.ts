// Subsidy negotiation on the time-skipping server, with a real case workflow beside it: a silent
// insurer is reminded then escalated; an approval becomes a payment task that is reminded until paid;
// the info-requested loop asks the insurer again; rejection ends the negotiation.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { ResolvedIntake } from '../../domain/case/caseIntake.schema';
import { copenhagenInstant, localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { policyFor } from '../../domain/kernel/policy';
import { insurerEscalationOn, insurerReminderOn } from '../../domain/subsidies/subsidies.alarms';
import { type SubsidyDecision, type SubsidyRequest } from '../../domain/subsidies/subsidies';
import { taskEscalationAt } from '../../domain/tasks/tasks.alarms';
import { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { subsidyWorkflow } from '../../workflows/subsidy/subsidyWorkflow';
import {
  addInformationUpdate,
  awaitSubsidyUpdate,
  confirmPaymentUpdate,
  getSubsidyQuery,
  insurerDecisionUpdate,
  subsidyWorkflowId,
  withdrawSubsidyUpdate,
} from '../../workflows/subsidy/subsidy.messages';
import { awaitProjectionUpdate, caseWorkflowId, closeCaseUpdate, getCaseQuery } from '../../workflows/case/case.messages';
import { SUBSIDY_ORPHANED_AFTER_ATTEMPTS } from '../../workflows/subsidy/caseDelivery';
import { findStuckCases } from '../../db/supervisionQueries';
import { intakeBody } from '../support/fixtures';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

const consultantActor = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
const insurerActor = { actorId: 'insurer-1', role: 'insurer' as const, name: 'Forsikring A' };

const request: SubsidyRequest = {
  kind: 'aids',
  description: 'Specialstol og hæve-sænkebord',
  amountDkk: 12000,
  justification: 'Med stol og bord kan borgeren arbejde 30 timer om ugen i stedet for 15, hvilket mindsker erhvervsevnetabet.',
  expectedEffect: 'Flere timer på nuværende arbejdsplads',
};

interface Started {
  intake: ResolvedIntake;
  caseId: string;
  consultantEmail: string;
  caseHandle: WorkflowHandle<typeof retentionCaseWorkflow>;
  subsidyId: string;
  handle: WorkflowHandle<typeof subsidyWorkflow>;
  /** The run the subsidy started with (a later run means it continued as new). */
  firstRunId: string;
}

/** An active case and one subsidy request on it, both projected. */
async function startCaseWithSubsidy(taskQueue: string, continueAsNewAfterHistoryLength?: number): Promise<Started> {
  const b = intakeBody();
  const consultantEmail = `karen-${randomUUID().slice(0, 8)}@fastholdelse.local`;
  const intake: ResolvedIntake = {
    ...(b as ResolvedIntake),
    injuryCaseRef: b.injuryCaseRef.toUpperCase(),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen Konsulent', email: consultantEmail },
    employer: b.employer ?? null,
    union: b.union ?? null,
  };
  const caseId = `wf-${randomUUID().slice(0, 12)}`;
  const caseHandle = await kit.env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: caseWorkflowId(caseId),
    args: [{ caseId, opening: { intake, actor: consultantActor } }],
  });
  await caseHandle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  const subsidyId = `${caseId}-S1`;
  const handle = await kit.env.client.workflow.start(subsidyWorkflow, {
    taskQueue,
    workflowId: subsidyWorkflowId(subsidyId),
    args: [
      {
        subsidyId,
        opening: {
          caseRef: {
            caseId,
            injuryCaseRef: intake.injuryCaseRef,
            insurer: intake.insurer,
            owner: { role: 'consultant', name: 'Karen Konsulent', email: consultantEmail },
          },
          request,
          actor: consultantActor,
        },
        continueAsNewAfterHistoryLength,
      },
    ],
  });
  const view = await handle.executeUpdate(awaitSubsidyUpdate, { args: [{}] });
  expect(view).toMatchObject({ subsidyId, status: 'requested', amountDkk: 12000, round: 1 });
  return { intake, caseId, consultantEmail, caseHandle, subsidyId, handle, firstRunId: handle.firstExecutionRunId };
}

/**
 * Runs a test body with a worker; afterwards its still-running workflows are terminated, so their
 * timers cannot fire on a queue nobody serves and hold back the shared test-server clock.
 */
async function withWorkflows(fn: (taskQueue: string, started: Started[]) => Promise<void>) {
  const started: Started[] = [];
  await kit.withWorker(async (taskQueue) => {
    try {
      await fn(taskQueue, started);
    } finally {
      for (const s of started) {
        for (const h of [s.handle, s.caseHandle]) await h.terminate('test over').catch(() => undefined);
      }
    }
  });
}

/** The case after it has projected everything it was told. */
async function caseState(s: Started) {
  await s.caseHandle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  return s.caseHandle.query(getCaseQuery);
}

/** Subsidy mail to an address (the insurer also gets the case-accepted email, which is not counted). */
const subsidyMail = async (email: string) => (await caughtMail(email)).filter((m) => m.subject.includes('tilskud'));
const mailTo = (email: string, n: number) =>
  eventually(async () => {
    const m = await subsidyMail(email);
    return m.length >= n && m;
  });

/** Skips the test server's clock to just after `at` (epoch ms). */
async function sleepUntil(at: number) {
  const now = await kit.env.currentTimeMs();
  await kit.env.sleep(Math.max(at - now, 0) + 60 * 60 * 1000);
}

test('a silent insurer is reminded after the policy period and the consultant gets an escalation after a second one', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startCaseWithSubsidy(taskQueue);
    started.push(s);
    const [asked] = await mailTo(s.intake.insurer.email, 1);
    expect(asked.subject).toBe(`Anmodning om tilskud til hjælpemidler, sag ${s.intake.injuryCaseRef}`);
    expect(asked.text).toContain('12.000 kr.');
    // The email carries no health details: neither the injury nor the request's description or justification.
    expect(asked.text).not.toContain('Knust hånd');
    expect(asked.text).not.toContain('Specialstol');
    expect(asked.text).not.toContain('erhvervsevnetabet');

    const state = await s.handle.query(getSubsidyQuery);
    const policy = policyFor(state.requestedAt.slice(0, 10));
    const reminderOn = insurerReminderOn(state, policy);
    const escalationOn = insurerEscalationOn(state, policy);

    // Just after the reminder day opens: reminded, not yet escalated.
    await sleepUntil(copenhagenInstant(reminderOn, 10));
    const reminded = await eventually(async () => {
      const x = await s.handle.query(getSubsidyQuery);
      return x.insurerRemindedAt !== null && x;
    });
    expect(reminded.insurerRemindedAt!.slice(0, 10)).toBe(reminderOn);
    expect(reminded.escalatedAt).toBeNull();
    const mails = await mailTo(s.intake.insurer.email, 2);
    expect(mails.map((m) => m.subject)).toContain(`Rykker: anmodning om tilskud til hjælpemidler, sag ${s.intake.injuryCaseRef}`);
    expect(await subsidyMail(s.consultantEmail)).toHaveLength(0);

    await sleepUntil(copenhagenInstant(escalationOn, 10));
    const escalated = await eventually(async () => {
      const x = await s.handle.query(getSubsidyQuery);
      return x.escalatedAt !== null && x;
    });
    expect(escalated.escalatedAt!.slice(0, 10)).toBe(escalationOn);
    expect(escalated.status).toBe('requested');
    const [escalation] = await mailTo(s.consultantEmail, 1);
    expect(escalation.subject).toMatch(/^Eskalering: forsikringsselskabet svarer ikke/);

    // Both are visible on the case: its copy of the subsidy and its timeline.
    const c = await caseState(s);
    expect(c.subsidies).toEqual([
      expect.objectContaining({ subsidyId: s.subsidyId, status: 'requested', insurerRemindedOn: reminderOn, escalatedOn: escalationOn }),
    ]);
    const { rows } = await kit.pool.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq', [s.caseId]);
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['subsidy-requested', 'subsidy-insurer-reminded', 'subsidy-escalated']));
    const row = await kit.pool.query('SELECT status, insurer_reminded_at, escalated_at FROM subsidies WHERE subsidy_id = $1', [s.subsidyId]);
    expect(row.rows[0].status).toBe('requested');
    expect(row.rows[0].insurer_reminded_at).not.toBeNull();
    expect(row.rows[0].escalated_at).not.toBeNull();

    // Each fires once: a month later nothing more has been sent.
    await kit.env.sleep('30 days');
    expect(await subsidyMail(s.consultantEmail)).toHaveLength(1);
    expect(await subsidyMail(s.intake.insurer.email)).toHaveLength(2);
  });
});

test('an approval creates one payment task, which is reminded and escalated until payment closes it', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startCaseWithSubsidy(taskQueue);
    started.push(s);
    const decide = (key: string, decision: SubsidyDecision) =>
      s.handle.executeUpdate(insurerDecisionUpdate, { args: [{ actor: insurerActor, insurerId: s.intake.insurer.id, key, decision }] });

    const first = await decide('key-1', { decision: 'approved', approvedAmountDkk: 9000, note: 'Bord godkendt, stol afvist' });
    expect(first).toMatchObject({ replayed: false, subsidy: { status: 'approved', amountDkk: 12000, approvedAmountDkk: 9000 } });
    // The same key returns the same answer; the same decision under another key changes nothing.
    expect(await decide('key-1', { decision: 'approved', approvedAmountDkk: 9000, note: 'Bord godkendt, stol afvist' })).toEqual({
      ...first,
      replayed: true,
    });
    expect((await decide('key-2', { decision: 'approved', approvedAmountDkk: 9000 })).replayed).toBe(true);
    // A different decision after the final one is a conflict; another body under a used key is refused.
    await expect(decide('key-3', { decision: 'rejected' })).rejects.toMatchObject({ cause: { type: 'decision-conflict' } });
    await expect(decide('key-1', { decision: 'rejected' })).rejects.toMatchObject({ cause: { type: 'idempotency-key-reused' } });

    let c = await caseState(s);
    const tasks = c.tasks.filter((t) => t.kind === 'confirm-payment');
    expect(tasks).toEqual([expect.objectContaining({ ref: s.subsidyId, status: 'open', owner: expect.objectContaining({ email: s.consultantEmail }) })]);
    expect(tasks[0].title).toContain('9.000 kr.');
    expect(c.subsidies[0]).toMatchObject({ status: 'approved', approvedAmountDkk: 9000 });
    const answered = await mailTo(s.consultantEmail, 1);
    expect(answered.map((m) => m.subject)).toEqual([`Forsikringsselskabet har godkendt tilskud til hjælpemidler, sag ${s.intake.injuryCaseRef}`]);

    // Unpaid past its due date and the escalation window: reminded and escalated, still open.
    await sleepUntil(taskEscalationAt(tasks[0], policyFor(tasks[0].dueOn)));
    c = await eventually(async () => {
      const x = await s.caseHandle.query(getCaseQuery);
      const t = x.tasks.find((t) => t.ref === s.subsidyId)!;
      return t.remindedOn !== null && t.escalatedOn !== null && x;
    });
    expect(c.tasks.find((t) => t.ref === s.subsidyId)!.status).toBe('open');
    const reminders = await mailTo(s.consultantEmail, 2);
    expect(reminders.map((m) => m.subject)).toContainEqual(expect.stringMatching(/^Påmindelse: Bekræft udbetaling af tilskud til hjælpemidler/));
    expect((await s.handle.query(getSubsidyQuery)).status).toBe('approved');

    const today = localDateInCopenhagen(await kit.env.currentTimeMs());
    const paid = await s.handle.executeUpdate(confirmPaymentUpdate, { args: [{ actor: consultantActor, confirmedOn: today, note: 'Faktura betalt' }] });
    expect(paid).toMatchObject({ status: 'paid', paidOn: today });
    expect((await s.handle.result()).status).toBe('paid');
    c = await caseState(s);
    expect(c.tasks.find((t) => t.ref === s.subsidyId)).toMatchObject({ status: 'done' });
    expect(c.subsidies[0]).toMatchObject({ status: 'paid', paidOn: today });
    const row = await kit.pool.query('SELECT status, paid_on::text AS paid_on, approved_amount_dkk FROM subsidies WHERE subsidy_id = $1', [s.subsidyId]);
    expect(row.rows[0]).toEqual({ status: 'paid', paid_on: today, approved_amount_dkk: 9000 });
  });
});

test('info-requested: the consultant adds information, the insurer is asked again with a fresh reminder clock, then approves', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startCaseWithSubsidy(taskQueue);
    started.push(s);
    const decide = (key: string, decision: SubsidyDecision) =>
      s.handle.executeUpdate(insurerDecisionUpdate, { args: [{ actor: insurerActor, insurerId: s.intake.insurer.id, key, decision }] });
    // Information can only be added when the insurer asked for it.
    await expect(s.handle.executeUpdate(addInformationUpdate, { args: [{ actor: consultantActor, information: 'Tilbud vedlagt' }] })).rejects.toMatchObject({
      cause: { type: 'phase' },
    });

    const asked = await decide('q-1', { decision: 'info-requested', note: 'Send et tilbud fra leverandøren' });
    expect(asked.subsidy).toMatchObject({ status: 'info-requested', decisionNote: 'Send et tilbud fra leverandøren' });
    const before = await s.handle.query(getSubsidyQuery);

    await kit.env.sleep('3 days');
    const again = await s.handle.executeUpdate(addInformationUpdate, {
      args: [{ actor: consultantActor, information: 'Tilbud fra leverandøren: 11.500 kr.' }],
    });
    expect(again).toMatchObject({ status: 'requested', round: 2 });
    expect(Date.parse(again.askedAt)).toBeGreaterThan(Date.parse(before.askedAt));
    const mails = await mailTo(s.intake.insurer.email, 2);
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [`Anmodning om tilskud til hjælpemidler, sag ${s.intake.injuryCaseRef}`, `Nye oplysninger: Anmodning om tilskud til hjælpemidler, sag ${s.intake.injuryCaseRef}`].sort(),
    );

    // The reminder clock restarted at the new question: no reminder on the first round's reminder day.
    const policy = policyFor(before.requestedAt.slice(0, 10));
    const firstReminderOn = insurerReminderOn(before, policy);
    const secondReminderOn = insurerReminderOn(await s.handle.query(getSubsidyQuery), policy);
    expect(secondReminderOn > firstReminderOn).toBe(true);
    await sleepUntil(copenhagenInstant(firstReminderOn, 12));
    expect((await s.handle.query(getSubsidyQuery)).insurerRemindedAt).toBeNull();

    const approved = await decide('q-2', { decision: 'approved' });
    expect(approved.subsidy).toMatchObject({ status: 'approved', approvedAmountDkk: 12000, round: 2 });
    expect(approved.subsidy.history.map((h) => h.type)).toEqual(['requested', 'answered', 'information-added', 'answered']);
    const c = await caseState(s);
    expect(c.tasks.filter((t) => t.kind === 'confirm-payment' && t.ref === s.subsidyId)).toHaveLength(1);
    const { rows } = await kit.pool.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq', [s.caseId]);
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['subsidy-requested', 'subsidy-info-requested', 'subsidy-information-added', 'subsidy-approved', 'task-created']),
    );
  });
});

test('a rejection ends the negotiation without a payment task', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startCaseWithSubsidy(taskQueue);
    started.push(s);
    const answer = await s.handle.executeUpdate(insurerDecisionUpdate, {
      args: [{ actor: insurerActor, insurerId: s.intake.insurer.id, key: 'r-1', decision: { decision: 'rejected', note: 'Kommunens ansvar' } }],
    });
    expect(answer.subsidy.status).toBe('rejected');
    expect((await s.handle.result()).status).toBe('rejected');
    const c = await caseState(s);
    expect(c.subsidies[0]).toMatchObject({ status: 'rejected' });
    expect(c.tasks.filter((t) => t.kind === 'confirm-payment')).toHaveLength(0);
  });
});

test('a subsidy that continues as new keeps its negotiation, its idempotency keys and its one payment task', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startCaseWithSubsidy(taskQueue, 30);
    started.push(s);
    const decide = (key: string, decision: SubsidyDecision) =>
      s.handle.executeUpdate(insurerDecisionUpdate, { args: [{ actor: insurerActor, insurerId: s.intake.insurer.id, key, decision }] });

    // Two information rounds and an approval make the history pass the limit several times.
    for (const round of [1, 2]) {
      await decide(`ask-${round}`, { decision: 'info-requested', note: `Spørgsmål ${round}` });
      await s.handle.executeUpdate(addInformationUpdate, { args: [{ actor: consultantActor, information: `Svar på spørgsmål ${round}` }] });
    }
    const first = await decide('approve', { decision: 'approved', approvedAmountDkk: 12000 });
    await eventually(async () => (await s.handle.describe()).runId !== s.firstRunId);

    // After continue-as-new the same key still answers the recorded decision and changes nothing.
    expect(await decide('approve', { decision: 'approved', approvedAmountDkk: 12000 })).toEqual({ ...first, replayed: true });
    const sub = await s.handle.query(getSubsidyQuery);
    expect(sub).toMatchObject({ status: 'approved', round: 3 });
    const c = await caseState(s);
    expect(c.tasks.filter((t) => t.kind === 'confirm-payment')).toHaveLength(1);
  });
});

test('closing waits for an open subsidy: approved after the refused close, it still becomes a payment task and a paid subsidy', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startCaseWithSubsidy(taskQueue);
    started.push(s);
    const close = () => s.caseHandle.executeUpdate(closeCaseUpdate, { args: [{ actor: consultantActor, outcome: 'no-result' }] });

    // The request is open: 409 naming it, and the case stays active to hear the insurer's answer.
    const refused = await close().catch((err) => err);
    expect(refused.cause).toMatchObject({ type: 'open-subsidies' });
    expect(refused.cause.details[0]).toMatchObject({ status: 409, openSubsidies: [{ subsidyId: s.subsidyId, kind: 'aids', status: 'requested' }] });
    expect((await caseState(s)).status).toBe('active');

    await s.handle.executeUpdate(insurerDecisionUpdate, {
      args: [{ actor: insurerActor, insurerId: s.intake.insurer.id, key: 'after-close', decision: { decision: 'approved' } }],
    });
    let c = await caseState(s);
    expect(c.tasks.filter((t) => t.kind === 'confirm-payment' && t.ref === s.subsidyId && t.status === 'open')).toHaveLength(1);
    // Approved but unpaid still blocks closing (through its payment task).
    await expect(close()).rejects.toMatchObject({ cause: { type: 'open-tasks' } });

    const today = localDateInCopenhagen(await kit.env.currentTimeMs());
    await s.handle.executeUpdate(confirmPaymentUpdate, { args: [{ actor: consultantActor, confirmedOn: today }] });
    expect((await s.handle.result()).status).toBe('paid');
    expect(await close()).toMatchObject({ status: 'closed', outcome: 'no-result' });
    c = await s.caseHandle.result();
    expect(c.subsidies).toEqual([expect.objectContaining({ subsidyId: s.subsidyId, status: 'paid' })]);
  });
});

test('a withdrawn approval: the insurer is told, the case cancels the payment task and shows it, and the case can close', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startCaseWithSubsidy(taskQueue);
    started.push(s);
    await s.handle.executeUpdate(insurerDecisionUpdate, {
      args: [{ actor: insurerActor, insurerId: s.intake.insurer.id, key: 'w-1', decision: { decision: 'approved', approvedAmountDkk: 10000 } }],
    });
    const reason = 'Borgeren er skiftet til et job, hvor hjælpemidlerne ikke skal bruges';
    const view = await s.handle.executeUpdate(withdrawSubsidyUpdate, { args: [{ actor: consultantActor, reason }] });
    expect(view).toMatchObject({ status: 'withdrawn', withdrawalReason: reason, withdrawnOn: localDateInCopenhagen(await kit.env.currentTimeMs()) });
    expect(view.history.map((h) => h.type)).toEqual(['requested', 'answered', 'withdrawn']);
    expect((await s.handle.result()).status).toBe('withdrawn');

    const c = await caseState(s);
    expect(c.subsidies[0]).toMatchObject({ subsidyId: s.subsidyId, status: 'withdrawn' });
    expect(c.tasks.find((t) => t.ref === s.subsidyId)).toMatchObject({ kind: 'confirm-payment', status: 'cancelled' });
    const { rows } = await kit.pool.query('SELECT type, summary FROM case_events WHERE case_id = $1 ORDER BY seq', [s.caseId]);
    expect(rows.find((r) => r.type === 'subsidy-withdrawn')?.summary).toBe(`Anmodningen om tilskud til hjælpemidler er trukket tilbage. Begrundelse: ${reason}`);

    const mails = await mailTo(s.intake.insurer.email, 2);
    const told = mails.find((m) => m.subject.includes('trukket tilbage'))!;
    expect(told.subject).toBe(`Anmodning om tilskud til hjælpemidler er trukket tilbage, sag ${s.intake.injuryCaseRef}`);
    // Like every subsidy email: kind, amount and a link, not the reason (it may describe the citizen's situation).
    expect(told.text).not.toContain('Borgeren');
    expect(await s.caseHandle.executeUpdate(closeCaseUpdate, { args: [{ actor: consultantActor, outcome: 'no-result' }] })).toMatchObject({ status: 'closed' });
  });
});

/**
 * A subsidy on a case closed before closing waited for subsidies, whose workflow has since left Temporal
 * (retention): the read model says closed, and Temporal answers its signals "not found". (The time-skipping
 * test server fails the sender's workflow task on a signal to a closed workflow instead of answering "not
 * found" as the real server does, so the gone workflow here is one that no longer exists at all.)
 */
async function startSubsidyOfGoneCase(taskQueue: string): Promise<Started> {
  const b = intakeBody();
  const intake = { ...(b as ResolvedIntake), injuryCaseRef: b.injuryCaseRef.toUpperCase(), caseworker: b.caseworker!, employer: b.employer ?? null, union: null };
  const consultantEmail = `karen-${randomUUID().slice(0, 8)}@fastholdelse.local`;
  const caseId = `gone-${randomUUID().slice(0, 12)}`;
  await kit.pool.query(
    `INSERT INTO cases (case_id, injury_case_ref, status, municipality_code, insurer_id, consent, first_sick_day, seq, snapshot, created_at, updated_at, last_activity_at)
     VALUES ($1, $2, 'closed', '751', $3, true, $4, 9, '{}'::jsonb, now(), now(), now())`,
    [caseId, intake.injuryCaseRef, intake.insurer.id, intake.sickLeave.firstSickDay],
  );
  const subsidyId = `${caseId}-S1`;
  const owner = { role: 'consultant', name: 'Karen Konsulent', email: consultantEmail };
  const handle = await kit.env.client.workflow.start(subsidyWorkflow, {
    taskQueue,
    workflowId: subsidyWorkflowId(subsidyId),
    args: [{ subsidyId, opening: { caseRef: { caseId, injuryCaseRef: intake.injuryCaseRef, insurer: intake.insurer, owner }, request, actor: consultantActor } }],
  });
  await handle.executeUpdate(awaitSubsidyUpdate, { args: [{}] });
  const caseHandle = kit.env.client.workflow.getHandle<typeof retentionCaseWorkflow>(caseWorkflowId(caseId));
  return { intake, caseId, consultantEmail, caseHandle, subsidyId, handle, firstRunId: handle.firstExecutionRunId };
}

test('a subsidy whose case workflow is gone retries telling it, then records subsidy-orphaned, stops reminding, and still ends when paid', async () => {
  await withWorkflows(async (taskQueue, started) => {
    const s = await startSubsidyOfGoneCase(taskQueue);
    started.push(s);
    const requestedOn = localDateInCopenhagen(await kit.env.currentTimeMs());

    // The request's own signal fails; it is retried on timers (1, 2, 4 minutes), then the subsidy is an orphan.
    await kit.env.sleep('1 hour');
    const orphaned = await eventually(async () => {
      const x = await s.handle.query(getSubsidyQuery);
      return x.orphaned ? x : undefined;
    });
    expect(orphaned.orphaned).toMatchObject({ detail: expect.stringContaining(s.caseId) });
    const history = await s.handle.fetchHistory();
    const failedSignals = history.events!.filter((e) => e.signalExternalWorkflowExecutionFailedEventAttributes);
    expect(failedSignals).toHaveLength(SUBSIDY_ORPHANED_AFTER_ATTEMPTS);
    expect(history.events!.filter((e) => e.timerStartedEventAttributes).length).toBeGreaterThanOrEqual(SUBSIDY_ORPHANED_AFTER_ATTEMPTS - 1);

    // Projected: the supervisors' stuck list shows it, though the case is closed.
    const row = await kit.pool.query('SELECT orphaned_at FROM subsidies WHERE subsidy_id = $1', [s.subsidyId]);
    expect(row.rows[0].orphaned_at).not.toBeNull();
    const policy = policyFor(requestedOn);
    const stuck = (await findStuckCases(kit.pool, localDateInCopenhagen(await kit.env.currentTimeMs()), policy)).find((x) => x.caseId === s.caseId);
    expect(stuck?.reasons).toEqual([expect.objectContaining({ code: 'subsidy-orphaned', since: requestedOn })]);
    expect((await s.handle.query(getSubsidyQuery)).orphaned).toEqual(orphaned.orphaned);

    // No reminder or escalation about a closed case: the insurer got the request only, the consultant nothing.
    await sleepUntil(copenhagenInstant(insurerEscalationOn(orphaned, policy), 12));
    await kit.env.sleep('10 days');
    const later = await s.handle.query(getSubsidyQuery);
    expect(later).toMatchObject({ status: 'requested', insurerRemindedAt: null, escalatedAt: null });
    expect(await subsidyMail(s.consultantEmail)).toHaveLength(0);
    expect(await subsidyMail(s.intake.insurer.email)).toHaveLength(1);

    // The insurer still answers, and payment still ends the subsidy: no silent wait.
    await s.handle.executeUpdate(insurerDecisionUpdate, {
      args: [{ actor: insurerActor, insurerId: s.intake.insurer.id, key: 'late', decision: { decision: 'approved' } }],
    });
    const paidOn = localDateInCopenhagen(await kit.env.currentTimeMs());
    await s.handle.executeUpdate(confirmPaymentUpdate, { args: [{ actor: consultantActor, confirmedOn: paidOn }] });
    expect((await s.handle.result()).status).toBe('paid');
    const after = (await findStuckCases(kit.pool, paidOn, policy)).find((x) => x.caseId === s.caseId);
    expect(after).toBeUndefined();
  });
});
