// The intake slice through HTTP against the real dev server, PostgreSQL and SMTP catcher.
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { createApp } from '../../api/app';
import { intakeBody } from '../support/fixtures';
import { caseIdFor } from '../../api/routes/cases';
import { addDays, addWeeks } from '../../domain/calendar/localDate';

let svc: TestService;
let consultant: string;
let caseworker: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  caseworker = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
});
afterAll(async () => svc?.stop());

const workflowExists = async (caseId: string) => {
  try {
    await svc.client.workflow.getHandle(`case-${caseId}`).describe();
    return true;
  } catch {
    return false;
  }
};

test('an eligible case is created, projected, readable, and the insurer is told once', async () => {
  const body = intakeBody();
  const created = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(created.status).toBe(201);
  expect(created.body.status).toBe('active');
  const caseId = created.body.caseId as string;

  // Read-your-writes: the 201 comes after the projection.
  const got = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(got.status).toBe(200);
  expect(got.body).toMatchObject({
    caseId,
    injuryCaseRef: body.injuryCaseRef.toUpperCase(),
    status: 'active',
    municipalityCode: '751',
    citizen: { name: 'Jens Jensen' },
    sickPay: { firstSickDay: body.sickLeave.firstSickDay, limitDate: addDays(addWeeks(addDays(body.sickLeave.firstSickDay, 21), 52), -1) },
    medical: { stationary: false },
  });

  const timeline = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: consultant });
  expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual(['case-opened', 'case-accepted']);

  const list = await svc.api('GET', '/api/cases?status=active&limit=200', { token: caseworker });
  expect(list.status).toBe(200);
  expect(list.body.items.some((i: { caseId: string }) => i.caseId === caseId)).toBe(true);

  const mails = await eventually(async () => {
    const m = await caughtMail(body.insurer.email);
    return m.length > 0 && m;
  });
  expect(mails).toHaveLength(1);
  expect(mails[0].subject).toContain(body.injuryCaseRef.toUpperCase());
  expect(mails[0].text).not.toContain('Knust hånd');
  // Marked sent just after the relay's answer (the catcher has it a moment earlier).
  const sent = await eventually(async () => {
    const outbox = await svc.pool.query('SELECT count(*)::int AS n FROM email_outbox WHERE key = $1 AND sent_at IS NOT NULL', [`case-accepted:${caseId}`]);
    return outbox.rows[0].n > 0 && outbox.rows[0].n;
  });
  expect(sent).toBe(1);
});

test('screening: a failed criterion rejects, an unknown one waits with a task, and completing it activates', async () => {
  const rejected = await svc.api('POST', '/api/cases', {
    token: consultant,
    body: intakeBody({ injury: { ...intakeBody().injury, canReturnToFormerWork: true } }),
  });
  expect(rejected.status).toBe(201);
  expect(rejected.body.status).toBe('rejected');
  const rejectedCase = await svc.api('GET', `/api/cases/${rejected.body.caseId}`, { token: consultant });
  expect(rejectedCase.body.screening.reasons.join(' ')).toMatch(/samme eller lignende arbejde/);

  const pending = await svc.api('POST', '/api/cases', {
    token: caseworker,
    body: { ...intakeBody({ injury: { ...intakeBody().injury, permanentConsequences: 'unknown' } }), caseworker: undefined },
  });
  expect(pending.body.status).toBe('screening');
  const c = await svc.api('GET', `/api/cases/${pending.body.caseId}`, { token: caseworker });
  expect(c.body.caseworker.name).toBe('Søren Sagsbehandler');
  expect(c.body.tasks).toEqual([expect.objectContaining({ kind: 'complete-screening', status: 'open' })]);

  const screened = await svc.api('POST', `/api/cases/${pending.body.caseId}/screening`, {
    token: consultant,
    body: { permanentConsequences: true },
  });
  expect(screened.status).toBe(200);
  expect(screened.body.status).toBe('active');
  const after = await svc.api('GET', `/api/cases/${pending.body.caseId}`, { token: consultant });
  expect(after.body.tasks[0].status).toBe('done');
});

test('a case rejected at screening is 201 rejected however fast its workflow finishes', async () => {
  // A client whose starts return only once the started workflow has finished: the API asks too late.
  const workflow = new Proxy(svc.client.workflow, {
    get(target, prop, receiver) {
      if (prop !== 'start') return Reflect.get(target, prop, receiver);
      return async (...args: Parameters<Client['workflow']['start']>) => {
        const handle = await target.start(...args);
        await handle.result().catch(() => undefined);
        return handle;
      };
    },
  });
  const lateClient = new Proxy(svc.client, { get: (target, prop, receiver) => (prop === 'workflow' ? workflow : Reflect.get(target, prop, receiver)) });
  const app = createApp({ client: lateClient, pool: svc.pool, mailer: svc.mailer, taskQueue: svc.taskQueue });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const body = intakeBody({ injury: { ...intakeBody().injury, recognised: false } });
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${consultant}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'rejected' });
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

test('the same injury case reference again is 409 with the existing case id', async () => {
  const body = intakeBody();
  const first = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(first.status).toBe(201);
  const again = await svc.api('POST', '/api/cases', { token: consultant, body: { ...body, injuryCaseRef: body.injuryCaseRef.toLowerCase() } });
  expect(again.status).toBe(409);
  expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(again.body.caseId).toBe(first.body.caseId);
});

test('a duplicate names the existing case only to those who may see it', async () => {
  const body = intakeBody({ consentToShareWithMunicipality: false });
  expect((await svc.api('POST', '/api/cases', { token: consultant, body })).status).toBe(201);
  const again = await svc.api('POST', '/api/cases', { token: caseworker, body: { ...body, caseworker: undefined } });
  expect(again.status).toBe(409);
  expect(again.body).not.toHaveProperty('caseId');
});

test('concurrent duplicates start exactly one case', async () => {
  const body = intakeBody();
  const answers = await Promise.all([1, 2, 3, 4].map(() => svc.api('POST', '/api/cases', { token: consultant, body })));
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
});

test('malformed bodies get 400 naming each bad field and start no workflow', async () => {
  const body = intakeBody();
  const bad = {
    ...body,
    municipalityCode: '75',
    citizen: { name: '', email: 'not-an-email' },
    injury: { ...body.injury, kind: 'explosion', date: '2026-02-30' },
    riskScore: 150,
  };
  const res = await svc.api('POST', '/api/cases', { token: consultant, body: bad });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path).sort();
  expect(paths).toEqual(['citizen.email', 'citizen.name', 'injury.date', 'injury.kind', 'municipalityCode', 'riskScore']);
  expect(await workflowExists(caseIdFor(body.injuryCaseRef))).toBe(false);

  const notJson = await svc.api('POST', '/api/cases', { token: consultant, rawBody: '{"injuryCaseRef":', headers: { 'content-type': 'application/json' } });
  expect(notJson.status).toBe(400);
  expect(notJson.body.type).toBe('/problems/bad-json');
});

test('no token is 401; a case the actor may not know is 404', async () => {
  const unauth = await svc.api('GET', '/api/cases');
  expect(unauth.status).toBe(401);
  const created = await svc.api('POST', '/api/cases', { token: consultant, body: intakeBody() });
  const otherInsurer = await svc.token('insurer', 'insurer-b');
  expect((await svc.api('GET', `/api/cases/${created.body.caseId}`, { token: otherInsurer })).status).toBe(404);
  expect((await svc.api('GET', '/api/cases/does-not-exist', { token: consultant })).status).toBe(404);
});

test('liveness answers without touching dependencies; readiness reports the three parts', async () => {
  const live = await svc.api('GET', '/api/health');
  expect([live.status, live.body]).toEqual([200, { status: 'ok' }]);
  const res = await svc.api('GET', '/api/health/ready');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ temporal: 'ok', postgres: 'ok', smtp: 'ok' });
});
