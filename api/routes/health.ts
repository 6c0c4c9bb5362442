// `GET /api/health`: checks Temporal, Postgres and SMTP, each with a short timeout, and answers
// 503 naming what is down.
import { Router } from 'express';
import type { AppDeps } from '../deps';
import type { ApiOperation } from '../openapi';

export const healthOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Health of Temporal, PostgreSQL and SMTP',
    tags: ['Operations'],
    roles: 'public',
    responses: { 200: '`{ temporal: "ok", postgres: "ok", smtp: "ok" }`', 503: 'Names what is down.' },
  },
];

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);

/** Runs the three checks in parallel. */
export async function checkHealth(deps: AppDeps): Promise<{ ok: boolean; body: Record<string, string> }> {
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
        return [name, `down: ${(err as Error).message}`] as const;
      }
    }),
  );
  const body = Object.fromEntries(results);
  return { ok: results.every(([, v]) => v === 'ok'), body };
}

/** Routes under /api/health (no auth: load balancers call it). */
export function healthRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    const { ok, body } = await checkHealth(deps);
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
