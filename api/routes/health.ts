// Health: `GET /api/health` is liveness (this process answers; no dependency is touched, so a flood
// costs nothing), `GET /api/health/ready` is readiness (Temporal, PostgreSQL, SMTP, each with a short
// timeout; only "ok"/"down" per part, never error text or host names; behind METRICS_TOKEN when set).
import { Router } from 'express';
import type { AppDeps } from '../deps';
import type { ApiOperation } from '../openapi';
import { sameSecret } from '../metrics';

export const healthOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Liveness: the API process answers (no dependency checks)',
    tags: ['Operations'],
    roles: 'public',
    responses: { 200: '`{ status: "ok" }`' },
  },
  {
    method: 'get',
    path: '/api/health/ready',
    summary: 'Readiness of Temporal, PostgreSQL and SMTP',
    description: 'With METRICS_TOKEN configured, send `Authorization: Bearer <METRICS_TOKEN>`. Answers at most every 2 s from fresh checks; parts are "ok" or "down", nothing more.',
    tags: ['Operations'],
    roles: 'public',
    responses: { 200: '`{ temporal: "ok", postgres: "ok", smtp: "ok" }`', 401: 'METRICS_TOKEN missing or wrong.', 503: 'Names the parts that are down.' },
  },
];

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);

/** Runs the three checks in parallel; each part is "ok" or "down" (the reason goes to the log, not the caller). */
export async function checkHealth(deps: AppDeps): Promise<{ ok: boolean; body: Record<string, 'ok' | 'down'> }> {
  const checks = {
    temporal: () => deps.client.workflowService.getSystemInfo({}),
    postgres: () => deps.pool.query('SELECT 1'),
    smtp: () => deps.mailer.verify(),
  };
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await within(check() as Promise<unknown>, 3000);
        return [name, 'ok'] as const;
      } catch (err) {
        console.error(JSON.stringify({ level: 'warn', msg: `readiness: ${name} down`, error: (err as Error).message }));
        return [name, 'down'] as const;
      }
    }),
  );
  return { ok: results.every(([, v]) => v === 'ok'), body: Object.fromEntries(results) };
}

/** Routes under /api/health (no bearer auth: load balancers call it). */
export function healthRoutes(deps: AppDeps): Router {
  const r = Router();
  // One check at a time, its answer reused for 2 s: callers cannot multiply the dependency checks.
  let last: { at: number; result: Promise<Awaited<ReturnType<typeof checkHealth>>> } | undefined;
  r.get('/', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/ready', async (req, res) => {
    if (deps.metricsToken) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
      if (!m || !sameSecret(m[1], deps.metricsToken)) {
        res.status(401).type('application/problem+json').send(JSON.stringify({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'Send Authorization: Bearer <METRICS_TOKEN>.' }));
        return;
      }
    }
    if (!last || Date.now() - last.at > 2000) last = { at: Date.now(), result: checkHealth(deps) };
    const { ok, body } = await last.result;
    if (ok) {
      res.json(body);
    } else {
      const down = Object.keys(body).filter((k) => body[k] !== 'ok');
      res
        .status(503)
        .type('application/problem+json')
        .send(JSON.stringify({ type: '/problems/unavailable', title: 'Service unavailable', status: 503, detail: `down: ${down.join(', ')}`, down, ...body }));
    }
  });
  return r;
}
