// The citizen's own view through HTTP: the consultant creates a per-case token that reaches the citizen
// only by email, the citizen reads their case in plain Danish and nothing else, and a revocation holds at once.
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays } from '../../domain/calendar/localDate';

let svc: TestService;
const t: Record<string, string> = {};

beforeAll(async () => {
  svc = await startTestService();
  t.consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  t.caseworker = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
});
afterAll(async () => svc?.stop());

const today = () => localDateInCopenhagen(Date.now());

async function createCase() {
  const body = intakeBody();
  const res = await svc.api('POST', '/api/cases', { token: t.consultant, body });
  expect(res.status).toBe(201);
  return { caseId: res.body.caseId as string, body };
}

test("a citizen token, sent by email, sees its own case in plain Danish and gets 404 on any other; revoked, it is refused at once", async () => {
  const { caseId, body } = await createCase();
  const other = await createCase();
  expect((await svc.api('POST', `/api/cases/${caseId}/citizen-tokens`, { token: t.caseworker })).status).toBe(403);

  const created = await svc.api('POST', `/api/cases/${caseId}/citizen-tokens`, { token: t.consultant });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ caseId, sentTo: body.citizen.email, tokenId: expect.stringMatching(/^tok_[0-9a-f]{16}$/), expiresAt: expect.any(String) });
  expect(JSON.stringify(created.body)).not.toMatch(/rt_/);
  const mail = await eventually(async () => (await caughtMail(body.citizen.email)).find((m) => m.subject.startsWith('Følg din sag')), 30_000);
  const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]);
  expect(token).toMatch(/^rt_/);
  expect(mail.text).not.toContain('Knust');

  // Something to show: a decision with its appeal deadline.
  const decided = await svc.api('POST', `/api/cases/${caseId}/decisions`, {
    token: t.consultant,
    body: { kind: 'treatment', justification: 'Behandlingsudgifter dækkes efter anerkendelsen af skaden.' },
  });
  expect(decided.status).toBe(201);

  const view = await svc.api('GET', '/api/citizen/case', { token });
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({
    caseId,
    status: 'active',
    statusText: expect.stringContaining('fastholdelsesforløb'),
    decisions: [expect.objectContaining({ kind: 'Afgørelse om behandlingsudgifter', decidedOn: today(), appealBy: addDays(today(), 28), appealText: expect.stringContaining('klage') })],
    sickPay: { limitDate: expect.any(String), text: expect.any(String) },
  });
  expect(Array.isArray(view.body.promises)).toBe(true);
  for (const p of view.body.promises) expect(p).toEqual(expect.objectContaining({ title: expect.any(String), owner: expect.any(String), dueOn: expect.any(String) }));
  // Nothing about other people: no employer, no insurer, no participants, no audit.
  const text = JSON.stringify(view.body);
  for (const forbidden of [body.employer!.email, body.insurer.email, 'participants', 'undeliverableEmails', 'riskScore']) expect(text).not.toContain(forbidden);
  const same = await svc.api('GET', `/api/cases/${caseId}`, { token });
  expect(same.status).toBe(200);
  expect(same.body).toEqual(view.body);

  expect((await svc.api('GET', `/api/cases/${other.caseId}`, { token })).status).toBe(404);
  expect((await svc.api('GET', `/api/cases/${caseId}/timeline`, { token })).status).toBe(404);
  expect((await svc.api('GET', `/api/cases/${caseId}/audit`, { token })).status).toBe(404);
  expect((await svc.api('POST', `/api/cases/${caseId}/consents`, { token, body: { kind: 'employer', given: false, date: today(), sourceDocument: 'x' } })).status).toBe(404);
  expect((await svc.api('GET', '/api/cases', { token })).status).toBe(403);
  expect((await svc.api('GET', '/api/tasks', { token })).status).toBe(403);
  expect((await svc.api('GET', '/api/me', { token })).body).toMatchObject({ role: 'citizen', organisation: caseId });
  expect((await svc.api('GET', '/api/citizen/case', { token: t.consultant })).status).toBe(403);

  // The citizen's reads are in the case's audit log like everyone's.
  const supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Susanne Supervisor');
  const audit = await eventually(async () => {
    const rows = (await svc.api('GET', `/api/cases/${caseId}/audit?limit=1000`, { token: supervisor })).body.items as Array<{ role: string; path: string; status: number }>;
    return rows.filter((r) => r.role === 'citizen').length >= 2 && rows.filter((r) => r.role === 'citizen');
  });
  expect(audit.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/citizen/case', `/api/cases/${caseId}`]));

  const list = await svc.api('GET', `/api/cases/${caseId}/citizen-tokens`, { token: t.consultant });
  expect(list.body.items).toEqual([{ tokenId: created.body.tokenId, createdAt: expect.any(String), revokedAt: null, expiresAt: expect.any(String) }]);
  const revoked = await svc.api('POST', `/api/cases/${caseId}/citizen-tokens/${created.body.tokenId}/revoke`, { token: t.consultant });
  expect(revoked.status).toBe(200);
  expect((await svc.api('GET', '/api/citizen/case', { token })).status).toBe(401);
  expect((await svc.api('POST', `/api/cases/${other.caseId}/citizen-tokens/${created.body.tokenId}/revoke`, { token: t.consultant })).status).toBe(404);
});
