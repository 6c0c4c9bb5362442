// `npm run record-histories [-- --force] [-- --out DIR]`: runs representative case and subsidy scenarios on the
// time-skipping server and saves their event histories under test/replay/histories/, so replay tests
// prove that changed workflow code still replays what running cases already recorded. A history file
// that exists is kept (running cases have that history): after a deliberate, patched change, rename
// the scenario's file name (e.g. a date suffix) so a new file is written beside the old ones.
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { dataConverter, FAILURE_CONVERTER_PATH } from '../infra/dataConverter';
import { provisionTestServer } from './stack/tools';
import { REPLAY_PAYLOAD_KEYS } from '../test/replay/replayKeys';
import { ensureCaseSearchAttributes } from '../worker/schedules';
import type { CaseActivities } from '../activities';
import type { ResolvedIntake } from '../domain/case/caseIntake.schema';
import type { SubsidyRequest } from '../domain/subsidies/subsidies';
import { addDays, addWeeks } from '../domain/calendar/localDate';
import { formatInstant, localDateInCopenhagen } from '../domain/calendar/copenhagenTime';
import { retentionCaseWorkflow } from '../workflows/case/caseWorkflow';
import { subsidyWorkflow } from '../workflows/subsidy/subsidyWorkflow';
import {
  answerConsultationUpdate,
  awaitProjectionUpdate,
  caseWorkflowId,
  closeCaseUpdate,
  completeTaskUpdate,
  consultInsurerUpdate,
  correctFirstSickDayUpdate,
  emailBouncedSignal,
  fileAppealUpdate,
  getCaseQuery,
  makeDecisionUpdate,
  recordMedicalStatusUpdate,
  recordRoundtableOutcomeUpdate,
  recordSickLeavePeriodUpdate,
  recordConsentUpdate,
  recordPowerOfAttorneyUpdate,
  scheduleRoundtableUpdate,
  sendRoundtableMinutesUpdate,
  recordFastTrackProgressUpdate,
  cancelTaskUpdate,
  recordPartialSickLeaveUpdate,
  recordRelapseUpdate,
  updateScreeningUpdate,
  addPlanMilestoneUpdate,
  recordMilestoneProgressUpdate,
} from '../workflows/case/case.messages';
import type { ResolvedRetentionIntake } from '../domain/case/caseIntake.schema';
import { addInformationUpdate, awaitSubsidyUpdate, confirmPaymentUpdate, insurerDecisionUpdate, withdrawSubsidyUpdate } from '../workflows/subsidy/subsidy.messages';

// `--out DIR` records elsewhere (e.g. to try a scenario without touching the kept histories).
const outArg = process.argv.indexOf('--out');
const OUT = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.resolve(__dirname, '..', 'test', 'replay', 'histories');
const consultant = { actorId: 'consultant-1', role: 'consultant' as const, name: 'Karen Konsulent' };
const insurerActor = { actorId: 'insurer-1', role: 'insurer' as const, name: 'Forsikring A' };
const log = (line: string) => console.log(line);

// Activities stand in for Postgres and SMTP: a history records their results, not their effects.
const activities: CaseActivities = {
  projectCase: async () => undefined,
  sendEmail: async () => 1,
  projectSubsidy: async () => undefined,
  sendSupervisorDigest: async () => ({ supervisors: 0, emailsSent: 0, newlyStuck: 0 }),
} as unknown as CaseActivities; // only the four functions workflows call; their deps are not needed here

function intake(today: string, ref: string): ResolvedIntake {
  return {
    injuryCaseRef: ref,
    municipalityCode: '751',
    referral: { source: 'municipality' },
    citizen: { name: 'Replay Borger', email: 'borger@replay.local' },
    consentToShareWithMunicipality: true,
    consentToEmployerInvolvement: true,
    caseworker: { name: 'Søren Sagsbehandler', email: 'sb@replay.local' },
    consultant: { name: 'Karen Konsulent', email: 'karen@replay.local' },
    employer: { name: 'Byg & Co ApS', cvr: '12345678', email: 'hr@replay.local', stillEmployed: true },
    insurer: { id: 'insurer-a', name: 'Forsikring A', email: 'skade@replay.local' },
    union: null,
    injury: { kind: 'accident', date: addWeeks(today, -44), recognised: true, permanentConsequences: true, canReturnToFormerWork: false },
    // 44 weeks ago: the 8-week sick-pay reminder is already due, the others come while time is skipped.
    sickLeave: { firstSickDay: addWeeks(today, -44) },
    riskScore: 70,
  };
}

const force = process.argv.includes('--force');
const exists = (name: string) => existsSync(path.join(OUT, `${name}.json`));

async function save(name: string, handle: WorkflowHandle) {
  const file = path.join(OUT, `${name}.json`);
  if (exists(name) && !force) {
    log(`• ${name}: kept (the file exists; running cases have that history)`);
    return;
  }
  const history = await handle.fetchHistory();
  // The canonical proto JSON (as `temporal workflow show --output json` writes it), which replay reads back.
  writeFileSync(file, historyToJSON(history));
  log(`✔ ${name}: ${history.events?.length ?? 0} events → ${path.relative(process.cwd(), file)}`);
}

async function caseScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const today = () => env.currentTimeMs().then((ms) => localDateInCopenhagen(ms));
  const caseId = 'replay-case-1';
  const handle = await env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: caseWorkflowId(caseId),
    args: [{ caseId, opening: { intake: intake(await today(), 'AS-REPLAY-1'), actor: consultant } }],
  });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  const t0 = await today();
  await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: consultant, kind: 'return-to-work', date: addDays(t0, -20) }] });
  await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: consultant, kind: 'resumed', date: addDays(t0, -6) }] });
  const when = (await env.currentTimeMs()) + 8 * 86_400_000;
  const { roundtableId } = await handle.executeUpdate(scheduleRoundtableUpdate, {
    args: [
      {
        actor: consultant,
        scheduledAt: formatInstant(when - (when % 3_600_000)),
        location: 'Jobcenter Aarhus',
        purpose: 'Afklare muligheder for at fortsætte i job',
        agenda: ['Status', 'Muligheder'],
        participants: [
          { role: 'citizen', name: 'Replay Borger', email: 'borger@replay.local' },
          { role: 'employer', name: 'Byg & Co ApS', email: 'hr@replay.local' },
        ],
        citizenConsentsToEmployer: true,
      },
    ],
  });
  await env.sleep('9 days');
  await handle.executeUpdate(recordRoundtableOutcomeUpdate, {
    args: [
      {
        actor: consultant,
        roundtableId,
        heldOn: addDays(await today(), -1),
        summary: 'Delvis raskmelding aftalt.',
        actions: [{ title: 'Søg hjælpemidler', owner: { role: 'consultant', name: 'Karen Konsulent', email: 'karen@replay.local' }, dueOn: addDays(await today(), 10) }],
      },
    ],
  });
  await handle.executeUpdate(sendRoundtableMinutesUpdate, { args: [{ actor: consultant, roundtableId, text: 'Referat af mødet.' }] });
  await handle.executeUpdate(makeDecisionUpdate, {
    args: [
      {
        actor: consultant,
        kind: 'interim',
        earningCapacityLossPct: 25,
        permanentInjuryPct: 8,
        justification: 'Foreløbigt erhvervsevnetab ud fra lægelige oplysninger og arbejdsprøvning.',
        acknowledgeRuleCollision: true,
        nextIncomeBasis: 'fleksjob',
      },
    ],
  });
  await env.sleep('30 days');
  const state = await handle.query(getCaseQuery);
  const action = state.tasks.find((t) => t.kind === 'action' && t.status === 'open');
  if (action) await handle.executeUpdate(completeTaskUpdate, { args: [{ actor: consultant, taskId: action.taskId, note: 'Bevilget.' }] });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  await save('case-roundtable-decision', handle);
  await handle.terminate('recorded');
}

// Parties informed: consent and power of attorney over time, minutes to every party (an absent union), and an
// early interim decision behind the rule collision with its notices.
async function partiesScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const today = () => env.currentTimeMs().then((ms) => localDateInCopenhagen(ms));
  const caseId = 'replay-case-parties';
  const base = intake(await today(), 'AS-REPLAY-PARTIES');
  const handle = await env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: caseWorkflowId(caseId),
    args: [
      {
        caseId,
        opening: {
          intake: { ...base, consentToEmployerInvolvement: false, union: { id: 'union-3f', name: '3F Aarhus', email: '3f@replay.local', powerOfAttorney: 'none' } },
          actor: consultant,
        },
      },
    ],
  });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  const t0 = await today();
  await handle.executeUpdate(recordConsentUpdate, { args: [{ actor: consultant, kind: 'employer', given: true, date: t0, sourceDocument: 'Samtykkeerklæring' }] });
  await handle.executeUpdate(recordPowerOfAttorneyUpdate, { args: [{ actor: consultant, powerOfAttorney: 'partial', date: t0, sourceDocument: 'Fuldmagt' }] });
  const when = (await env.currentTimeMs()) + 2 * 86_400_000;
  const { roundtableId } = await handle.executeUpdate(scheduleRoundtableUpdate, {
    args: [
      {
        actor: consultant,
        scheduledAt: formatInstant(when - (when % 3_600_000)),
        location: 'Jobcenter Aarhus',
        purpose: 'Plan for arbejdsprøvning',
        agenda: ['Status'],
        participants: [{ role: 'employer', name: 'Byg & Co ApS', email: 'hr@replay.local' }],
        citizenConsentsToEmployer: true,
      },
    ],
  });
  await env.sleep('3 days');
  await handle.executeUpdate(recordRoundtableOutcomeUpdate, { args: [{ actor: consultant, roundtableId, heldOn: addDays(await today(), -1), summary: 'Aftalt.', actions: [] }] });
  await handle.executeUpdate(sendRoundtableMinutesUpdate, { args: [{ actor: consultant, roundtableId, text: 'Referat.' }] });
  await handle.executeUpdate(makeDecisionUpdate, {
    args: [
      {
        actor: consultant,
        kind: 'interim',
        earningCapacityLossPct: 20,
        justification: 'Foreløbigt erhvervsevnetab efter arbejdsprøvning.',
        acknowledgeRuleCollision: true,
        nextIncomeBasis: 'ressourceforløbsydelse',
      },
    ],
  });
  await handle.executeUpdate(recordConsentUpdate, { args: [{ actor: consultant, kind: 'municipality', given: false, date: await today(), sourceDocument: 'Tilbagekaldt' }] });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  await save('case-parties-informed', handle);
  await handle.terminate('recorded');
}

async function subsidyScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const caseId = 'replay-case-2';
  const caseIntake = intake(localDateInCopenhagen(await env.currentTimeMs()), 'AS-REPLAY-2');
  const caseHandle = await env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: caseWorkflowId(caseId),
    args: [{ caseId, opening: { intake: caseIntake, actor: consultant } }],
  });
  await caseHandle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  const subsidyId = `${caseId}-S1`;
  const handle = await env.client.workflow.start(subsidyWorkflow, {
    taskQueue,
    workflowId: `subsidy-${subsidyId}`,
    args: [
      {
        subsidyId,
        opening: {
          caseRef: { caseId, injuryCaseRef: caseIntake.injuryCaseRef, insurer: caseIntake.insurer, owner: { role: 'consultant', name: 'Karen Konsulent', email: 'karen@replay.local' } },
          request: {
            kind: 'aids',
            description: 'Hæve-sænkebord',
            amountDkk: 12000,
            justification: 'Med bordet kan borgeren arbejde flere timer, hvilket mindsker erhvervsevnetabet.',
            expectedEffect: 'Flere timer på arbejdspladsen',
          },
          actor: consultant,
        },
      },
    ],
  });
  await handle.executeUpdate(awaitSubsidyUpdate, { args: [{}] });
  await env.sleep('16 days');
  await handle.executeUpdate(insurerDecisionUpdate, {
    args: [{ actor: insurerActor, insurerId: 'insurer-a', key: 'replay-key-1', decision: { decision: 'approved', approvedAmountDkk: 9000, note: 'Godkendt' } }],
  });
  await env.sleep('3 days');
  await handle.executeUpdate(confirmPaymentUpdate, {
    args: [{ actor: consultant, confirmedOn: localDateInCopenhagen(await env.currentTimeMs()), note: 'Betalt' }],
  });
  await handle.result();
  await caseHandle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  await save('subsidy-approved-paid', handle);
  await save('case-with-subsidy', caseHandle);
  await caseHandle.terminate('recorded');
}

/** Starts a case from the replay intake and waits until it is projected. */
async function openCase(env: TestWorkflowEnvironment, taskQueue: string, caseId: string, ref: string, over: Partial<ResolvedIntake> = {}, continueAsNewAfterHistoryLength?: number) {
  const handle = await env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: caseWorkflowId(caseId),
    args: [{ caseId, opening: { intake: { ...intake(localDateInCopenhagen(await env.currentTimeMs()), ref), ...over }, actor: consultant }, continueAsNewAfterHistoryLength }],
  });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  return handle;
}

const todayOf = async (env: TestWorkflowEnvironment) => localDateInCopenhagen(await env.currentTimeMs());

/** A case rejected at screening: it projects, tells nobody, and finishes. */
async function rejectedScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const base = intake(await todayOf(env), 'AS-REPLAY-3');
  const handle = await openCase(env, taskQueue, 'replay-case-3', 'AS-REPLAY-3', { injury: { ...base.injury, recognised: false } });
  await handle.result();
  await save('case-rejected-at-screening', handle);
}

/** The legal track: first-sick-day correction, medical status, an insurer consultation, a decision and its appeal. */
async function legalTrackScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const handle = await openCase(env, taskQueue, 'replay-case-4', 'AS-REPLAY-4');
  const today = await todayOf(env);
  await handle.executeUpdate(correctFirstSickDayUpdate, { args: [{ actor: consultant, firstSickDay: addWeeks(today, -40), reason: 'Lægeerklæringen viser en senere første sygedag.' }] });
  await handle.executeUpdate(recordMedicalStatusUpdate, { args: [{ actor: consultant, stationary: false, assessedOn: addDays(today, -3), source: 'speciallægeerklæring' }] });
  const { consultation } = await handle.executeUpdate(consultInsurerUpdate, { args: [{ actor: consultant, question: 'Har selskabet bemærkninger til en midlertidig afgørelse?' }] });
  await handle.executeUpdate(answerConsultationUpdate, { args: [{ actor: insurerActor, consultationId: consultation.consultationId, answer: 'Ingen bemærkninger.' }] });
  // Under an Idempotency-Key, then the same request again: the recorded answer, nothing twice.
  const keyed = {
    actor: consultant,
    idempotencyKey: 'replay-decision-4',
    kind: 'interim' as const,
    earningCapacityLossPct: 20,
    justification: 'Foreløbigt erhvervsevnetab efter arbejdsprøvning og lægelige oplysninger.',
    acknowledgeRuleCollision: true,
    nextIncomeBasis: 'fleksjob',
  };
  const { decision } = await handle.executeUpdate(makeDecisionUpdate, { args: [keyed] });
  await handle.executeUpdate(makeDecisionUpdate, { args: [keyed], updateId: 'replay-decision-4-retry' });
  // The outbox dispatcher tells the case of an address the relay refused: a task to correct it.
  await handle.signal(emailBouncedSignal, {
    actor: { actorId: 'system', role: 'supervisor', name: 'Systemet' },
    key: 'case-accepted:replay-case-4',
    template: 'case-accepted',
    to: { name: 'Forsikring A', email: 'skade@replay.invalid' },
    reason: '550 5.1.1 mailbox unavailable',
    bouncedAt: formatInstant(await env.currentTimeMs()),
  });
  await env.sleep('5 days');
  await handle.executeUpdate(fileAppealUpdate, { args: [{ actor: insurerActor, decisionId: decision.decisionId, filedOn: await todayOf(env), by: 'insurer', note: 'Procentsatsen er for høj.' }] });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  await save('case-legal-track', handle);
  await handle.terminate('recorded');
}

/** A return to work: closing starts aftercare, whose check-in tasks close the case when the last is done. */
async function closingScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const handle = await openCase(env, taskQueue, 'replay-case-5', 'AS-REPLAY-5');
  await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: consultant, outcome: 'same-employer', note: 'Tilbage på fuld tid.' }] });
  for (const months of [1, 3, 6]) {
    await env.sleep(`${months === 1 ? 31 : months === 3 ? 62 : 92} days`);
    const open = (await handle.query(getCaseQuery)).tasks.filter((t) => t.status === 'open');
    if (open[0]) await handle.executeUpdate(completeTaskUpdate, { args: [{ actor: consultant, taskId: open[0].taskId, note: 'Opfølgning holdt.' }] });
  }
  for (const t of (await handle.query(getCaseQuery)).tasks.filter((x) => x.status === 'open')) {
    await handle.executeUpdate(completeTaskUpdate, { args: [{ actor: consultant, taskId: t.taskId, note: 'Afsluttet.' }] });
  }
  await handle.result();
  await save('case-closing-aftercare', handle);
}

/** A case that continues as new; its first run and its newest run are both kept. */
async function continueAsNewScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const handle = await openCase(env, taskQueue, 'replay-case-6', 'AS-REPLAY-6', {}, 40);
  const firstRunId = (await handle.describe()).runId;
  const today = await todayOf(env);
  await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: consultant, kind: 'return-to-work', date: addDays(today, -30) }] });
  await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: consultant, kind: 'resumed', date: addDays(today, -10) }] });
  await handle.executeUpdate(makeDecisionUpdate, {
    args: [{ actor: consultant, kind: 'safe-minimum', permanentInjuryPct: 5, justification: 'Sikkert mén fastsat på det foreliggende grundlag.' }],
  });
  await env.sleep('120 days');
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  if ((await handle.describe()).runId === firstRunId) throw new Error('the case did not continue as new');
  await save('case-continue-as-new-first-run', env.client.workflow.getHandle(caseWorkflowId('replay-case-6'), firstRunId));
  await save('case-continue-as-new-latest-run', handle);
  await handle.terminate('recorded');
}

/** Starts a subsidy request `<caseId>-S1` on a case and waits until it is projected. */
async function openSubsidy(env: TestWorkflowEnvironment, taskQueue: string, caseId: string, injuryCaseRef: string, request: SubsidyRequest) {
  const subsidyId = `${caseId}-S1`;
  const owner = { role: 'consultant', name: 'Karen Konsulent', email: 'karen@replay.local' };
  const handle = await env.client.workflow.start(subsidyWorkflow, {
    taskQueue,
    workflowId: `subsidy-${subsidyId}`,
    args: [{ subsidyId, opening: { caseRef: { caseId, injuryCaseRef, insurer: intake(await todayOf(env), injuryCaseRef).insurer, owner }, request, actor: consultant } }],
  });
  await handle.executeUpdate(awaitSubsidyUpdate, { args: [{}] });
  return handle;
}

/** The information loop: the insurer asks, the consultant answers, the insurer approves, payment is confirmed. */
async function informationLoopScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const caseId = 'replay-case-7';
  const caseHandle = await openCase(env, taskQueue, caseId, 'AS-REPLAY-7');
  const handle = await openSubsidy(env, taskQueue, caseId, 'AS-REPLAY-7', { kind: 'transport', description: 'Kørsel til arbejdsprøvning', amountDkk: 4000, justification: 'Uden kørsel kan borgeren ikke gennemføre arbejdsprøvningen på den nye arbejdsplads.', expectedEffect: 'Arbejdsprøvning gennemført' });
  await handle.executeUpdate(insurerDecisionUpdate, { args: [{ actor: insurerActor, insurerId: 'insurer-a', key: 'replay-key-7a', decision: { decision: 'info-requested', note: 'Send et tilbud fra vognmanden.' } }] });
  await env.sleep('2 days');
  await handle.executeUpdate(addInformationUpdate, { args: [{ actor: consultant, information: 'Tilbud fra vognmanden vedlagt: 4.000 kr.' }] });
  await env.sleep('12 days');
  await handle.executeUpdate(insurerDecisionUpdate, { args: [{ actor: insurerActor, insurerId: 'insurer-a', key: 'replay-key-7b', decision: { decision: 'approved', approvedAmountDkk: 4000, note: 'Godkendt' } }] });
  await handle.executeUpdate(confirmPaymentUpdate, { args: [{ actor: consultant, confirmedOn: await todayOf(env), note: 'Betalt' }] });
  await handle.result();
  await caseHandle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  await save('subsidy-information-loop', handle);
  await caseHandle.terminate('recorded');
}

/** A subsidy whose case workflow is gone: the signal is retried on timers, then the subsidy is an orphan, then withdrawn. */
async function orphanScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  // No case workflow is started for this case id: every signal to it fails as "not found".
  const caseId = 'replay-case-8';
  const handle = await openSubsidy(env, taskQueue, caseId, 'AS-REPLAY-8', { kind: 'aids', description: 'Specialstol', amountDkk: 6000, justification: 'Med stolen kan borgeren sidde ved skrivebordet en hel arbejdsdag.', expectedEffect: 'Fuld arbejdstid' });
  await env.sleep('1 day');
  await handle.executeUpdate(withdrawSubsidyUpdate, { args: [{ actor: consultant, idempotencyKey: 'replay-withdraw-8', reason: 'Sagen er lukket; behovet er dækket af kommunen.' }] });
  await handle.result();
  await save('subsidy-orphaned-withdrawn', handle);
}

/**
 * A job centre retention case: an employer's fast track without the three answers, a high risk score, the
 * answers, partial sick leave, the first conversation after its reminder and escalation, aftercare and a relapse.
 */
async function retentionScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const caseId = 'replay-case-10';
  const caseworker = { actorId: 'caseworker-1', role: 'caseworker' as const, name: 'Søren Sagsbehandler' };
  const t0 = await todayOf(env);
  const retentionIntake: ResolvedRetentionIntake = {
    kind: 'retention',
    municipalityCode: '751',
    citizenRef: 'JC-REPLAY-10',
    referral: { source: 'fast-track-employer' },
    citizen: { name: 'Replay Borger', email: 'borger@replay.local' },
    consentToEmployerInvolvement: true,
    caseworker: { name: 'Søren Sagsbehandler', email: 'sb@replay.local' },
    employer: { name: 'Byg & Co ApS', cvr: '12345678', email: 'hr@replay.local', stillEmployed: true },
    sickLeave: { firstSickDay: addDays(t0, -16) },
    riskScore: 40,
    fastTrack: { requestedOn: t0 },
  };
  const handle = await env.client.workflow.start(retentionCaseWorkflow, {
    taskQueue,
    workflowId: caseWorkflowId(caseId),
    args: [{ caseId, opening: { intake: retentionIntake, actor: caseworker } }],
  });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  await handle.executeUpdate(updateScreeningUpdate, { args: [{ actor: caseworker, riskScore: 75 }] });
  await handle.executeUpdate(recordFastTrackProgressUpdate, {
    args: [{ actor: caseworker, answers: { affectedFunctions: 'Tunge løft', affectedSince: '2 uger', jobAdapted: false }, employeeConsent: true }],
  });
  await handle.executeUpdate(recordPartialSickLeaveUpdate, { args: [{ actor: caseworker, from: addDays(t0, -3), to: null, workingHoursPerWeek: 15, normalHoursPerWeek: 37 }] });
  // Past the first conversation's reminder and escalation (and the weekly follow-up's).
  await env.sleep('24 days');
  await handle.executeUpdate(recordFastTrackProgressUpdate, { args: [{ actor: caseworker, firstConversationOn: await todayOf(env) }] });
  const open = (await handle.query(getCaseQuery)).tasks.filter((t) => t.status === 'open');
  for (const t of open) await handle.executeUpdate(completeTaskUpdate, { args: [{ actor: caseworker, taskId: t.taskId, note: 'Klaret' }] });
  // The next weekly follow-up a completed one made: cancelled, the citizen is going back to work.
  for (const t of (await handle.query(getCaseQuery)).tasks.filter((x) => x.status === 'open')) {
    await handle.executeUpdate(cancelTaskUpdate, { args: [{ actor: caseworker, taskId: t.taskId, reason: 'Borgeren vender tilbage' }] });
  }
  await handle.executeUpdate(recordSickLeavePeriodUpdate, { args: [{ actor: caseworker, kind: 'return-to-work', date: await todayOf(env) }] });
  await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: caseworker, outcome: 'same-employer-part-time' }] });
  await env.sleep('10 days');
  await handle.executeUpdate(recordRelapseUpdate, { args: [{ actor: caseworker, sickFrom: await todayOf(env), note: 'Ryggen igen' }] });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  // With the employer's fast-track email (patch fast-track-employer-email); the history before it is kept beside it.
  await save('case-retention-fast-track-relapse-employer-email', handle);
  await handle.terminate('recorded');
}

/** A retention plan on a work-injury case: rising hours as two milestones, one kept, one reminded and escalated, then cancelled. */
async function retentionPlanScenario(env: TestWorkflowEnvironment, taskQueue: string) {
  const caseId = 'replay-case-11';
  const handle = await openCase(env, taskQueue, caseId, 'AS-REPLAY-11');
  const t0 = await todayOf(env);
  const owner = { role: 'consultant', name: 'Karen Konsulent', email: 'karen@replay.local' };
  const { milestone: first } = await handle.executeUpdate(addPlanMilestoneUpdate, { args: [{ actor: consultant, kind: 'partial-return', owner, dueOn: addDays(t0, 3), hoursPerWeek: 15 }] });
  const { milestone: second } = await handle.executeUpdate(addPlanMilestoneUpdate, { args: [{ actor: consultant, kind: 'gp-statement-requested', owner, dueOn: addDays(t0, 5) }] });
  await handle.executeUpdate(recordMilestoneProgressUpdate, { args: [{ actor: consultant, milestoneId: first.milestoneId, note: 'Arbejder 15 timer', kept: true }] });
  await env.sleep('20 days');
  await handle.executeUpdate(recordMilestoneProgressUpdate, { args: [{ actor: consultant, milestoneId: second.milestoneId, note: 'Lægen har fået anmodningen', kept: false }] });
  await handle.executeUpdate(cancelTaskUpdate, { args: [{ actor: consultant, taskId: second.taskId, reason: 'Erklæringen er ikke længere nødvendig' }] });
  await handle.executeUpdate(awaitProjectionUpdate, { args: [{}] });
  await save('case-retention-plan-milestones', handle);
  await handle.terminate('recorded');
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  mkdirSync(OUT, { recursive: true });
  const env = { ...process.env, PAYLOAD_KEYS: REPLAY_PAYLOAD_KEYS };
  const converter = dataConverter(env);
  const testServer = await provisionTestServer(log);
  const tsEnv = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServer } },
    client: { dataConverter: converter },
  });
  try {
    await ensureCaseSearchAttributes(tsEnv.connection, 'default');
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: Runtime.instance().logger,
    });
    const worker = await Worker.create({
      connection: tsEnv.nativeConnection,
      taskQueue: 'record-histories',
      workflowBundle: { code },
      activities,
      dataConverter: converter,
    });
    await worker.runUntil(async () => {
      await caseScenario(tsEnv, 'record-histories');
      await subsidyScenario(tsEnv, 'record-histories');
      await rejectedScenario(tsEnv, 'record-histories');
      await legalTrackScenario(tsEnv, 'record-histories');
      await closingScenario(tsEnv, 'record-histories');
      await continueAsNewScenario(tsEnv, 'record-histories');
      await informationLoopScenario(tsEnv, 'record-histories');
      await orphanScenario(tsEnv, 'record-histories');
      await partiesScenario(tsEnv, 'record-histories');
      await retentionScenario(tsEnv, 'record-histories');
      await retentionPlanScenario(tsEnv, 'record-histories');
    });
  } finally {
    await tsEnv.teardown();
  }
}

main().catch((err) => {
  console.error(`✖ recording failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
