// Integration-test harness: the real API app and a real worker (pre-bundled workflows) against the
// dev server, PostgreSQL and SMTP catcher that `npm test` started; plus HTTP, token and mail helpers.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import { createApp } from '../../api/app';
import { createToken } from '../../api/auth';
import type { Role } from '../../domain/kernel/actor.schema';
import { createMailer, createPool, createTemporalClient } from '../../infra/connections';
import { createWorker } from '../../worker/createWorker';
import { workflowBundle } from './bundle';
import { startEmailDispatch } from '../../worker/emailDispatch';
import type { EmailDispatcher, EmailDispatcherOptions } from '../../activities/emailDispatcher';

/** Keeps worker logs to warnings so test output shows what matters (install is once per process). */
export function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier test file in this process
  }
}

/** The addresses `npm test` exported. */
export function stackEnv() {
  const need = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is not set: run integration tests through \`npm test\`, which starts the stack`);
    return v;
  };
  return {
    temporalAddress: need('TEST_TEMPORAL_ADDRESS'),
    databaseUrl: need('TEST_DATABASE_URL'),
    /** The runtime login (db/roles.ts) the service under test connects as; the owner URL above is for fixtures. */
    runtimeDatabaseUrl: process.env.TEST_DATABASE_RUNTIME_URL || need('TEST_DATABASE_URL'),
    smtpUrl: need('TEST_SMTP_URL'),
    mailWebUrl: need('TEST_MAIL_WEB_URL'),
  };
}

/** A message as the SMTP catcher keeps it. */
export interface CaughtMail {
  id: string;
  messageId: string | null;
  to: string[];
  subject: string;
  text: string;
}

/** Messages the catcher received, optionally only those to one address. */
export async function caughtMail(to?: string): Promise<CaughtMail[]> {
  const url = new URL('/messages', stackEnv().mailWebUrl);
  if (to) url.searchParams.set('to', to);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`mail catcher answered ${res.status}`);
  return (await res.json()) as CaughtMail[];
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** An HTTP answer. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A running API + worker pair on its own task queue. */
export interface TestService {
  baseUrl: string;
  /** The owner's pool, for fixtures and checks (the service itself uses `appPool`). */
  pool: Pool;
  /** The service's own pool: the runtime login, with the grants production gives it. */
  appPool: Pool;
  client: Client;
  mailer: Transporter;
  taskQueue: string;
  worker: Worker;
  /** The outbox dispatcher sending the service's emails. */
  outbox: EmailDispatcher;
  /** Creates a token for an actor (unique email by default). */
  token(role: Role, organisation: string, name?: string): Promise<string>;
  /** Sends a request; JSON bodies are encoded, `rawBody` is sent as is. */
  api<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

/**
 * Starts the service parts in this process; `workerDatabaseUrl` lets the worker reach PostgreSQL another way (e.g. a proxy a test cuts);
 * `smtpUrl` sends the service's email through another relay than the stack's catcher (e.g. a slow or refusing one).
 */
export async function startTestService(
  opts: { workerDatabaseUrl?: string; smtpUrl?: string; outbox?: Partial<EmailDispatcherOptions> } = {},
): Promise<TestService> {
  quietTemporalLogs();
  const env = stackEnv();
  const pool = createPool(env.databaseUrl, 5);
  const appPool = createPool(env.runtimeDatabaseUrl, 5);
  const workerPool = opts.workerDatabaseUrl ? createPool(opts.workerDatabaseUrl, 5) : appPool;
  const mailer = createMailer(opts.smtpUrl ?? env.smtpUrl);
  const client = await createTemporalClient(env.temporalAddress, 'default');
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const taskQueue = `test-${randomUUID()}`;
  // As in the worker process: the outbox dispatcher on its own pool; short waits unless a test says otherwise.
  const outbox = startEmailDispatch({
    databaseUrl: opts.workerDatabaseUrl ?? env.runtimeDatabaseUrl,
    mailer,
    mailFrom: 'test@fastholdelse.local',
    client,
    overrides: { pollMs: 250, retryBaseMs: 500, retryMaxMs: 5_000, ...opts.outbox },
  });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps: { pool: workerPool, mailer, mailFrom: 'test@fastholdelse.local', publicUrl: 'http://localhost:3000', outbox: outbox.dispatcher },
    workflowBundle: workflowBundle(),
  });
  const running = worker.run();
  const app = createApp({ client, pool: appPool, mailer, taskQueue });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    pool,
    appPool,
    client,
    mailer,
    taskQueue,
    worker,
    outbox: outbox.dispatcher,
    async token(role, organisation, name = `${role} ${organisation}`) {
      const email = `${role}-${randomUUID().slice(0, 8)}@test.local`;
      // A citizen's token is bound to one case: its organisation is the case id.
      return (await createToken(pool, { role, organisation, name, email, ...(role === 'citizen' ? { caseId: organisation } : {}) })).token;
    },
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined = opts.rawBody;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed as any };
    },
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      worker.shutdown();
      await running.catch(() => undefined);
      await outbox.stop();
      await connection.close();
      await client.connection.close();
      mailer.close();
      if (workerPool !== appPool) await workerPool.end();
      await appPool.end();
      await pool.end();
    },
  };
}
