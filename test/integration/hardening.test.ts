// The hardened HTTP surface: problem+json for unknown routes, 415, 413 and bad JSON; request ids;
// security headers; structured request logs without personal data; the OpenAPI document and its
// docs page; the Temporal UI codec endpoint behind consultant/supervisor auth with CORS.
import { randomUUID } from 'node:crypto';
import { logger } from '../../api/requestLog';
import { intakeBody } from '../support/fixtures';
import { startTestService, type TestService } from '../support/service';

let svc: TestService;
let consultant: string;
let supervisor: string;
let caseworker: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret');
  supervisor = await svc.token('supervisor', 'fastholdelsescentret');
  caseworker = await svc.token('caseworker', '751');
});
afterAll(async () => svc?.stop());

const isProblem = (res: { status: number; headers: Headers; body: any }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String), status });
};

test('unknown routes, non-JSON bodies, oversized bodies and bad JSON answer problem+json', async () => {
  isProblem(await svc.api('GET', '/api/no-such-thing', { token: consultant }), 404);
  isProblem(await svc.api('GET', '/no-such-page'), 404);
  isProblem(await svc.api('DELETE', '/api/cases', { token: consultant }), 404);
  isProblem(await svc.api('POST', '/api/cases', { token: consultant, rawBody: 'citizen=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  isProblem(await svc.api('POST', '/api/cases', { token: consultant, rawBody: '{"a":1}', headers: { 'content-type': 'text/plain' } }), 415);
  isProblem(await svc.api('POST', '/api/cases', { token: consultant, body: { pad: 'x'.repeat(300 * 1024) } }), 413);
  isProblem(await svc.api('POST', '/api/cases', { token: consultant, rawBody: '{"citizen":', headers: { 'content-type': 'application/json' } }), 400);
  isProblem(await svc.api('GET', '/api/cases'), 401);
});

test('request ids: generated, echoed when sane, replaced when not, and named in problems', async () => {
  const gen = await svc.api('GET', '/api/cases', { token: consultant });
  expect(gen.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const mine = `trace-${randomUUID()}`;
  const echoed = await svc.api('GET', '/api/nope', { token: consultant, headers: { 'x-request-id': mine } });
  expect(echoed.headers.get('x-request-id')).toBe(mine);
  const bad = await svc.api('GET', '/api/cases/nope', { token: consultant, headers: { 'x-request-id': '<script>' } });
  expect(bad.headers.get('x-request-id')).not.toBe('<script>');
  expect(bad.body.requestId).toBe(bad.headers.get('x-request-id'));
});

test('security headers on answers and refusals; case data is not cacheable', async () => {
  for (const res of [await svc.api('GET', '/api/cases', { token: consultant }), await svc.api('GET', '/api/cases/x'), await svc.api('GET', '/api/health')]) {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain http here
  }
});

test('request log: one JSON line per request with route, status, duration, ids; no names, emails or bodies', async () => {
  const lines: string[] = [];
  const sink = logger.sink;
  const level = process.env.LOG_LEVEL;
  logger.sink = (l) => void lines.push(l);
  process.env.LOG_LEVEL = 'info';
  const tag = randomUUID().slice(0, 8);
  const body = intakeBody();
  try {
    const created = await svc.api('POST', '/api/cases', {
      token: consultant,
      body: { ...body, citizen: { name: `Hemmelig ${tag}`, email: `hemmelig-${tag}@borger.local` }, injury: { ...body.injury, description: `Diagnose ${tag}` } },
    });
    expect(created.status).toBe(201);
    await svc.api('GET', `/api/cases/${created.body.caseId}?q=${tag}`, { token: consultant });
    await svc.api('GET', `/api/cases/${created.body.caseId}/timeline`, { token: caseworker });
  } finally {
    logger.sink = sink;
    if (level === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = level;
  }
  const entries = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'request');
  expect(entries.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual(
    expect.arrayContaining(['POST /api/cases 201', 'GET /api/cases/:caseId 200', 'GET /api/cases/:caseId/timeline 200']),
  );
  for (const e of entries) {
    expect(e).toMatchObject({ level: 'info', requestId: expect.any(String), actorId: expect.stringMatching(/^(consultant|caseworker)-/), durationMs: expect.any(Number) });
  }
  expect(lines.join('\n')).not.toContain(tag);
  expect(lines.join('\n')).not.toContain('@');
});

test('GET /api/openapi.json is OpenAPI 3.1 generated from the zod schemas; /api/docs renders it', async () => {
  const doc = await svc.api('GET', '/api/openapi.json');
  expect(doc.status).toBe(200);
  expect(doc.body.openapi).toBe('3.1.0');
  for (const [p, m] of [
    ['/api/cases', 'post'],
    ['/api/cases', 'get'],
    ['/api/cases/{caseId}', 'get'],
    ['/api/cases/{caseId}/timeline', 'get'],
    ['/api/cases/{caseId}/screening', 'post'],
    ['/api/cases/{caseId}/audit', 'get'],
    ['/api/health', 'get'],
    ['/codec/decode', 'post'],
  ]) {
    expect(doc.body.paths[p]?.[m]).toBeDefined();
  }
  const intake = doc.body.paths['/api/cases'].post.requestBody.content['application/json'].schema;
  expect(intake.required).toEqual(expect.arrayContaining(['injuryCaseRef', 'citizen', 'insurer', 'injury', 'sickLeave']));
  expect(intake.properties.referral.properties.source.enum).toContain('fast-track');
  expect(intake.properties.riskScore).toMatchObject({ minimum: 0, maximum: 100 });
  expect(doc.body.paths['/api/cases'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['status', 'municipality', 'limit', 'cursor']);
  expect(doc.body.paths['/api/cases/{caseId}/audit'].get['x-roles']).toEqual(['supervisor']);
  expect(doc.body.paths['/api/cases/{caseId}'].get.responses['404'].content['application/problem+json']).toBeDefined();

  const page = await fetch(`${svc.baseUrl}/api/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-security-policy')).not.toMatch(/script-src/);
  const html = await page.text();
  expect(html).toContain('/api/cases/{caseId}/timeline');
  expect(html).toContain('citizen.name');
  expect(html).not.toMatch(/<script/i);
});

test('codec endpoint: consultants and supervisors only, round trip, CORS for the Temporal UI origin', async () => {
  const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"name":"Jens"}').toString('base64') }] };
  isProblem(await svc.api('POST', '/codec/decode', { body: plain }), 401);
  isProblem(await svc.api('POST', '/codec/decode', { token: caseworker, body: plain }), 403);
  const enc = await svc.api('POST', '/codec/encode', { token: consultant, body: plain });
  expect(enc.status).toBe(200);
  expect(Buffer.from(enc.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  expect(Buffer.from(enc.body.payloads[0].data, 'base64').toString()).not.toContain('Jens');
  const dec = await svc.api('POST', '/codec/decode', { token: supervisor, body: enc.body });
  expect(dec.status).toBe(200);
  expect(Buffer.from(dec.body.payloads[0].data, 'base64').toString()).toBe('{"name":"Jens"}');

  const ui = process.env.TEMPORAL_UI_ORIGIN ?? 'http://localhost:8233';
  const pre = await fetch(`${svc.baseUrl}/codec/decode`, {
    method: 'OPTIONS',
    headers: { origin: ui, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe(ui);
  expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
  const other = await fetch(`${svc.baseUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});
