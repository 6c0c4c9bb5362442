// Our part of rate limiting (express-rate-limit does the counting): the 429 problem+json with Retry-After
// on a tiny express app, the paths and requests not counted, the client-address and actor keys, and the
// limits read from the environment.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { actorKey, clientAddressKey, rateLimit, rateLimited, rateLimitFromEnv } from '../../../api/rateLimit';
import { problemHandler } from '../../../api/problems';

let server: Server;
let base: string;
const limiter = rateLimit({ perMinute: 3, key: (req) => req.header('authorization') ?? null, skip: (p) => p === '/health', per: 'per token' });

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.requestId = 'r-unit';
    next();
  });
  app.use(limiter);
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

const get = (token: string | null, path = '/x') => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

test('the fourth request in a minute gets 429 problem+json with Retry-After; other keys, skipped paths and unkeyed requests are not limited', async () => {
  const first = await get('alpha');
  expect(first.status).toBe(200);
  expect([first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining')]).toEqual(['3', '2']);
  for (let i = 0; i < 2; i++) expect((await get('alpha')).status).toBe(200);
  const limited = await get('alpha');
  expect(limited.status).toBe(429);
  expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(limited.headers.get('ratelimit-remaining')).toBe('0');
  expect(limited.headers.get('x-ratelimit-limit')).toBeNull();
  expect(await limited.json()).toEqual({
    type: '/problems/rate-limited',
    title: 'Too many requests',
    status: 429,
    detail: `At most 3 requests a minute per token; retry after ${retryAfter} s.`,
    requestId: 'r-unit',
    retryAfterSeconds: retryAfter,
  });
  expect((await get('beta')).status).toBe(200);
  for (let i = 0; i < 5; i++) expect((await get('alpha', '/health')).status).toBe(200);
  const unkeyed = await get(null);
  expect(unkeyed.status).toBe(200);
  expect(unkeyed.headers.get('ratelimit-limit')).toBeNull();

  // The end of the window (here forced) lets the key through again, three more times.
  await limiter.resetKey('Bearer alpha');
  for (let i = 0; i < 3; i++) expect((await get('alpha')).status).toBe(200);
  expect((await get('alpha')).status).toBe(429);
});

test('Retry-After is the rest of the window in whole seconds, at least 1', () => {
  const at = 1_000_000;
  expect(rateLimited(5, 'per actor', new Date(at + 12_300), at).extra).toEqual({ retryAfterSeconds: 13 });
  expect(rateLimited(5, 'per actor', new Date(at + 10), at).extra).toEqual({ retryAfterSeconds: 1 });
  expect(rateLimited(5, 'per actor', new Date(at - 500), at).extra).toEqual({ retryAfterSeconds: 1 });
  expect(rateLimited(5, '', undefined, at)).toMatchObject({ status: 429, code: 'rate-limited', detail: 'At most 5 requests a minute; retry after 60 s.' });
});

test('the client address key: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 per /56 network', () => {
  const key = (ip: string | undefined) => clientAddressKey({ ip } as Request);
  expect(key('203.0.113.5')).toBe('ip:203.0.113.5');
  expect(key('::ffff:203.0.113.5')).toBe('ip:203.0.113.5');
  expect(key('2001:db8:1:1ff::1')).toBe(key('2001:db8:1:100:abcd::9'));
  expect(key('2001:db8:1:1ff::1')).not.toBe(key('2001:db8:1:200::1'));
  expect(key(undefined)).toBe('ip:unknown');
});

test('the actor key: the authenticated actor, nothing before authentication', () => {
  const res = (locals: Record<string, unknown>) => ({ locals }) as unknown as Response;
  expect(actorKey({} as Request, res({ actor: { actorId: 'u-7', role: 'consultant' } }))).toBe('a:u-7');
  expect(actorKey({} as Request, res({}))).toBeNull();
});

test('limits from the environment: the default, a whole positive number, or a refusal to start', () => {
  expect(rateLimitFromEnv({})).toBe(600);
  expect(rateLimitFromEnv({}, 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 1200)).toBe(1200);
  expect(rateLimitFromEnv({ RATE_LIMIT_PER_MINUTE: '42' })).toBe(42);
  for (const bad of ['0', '-5', '1.5', 'lots', '']) {
    expect(() => rateLimitFromEnv({ RATE_LIMIT_PER_MINUTE: bad })).toThrow(/RATE_LIMIT_PER_MINUTE must be a positive whole number/);
  }
});
