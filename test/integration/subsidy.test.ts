// Subsidy negotiation through HTTP against the real dev server, PostgreSQL and SMTP catcher:
// validation, insurer isolation, idempotent concurrent decisions, payment and the closing guard.
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
import { untilCaseHasSubsidy } from '../../api/caseCatchUp';

let svc: TestService;
let consultant: string;
let caseworker: string;
let insurerA: string;
let insurerB: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  caseworker = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  insurerA = await svc.token('insurer', 'insurer-a', 'Forsikring A');
  insurerB = await svc.token('insurer', 'insurer-b', 'Forsikring B');
});
afterAll(async () => svc?.stop());

const request = {
  kind: 'workplace-adaptation',
  description: 'Hæve-sænkebord og løfteudstyr på værkstedet',
  amountDkk: 18500,
  justification: 'Med løfteudstyr kan borgeren genoptage 25 timer om ugen i sit nuværende job, hvilket sænker det senere erhvervsevnetab.',
  expectedEffect: 'Delvis raskmelding fra næste måned',
};

async function activeCase(over: Parameters<typeof intakeBody>[0] = {}) {
  const body = intakeBody(over);
  const created = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(created.status).toBe(201);
  return { caseId: created.body.caseId as string, body, status: created.body.status as string };
}

const decision = (subsidyId: string, token: string, key: string | undefined, body: unknown) =>
  svc.api('POST', `/api/subsidies/${subsidyId}/decision`, { token, body, headers: key ? { 'idempotency-key': key } : {} });

test('a request needs a justification (400), an active case (422) and the centre (403)', async () => {
  const { caseId } = await activeCase();
  const { justification: _j, ...unreasoned } = request;
  const bad = await svc.api('POST', `/api/cases/${caseId}/subsidies`, { token: consultant, body: { ...unreasoned, amountDkk: -5 } });
  expect(bad.status).toBe(400);
  expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['amountDkk', 'justification']);
  const short = await svc.api('POST', `/api/cases/${caseId}/subsidies`, { token: consultant, body: { ...request, justification: 'fordi' } });
  expect(short.status).toBe(400);
  expect(short.body.errors[0].path).toBe('justification');
  const none = await svc.pool.query('SELECT count(*)::int AS n FROM subsidies WHERE case_id = $1', [caseId]);
  expect(none.rows[0].n).toBe(0);

  const forbidden = await svc.api('POST', `/api/cases/${caseId}/subsidies`, { token: caseworker, body: request });
  expect(forbidden.status).toBe(403);

  const screening = await activeCase({ injury: { ...intakeBody().injury, permanentConsequences: 'unknown' } });
  expect(screening.status).toBe('screening');
  const early = await svc.api('POST', `/api/cases/${screening.caseId}/subsidies`, { token: consultant, body: request });
  expect(early.status).toBe(422);
  expect(early.body.caseStatus).toBe('screening');
});

test('20 concurrent identical decisions under one key: one approval, one payment task, one email; the case closes only after payment', async () => {
  const { caseId, body } = await activeCase();
  const created = await svc.api('POST', `/api/cases/${caseId}/subsidies`, { token: consultant, body: request });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'requested', amountDkk: 18500, kind: 'workplace-adaptation', caseId });
  const subsidyId = created.body.subsidyId as string;

  // The insurer was asked, in Danish, without health details.
  const [asked] = await eventually(async () => {
    const m = (await caughtMail(body.insurer.email)).filter((x) => x.subject.includes('tilskud'));
    return m.length > 0 && m;
  });
  expect(asked.subject).toBe(`Anmodning om tilskud til indretning af arbejdspladsen, sag ${body.injuryCaseRef.toUpperCase()}`);
  expect(asked.text).toContain('18.500 kr.');
  expect(asked.text).not.toMatch(/Knust hånd|løfteudstyr|erhvervsevnetab/);

  // Only the case's insurer sees and answers it; another insurer learns nothing (404).
  const listA = await svc.api('GET', '/api/insurer/subsidies?status=requested', { token: insurerA });
  expect(listA.status).toBe(200);
  expect(listA.body.items).toContainEqual(expect.objectContaining({ subsidyId, status: 'requested', justification: request.justification }));
  const listB = await svc.api('GET', '/api/insurer/subsidies', { token: insurerB });
  expect(listB.status).toBe(200);
  expect(listB.body.items.some((i: { subsidyId: string }) => i.subsidyId === subsidyId)).toBe(false);
  expect((await svc.api('GET', `/api/subsidies/${subsidyId}`, { token: insurerB })).status).toBe(404);
  expect((await decision(subsidyId, insurerB, 'b-key', { decision: 'approved' })).status).toBe(404);
  expect((await svc.api('GET', '/api/insurer/subsidies', { token: consultant })).status).toBe(403);

  // The key is required.
  const noKey = await decision(subsidyId, insurerA, undefined, { decision: 'approved' });
  expect(noKey.status).toBe(400);
  expect(noKey.body.errors[0].path).toBe('Idempotency-Key');

  const approve = { decision: 'approved', approvedAmountDkk: 15000, note: 'Løfteudstyr godkendt; bordet dækkes af kommunen' };
  const answers = await Promise.all(Array.from({ length: 20 }, () => decision(subsidyId, insurerA, 'approve-1', approve)));
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
  for (const a of answers) expect(a.body).toEqual(answers[0].body);
  expect(answers[0].body).toMatchObject({ subsidyId, status: 'approved', amountDkk: 18500, approvedAmountDkk: 15000 });

  const view = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  const paymentTasks = view.body.tasks.filter((t: { kind: string }) => t.kind === 'confirm-payment');
  expect(paymentTasks).toEqual([expect.objectContaining({ ref: subsidyId, status: 'open' })]);
  expect(view.body.subsidies).toEqual([expect.objectContaining({ subsidyId, status: 'approved', approvedAmountDkk: 15000 })]);
  const timeline = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: consultant });
  expect(timeline.body.events.filter((e: { type: string }) => e.type === 'subsidy-approved')).toHaveLength(1);
  const history = await svc.api('GET', `/api/subsidies/${subsidyId}`, { token: consultant });
  expect(history.body.history.filter((h: { type: string }) => h.type === 'answered')).toHaveLength(1);

  const consultantEmail = view.body.consultant.email as string;
  await eventually(async () => (await caughtMail(consultantEmail)).some((m) => m.subject.includes('godkendt')));
  const outbox = await svc.pool.query(`SELECT count(*)::int AS n FROM email_outbox WHERE key LIKE $1`, [`subsidy-answered:${subsidyId}:%`]);
  expect(outbox.rows[0].n).toBe(1);
  expect((await caughtMail(consultantEmail)).filter((m) => m.subject.includes('godkendt'))).toHaveLength(1);

  // A different decision after approval is a conflict; another body under the used key is refused.
  const reject = await decision(subsidyId, insurerA, 'reject-1', { decision: 'rejected', note: 'fortrudt' });
  expect(reject.status).toBe(409);
  expect(reject.body.currentStatus).toBe('approved');
  expect((await decision(subsidyId, insurerA, 'approve-1', { decision: 'approved' })).status).toBe(422);

  // The open payment task blocks closing.
  const close = await svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'no-result', note: 'test' } });
  expect(close.status).toBe(409);
  expect(close.body.openTasks).toContainEqual(expect.objectContaining({ kind: 'confirm-payment' }));

  // The insurer cannot confirm payment; the municipality's caseworker can.
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  expect((await svc.api('POST', `/api/subsidies/${subsidyId}/payment`, { token: insurerA, body: { confirmedOn: today } })).status).toBe(403);
  const paid = await svc.api('POST', `/api/subsidies/${subsidyId}/payment`, { token: caseworker, body: { confirmedOn: today, note: 'Faktura betalt' } });
  expect(paid.status).toBe(200);
  expect(paid.body).toMatchObject({ status: 'paid', paidOn: today, approvedAmountDkk: 15000 });
  const after = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(after.body.tasks.find((t: { ref: string }) => t.ref === subsidyId).status).toBe('done');
  expect(after.body.subsidies[0]).toMatchObject({ status: 'paid', paidOn: today });

  // Repeats after the negotiation finished still answer the same, with no effect.
  const again = await svc.api('POST', `/api/subsidies/${subsidyId}/payment`, { token: consultant, body: { confirmedOn: today } });
  expect(again.status).toBe(200);
  expect(again.body.status).toBe('paid');
  const replay = await decision(subsidyId, insurerA, 'approve-1', approve);
  expect(replay.status).toBe(200);
  expect(replay.body).toEqual(answers[0].body);
  expect((await decision(subsidyId, insurerA, 'reject-2', { decision: 'rejected' })).status).toBe(409);

  const closed = await svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'no-result', note: 'test' } });
  expect(closed.status).toBe(200);
  expect(closed.body.status).toBe('closed');
});

test('info requested: the consultant adds information and the insurer is asked again', async () => {
  const { caseId, body } = await activeCase();
  const created = await svc.api('POST', `/api/cases/${caseId}/subsidies`, {
    token: consultant,
    body: { ...request, kind: 'transport', expectedEffect: undefined },
  });
  expect(created.status).toBe(201);
  const subsidyId = created.body.subsidyId as string;
  const tooEarly = await svc.api('POST', `/api/subsidies/${subsidyId}/information`, { token: consultant, body: { information: 'Tilbud' } });
  expect(tooEarly.status).toBe(422);
  const noNote = await decision(subsidyId, insurerA, 'q-0', { decision: 'info-requested' });
  expect(noNote.status).toBe(400);
  expect(noNote.body.errors[0].path).toBe('note');

  const asked = await decision(subsidyId, insurerA, 'q-1', { decision: 'info-requested', note: 'Hvor mange km om ugen?' });
  expect(asked.body).toMatchObject({ status: 'info-requested', decisionNote: 'Hvor mange km om ugen?' });
  const added = await svc.api('POST', `/api/subsidies/${subsidyId}/information`, { token: consultant, body: { information: '240 km om ugen' } });
  expect(added.status).toBe(200);
  expect(added.body).toMatchObject({ status: 'requested', round: 2 });
  await eventually(async () => (await caughtMail(body.insurer.email)).filter((m) => m.subject.includes('tilskud')).length === 2);
  const list = await svc.api('GET', '/api/insurer/subsidies?status=requested', { token: insurerA });
  expect(list.body.items).toContainEqual(expect.objectContaining({ subsidyId, round: 2 }));

  const rejected = await decision(subsidyId, insurerA, 'q-2', { decision: 'rejected', note: 'Kommunens ansvar' });
  expect(rejected.status).toBe(200);
  expect(rejected.body.status).toBe('rejected');
  const view = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(view.body.tasks.filter((t: { kind: string }) => t.kind === 'confirm-payment')).toHaveLength(0);
  expect(view.body.subsidies[0]).toMatchObject({ subsidyId, status: 'rejected' });
});

test('closing answers 409 open-subsidies while a request is open; the consultant withdraws it, the insurer is told and its later answer is 409 withdrawn', async () => {
  const { caseId, body } = await activeCase();
  const created = await svc.api('POST', `/api/cases/${caseId}/subsidies`, { token: consultant, body: request });
  expect(created.status).toBe(201);
  const subsidyId = created.body.subsidyId as string;

  const close = () => svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'no-result' } });
  const refused = await close();
  expect(refused.status).toBe(409);
  expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(refused.body).toMatchObject({ type: '/problems/open-subsidies', openSubsidies: [{ subsidyId, kind: 'workplace-adaptation', status: 'requested' }] });

  // Only the centre withdraws, and only with a reason.
  const withdraw = (token: string, b: unknown) => svc.api('POST', `/api/subsidies/${subsidyId}/withdraw`, { token, body: b });
  expect((await withdraw(caseworker, { reason: 'Ikke længere relevant' })).status).toBe(403);
  expect((await withdraw(insurerA, { reason: 'Ikke længere relevant' })).status).toBe(403);
  expect((await withdraw(insurerB, { reason: 'Ikke længere relevant' })).status).toBe(404);
  const noReason = await withdraw(consultant, {});
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors[0].path).toBe('reason');

  const reason = 'Kommunen betaler indretningen via en anden ordning';
  const withdrawn = await withdraw(consultant, { reason });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ subsidyId, status: 'withdrawn', withdrawalReason: reason });
  expect(withdrawn.body.history.map((h: { type: string }) => h.type)).toEqual(['requested', 'withdrawn']);

  // The case's copy and timeline show it; the insurer gets a Danish email (kind, amount and link only).
  const view = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(view.body.subsidies).toEqual([expect.objectContaining({ subsidyId, status: 'withdrawn', withdrawnOn: withdrawn.body.withdrawnOn })]);
  const timeline = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: consultant });
  expect(timeline.body.events.filter((e: { type: string }) => e.type === 'subsidy-withdrawn')).toHaveLength(1);
  const told = await eventually(async () => (await caughtMail(body.insurer.email)).find((m) => m.subject.includes('trukket tilbage')));
  expect(told.subject).toBe(`Anmodning om tilskud til indretning af arbejdspladsen er trukket tilbage, sag ${body.injuryCaseRef.toUpperCase()}`);
  expect(told.text).toContain('18.500 kr.');
  expect(told.text).not.toContain('Kommunen betaler');

  // The insurer's later answer: 409 withdrawn; the insurer's list shows it as withdrawn.
  const late = await decision(subsidyId, insurerA, 'late-1', { decision: 'approved' });
  expect(late.status).toBe(409);
  expect(late.body).toMatchObject({ type: '/problems/withdrawn', subsidyId });
  const list = await svc.api('GET', '/api/insurer/subsidies?status=withdrawn', { token: insurerA });
  expect(list.body.items).toContainEqual(expect.objectContaining({ subsidyId, status: 'withdrawn' }));

  // Withdrawing again changes nothing; paying a withdrawn subsidy is refused.
  const again = await withdraw(consultant, { reason: 'igen' });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ status: 'withdrawn', withdrawalReason: reason });
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  expect((await svc.api('POST', `/api/subsidies/${subsidyId}/payment`, { token: consultant, body: { confirmedOn: today } })).status).toBe(422);
  expect((await caughtMail(body.insurer.email)).filter((m) => m.subject.includes('trukket tilbage'))).toHaveLength(1);

  const closed = await close();
  expect(closed.status).toBe(200);
  expect(closed.body.status).toBe('closed');
});

test('withdrawing an approved subsidy cancels its payment task, so the case can close without a payment', async () => {
  const { caseId } = await activeCase();
  const created = await svc.api('POST', `/api/cases/${caseId}/subsidies`, { token: consultant, body: request });
  const subsidyId = created.body.subsidyId as string;
  expect((await decision(subsidyId, insurerA, 'ok-1', { decision: 'approved' })).status).toBe(200);
  const blocked = await svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'no-result' } });
  expect(blocked.status).toBe(409);

  const withdrawn = await svc.api('POST', `/api/subsidies/${subsidyId}/withdraw`, { token: consultant, body: { reason: 'Borgeren er flyttet til en anden arbejdsplads' } });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body.status).toBe('withdrawn');
  const view = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(view.body.tasks.find((t: { ref: string }) => t.ref === subsidyId)).toMatchObject({ kind: 'confirm-payment', status: 'cancelled' });
  const closed = await svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'no-result' } });
  expect(closed.status).toBe(200);
});

test("a subsidy command answers once the case's read model holds the change: the wait reads PostgreSQL and ends when the case catches up, is finished, or after its bound", async () => {
  const { caseId } = await activeCase();
  const created = await svc.api('POST', `/api/cases/${caseId}/subsidies`, { token: consultant, body: request });
  expect(created.status).toBe(201);
  const subsidyId = created.body.subsidyId as string;
  // The 201 came after the case's copy of the subsidy was in the read model.
  expect(await untilCaseHasSubsidy(svc.pool, subsidyId, { timeoutMs: 0 })).toBe('caught-up');

  // A case whose copy lags behind the subsidy (set back by hand): the wait holds until the copy catches up.
  const copySeq = async (seq: string) =>
    svc.pool.query(`UPDATE cases SET snapshot = jsonb_set(snapshot, '{subsidies,0,seq}', $2::jsonb) WHERE case_id = $1`, [caseId, seq]);
  const { rows } = await svc.pool.query<{ seq: string }>(`SELECT data->>'seq' AS seq FROM subsidies WHERE subsidy_id = $1`, [subsidyId]);
  await copySeq('-1');
  expect(await untilCaseHasSubsidy(svc.pool, subsidyId, { timeoutMs: 200 })).toBe('timed-out');
  const waiting = untilCaseHasSubsidy(svc.pool, subsidyId, { timeoutMs: 10_000 });
  let settled = false;
  void waiting.then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(settled).toBe(false);
  await copySeq(rows[0].seq);
  expect(await waiting).toBe('caught-up');

  // A finished case takes no more changes: nothing to wait for. An unknown subsidy: nothing either.
  await copySeq('-1');
  await svc.pool.query(`UPDATE cases SET status = 'closed' WHERE case_id = $1`, [caseId]);
  expect(await untilCaseHasSubsidy(svc.pool, subsidyId, { timeoutMs: 10_000 })).toBe('case-finished');
  expect(await untilCaseHasSubsidy(svc.pool, `${caseId}-Sunknown`)).toBe('no-subsidy');
});
