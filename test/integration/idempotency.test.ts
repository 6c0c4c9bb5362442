// Idempotency-Key over HTTP (dev server, SMTP catcher): a retried POST takes effect once and gets its first
// answer, also when the change has since closed the task or the case; another body under the key is 422.
import { randomUUID } from 'node:crypto';
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
import { addDays, type LocalDate } from '../../domain/calendar/localDate';
import { copenhagenInstant, formatInstant, localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { businessDayOnOrAfter } from '../../domain/calendar/businessDays';
import { CURRENT_POLICY as policy } from '../../domain/kernel/policy';

let svc: TestService;
let consultant: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
});
afterAll(async () => svc?.stop());

const tag = () => randomUUID().slice(0, 8);
const today = (): LocalDate => localDateInCopenhagen(Date.now());
const meeting = () => formatInstant(copenhagenInstant(businessDayOnOrAfter(addDays(today(), 14), policy), 10));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newCase(): Promise<string> {
  const created = await svc.api('POST', '/api/cases', { token: consultant, body: intakeBody() });
  expect(created.status).toBe(201);
  return created.body.caseId as string;
}

test('a retried roundtable POST with the same key: one set of invitations, the same roundtableId; another body → 422', async () => {
  const caseId = await newCase();
  const participants = [
    { role: 'citizen', name: 'Jens Jensen', email: `jens-${tag()}@borger.local` },
    { role: 'doctor', name: 'Læge Lund', email: `laege-${tag()}@klinik.local` },
  ];
  const body = { scheduledAt: meeting(), location: 'Jobcenter Aarhus', purpose: 'Afklare delvis raskmelding', agenda: ['Status', 'Næste skridt'], participants };
  const key = `rt-${randomUUID()}`;
  const post = (b: unknown) => svc.api('POST', `/api/cases/${caseId}/roundtables`, { token: consultant, body: b, headers: { 'idempotency-key': key } });

  // Concurrent attempts (a double click, a retry racing the first) and a later retry of the same action.
  const [first, ...retries] = await Promise.all([post(body), post(body), post(body)]);
  expect(first.status).toBe(201);
  const late = await post(body);
  for (const r of [...retries, late]) {
    expect(r.status).toBe(201);
    expect(r.body).toEqual(first.body);
  }

  for (const p of participants) await eventually(async () => (await caughtMail(p.email)).length >= 1);
  await pause(2_000); // a second invitation would be on its way by now
  for (const p of participants) expect(await caughtMail(p.email)).toHaveLength(1);
  const view = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(view.body.roundtables.map((r: { roundtableId: string }) => r.roundtableId)).toEqual([first.body.roundtableId]);

  // The same key with another body, or for another command, is refused and changes nothing.
  const other = await post({ ...body, location: 'Virksomheden' });
  expect(other.status).toBe(422);
  expect(other.headers.get('content-type')).toMatch(/problem\+json/);
  expect(other.body.type).toMatch(/idempotency-key-reused$/);
  const elsewhere = await svc.api('POST', `/api/cases/${caseId}/roundtables/${first.body.roundtableId}/cancel`, {
    token: consultant,
    body: { reason: 'Aflyst' },
    headers: { 'idempotency-key': key },
  });
  expect(elsewhere.status).toBe(422);
  expect(elsewhere.body.type).toMatch(/idempotency-key-reused$/);
  const after = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(after.body.roundtables).toEqual([expect.objectContaining({ roundtableId: first.body.roundtableId, status: 'scheduled', location: 'Jobcenter Aarhus' })]);

  // Without a key every POST is a new roundtable, as before.
  const unkeyed = await svc.api('POST', `/api/cases/${caseId}/roundtables`, { token: consultant, body });
  expect(unkeyed.status).toBe(201);
  expect(unkeyed.body.roundtableId).not.toBe(first.body.roundtableId);
});

test('a retry after its first attempt took effect gets the recorded answer: a task now done, a case now closed', async () => {
  const caseId = await newCase();
  // A keyed outcome creates the tasks; completing one is retried after it is done.
  const rt = await svc.api('POST', `/api/cases/${caseId}/roundtables`, {
    token: consultant,
    body: { scheduledAt: meeting(), location: 'Jobcenter', purpose: 'Opfølgning', agenda: ['Status'], participants: [{ role: 'citizen', name: 'Jens', email: `jens-${tag()}@borger.local` }] },
  });
  expect(rt.status).toBe(201);
  const outcomeBody = {
    heldOn: today(),
    summary: 'Aftalt arbejdsprøvning.',
    actions: [{ title: 'Søg hjælpemiddel', owner: { role: 'consultant', name: 'Karen Konsulent', email: `karen-${tag()}@fastholdelse.local` }, dueOn: addDays(today(), 10) }],
  };
  const outcomeKey = `out-${randomUUID()}`;
  const outcome = () =>
    svc.api('POST', `/api/cases/${caseId}/roundtables/${rt.body.roundtableId}/outcome`, { token: consultant, body: outcomeBody, headers: { 'idempotency-key': outcomeKey } });
  const o1 = await outcome();
  expect(o1.status).toBe(200);
  const o2 = await outcome();
  expect(o2).toMatchObject({ status: 200, body: o1.body });

  const minutes = await svc.api('POST', `/api/cases/${caseId}/roundtables/${rt.body.roundtableId}/minutes`, { token: consultant, body: { text: 'Referat.' } });
  expect(minutes.status).toBe(200);
  const [actionTask] = o1.body.taskIds as string[];
  const completeKey = `done-${randomUUID()}`;
  const complete = () => svc.api('POST', `/api/tasks/${actionTask}/complete`, { token: consultant, body: { note: 'Søgt' }, headers: { 'idempotency-key': completeKey } });
  const c1 = await complete();
  expect(c1.status).toBe(200);
  const c2 = await complete();
  expect(c2).toMatchObject({ status: 200, body: c1.body });
  // Without the key the task is simply closed.
  expect((await svc.api('POST', `/api/tasks/${actionTask}/complete`, { token: consultant, body: { note: 'Søgt' } })).status).toBe(409);

  // Every task is closed: closing with no result ends the case's workflow; the retry still gets its answer.
  const tasks = await svc.api('GET', `/api/tasks?caseId=${caseId}&status=open`, { token: consultant });
  for (const t of tasks.body.items as Array<{ taskId: string }>) {
    expect((await svc.api('POST', `/api/tasks/${t.taskId}/cancel`, { token: consultant, body: { reason: 'Ikke relevant' } })).status).toBe(200);
  }
  const closeKey = `close-${randomUUID()}`;
  const close = (outcome = 'no-result') => svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome }, headers: { 'idempotency-key': closeKey } });
  const k1 = await close();
  expect(k1).toMatchObject({ status: 200, body: { caseId, status: 'closed', outcome: 'no-result' } });
  await eventually(async () => (await svc.client.workflow.getHandle(`case-${caseId}`).describe()).status.name === 'COMPLETED');
  const k2 = await close();
  expect(k2).toMatchObject({ status: 200, body: k1.body });
  expect((await close('other-benefit')).body.type).toMatch(/idempotency-key-reused$/);
});
