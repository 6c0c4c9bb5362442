// `npm run demo`'s scenarios (scripts/demo/scenarios.ts) through the real API: a dozen cases in the
// phases the README promises, so each role's first page has something to do; a second run adds nothing.
import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '../support/service';
import { seedDemo, type DemoActors } from '../../scripts/demo/scenarios';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

test('the demo creates twelve cases in different phases, visible on each role’s first page, and is safe to run again', async () => {
  // Its own insurer and caseworker, so the lists below hold the demo's cases only (the references are fixed).
  const insurerId = `insurer-demo-${randomUUID().slice(0, 8)}`;
  const actors: DemoActors = {
    consultant: await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent'),
    insurer: await svc.token('insurer', insurerId, 'Forsikring A'),
    insurerId,
    caseworker: { name: 'Søren Sagsbehandler', email: `sb-${randomUUID().slice(0, 8)}@aarhus.local` },
  };
  const supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lise Leder');
  const call = (m: string, p: string, o: { token: string; body?: unknown; headers?: Record<string, string> }) => svc.api(m, p, o);
  const made = await seedDemo(call, actors, () => undefined);
  expect(Object.keys(made)).toHaveLength(12);

  const status = async (n: number) => (await svc.api('GET', `/api/cases/${made[`DEMO-2026-${String(n).padStart(3, '0')}`]}`, { token: actors.consultant })).body;
  expect((await status(5)).status).toBe('aftercare');
  expect((await status(7)).status).toBe('screening');
  expect((await status(12)).status).toBe('rejected');
  expect((await status(4)).decisions).toEqual([expect.objectContaining({ kind: 'interim', revisionDueOn: expect.any(String) })]);
  expect((await status(2)).roundtables).toEqual([expect.objectContaining({ status: 'held', minutesSentAt: null })]);
  expect((await status(11)).sickPay.paused).toBe(true);

  const inbox = await svc.api('GET', '/api/insurer/subsidies?status=requested', { token: actors.insurer });
  expect(inbox.body.items.map((s: { injuryCaseRef: string }) => s.injuryCaseRef)).toEqual(['DEMO-2026-003']);
  const info = await svc.api('GET', '/api/insurer/subsidies?status=info-requested', { token: actors.insurer });
  expect(info.body.items.map((s: { injuryCaseRef: string }) => s.injuryCaseRef)).toEqual(['DEMO-2026-010']);
  const consultations = await svc.api('GET', '/api/insurer/consultations', { token: actors.insurer });
  expect(consultations.body.items.map((q: { injuryCaseRef: string }) => q.injuryCaseRef)).toEqual(['DEMO-2026-009']);

  const stuck = await svc.api('GET', '/api/supervisor/stuck?refresh=true', { token: supervisor });
  const reasons = Object.fromEntries(stuck.body.items.map((i: { injuryCaseRef: string; reasons: Array<{ code: string }> }) => [i.injuryCaseRef, i.reasons.map((r) => r.code)]));
  expect(reasons['DEMO-2026-001']).toContain('limit-approaching-without-plan');
  expect(reasons['DEMO-2026-006']).toContain('task-overdue');

  // Again: every reference exists, nothing new.
  expect(await seedDemo(call, actors, () => undefined)).toEqual({});
});
