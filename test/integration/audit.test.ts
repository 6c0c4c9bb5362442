// The audit log: one row per request on case data (reads, writes and refused attempts), readable
// by supervisors only, and append-only in the database (trigger for everyone, grants for the app role).
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { auditLog } from '../../api/audit';
import { logger } from '../../api/requestLog';
import { intakeBody } from '../support/fixtures';
import { eventually, startTestService, type TestService } from '../support/service';

let svc: TestService;
const t = {} as Record<'consultant' | 'supervisor' | 'insurer' | 'otherInsurer' | 'employer', string>;
let caseId: string;

beforeAll(async () => {
  svc = await startTestService();
  t.consultant = await svc.token('consultant', 'fastholdelsescentret');
  t.supervisor = await svc.token('supervisor', 'fastholdelsescentret');
  t.insurer = await svc.token('insurer', 'insurer-a');
  t.otherInsurer = await svc.token('insurer', 'insurer-zz');
  t.employer = await svc.token('employer', '12345678');
  const created = await svc.api('POST', '/api/cases', { token: t.consultant, body: intakeBody() });
  expect(created.status).toBe(201);
  caseId = created.body.caseId;
});
afterAll(async () => svc?.stop());

interface AuditItem {
  requestId: string;
  actorId: string | null;
  role: string | null;
  action: string;
  method: string;
  path: string;
  outcome: string;
  status: number;
}

const auditItems = async (): Promise<AuditItem[]> => {
  const res = await svc.api('GET', `/api/cases/${caseId}/audit?limit=1000`, { token: t.supervisor });
  expect(res.status).toBe(200);
  return res.body.items;
};

test('reads, writes and refused attempts are recorded with actor, action, request id and outcome', async () => {
  const requests = [
    { token: t.employer, method: 'GET', path: `/api/cases/${caseId}`, status: 200, outcome: 'ok', role: 'employer' },
    { token: t.otherInsurer, method: 'GET', path: `/api/cases/${caseId}`, status: 404, outcome: 'not-found', role: 'insurer' },
    { token: t.insurer, method: 'POST', path: `/api/cases/${caseId}/screening`, body: { riskScore: 1 }, status: 403, outcome: 'denied', role: 'insurer' },
    { token: t.consultant, method: 'POST', path: `/api/cases/${caseId}/screening`, body: { riskScore: 'x' }, status: 400, outcome: 'invalid', role: 'consultant' },
    { token: undefined, method: 'GET', path: `/api/cases/${caseId}/timeline`, status: 401, outcome: 'denied', role: null },
  ];
  const ids: string[] = [];
  for (const r of requests) {
    const res = await svc.api(r.method, r.path, { token: r.token, body: r.body });
    expect(res.status).toBe(r.status);
    ids.push(res.headers.get('x-request-id')!);
  }
  const items = await eventually(async () => {
    const all = await auditItems();
    return ids.every((id) => all.some((a) => a.requestId === id)) && all;
  });
  requests.forEach((r, i) => {
    expect(items.find((a) => a.requestId === ids[i])).toMatchObject({ method: r.method, path: r.path, status: r.status, outcome: r.outcome, role: r.role });
  });
  expect(items.find((a) => a.requestId === ids[0])!.action).toBe('GET /api/cases/:caseId');
  // The intake names its case only in the answer: it is recorded against that case too.
  expect(items.some((a) => a.method === 'POST' && a.path === '/api/cases' && a.outcome === 'ok' && a.status === 201)).toBe(true);
  // No personal data in the trail.
  expect(JSON.stringify(items)).not.toMatch(/Jens|@/);
});

test('GET /api/cases/{id}/audit: supervisors 200, others who know the case 403, others 404', async () => {
  expect((await svc.api('GET', `/api/cases/${caseId}/audit`, { token: t.supervisor })).status).toBe(200);
  expect((await svc.api('GET', `/api/cases/${caseId}/audit`, { token: t.consultant })).status).toBe(403);
  expect((await svc.api('GET', `/api/cases/${caseId}/audit`, { token: t.employer })).status).toBe(403);
  expect((await svc.api('GET', `/api/cases/${caseId}/audit`, { token: t.otherInsurer })).status).toBe(404);
  expect((await svc.api('GET', `/api/cases/nope-nope/audit`, { token: t.supervisor })).status).toBe(404);
  const page = await svc.api('GET', `/api/cases/${caseId}/audit?limit=1`, { token: t.supervisor });
  expect(page.body.items).toHaveLength(1);
  const next = await svc.api('GET', `/api/cases/${caseId}/audit?limit=1&cursor=${page.body.nextCursor}`, { token: t.supervisor });
  expect(Number(next.body.items[0].id)).toBeGreaterThan(Number(page.body.items[0].id));
});

test('the audit log is append-only: UPDATE, DELETE and TRUNCATE fail even for the superuser', async () => {
  await eventually(async () => (await svc.pool.query('SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1', [caseId])).rows[0].n > 0);
  await expect(svc.pool.query(`UPDATE audit_log SET outcome = 'ok' WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
  await expect(svc.pool.query('DELETE FROM audit_log WHERE case_id = $1', [caseId])).rejects.toThrow(/append-only/);
  await expect(svc.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
});

test('the application role retention_app may read and append but not change the audit log', async () => {
  const c = await svc.pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL ROLE retention_app');
    await c.query(`INSERT INTO audit_log (request_id, action, method, path, outcome, status) VALUES ('r-test', 'GET /x', 'GET', '/x', 'ok', 200)`);
    await c.query('SAVEPOINT s');
    await expect(c.query(`UPDATE audit_log SET status = 500 WHERE request_id = 'r-test'`)).rejects.toThrow(/permission denied/);
    await c.query('ROLLBACK TO SAVEPOINT s');
    await expect(c.query(`DELETE FROM audit_log WHERE request_id = 'r-test'`)).rejects.toThrow(/permission denied/);
  } finally {
    await c.query('ROLLBACK');
    c.release();
  }
});

test('a failed audit write is logged as an error line with the record, and the request still succeeds', async () => {
  const lines: string[] = [];
  const sink = logger.sink;
  logger.sink = (l) => void lines.push(l);
  const broken = { query: () => Promise.reject(new Error('database is down')) } as unknown as Pool;
  const app = express();
  app.use((_req, res, next) => {
    res.locals.requestId = 'req-audit-fail';
    next();
  });
  app.use(auditLog(broken));
  app.get('/api/cases/:id', (_req, res) => {
    res.json({ ok: true });
  });
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cases/c123`);
    expect(res.status).toBe(200);
    const line = await eventually(async () => lines.find((l) => l.includes('audit write failed')));
    expect(JSON.parse(line)).toMatchObject({
      level: 'error',
      error: 'database is down',
      audit: { requestId: 'req-audit-fail', caseId: 'c123', outcome: 'ok', status: 200, action: 'GET /api/cases/:caseId' },
    });
  } finally {
    logger.sink = sink;
    await new Promise<void>((r) => server.close(() => r()));
  }
});
