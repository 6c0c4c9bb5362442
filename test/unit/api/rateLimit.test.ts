// The per-token rate limiter on a tiny express app with a fake clock: 429 problem+json with
// Retry-After when a token's bucket is empty, other tokens unaffected, refilled with time.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { rateLimit } from '../../../api/rateLimit';
import { problemHandler } from '../../../api/problems';

let server: Server;
let base: string;
let now = 1_000_000;

beforeAll(async () => {
  const app = express();
  app.use(rateLimit({ perMinute: 3, key: (req) => req.header('authorization') ?? null, now: () => now, skip: (p) => p === '/health' }));
  app.get(['/x', '/health'], (_req, res) => {
    res.json({ ok: true });
  });
  app.use(problemHandler);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (token: string, path = '/x') => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

test('the fourth request in a minute gets 429 with Retry-After; another token and skipped paths are not limited', async () => {
  for (let i = 0; i < 3; i++) expect((await get('alpha')).status).toBe(200);
  const limited = await get('alpha');
  expect(limited.status).toBe(429);
  expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(limited.headers.get('retry-after'))).toBe(20); // one request per 20 s at 3/min
  expect(await limited.json()).toMatchObject({ type: '/problems/rate-limited', status: 429, retryAfterSeconds: 20 });
  expect((await get('beta')).status).toBe(200);
  expect((await get('alpha', '/health')).status).toBe(200);

  now += 20_000; // one token refilled
  expect((await get('alpha')).status).toBe(200);
  expect((await get('alpha')).status).toBe(429);
});

test('a flood of new keys at the key bound does not reset a drained bucket', async () => {
  const app = express();
  app.use(rateLimit({ perMinute: 3, key: (req) => req.header('authorization') ?? null, now: () => now, maxKeys: 4 }));
  app.get('/y', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(problemHandler);
  const srv = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const at = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/y`;
  const hit = (k: string) => fetch(at, { headers: { authorization: k } }).then((r) => r.status);
  try {
    for (let i = 0; i < 3; i++) expect(await hit('drained')).toBe(200);
    expect(await hit('drained')).toBe(429);
    // Far more one-request keys than the bound: each sweep drops them, never the drained bucket.
    for (let i = 0; i < 40; i++) expect(await hit(`flood-${i}`)).toBe(200);
    expect(await hit('drained')).toBe(429);
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
  }
});
