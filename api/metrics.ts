// Prometheus metrics of one API process: HTTP requests by method/route/status, Node process
// metrics, and case figures from the read model, served on GET /metrics (optionally token-protected).
import { timingSafeEqual } from 'node:crypto';
import type { Express, Request } from 'express';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics need besides the app. */
export interface MetricsOptions {
  pool: Pool;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
}

// The route pattern, never the raw URL: case ids in label values would explode the series count.
const routeOf = (req: Request): string => {
  if (req.route?.path === undefined) return 'unmatched';
  const path = String(req.route.path);
  return req.baseUrl && path === '/' ? req.baseUrl : `${req.baseUrl}${path}`;
};

/** Compares a presented secret with the configured one in constant time. */
export const sameSecret = (given: string, want: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Builds this app's registry (one per app, so several apps in one test process do not clash). */
export function createMetricsRegistry(pool: Pool): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register });
  new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [register] });
  new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  // Read-model figures are queried when Prometheus scrapes, so every replica reports the same truth;
  // one query round per scrape however many of these gauges are collected.
  let refreshing: Promise<void> | undefined;
  const collect = () => (refreshing ??= refresh().finally(() => setImmediate(() => (refreshing = undefined))));
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [register], collect });
  const cases = gauge('retention_cases', 'Cases in the read model by status', ['status']);
  const openTasks = gauge('retention_open_tasks', 'Open follow-up tasks');
  const unsent = gauge('retention_email_outbox_unsent', 'Emails in the outbox not yet sent (bounced ones excluded)');
  const oldestUnsent = gauge('retention_email_outbox_oldest_unsent_seconds', 'Age of the oldest unsent email (0 when none)');
  const bounced = gauge('retention_email_outbox_bounced', 'Emails the outbox could not deliver (bounced, or given up after temporary failures)');
  const up = gauge('retention_read_model_up', '1 when the read-model figures could be read on this scrape');
  const refresh = async () => {
    try {
      const [byStatus, tasks, outbox] = await Promise.all([
        pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM cases GROUP BY status'),
        pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE status = 'open'`),
        pool.query<{ n: number; age: number; bounced: number }>(
          `SELECT count(*) FILTER (WHERE bounced_at IS NULL)::int AS n,
             COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE bounced_at IS NULL)), 0)::float8 AS age,
             count(*) FILTER (WHERE bounced_at IS NOT NULL)::int AS bounced
           FROM email_outbox WHERE sent_at IS NULL`,
        ),
      ]);
      cases.reset();
      for (const r of byStatus.rows) cases.set({ status: r.status }, r.n);
      openTasks.set(tasks.rows[0].n);
      unsent.set(outbox.rows[0].n);
      oldestUnsent.set(outbox.rows[0].age);
      bounced.set(outbox.rows[0].bounced);
      up.set(1);
    } catch {
      up.set(0); // the scrape still answers; an alert on this gauge names the cause
    }
  };
  return register;
}

/** Adds the request metrics middleware and GET /metrics; call before the routes and auth. */
export function mountMetrics(app: Express, opts: MetricsOptions): void {
  const register = createMetricsRegistry(opts.pool);
  const requests = register.getSingleMetric('http_requests_total') as Counter<'method' | 'route' | 'status'>;
  const duration = register.getSingleMetric('http_request_duration_seconds') as Histogram<'method' | 'route' | 'status'>;
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
  app.get('/metrics', async (req, res) => {
    if (opts.token) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
      if (!m || !sameSecret(m[1], opts.token)) {
        res.status(401).type('application/problem+json').send(JSON.stringify({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'Send Authorization: Bearer <METRICS_TOKEN>.' }));
        return;
      }
    }
    res.type(register.contentType).send(await register.metrics());
  });
}
