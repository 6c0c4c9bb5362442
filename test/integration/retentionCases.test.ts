// The job centre's own retention cases over HTTP on the real stack: intake by the municipality's caseworkers,
// no insurer, no legal keys and no insurer email, legal commands refused, the fast track, partial sick leave,
// and the supervisors' retention report against a hand count of seeded cases.
import { randomUUID } from 'node:crypto';
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { addDays } from '../../domain/calendar/localDate';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import type { RetentionIntakeInput } from '../../domain/case/caseIntake.schema';

let svc: TestService;
let caseworker: string;
let consultant: string;
let supervisor: string;
let insurer: string;
let otherCaseworker: string;

// Municipalities no other suite uses; the report's own, so it counts only the cases its test seeds.
const MUNICIPALITY = '461';
const REPORT_MUNICIPALITY = '561';
let reportCaseworker: string;

beforeAll(async () => {
  svc = await startTestService();
  caseworker = await svc.token('caseworker', MUNICIPALITY, 'Sanne Sagsbehandler');
  otherCaseworker = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lis Leder');
  insurer = await svc.token('insurer', 'insurer-a', 'Forsikring A');
  reportCaseworker = await svc.token('caseworker', REPORT_MUNICIPALITY, 'Rikke Rapport');
});
afterAll(async () => svc?.stop());

const today = () => localDateInCopenhagen(Date.now());

function retentionBody(over: Partial<RetentionIntakeInput> = {}): RetentionIntakeInput {
  const tag = randomUUID().slice(0, 8);
  return {
    kind: 'retention',
    municipalityCode: MUNICIPALITY,
    citizenRef: `JC-${tag}`,
    referral: { source: 'jobcentre-initiative' },
    citizen: { name: 'Mette Madsen', email: `mette-${tag}@borger.local` },
    consentToEmployerInvolvement: true,
    employer: { name: 'Byg & Co ApS', cvr: '12345678', email: `hr-${tag}@bygco.local`, stillEmployed: true },
    sickLeave: { firstSickDay: addDays(today(), -20) },
    ...over,
  };
}

async function open(over: Partial<RetentionIntakeInput> = {}, token = caseworker): Promise<string> {
  const res = await svc.api('POST', '/api/cases', { token, body: retentionBody(over) });
  if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.caseId as string;
}

const LEGAL_KEYS = ['injury', 'injuryCaseRef', 'insurer', 'privateInsurer', 'decisions', 'appeals', 'medical', 'insurerConsultations', 'subsidies', 'union'];

test('a retention case has no insurer and no legal keys, sends no insurer email, and refuses the legal track', async () => {
  const body = retentionBody({ riskScore: 80 });
  const created = await svc.api('POST', '/api/cases', { token: caseworker, body });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ kind: 'retention', status: 'active' });
  const caseId = created.body.caseId as string;

  for (const token of [caseworker, consultant, supervisor]) {
    const got = await svc.api('GET', `/api/cases/${caseId}`, { token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ caseId, kind: 'retention', status: 'active', citizenRef: body.citizenRef.toUpperCase(), riskScore: 80 });
    for (const key of LEGAL_KEYS) expect(got.body).not.toHaveProperty(key);
    expect(got.body.sickPay).toMatchObject({ firstSickDay: body.sickLeave.firstSickDay, partialPeriods: [] });
    // The high risk score's early roundtable and weekly follow-up.
    expect(got.body.tasks.map((t: { kind: string }) => t.kind).sort()).toEqual(['early-roundtable', 'high-risk-follow-up']);
  }
  // The employer (with the citizen's consent) sees the retention track only: no risk score, no sick pay,
  // no plan, and not the high-risk tasks (the risk is the citizen's health data).
  const employer = await svc.token('employer', '12345678', 'Byg & Co ApS');
  const seen = await svc.api('GET', `/api/cases/${caseId}`, { token: employer });
  expect(seen.status).toBe(200);
  for (const key of [...LEGAL_KEYS, 'riskScore', 'sickPay', 'retentionPlan', 'fastTrack', 'citizenRef']) expect(seen.body).not.toHaveProperty(key);
  expect(seen.body.tasks).toEqual([]);
  const employerTimeline = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: employer });
  expect(JSON.stringify(employerTimeline.body)).not.toContain('risiko');
  // No insurer may see it, nor another municipality.
  expect((await svc.api('GET', `/api/cases/${caseId}`, { token: insurer })).status).toBe(404);
  expect((await svc.api('GET', `/api/cases/${caseId}`, { token: otherCaseworker })).status).toBe(404);

  // Nothing went to an insurer: the case's outbox holds no insurer template.
  const { rows } = await svc.pool.query<{ template: string }>('SELECT template FROM email_outbox WHERE case_id = $1', [caseId]);
  expect(rows.filter((r) => r.template.includes('insurer'))).toEqual([]);
  const timeline = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: caseworker });
  expect(timeline.body.events.map((e: { type: string }) => e.type)).not.toContain('case-accepted');

  // The legal track is refused with a clear 422.
  const refused = async (token: string, path: string, body: object) => {
    const res = await svc.api('POST', `/api/cases/${caseId}${path}`, { token, body });
    expect({ path, status: res.status, type: res.body.type }).toEqual({ path, status: 422, type: '/problems/case-kind' });
    expect(res.body.detail).toContain('retention case');
  };
  await refused(consultant, '/decisions', { kind: 'interim', earningCapacityLossPct: 25, justification: 'Erhvervsevnetabet er foreløbigt vurderet.', acknowledgeRuleCollision: true, nextIncomeBasis: 'fleksjob' });
  await refused(caseworker, '/medical-status', { stationary: false, assessedOn: today(), source: 'Egen læge' });
  await refused(consultant, '/insurer-consultations', { question: 'Bemærkninger?' });
  await refused(consultant, '/subsidies', { kind: 'workplace-adaptation', description: 'Hæve-sænkebord', amountDkk: 5000, justification: 'Borgeren kan arbejde stående med et hæve-sænkebord.' });
  const screening = await svc.api('POST', `/api/cases/${caseId}/screening`, { token: caseworker, body: { recognised: true } });
  expect(screening.status).toBe(422);
  expect(screening.body.type).toBe('/problems/case-kind');

  // The same sick period again is the same case.
  const again = await svc.api('POST', '/api/cases', { token: caseworker, body });
  expect(again.status).toBe(409);
  expect(again.body.caseId).toBe(caseId);
});

test('only the municipality opens a retention case, and an employer fast-track request after week 5 is refused with 422', async () => {
  expect((await svc.api('POST', '/api/cases', { token: consultant, body: retentionBody() })).status).toBe(403);
  expect((await svc.api('POST', '/api/cases', { token: otherCaseworker, body: retentionBody() })).status).toBe(403);
  const late = await svc.api('POST', '/api/cases', {
    token: caseworker,
    body: retentionBody({ referral: { source: 'fast-track-employer' }, sickLeave: { firstSickDay: addDays(today(), -40) }, fastTrack: { requestedOn: today() } }),
  });
  expect(late.status).toBe(422);
  expect(late.body).toMatchObject({ type: '/problems/fast-track-too-late', latestRequestOn: addDays(today(), -40 + 34) });
  expect(late.body.detail).toContain('første 5 ugers fravær');
  // A fast-track referral without the request is a 400.
  expect((await svc.api('POST', '/api/cases', { token: caseworker, body: retentionBody({ referral: { source: 'fast-track-employee' } }) })).status).toBe(400);
});

test('a 50 % partial period is shown on the clock and does not move the limit', async () => {
  const caseId = await open({ sickLeave: { firstSickDay: addDays(today(), -40) } });
  const before = (await svc.api('GET', `/api/cases/${caseId}`, { token: caseworker })).body.sickPay.limitDate;
  const res = await svc.api('POST', `/api/cases/${caseId}/sick-leave/partial`, {
    token: caseworker,
    body: { from: addDays(today(), -10), workingHoursPerWeek: 18.5, normalHoursPerWeek: 37 },
  });
  expect(res.status).toBe(200);
  expect(res.body.limitDate).toBe(before);
  expect(res.body.partialPeriods).toEqual([{ from: addDays(today(), -10), to: null, workingHoursPerWeek: 18.5, normalHoursPerWeek: 37, sickPct: 50 }]);
  expect(res.body.explanation.lines.join('\n')).toContain('tæller som hele sygedage');
});

test('the retention report gives the figures of the seeded cases, as counted by hand', async () => {
  const t = today();
  const open561 = (over: Partial<RetentionIntakeInput>) => open({ municipalityCode: REPORT_MUNICIPALITY, ...over }, reportCaseworker);
  // A: the employer asked on day 3; first conversation after 10 days, before its deadline.
  const a = await open561({
    referral: { source: 'fast-track-employer' },
    sickLeave: { firstSickDay: addDays(t, -20) },
    fastTrack: { requestedOn: addDays(t, -18), answers: { affectedFunctions: 'Tunge løft', affectedSince: '2 dage', jobAdapted: false } },
  });
  // B: the employee asked; the conversation came after 28 days: past the 2-week deadline.
  const b = await open561({ referral: { source: 'fast-track-employee' }, sickLeave: { firstSickDay: addDays(t, -40) }, fastTrack: { requestedOn: addDays(t, -30), employeeConsent: true } });
  // C: the employee asked 25 days ago; no conversation yet: past the deadline.
  await open561({ referral: { source: 'fast-track-employee' }, sickLeave: { firstSickDay: addDays(t, -30) }, fastTrack: { requestedOn: addDays(t, -25) } });
  // D: week 13 is over, back at work within it.
  const d = await open561({ referral: { source: 'information-form' }, sickLeave: { firstSickDay: addDays(t, -120) } });
  // E: week 13 is over, not back.
  await open561({ referral: { source: 'jobcentre-initiative' }, sickLeave: { firstSickDay: addDays(t, -100) } });
  // F: week 13 not over: not judged.
  await open561({ referral: { source: 'employer-contact' }, sickLeave: { firstSickDay: addDays(t, -10) } });

  const progress = (caseId: string, body: object) => svc.api('POST', `/api/cases/${caseId}/fast-track/progress`, { token: reportCaseworker, body });
  // The employer who asked is told the deadline, in Danish.
  const employerMail = await eventually(async () => {
    const aCase = (await svc.api('GET', `/api/cases/${a}`, { token: reportCaseworker })).body;
    const m = await caughtMail(aCase.employer.email);
    return m.length > 0 && m;
  });
  expect(employerMail[0].subject).toContain('anmodning om fast track');
  expect(employerMail[0].text).toContain(`senest ${addDays(t, -18 + 14)}`);
  expect((await progress(a, { firstConversationOn: addDays(t, -8) })).status).toBe(200);
  expect((await progress(b, { firstConversationOn: addDays(t, -2) })).status).toBe(200);
  expect((await svc.api('POST', `/api/cases/${d}/sick-leave/periods`, { token: reportCaseworker, body: { kind: 'return-to-work', date: addDays(t, -50) } })).status).toBe(200);

  const res = await svc.api('GET', `/api/supervisor/retention-report?municipality=${REPORT_MUNICIPALITY}&from=${addDays(t, -1)}&to=${t}`, { token: supervisor });
  expect(res.status).toBe(200);
  // All six opened today: one row, this month.
  expect(res.body.rows).toHaveLength(1);
  const row = res.body.rows[0];
  expect(row).toMatchObject({ municipalityCode: REPORT_MUNICIPALITY, month: t.slice(0, 7), opened: 6 });
  expect(row.openedByReferral).toEqual({ 'fast-track-employer': 1, 'fast-track-employee': 2, 'information-form': 1, 'jobcentre-initiative': 1, 'employer-contact': 1 });
  // Judged (week 13 over): D and E only; back: D.
  expect(row.backAtWorkByWeek13).toEqual({ judged: 2, back: 1, sharePct: 50 });
  // Held: A after 10 days, B after 28: median 19.
  expect(row.firstConversation).toEqual({ held: 2, medianDays: 19 });
  // Past the deadline: B (held late) and C (not held, due 11 days ago).
  expect(row.pastDeadline).toBe(2);

  // Supervisors only.
  expect((await svc.api('GET', '/api/supervisor/retention-report', { token: caseworker })).status).toBe(403);
  expect((await svc.api('GET', '/api/supervisor/retention-report?from=2026-05-01&to=2026-01-01', { token: supervisor })).status).toBe(400);
});
