// The case lifecycle through HTTP on the real dev server: a back-dated case's single limit reminder,
// the extension and the rule-collision guard, decisions' bad input changing nothing, sick-leave
// periods, first-sick-day correction, medical status, appeals and insurer consultations.
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays, addMonths } from '../../domain/calendar/localDate';
import { reminderSchedule } from '../../domain/sick-pay/sickPay';
import { CURRENT_POLICY as policy } from '../../domain/kernel/policy';

let svc: TestService;
let consultant: string;
let caseworker: string;
let insurer: string;
let employer: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  caseworker = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  insurer = await svc.token('insurer', 'insurer-a', 'Forsikring A');
  employer = await svc.token('employer', '12345678', 'Byg & Co');
});
afterAll(async () => svc?.stop());

const today = () => localDateInCopenhagen(Date.now());

async function createCase(daysBack: number, over: Parameters<typeof intakeBody>[0] = {}) {
  const body = intakeBody({ sickLeave: { firstSickDay: addDays(today(), -daysBack) }, ...over });
  const res = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(res.status).toBe(201);
  return { body, caseId: res.body.caseId as string, status: res.body.status as string };
}

const getCase = async (caseId: string) => (await svc.api('GET', `/api/cases/${caseId}`, { token: consultant })).body;
const timeline = async (caseId: string) => (await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: consultant })).body.events as Array<{ type: string; summary: string }>;
const interim = { kind: 'interim', earningCapacityLossPct: 25, justification: 'Erhvervsevnen er nedsat efter arbejdsprøvning hos arbejdsgiveren.' };

test('a case whose first sick day lies 49 weeks + 21 days back gets exactly one limit reminder, at once', async () => {
  // The limit is the last day of the 52nd week after the 21 excluded days: 3 weeks from today.
  const { body, caseId } = await createCase(49 * 7 + 20);
  const limit = addDays(today(), 21);
  const mails = await eventually(async () => {
    const m = await caughtMail(body.caseworker!.email);
    return m.length > 0 && m;
  }, 60_000);
  // Give a burst the chance to show itself before counting.
  await new Promise((r) => setTimeout(r, 3000));
  const all = await caughtMail(body.caseworker!.email);
  expect(all).toHaveLength(1);
  expect(mails[0].subject).toBe(`Varighedsbegrænsning om 3 uger: sag ${body.injuryCaseRef.toUpperCase()}`);
  expect(mails[0].text).toContain(limit);
  expect(mails[0].text).not.toContain('Knust hånd');

  const c = await getCase(caseId);
  expect(c.sickPay).toMatchObject({ limitDate: limit, nextReminderOn: reminderSchedule(limit, policy)[2].sendOn, extension: { active: false } });
  expect(c.sickPay.explanation.reminders.map((r: { status: string }) => r.status)).toEqual(['skipped', 'sent', 'pending']);
  expect((await timeline(caseId)).filter((e) => e.type === 'sick-pay-reminder-sent')).toHaveLength(1);
});

test('an early interim decision (the issue example: first sick day 2026-01-12, decided 2026-09-01, 232 days in) is 409 rule-collision saying what the citizen loses, then 201 once acknowledged, and the caseworker, citizen, insurer and union are told', async () => {
  const union = { id: 'union-3f', name: '3F Aarhus', email: `3f-${Date.now()}@3f.local`, powerOfAttorney: 'full' as const };
  const { caseId, body: intake } = await createCase(232, { union, injury: { ...intakeBody().injury, description: 'Knust hånd i presse' } });
  const limit = addDays(today(), -232 + 21 + 364 - 1);
  const body = { ...interim, earningCapacityLossPct: 20 };
  const refused = await svc.api('POST', `/api/cases/${caseId}/decisions`, { token: consultant, body });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({
    type: '/problems/rule-collision',
    limitDate: limit,
    extensionActive: false,
    losesFrom: today(),
    extensionFrom: addDays(limit, 1),
    loses: expect.stringContaining(`beyond the limit ${limit}`),
  });
  expect((await getCase(caseId)).decisions).toEqual([]);
  const made = await svc.api('POST', `/api/cases/${caseId}/decisions`, {
    token: consultant,
    body: { ...body, acknowledgeRuleCollision: true, nextIncomeBasis: 'ressourceforløbsydelse' },
  });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ nextIncomeBasis: 'ressourceforløbsydelse', ruleCollision: { limitDate: limit, extensionActive: false }, endedExtension: true });

  // The notices: the caseworker learns the sick-pay consequence, the parties the appeal deadline; no health text.
  const appealBy = addDays(today(), 28);
  const one = async (to: string) => eventually(async () => (await caughtMail(to)).find((m) => m.subject.startsWith('Afgørelse i sag')));
  const cw = await one(intake.caseworker!.email);
  expect(cw.text).toContain(`er bortfaldet fra ${today()}`);
  expect(cw.text).toContain('Næste forsørgelsesgrundlag: ressourceforløbsydelse.');
  for (const to of [intake.citizen.email, intake.insurer.email, union.email]) {
    const m = await one(to);
    expect(m.subject).toContain(`klagefrist ${appealBy}`);
  }
  for (const to of [intake.caseworker!.email, intake.citizen.email, intake.insurer.email, union.email]) {
    for (const m of await caughtMail(to)) expect(`${m.subject} ${m.text}`).not.toMatch(/Knust|hånd|20 %|Erhvervsevnen er nedsat/);
  }
  const told = (await timeline(caseId)).find((e) => e.type === 'decision-notified')!;
  expect(told.summary).toContain('3F Aarhus (fuldmagt)');
  expect(told.summary).toContain('Søren Sagsbehandler');
});

test('past the limit the extension is active; an interim decision is 409 rule-collision until acknowledged, then 201 and the extension ends', async () => {
  const { caseId } = await createCase(60 * 7 + 21);
  const limit = addDays(today(), -57);
  let c = await getCase(caseId);
  expect(c.sickPay.extension).toMatchObject({ ground: 'pending-injury-case', active: true, since: addDays(limit, 1), endedOn: null });
  const eventsBefore = (await timeline(caseId)).length;

  const refused = await svc.api('POST', `/api/cases/${caseId}/decisions`, { token: consultant, body: interim });
  expect(refused.status).toBe(409);
  expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(refused.body).toMatchObject({ type: '/problems/rule-collision', rule: 'sygedagpengeloven § 27, stk. 1, nr. 6', limitDate: limit, extensionActive: true });
  const halfAck = await svc.api('POST', `/api/cases/${caseId}/decisions`, { token: consultant, body: { ...interim, acknowledgeRuleCollision: true } });
  expect(halfAck.status).toBe(409);
  expect((await timeline(caseId)).length).toBe(eventsBefore);
  expect((await getCase(caseId)).decisions).toEqual([]);

  const made = await svc.api('POST', `/api/cases/${caseId}/decisions`, {
    token: consultant,
    body: { ...interim, acknowledgeRuleCollision: true, nextIncomeBasis: 'fleksjob' },
  });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({
    kind: 'interim',
    decidedOn: today(),
    earningCapacityCompensation: true,
    permanentInjuryCompensation: false,
    revisionDueOn: addMonths(today(), 12),
    justification: interim.justification,
    nextIncomeBasis: 'fleksjob',
    ruleCollision: { limitDate: limit, nextIncomeBasis: 'fleksjob', acknowledgedBy: 'Karen Konsulent' },
  });
  c = await getCase(caseId);
  expect(c.sickPay.extension).toMatchObject({ active: false, since: addDays(limit, 1), endedOn: today(), endedByDecisionId: made.body.decisionId });
  expect(c.decisions).toHaveLength(1);
  expect(c.tasks).toEqual([expect.objectContaining({ kind: 'revision', status: 'open', dueOn: addMonths(today(), 12) })]);
  expect((await timeline(caseId)).map((e) => e.type)).toEqual(
    expect.arrayContaining(['decision-made', 'rule-collision-acknowledged', 'sick-pay-extension-ended', 'task-created']),
  );

  // Appeals: the insurer for itself; an unknown decision and an employer are refused.
  const appeal = await svc.api('POST', `/api/cases/${caseId}/appeals`, {
    token: insurer,
    body: { decisionId: made.body.decisionId, filedOn: today(), by: 'insurer', note: 'Utilstrækkelig begrundelse' },
  });
  expect(appeal.status).toBe(201);
  expect(appeal.body).toMatchObject({ decisionId: made.body.decisionId, by: 'insurer', filedOn: today() });
  const unknown = await svc.api('POST', `/api/cases/${caseId}/appeals`, { token: consultant, body: { decisionId: 'nope', filedOn: today(), by: 'citizen' } });
  expect([unknown.status, unknown.body.type]).toEqual([422, '/problems/unknown-decision']);
  const byEmployer = await svc.api('POST', `/api/cases/${caseId}/appeals`, { token: employer, body: { decisionId: made.body.decisionId, filedOn: today(), by: 'citizen' } });
  expect(byEmployer.status).toBe(403);
  c = await getCase(caseId);
  expect(c.appeals).toEqual([expect.objectContaining({ appealId: appeal.body.appealId })]);
  expect((await timeline(caseId)).filter((e) => e.type === 'appeal-filed')).toHaveLength(1);
});

test('bad decisions get 400/422 with a clear message and change nothing', async () => {
  const { caseId } = await createCase(70);
  const before = (await timeline(caseId)).length;
  const post = (body: unknown, token = consultant) => svc.api('POST', `/api/cases/${caseId}/decisions`, { token, body });

  const kind = await post({ ...interim, kind: 'verdict' });
  expect([kind.status, kind.body.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['kind']]);
  const pct = await post({ ...interim, earningCapacityLossPct: 150 });
  expect(pct.status).toBe(400);
  expect(pct.body.errors).toEqual([{ path: 'earningCapacityLossPct', message: 'must be between 0 and 100' }]);
  const date = await post({ ...interim, revisionDueOn: '2027-1-5' });
  expect([date.status, date.body.errors]).toEqual([400, [{ path: 'revisionDueOn', message: 'must be a date YYYY-MM-DD' }]]);
  const short = await post({ ...interim, justification: 'fordi' });
  expect([short.status, short.body.errors[0].path]).toEqual([400, 'justification']);
  const final = await post({ kind: 'final', earningCapacityLossPct: 30, justification: 'Endelig vurdering af erhvervsevnetabet.' });
  expect([final.status, final.body.type]).toEqual([422, '/problems/phase']);
  expect(final.body.detail).toMatch(/stationary/);
  const byCaseworker = await post(interim, caseworker);
  expect(byCaseworker.status).toBe(403);
  expect((await timeline(caseId)).length).toBe(before);
  expect((await getCase(caseId)).decisions).toEqual([]);

  const rejected = await createCase(70, { injury: { ...intakeBody().injury, recognised: false } });
  expect(rejected.status).toBe('rejected');
  const onRejected = await svc.api('POST', `/api/cases/${rejected.caseId}/decisions`, { token: consultant, body: interim });
  expect([onRejected.status, onRejected.body.type]).toEqual([422, '/problems/phase']);
  expect(onRejected.body.detail).toMatch(/rejected/);
  expect((await getCase(rejected.caseId)).decisions).toEqual([]);
});

test('sick-leave periods pause the clock; the first sick day is corrected with a journaled reason; medical status is recorded', async () => {
  const { caseId } = await createCase(70);
  const paused = await svc.api('POST', `/api/cases/${caseId}/sick-leave/periods`, { token: caseworker, body: { kind: 'return-to-work', date: today() } });
  expect(paused.status).toBe(200);
  expect(paused.body).toMatchObject({ paused: true, nextReminderOn: null, periods: [{ kind: 'return-to-work', date: today() }] });
  const twice = await svc.api('POST', `/api/cases/${caseId}/sick-leave/periods`, { token: caseworker, body: { kind: 'return-to-work', date: today() } });
  expect([twice.status, twice.body.errors.map((e: { path: string }) => e.path)]).toEqual([422, ['kind', 'date']]);
  const badDate = await svc.api('POST', `/api/cases/${caseId}/sick-leave/periods`, { token: caseworker, body: { kind: 'resumed', date: '23-11-2026' } });
  expect(badDate.status).toBe(400);

  const { caseId: other } = await createCase(70);
  const corrected = await svc.api('POST', `/api/cases/${other}/sick-leave/first-sick-day`, {
    token: caseworker,
    body: { firstSickDay: addDays(today(), -40), reason: 'Tastefejl i datoen' },
  });
  expect(corrected.status).toBe(200);
  expect(corrected.body).toMatchObject({ firstSickDay: addDays(today(), -40), limitDate: addDays(today(), -40 + 21 + 364 - 1) });
  expect(corrected.body.corrections).toEqual([expect.objectContaining({ from: addDays(today(), -70), reason: 'Tastefejl i datoen' })]);
  expect(corrected.body.explanation.lines.join('\n')).toMatch(/Første sygedag rettet/);
  expect((await timeline(other)).map((e) => e.type)).toContain('first-sick-day-corrected');
  const noReason = await svc.api('POST', `/api/cases/${other}/sick-leave/first-sick-day`, { token: caseworker, body: { firstSickDay: addDays(today(), -41) } });
  expect([noReason.status, noReason.body.errors[0].path]).toEqual([400, 'reason']);

  const med = await svc.api('POST', `/api/cases/${other}/medical-status`, { token: caseworker, body: { stationary: false, assessedOn: today(), source: 'egen læge' } });
  expect(med.status).toBe(200);
  expect(med.body.medical).toMatchObject({ stationary: false, assessedOn: today(), history: [expect.objectContaining({ recordedBy: 'Søren Sagsbehandler' })] });
  const future = await svc.api('POST', `/api/cases/${other}/medical-status`, { token: caseworker, body: { stationary: true, assessedOn: addDays(today(), 3) } });
  expect([future.status, future.body.type]).toEqual([422, '/problems/future-date']);
});

test('the insurer is consulted before an interim decision and its answer is recorded once', async () => {
  const { body, caseId } = await createCase(70);
  const asked = await svc.api('POST', `/api/cases/${caseId}/insurer-consultations`, {
    token: consultant,
    body: { question: 'Har I bemærkninger til en midlertidig afgørelse om erhvervsevnetab?' },
  });
  expect(asked.status).toBe(201);
  const id = asked.body.consultationId as string;
  const mail = await eventually(async () => (await caughtMail(body.insurer.email)).find((m) => m.subject.startsWith('Høring')));
  expect(mail.text).not.toContain('erhvervsevnetab?');
  const byCaseworker = await svc.api('POST', `/api/cases/${caseId}/insurer-consultations/${id}/answer`, { token: caseworker, body: { answer: 'Nej' } });
  expect(byCaseworker.status).toBe(403);
  const answered = await svc.api('POST', `/api/cases/${caseId}/insurer-consultations/${id}/answer`, { token: insurer, body: { answer: 'Ingen bemærkninger.' } });
  expect(answered.status).toBe(200);
  expect(answered.body).toMatchObject({ consultationId: id, answer: 'Ingen bemærkninger.', answeredOn: today() });
  const again = await svc.api('POST', `/api/cases/${caseId}/insurer-consultations/${id}/answer`, { token: insurer, body: { answer: 'Alligevel.' } });
  expect([again.status, again.body.type]).toEqual([409, '/problems/already-answered']);
  expect((await getCase(caseId)).insurerConsultations).toEqual([expect.objectContaining({ answer: 'Ingen bemærkninger.' })]);
});
