// `npm run record-histories`: runs representative case and subsidy scenarios on the time-skipping
// server and saves their event histories under test/replay/histories/, so replay tests can prove
// that changed workflow code still replays what running cases already recorded. Re-record only
// when a change is deliberately patched; never overwrite histories to make a replay test pass.
import { writeFileSync, mkdirSync } from 'node:fs';
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
import { addDays, addWeeks } from '../domain/calendar/localDate';
import { formatInstant, localDateInCopenhagen } from '../domain/calendar/copenhagenTime';
import { retentionCaseWorkflow } from '../workflows/case/caseWorkflow';
import { subsidyWorkflow } from '../workflows/subsidy/subsidyWorkflow';
import { awaitProjectionUpdate, caseWorkflowId, completeTaskUpdate, getCaseQuery, makeDecisionUpdate, recordRoundtableOutcomeUpdate, recordSickLeavePeriodUpdate, scheduleRoundtableUpdate, sendRoundtableMinutesUpdate } from '../workflows/case/case.messages';
import { awaitSubsidyUpdate, confirmPaymentUpdate, insurerDecisionUpdate } from '../workflows/subsidy/subsidy.messages';

const OUT = path.resolve(__dirname, '..', 'test', 'replay', 'histories');
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

async function save(name: string, handle: WorkflowHandle) {
  const history = await handle.fetchHistory();
  const file = path.join(OUT, `${name}.json`);
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
    });
  } finally {
    await tsEnv.teardown();
  }
}

main().catch((err) => {
  console.error(`✖ recording failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
