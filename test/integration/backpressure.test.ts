// Back-pressure instead of hanging requests or 500s: commands on a case whose worker cannot reach
// PostgreSQL answer 503 with Retry-After once they have waited COMMAND_WAIT_SECONDS (and Temporal's
// limit of in-flight updates per workflow is one more reason for a 503, not a 500); retried with the
// same Idempotency-Key after PostgreSQL is back, each succeeds once and nothing is doubled.
import { randomUUID } from 'node:crypto';
import { caughtMail, eventually, startTestService, stackEnv, type ApiResponse, type TestService } from '../support/service';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { intakeBody } from '../support/fixtures';
import { addDays } from '../../domain/calendar/localDate';
import { businessDayOnOrAfter } from '../../domain/calendar/businessDays';
import { copenhagenInstant, formatInstant, localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { CURRENT_POLICY } from '../../domain/kernel/policy';

const WAIT_SECONDS = 3;
let proxy: TcpProxy;
let svc: TestService;
let consultant: string;
const previousWait = process.env.COMMAND_WAIT_SECONDS;

beforeAll(async () => {
  process.env.COMMAND_WAIT_SECONDS = String(WAIT_SECONDS);
  const pg = new URL(stackEnv().databaseUrl);
  proxy = await startTcpProxy(pg.hostname, Number(pg.port));
  const viaProxy = new URL(pg.toString());
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  svc = await startTestService({ workerDatabaseUrl: viaProxy.toString() });
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
});
afterAll(async () => {
  if (previousWait === undefined) delete process.env.COMMAND_WAIT_SECONDS;
  else process.env.COMMAND_WAIT_SECONDS = previousWait;
  await svc?.stop();
  await proxy?.close();
});

test('20 commands waiting on one case while PostgreSQL is out of the worker’s reach get 503, then succeed once it is back, nothing doubled', async () => {
  const created = await svc.api('POST', '/api/cases', { token: consultant, body: intakeBody() });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  const citizen = `borger-${randomUUID().slice(0, 8)}@borger.local`;
  const day = businessDayOnOrAfter(addDays(localDateInCopenhagen(Date.now()), 14), CURRENT_POLICY);
  const keys = Array.from({ length: 20 }, () => `bp-${randomUUID()}`);
  const plan = (i: number): Promise<ApiResponse> =>
    svc.api('POST', `/api/cases/${caseId}/roundtables`, {
      token: consultant,
      headers: { 'idempotency-key': keys[i] },
      body: {
        scheduledAt: formatInstant(copenhagenInstant(day, 9) + i * 15 * 60_000),
        location: 'Jobcenter Aarhus',
        purpose: `Opfølgning nr. ${i + 1}`,
        agenda: ['Status'],
        participants: [{ role: 'citizen', name: 'Jens Jensen', email: citizen }],
      },
    });

  proxy.cut();
  const waited = await Promise.all(keys.map((_, i) => plan(i)));
  expect(waited.map((r) => r.status)).toEqual(keys.map(() => 503));
  for (const r of waited) {
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 503, type: '/problems/unavailable' });
  }

  proxy.restore();
  // Each client retries its own request with its own key until it gets an answer.
  const answers = await Promise.all(
    keys.map((_, i) =>
      eventually(async () => {
        const r = await plan(i);
        return (r.status === 201 || r.status === 200) && r;
      }, 90_000, 500),
    ),
  );
  expect(new Set(answers.map((a) => a.body.roundtableId)).size).toBe(20);
  const view = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(view.body.roundtables).toHaveLength(20);
  await eventually(async () => (await caughtMail(citizen)).length >= 20);
  expect(await caughtMail(citizen)).toHaveLength(20);
}, 150_000);
