// Consent and power of attorney over time through HTTP: access follows at once, the audit log keeps both
// the change and the refused read, and the employer sees a case only while the citizen consents, never
// the union or the closing note.
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';

let svc: TestService;
const t: Record<string, string> = {};

beforeAll(async () => {
  svc = await startTestService();
  t.consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  t.caseworker = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  t.supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Susanne Supervisor');
  t.employer = await svc.token('employer', '12345678', 'Byg & Co');
  t.union = await svc.token('union', 'union-3f', '3F Aarhus');
});
afterAll(async () => svc?.stop());

const today = () => localDateInCopenhagen(Date.now());
const union = { id: 'union-3f', name: '3F Aarhus', email: 'aarhus@3f.local', powerOfAttorney: 'none' as const };

async function createCase(over: Parameters<typeof intakeBody>[0] = {}) {
  const res = await svc.api('POST', '/api/cases', { token: t.consultant, body: intakeBody(over) });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}
const get = (caseId: string, token: string) => svc.api('GET', `/api/cases/${caseId}`, { token });
const consent = (caseId: string, body: object) => svc.api('POST', `/api/cases/${caseId}/consents`, { token: t.consultant, body });

test("withdrawing the citizen's consent turns the municipality's next read into 404; the audit log has the change and the refused read; sick leave may still be recorded", async () => {
  const caseId = await createCase();
  expect((await get(caseId, t.caseworker)).status).toBe(200);

  const bad = await consent(caseId, { kind: 'municipality', given: false, date: '2999-01-01', sourceDocument: 'x' });
  expect(bad.status).toBe(422);
  const byCaseworker = await svc.api('POST', `/api/cases/${caseId}/consents`, {
    token: t.caseworker,
    body: { kind: 'municipality', given: true, date: today(), sourceDocument: 'Samtykkeerklæring' },
  });
  expect(byCaseworker.status).toBe(403);

  const withdrawn = await consent(caseId, { kind: 'municipality', given: false, date: today(), sourceDocument: 'Tilbagekaldelse af samtykke' });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ caseId, kind: 'municipality', given: false });
  const refused = await get(caseId, t.caseworker);
  expect(refused.status).toBe(404);
  expect((await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: t.caseworker })).status).toBe(404);
  const listed = await svc.api('GET', '/api/cases?limit=200', { token: t.caseworker });
  expect(listed.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);

  // The municipality's own sick-pay case needs no consent; it reads nothing back.
  const period = await svc.api('POST', `/api/cases/${caseId}/sick-leave/periods`, { token: t.caseworker, body: { kind: 'return-to-work', date: today() } });
  expect(period.status).toBe(200);
  expect(period.body).toEqual({ caseId, recorded: true });

  const items = await eventually(async () => {
    const res = await svc.api('GET', `/api/cases/${caseId}/audit?limit=1000`, { token: t.supervisor });
    const rows = res.body.items as Array<{ role: string; method: string; path: string; outcome: string; status: number }>;
    return rows.some((r) => r.role === 'caseworker' && r.method === 'GET' && r.status === 404) && rows;
  });
  expect(items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ role: 'consultant', method: 'POST', path: `/api/cases/${caseId}/consents`, outcome: 'ok', status: 200 }),
      expect.objectContaining({ role: 'caseworker', method: 'GET', path: `/api/cases/${caseId}`, outcome: 'not-found', status: 404 }),
      expect.objectContaining({ role: 'caseworker', method: 'GET', path: `/api/cases/${caseId}`, outcome: 'ok', status: 200 }),
    ]),
  );
  const c = (await get(caseId, t.consultant)).body;
  expect(c.consentToShareWithMunicipality).toBe(false);
  expect(c.consentLog).toEqual([expect.objectContaining({ kind: 'municipality', value: 'withdrawn', date: today(), sourceDocument: 'Tilbagekaldelse af samtykke', recordedBy: 'Karen Konsulent' })]);
  const timeline = (await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: t.consultant })).body.events as Array<{ type: string }>;
  expect(timeline.map((e) => e.type)).toContain('consent-withdrawn');

  // Given again: visible again at once.
  expect((await consent(caseId, { kind: 'municipality', given: true, date: today(), sourceDocument: 'Nyt samtykke' })).status).toBe(200);
  expect((await get(caseId, t.caseworker)).status).toBe(200);
});

test("an employer without the citizen's consent gets 404; with it never sees the union or the closing note", async () => {
  const caseId = await createCase({ consentToEmployerInvolvement: false, union: { ...union, powerOfAttorney: 'full' } });
  expect((await get(caseId, t.employer)).status).toBe(404);
  const list = await svc.api('GET', '/api/cases?limit=200', { token: t.employer });
  expect(list.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);

  expect((await consent(caseId, { kind: 'employer', given: true, date: today(), sourceDocument: 'Samtykke til arbejdsgiverens inddragelse' })).status).toBe(200);
  const seen = await get(caseId, t.employer);
  expect(seen.status).toBe(200);
  expect(seen.body).not.toHaveProperty('union');
  expect(JSON.stringify(seen.body)).not.toContain('3F');

  const open = ((await get(caseId, t.consultant)).body.tasks as Array<{ taskId: string; status: string }>).filter((x) => x.status === 'open');
  for (const task of open) {
    expect((await svc.api('POST', `/api/tasks/${task.taskId}/cancel`, { token: t.consultant, body: { reason: 'Sagen afsluttes i testen.' } })).status).toBe(200);
  }
  const note = 'Borgeren har fået tilkendt pension efter lægeerklæring';
  const closed = await svc.api('POST', `/api/cases/${caseId}/close`, { token: t.consultant, body: { outcome: 'other-benefit', note } });
  expect(closed.status).toBe(200);
  const employerTimeline = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: t.employer });
  expect(employerTimeline.status).toBe(200);
  expect(JSON.stringify(employerTimeline.body)).not.toContain('lægeerklæring');
  expect(JSON.stringify((await get(caseId, t.employer)).body)).not.toContain('lægeerklæring');
  const consultantTimeline = (await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: t.consultant })).body.events as Array<{ type: string; track: string; summary: string }>;
  expect(consultantTimeline).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'closing-note', track: 'legal', summary: expect.stringContaining(note) })]));

  // Withdrawn (on a closed case the record is refused, so check on a fresh one).
  const other = await createCase();
  expect((await get(other, t.employer)).status).toBe(200);
  expect((await consent(other, { kind: 'employer', given: false, date: today(), sourceDocument: 'Tilbagekaldt' })).status).toBe(200);
  expect((await get(other, t.employer)).status).toBe(404);
});

test("a union's power of attorney given and revoked later: access follows at once", async () => {
  const caseId = await createCase({ union });
  expect((await get(caseId, t.union)).status).toBe(404);
  const poa = (body: object) => svc.api('POST', `/api/cases/${caseId}/power-of-attorney`, { token: t.consultant, body });
  expect((await poa({ powerOfAttorney: 'full', date: today(), sourceDocument: 'Fuldmagt underskrevet' })).body).toMatchObject({ caseId, powerOfAttorney: 'full' });
  const seen = await get(caseId, t.union);
  expect(seen.status).toBe(200);
  expect(seen.body.union).toMatchObject({ powerOfAttorney: 'full' });
  expect((await poa({ powerOfAttorney: 'none', date: today() })).status).toBe(200);
  expect((await get(caseId, t.union)).status).toBe(404);
  const events = (await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: t.consultant })).body.events as Array<{ type: string }>;
  expect(events.filter((e) => e.type === 'power-of-attorney-changed')).toHaveLength(2);
  const noUnion = await createCase();
  expect((await svc.api('POST', `/api/cases/${noUnion}/power-of-attorney`, { token: t.consultant, body: { powerOfAttorney: 'full', date: today() } })).status).toBe(422);
});

test('minutes reach every party of the case who may see the retention track, an absent union included; the roundtable says who got them', async () => {
  const unionEmail = `3f-${Date.now()}@3f.local`;
  const caseId = await createCase({ union: { ...union, email: unionEmail, powerOfAttorney: 'partial' } });
  const at = (p: string) => `/api/cases/${caseId}/roundtables${p}`;
  const meeting = `${today()}T23:00:00+01:00`;
  const created = await svc.api('POST', at(''), {
    token: t.consultant,
    body: { scheduledAt: meeting, location: 'Jobcenter', purpose: 'Afklaring', agenda: ['Status'], participants: [{ role: 'doctor', name: 'Læge Lund', email: 'lund@klinik.local' }] },
  });
  expect(created.status).toBe(201);
  const rid = created.body.roundtableId as string;
  expect((await svc.api('POST', at(`/${rid}/outcome`), { token: t.consultant, body: { heldOn: today(), summary: 'Aftalt.', actions: [] } })).status).toBe(200);
  expect((await svc.api('POST', at(`/${rid}/minutes`), { token: t.consultant, body: { text: 'Referat: arbejdsprøvning aftalt.' } })).status).toBe(200);
  const mail = await eventually(async () => (await caughtMail(unionEmail)).find((m) => m.subject.startsWith('Referat af rundbordssamtalen')), 30_000);
  expect(mail.text).toContain('arbejdsprøvning aftalt');
  const rt = ((await get(caseId, t.consultant)).body.roundtables as Array<{ roundtableId: string; minutesRecipients: unknown[] }>).find((r) => r.roundtableId === rid)!;
  expect(rt.minutesRecipients).toEqual(
    expect.arrayContaining([
      { role: 'union', name: '3F Aarhus', present: false },
      { role: 'doctor', name: 'Læge Lund', present: true },
      expect.objectContaining({ role: 'citizen', present: false }),
      expect.objectContaining({ role: 'caseworker', present: false }),
    ]),
  );
});

test('an occupational disease names the AES as payer: an AES token has the insurer’s rights, the private insurer gets 404, and decisions are told to the AES', async () => {
  const aes = await svc.token('insurer', 'aes', 'Arbejdsmarkedets Erhvervssikring');
  const privateInsurer = await svc.token('insurer', 'insurer-a', 'Forsikring A');
  const aesEmail = `aes-${Date.now()}@aes.local`;
  const caseId = await createCase({ injury: { ...intakeBody().injury, kind: 'occupational-disease' }, payer: { id: 'aes', name: 'Arbejdsmarkedets Erhvervssikring', email: aesEmail } });
  const seen = await get(caseId, aes);
  expect(seen.status).toBe(200);
  expect(seen.body).toMatchObject({ insurer: { id: 'aes' }, privateInsurer: { id: 'insurer-a' } });
  expect((await get(caseId, privateInsurer)).status).toBe(404);
  const decided = await svc.api('POST', `/api/cases/${caseId}/decisions`, {
    token: t.consultant,
    body: { kind: 'treatment', justification: 'Behandlingsudgifter dækkes efter anerkendelsen af sygdommen.' },
  });
  expect(decided.status).toBe(201);
  const appeal = await svc.api('POST', `/api/cases/${caseId}/appeals`, { token: aes, body: { decisionId: decided.body.decisionId, filedOn: today(), by: 'insurer' } });
  expect(appeal.status).toBe(201);
  const mails = await eventually(async () => {
    const m = (await caughtMail(aesEmail)).map((x) => x.subject);
    return m.some((x) => x.startsWith('Afgørelse i sag')) && m.some((x) => x.startsWith('Fastholdelsescentret har taget sag')) && m;
  }, 30_000);
  expect(mails.length).toBeGreaterThanOrEqual(2);
});
