// Security that holds against the service's own credentials (docs/security.md maps each mitigation to a
// test here): the runtime database role, limits before and after authentication, readiness without
// internals, codec sessions, token expiry/revocation/rotation, who may be named owner, bad cookies,
// audited disclosures, keyed case ids and a worker that refuses unencrypted payloads.
import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { createApp } from '../../api/app';
import { auditLog } from '../../api/audit';
import { authenticate, createToken, hashToken } from '../../api/auth';
import { caseIdFor, legacyCaseIdFor } from '../../api/caseIds';
import { problemHandler } from '../../api/problems';
import { clientAddressKey, rateLimit } from '../../api/rateLimit';
import { revokeToken, rotateToken } from '../../api/tokens';
import { createPool } from '../../infra/connections';
import { payloadCodec } from '../../infra/dataConverter';
import type { Payload } from '@temporalio/common';
import { intakeBody } from '../support/fixtures';
import { eventually, stackEnv, startTestService, type TestService } from '../support/service';

// The whole file runs with the production default: the worker refuses unencrypted payloads.
process.env.PAYLOAD_REQUIRE_ENCRYPTION = '1';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
let svc: TestService;
let consultant: string;
let supervisor: string;
let caseworker: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret');
  supervisor = await svc.token('supervisor', 'fastholdelsescentret');
  caseworker = await svc.token('caseworker', '751');
}, 60_000);
afterAll(async () => {
  await svc?.stop();
  delete process.env.PAYLOAD_REQUIRE_ENCRYPTION;
});

/** Builds another app on the service's parts with these environment variables set while it is created. */
async function appWith(env: Record<string, string>, deps: Partial<Parameters<typeof createApp>[0]> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const app = createApp({ client: svc.client, pool: svc.appPool, mailer: svc.mailer, taskQueue: svc.taskQueue, ...deps });
    return await listen(app);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
async function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
const openCase = async (token = consultant, over = {}) => {
  const res = await svc.api('POST', '/api/cases', { token, body: intakeBody(over) });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
};

describe('1. the audit log cannot be erased with the service’s own credentials', () => {
  test('the service connects as the runtime role, which cannot delete, update, truncate, drop or disable the audit log’s triggers', async () => {
    const who = await svc.appPool.query<{ u: string; su: boolean }>(`SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su`);
    expect(who.rows[0]).toEqual({ u: 'retention_app', su: false });
    // It may read and append …
    await svc.appPool.query(`INSERT INTO audit_log (request_id, action, method, path, outcome, status) VALUES ('r-roles', 'GET /x', 'GET', '/x', 'ok', 200)`);
    expect((await svc.appPool.query(`SELECT count(*)::int AS n FROM audit_log WHERE request_id = 'r-roles'`)).rows[0].n).toBe(1);
    // … and nothing else.
    for (const sql of [
      `DELETE FROM audit_log WHERE request_id = 'r-roles'`,
      `UPDATE audit_log SET status = 500 WHERE request_id = 'r-roles'`,
      'TRUNCATE audit_log',
      'DROP TRIGGER audit_log_no_update_delete ON audit_log',
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      'DROP TABLE audit_log',
      'DROP FUNCTION audit_log_append_only() CASCADE',
      'CREATE TABLE sneaky (x int)',
    ]) {
      await expect(svc.appPool.query(sql)).rejects.toThrow(/permission denied|must be owner/);
    }
    expect((await svc.appPool.query(`SELECT count(*)::int AS n FROM audit_log WHERE request_id = 'r-roles'`)).rows[0].n).toBe(1);
  });
});

describe('2. limits that cannot be sidestepped', () => {
  test('invented bearer tokens from one address share that address’s bucket (before authentication)', async () => {
    const app = await appWith({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '5', RATE_LIMIT_PER_MINUTE: '1000' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await get(`${app.url}/api/cases`, { authorization: `Bearer rt_${randomUUID()}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await app.close();
    }
  });

  test('after authentication an actor has one bucket, however many addresses it comes from; behind the proxy each client address has its own', async () => {
    const app = await appWith({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '4', TRUST_PROXY: '1' });
    try {
      const token = await svc.token('consultant', 'fastholdelsescentret');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await get(`${app.url}/api/me`, { authorization: `Bearer ${token}`, 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      // Another client behind the same proxy is not held back by the first one's address bucket.
      const a = [];
      for (let i = 0; i < 4; i++) a.push((await get(`${app.url}/api/health`, { 'x-forwarded-for': '198.51.100.7' })).status);
      expect(a).toEqual([200, 200, 200, 429]);
      expect((await get(`${app.url}/api/health`, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('failed token look-ups are cached: the same invented token reaches PostgreSQL once; a valid one is looked up every time', async () => {
    let lookups = 0;
    const counting = { query: (...args: Parameters<Pool['query']>) => ((lookups += 1), (svc.appPool.query as (...a: unknown[]) => unknown)(...args)) } as unknown as Pool;
    const app = express();
    app.use(authenticate(counting));
    app.get('/x', (_req, res) => {
      res.json({ ok: true });
    });
    app.use(problemHandler);
    const srv = await listen(app);
    try {
      const bogus = `rt_${randomUUID()}`;
      for (let i = 0; i < 5; i++) expect((await get(`${srv.url}/x`, { authorization: `Bearer ${bogus}` })).status).toBe(401);
      expect(lookups).toBe(1);
      for (let i = 0; i < 3; i++) expect((await get(`${srv.url}/x`, { authorization: `Bearer ${consultant}` })).status).toBe(200);
      expect(lookups).toBe(4);
    } finally {
      await srv.close();
    }
  });

  test('refused-authentication audit rows (401 and the per-address 429) are limited per address, and the left-out ones are counted on the next row', async () => {
    let now = Date.now();
    const app = express();
    app.use((_req, res, next) => {
      res.locals.requestId = `r-${randomUUID()}`;
      next();
    });
    app.use(auditLog(svc.appPool, { refusedPerMinute: 3, now: () => now }));
    // The per-address limit answers most of them with 429: those rows are gated the same way.
    const perAddress = rateLimit({ perMinute: 2, key: clientAddressKey });
    app.use(perAddress);
    app.use('/api', authenticate(svc.appPool));
    app.use(problemHandler);
    const srv = await listen(app);
    const marker = `zz${randomUUID().slice(0, 8)}`;
    const rows = async () =>
      (await svc.pool.query<{ suppressed: number }>('SELECT suppressed FROM audit_log WHERE case_id = $1 ORDER BY id', [marker])).rows.map((r) => r.suppressed);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await get(`${srv.url}/api/cases/${marker}`, { authorization: `Bearer rt_${randomUUID()}` })).status);
      expect(statuses).toEqual([401, 401, 429, 429, 429, 429, 429, 429]);
      await eventually(async () => (await rows()).length === 3);
      // A minute later: the audit gate's clock moves on and this address's rate-limit window is over.
      now += 61_000;
      await perAddress.resetKey('ip:127.0.0.1');
      expect((await get(`${srv.url}/api/cases/${marker}`, { authorization: `Bearer rt_${randomUUID()}` })).status).toBe(401);
      expect(await eventually(async () => ((await rows()).length === 4 ? rows() : undefined))).toEqual([0, 0, 0, 5]);
    } finally {
      await srv.close();
    }
  });

  test('liveness touches no dependency; readiness says only ok/down, never error text or host names, and can be kept to the metrics token', async () => {
    const deadPool = createPool('postgres://nobody:nothing@127.0.0.1:1/none', 1);
    const app = await appWith({}, { pool: deadPool, metricsToken: 'metrics-secret' });
    try {
      const live = await get(`${app.url}/api/health`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
      expect((await get(`${app.url}/api/health/ready`)).status).toBe(401);
      const ready = await get(`${app.url}/api/health/ready`, { authorization: 'Bearer metrics-secret' });
      expect(ready.status).toBe(503);
      const text = await ready.text();
      expect(JSON.parse(text)).toMatchObject({ postgres: 'down', temporal: 'ok', smtp: 'ok', down: ['postgres'] });
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|connect|nobody/);
    } finally {
      await app.close();
      await deadPool.end();
    }
  });
});

describe('3. codec sessions', () => {
  test('the codec cookie holds a short-lived codec-only value, not the token; sign-out revokes it; it expires on its own; Secure and HSTS behind TLS', async () => {
    const token = await svc.token('supervisor', 'fastholdelsescentret');
    const session = await svc.api('POST', '/api/session/codec', { token });
    expect(session.status).toBe(204);
    const setCookie = session.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^rt_codec=rc_[^;]+; Path=\/codec; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    const value = decodeURIComponent(setCookie.split(';')[0].split('=')[1]);
    expect(value).not.toBe(token);
    // Only a codec session: it does not open the API.
    expect((await svc.api('GET', '/api/me', { token: value })).status).toBe(401);
    const cookie = `rt_codec=${encodeURIComponent(value)}`;
    const body = { payloads: [] };
    expect((await svc.api('POST', '/codec/decode', { body, headers: { cookie } })).status).toBe(200);
    expect((await svc.api('DELETE', '/api/session/codec', { token })).status).toBe(204);
    expect((await svc.api('POST', '/codec/decode', { body, headers: { cookie } })).status).toBe(401);

    // A second session expires by itself.
    const again = (await svc.api('POST', '/api/session/codec', { token })).headers.get('set-cookie')!;
    const cookie2 = again.split(';')[0];
    expect((await svc.api('POST', '/codec/decode', { body, headers: { cookie: cookie2 } })).status).toBe(200);
    await svc.pool.query(`UPDATE codec_sessions SET expires_at = now() - interval '1 second' WHERE session_hash = $1`, [hashToken(decodeURIComponent(cookie2.split('=')[1]))]);
    expect((await svc.api('POST', '/codec/decode', { body, headers: { cookie: cookie2 } })).status).toBe(401);

    // Behind the shipped proxy (TRUST_PROXY=1), the forwarded https makes the cookie Secure and adds HSTS.
    const app = await appWith({ TRUST_PROXY: '1' });
    try {
      const res = await fetch(`${app.url}/api/session/codec`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-forwarded-proto': 'https' } });
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await app.close();
    }
  });
});

describe('4. tokens expire, and revocation and rotation take effect at once', () => {
  test('new tokens carry the policy expiry (people 90 days, insurer systems a year); an expired token is refused', async () => {
    const person = await createToken(svc.pool, { role: 'caseworker', organisation: '751', name: 'P', email: `p-${randomUUID().slice(0, 6)}@x.local` });
    const system = await createToken(svc.pool, { role: 'insurer', organisation: 'insurer-a', name: 'S', email: `s-${randomUUID().slice(0, 6)}@x.local` });
    const days = (iso: string | null) => Math.round((Date.parse(iso!) - Date.now()) / 86_400_000);
    expect(days(person.expiresAt)).toBe(90);
    expect(days(system.expiresAt)).toBe(365);
    expect((await svc.api('GET', '/api/me', { token: person.token })).status).toBe(200);
    await svc.pool.query(`UPDATE actors SET expires_at = now() - interval '1 second' WHERE token_id = $1`, [person.tokenId]);
    expect((await svc.api('GET', '/api/me', { token: person.token })).status).toBe(401);
  });

  test('a revoked token is refused by the very next request (no cache window); rotation keeps the actor and retires the old token', async () => {
    const t = await createToken(svc.pool, { role: 'consultant', organisation: 'fastholdelsescentret', name: 'R', email: `r-${randomUUID().slice(0, 6)}@x.local` });
    expect((await svc.api('GET', '/api/me', { token: t.token })).status).toBe(200);
    const rotated = (await rotateToken(svc.pool, t.tokenId))!;
    expect((await svc.api('GET', '/api/me', { token: t.token })).status).toBe(401);
    const me = await svc.api('GET', '/api/me', { token: rotated.token });
    expect([me.status, me.body.actorId]).toEqual([200, t.actorId]);
    expect(await revokeToken(svc.pool, rotated.tokenId)).toBe(true);
    expect((await svc.api('GET', '/api/me', { token: rotated.token })).status).toBe(401);
  });

  test('`npm run token -- list | revoke <id> | rotate <id>` work on the database', async () => {
    const t = await createToken(svc.pool, { role: 'union', organisation: 'union-3f', name: 'CLI', email: `cli-${randomUUID().slice(0, 6)}@x.local` });
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const env = { ...process.env, DATABASE_URL: stackEnv().databaseUrl };
    const cli = (...args: string[]) => run(tsx, [path.join(ROOT, 'scripts', 'token.ts'), ...args], { env, cwd: ROOT });
    expect((await cli('list')).stdout).toMatch(new RegExp(`${t.tokenId}\\s+active\\s+union`));
    const rotated = await cli('rotate', t.tokenId);
    const newToken = rotated.stdout.trim().split('\n').pop()!;
    expect(newToken).toMatch(/^rt_/);
    expect((await svc.api('GET', '/api/me', { token: t.token })).status).toBe(401);
    expect((await svc.api('GET', '/api/me', { token: newToken })).status).toBe(200);
    const newId = /→ (tok_[0-9a-f]+)/.exec(rotated.stdout)![1];
    expect((await cli('revoke', newId)).stdout).toContain(`revoked ${newId}`);
    expect((await svc.api('GET', '/api/me', { token: newToken })).status).toBe(401);
    await expect(cli('revoke', newId)).rejects.toThrow(/no active token/);
  }, 60_000);
});

describe('5. who may be named', () => {
  test('only a consultant may name the consultant at intake', async () => {
    const colleague = { name: 'Kollega', email: `kollega-${randomUUID().slice(0, 6)}@fastholdelse.local` };
    const byCaseworker = await svc.api('POST', '/api/cases', { token: caseworker, body: { ...intakeBody(), consultant: colleague } });
    expect(byCaseworker.status).toBe(403);
    const byConsultant = await svc.api('POST', '/api/cases', { token: consultant, body: { ...intakeBody(), consultant: colleague } });
    expect(byConsultant.status).toBe(201);
  });

  test('a task goes to staff of the case, never to an outside address', async () => {
    const base = intakeBody();
    const body = { ...base, injury: { ...base.injury, recognised: 'unknown' as const } };
    const created = await svc.api('POST', '/api/cases', { token: consultant, body });
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;
    const tasks = await svc.api('GET', `/api/tasks?caseId=${caseId}`, { token: consultant });
    const taskId = tasks.body.items.find((t: { kind: string }) => t.kind === 'complete-screening').taskId as string;
    const outside = { role: 'consultant', name: 'Udefra', email: `evil-${randomUUID().slice(0, 6)}@example.org` };
    const refused = await svc.api('POST', `/api/tasks/${taskId}/reassign`, { token: consultant, body: { owner: outside } });
    expect([refused.status, refused.body.type]).toEqual([422, '/problems/owner-not-staff']);
    const sup = (await svc.api('GET', '/api/me', { token: supervisor })).body;
    const toSupervisor = await svc.api('POST', `/api/tasks/${taskId}/reassign`, { token: consultant, body: { owner: { role: 'supervisor', name: sup.name, email: sup.email } } });
    expect(toSupervisor.status).toBe(200);
    // The supervisor, now the owner, may hand it to the case's caseworker, but not outside either.
    expect((await svc.api('POST', `/api/tasks/${taskId}/reassign`, { token: supervisor, body: { owner: outside } })).status).toBe(422);
    const cw = { role: 'caseworker', name: body.caseworker!.name, email: body.caseworker!.email };
    expect((await svc.api('POST', `/api/tasks/${taskId}/reassign`, { token: supervisor, body: { owner: cw } })).status).toBe(200);
  });
});

describe('6. bad input never 500; every disclosure audited', () => {
  test('a codec cookie that is not valid percent-encoding is a 401, not a 500', async () => {
    for (const cookie of ['rt_codec=%E0', 'rt_codec=%', 'rt_codec=%zz']) {
      const res = await svc.api('POST', '/codec/decode', { body: { payloads: [] }, headers: { cookie } });
      expect([cookie, res.status]).toEqual([cookie, 401]);
    }
  });

  test('/api/me/cases, /api/session/codec and list endpoints are audited with the ids of the cases they disclosed', async () => {
    const base = intakeBody();
    const caseId = await openCase(consultant, { injury: { ...base.injury, recognised: 'unknown' } }); // with a screening task
    const rid = () => `sec-${randomUUID()}`;
    const calls = [
      ['GET', '/api/me/cases'],
      ['GET', '/api/cases?limit=200'],
      ['GET', `/api/tasks?caseId=${caseId}`],
      ['POST', '/api/session/codec'],
    ] as const;
    const ids: string[] = [];
    for (const [method, p] of calls) {
      const requestId = rid();
      ids.push(requestId);
      const res = await svc.api(method, p, { token: consultant, headers: { 'x-request-id': requestId } });
      expect(res.status).toBeLessThan(300);
    }
    const rows = await eventually(async () => {
      const r = await svc.pool.query<{ request_id: string; path: string; case_ids: string[] | null; actor_id: string }>(
        'SELECT request_id, path, case_ids, actor_id FROM audit_log WHERE request_id = ANY($1)',
        [ids],
      );
      return r.rows.length === ids.length ? r.rows : undefined;
    });
    const byId = Object.fromEntries(rows.map((r) => [r.request_id, r]));
    expect(byId[ids[0]].path).toBe('/api/me/cases');
    expect(byId[ids[0]].case_ids).toContain(caseId); // the consultant opened it, so it is theirs
    expect(byId[ids[1]].case_ids).toContain(caseId);
    expect(byId[ids[2]].case_ids).toContain(caseId);
    expect(byId[ids[3]].path).toBe('/api/session/codec');
    // The case's own trail shows the list disclosures.
    const trail = await svc.api('GET', `/api/cases/${caseId}/audit?limit=200`, { token: supervisor });
    expect(trail.body.items.map((i: { requestId: string }) => i.requestId)).toEqual(expect.arrayContaining(ids.slice(0, 3)));
  });
});

describe('7. the engine boundary', () => {
  test('new case ids are a keyed HMAC of the reference (not the unkeyed SHA-256); a case under its old id is still found by reference', async () => {
    const body = intakeBody();
    const caseId = await openCase(consultant, { injuryCaseRef: body.injuryCaseRef });
    const secret = process.env.CASE_ID_SECRET!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(caseId).toBe(`k${createHmac('sha256', secret).update(body.injuryCaseRef.toUpperCase()).digest('hex').slice(0, 24)}`);
    expect(caseId).toBe(caseIdFor(body.injuryCaseRef));
    expect(caseId).not.toBe(legacyCaseIdFor(body.injuryCaseRef));

    // A case opened before keyed ids: its read-model row under the legacy id (as projected then).
    const old = intakeBody();
    const legacyId = legacyCaseIdFor(old.injuryCaseRef);
    const snapshot = (await svc.pool.query('SELECT snapshot FROM cases WHERE case_id = $1', [caseId])).rows[0].snapshot;
    await svc.pool.query(
      `INSERT INTO cases (case_id, injury_case_ref, status, municipality_code, insurer_id, employer_cvr, union_id, union_poa, consent, first_sick_day, limit_date, seq, snapshot, created_at, updated_at, last_activity_at)
       SELECT $1, $2, status, municipality_code, insurer_id, employer_cvr, union_id, union_poa, consent, first_sick_day, limit_date, seq, $3::jsonb, created_at, updated_at, last_activity_at FROM cases WHERE case_id = $4`,
      [legacyId, old.injuryCaseRef.toUpperCase(), JSON.stringify({ ...snapshot, caseId: legacyId, injuryCaseRef: old.injuryCaseRef.toUpperCase() }), caseId],
    );
    expect((await svc.api('GET', `/api/cases/${legacyId}`, { token: consultant })).status).toBe(200);
    const dup = await svc.api('POST', '/api/cases', { token: consultant, body: old });
    expect([dup.status, dup.body.caseId]).toEqual([409, legacyId]);
    expect(await svc.client.workflow.getHandle(`case-${caseIdFor(old.injuryCaseRef)}`).describe().then(() => true, () => false)).toBe(false);
  });

  test('with PAYLOAD_REQUIRE_ENCRYPTION=1 the worker refuses a workflow started with unencrypted payloads (no case is opened)', async () => {
    const connection = await Connection.connect({ address: stackEnv().temporalAddress });
    const raw = new Client({ connection, namespace: 'default' }); // no codec: what someone at the frontend without the key sends
    try {
      const body = intakeBody();
      const caseId = `kraw${randomUUID().replace(/-/g, '').slice(0, 20)}`;
      const me = (await svc.api('GET', '/api/me', { token: consultant })).body;
      const intake = { ...body, injuryCaseRef: body.injuryCaseRef.toUpperCase(), caseworker: body.caseworker!, consultant: { name: me.name, email: me.email } };
      const handle = await raw.workflow.start('retentionCaseWorkflow', {
        workflowId: `case-${caseId}`,
        taskQueue: svc.taskQueue,
        args: [{ caseId, opening: { intake, actor: { actorId: me.actorId, role: 'consultant', name: me.name } } }],
      });
      const failed = await eventually(async () => {
        const history = await handle.fetchHistory();
        return history.events?.some((e) => e.workflowTaskFailedEventAttributes) ? history : undefined;
      }, 30_000);
      // The failure's message is itself encrypted (encodeCommonAttributes): decode it with the key.
      const encoded = failed.events!.find((e) => e.workflowTaskFailedEventAttributes)!.workflowTaskFailedEventAttributes!.failure!.encodedAttributes!;
      const [attrs] = await payloadCodec(process.env, false).decode([encoded as Payload]);
      expect(Buffer.from(attrs.data!).toString('utf8')).toMatch(/unencrypted payload refused/);
      expect(failed.events!.some((e) => e.workflowTaskCompletedEventAttributes)).toBe(false);
      expect((await svc.pool.query('SELECT 1 FROM cases WHERE case_id = $1', [caseId])).rowCount).toBe(0);
      await handle.terminate('test: refused payload');
    } finally {
      await connection.close();
    }
  }, 60_000);
});
