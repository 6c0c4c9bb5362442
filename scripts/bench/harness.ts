// The benchmarks' own embedded stack on free ports in a temp data dir: each part (Temporal dev server or
// cluster, PostgreSQL, SMTP catcher, worker, API) is started on its own so it can be measured (CPU, RSS),
// stopped, killed with -9 and restarted on the same data, which `npm start`'s stack cannot do.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { historyShards, SEARCH_ATTRIBUTES, type TemporalEngine } from '../stack';
import { findFreePort } from '../stack/ports';
import { PG_PASSWORD, PG_USER, startEmbeddedPostgres, type RunningPostgres } from '../stack/postgres';
import { provisionTemporalServer } from '../stack/temporalBuild';
import { CLUSTER_SERVICES, startTemporalCluster, type TemporalCluster } from '../stack/temporalCluster';
import { startTemporalDevServer, type TemporalDevServer } from '../stack/temporalDevServer';
import { provisionTemporalCli, REPO_ROOT } from '../stack/tools';
import { settlesWithin, sleep } from '../stack/timing';
import { createPool, createTemporalClient } from '../../infra/connections';
import { generatePayloadKeySpec } from '../../infra/payloadCodec';
import { migrate } from '../../db/migrate';
import { createToken } from '../../api/auth';
import type { Role } from '../../domain/kernel/actor.schema';

export type Log = (line: string) => void;

/** A service part run as a child process (`node --import tsx <script>`), so kill -9 and RSS are real. */
export class ChildService {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private planned = false;
  /** Exits nobody asked for (a crash), as "code N" / "signal X"; the fault run reports them. */
  readonly crashes: string[] = [];
  /** Called on such an exit (e.g. to restart the process like a supervisor would). */
  onCrash?: (why: string) => void;

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly readyLine: RegExp,
    private env: NodeJS.ProcessEnv,
    private readonly logFile: string,
    private readonly log: Log,
    private readonly nodeArgs: string[] = [],
  ) {}

  get pid(): number | null {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null;
  }

  /** Starts the process and waits for its ready line (bounded). */
  async start(extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<void> {
    if (this.pid) throw new Error(`${this.name} is already running`);
    const out = fs.createWriteStream(this.logFile, { flags: 'a' });
    out.write(`\n--- ${new Date().toISOString()} start ${this.name}\n`);
    let seen = '';
    const child = spawn(process.execPath, [...this.nodeArgs, '--import', 'tsx', this.script], {
      cwd: REPO_ROOT,
      env: { ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.planned = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.planned && seen === 'ready') {
          const why = signal ? `signal ${signal}` : `code ${code}`;
          this.crashes.push(why);
          this.log(`  ✖ ${this.name} exited unexpectedly (${why}); last lines of ${this.logFile}:`);
          setTimeout(() => this.log(tailOf(this.logFile, 25)), 200); // after the log stream has flushed
          this.onCrash?.(why);
        }
        resolve();
      }),
    );
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out.write(chunk);
        if (seen !== 'ready') {
          seen = (seen + chunk.toString('utf8')).slice(-4000);
          if (this.readyLine.test(seen)) {
            seen = 'ready';
            resolve();
          }
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => out.write(chunk));
      child.once('exit', (code, signal) => {
        out.end();
        reject(new Error(`${this.name} exited before it was ready (${signal ?? `code ${code}`}); see ${this.logFile}`));
      });
    });
    ready.catch(() => undefined);
    const ok = await settlesWithin(ready, timeoutMs);
    if (!ok) {
      await this.kill9();
      throw new Error(`${this.name} not ready within ${Math.round(timeoutMs / 1000)} s; see ${this.logFile}`);
    }
    await ready;
    this.log(`  ✓ ${this.name} running (pid ${child.pid})`);
  }

  /** kill -9: no shutdown hooks, no drain. */
  async kill9(): Promise<void> {
    const pid = this.pid;
    if (!pid) return;
    this.planned = true;
    process.kill(pid, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait (SIGKILL after 30 s), so --cpu-prof profiles get written. */
  async stop(): Promise<void> {
    const pid = this.pid;
    if (!pid) return;
    this.planned = true;
    process.kill(pid, 'SIGTERM');
    if (!(await settlesWithin(this.exited, 30_000))) await this.kill9();
  }
}

/** Options of the bench stack. */
export interface BenchStackOptions {
  log: Log;
  /** Prefix of the temp dir under .data/. */
  label: string;
  /** Extra node flags for the API and worker children (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Keep the data dir afterwards (for inspection). */
  keepData?: boolean;
  /** Temporal dev server (default) or the real server's services as separate processes. */
  engine?: TemporalEngine;
}

/** The stack a benchmark or fault run works against. */
export interface BenchStack {
  dataDir: string;
  mailDir: string;
  temporalAddress: string;
  databaseUrl: string;
  smtpUrl: string;
  apiUrl: string;
  taskQueue: string;
  cliPath: string;
  pool: Pool;
  client: Client;
  worker: ChildService;
  api: ChildService;
  smtp: ChildService;
  /** Env of the worker/API children (to start extra workers with overrides). */
  serviceEnv: NodeJS.ProcessEnv;
  engine: TemporalEngine;
  /** The cluster engine's services (kill -9 of one of them); null with the dev server. */
  cluster: TemporalCluster | null;
  /** Temporal's processes by name (one dev server, or frontend/history/matching/worker), for CPU accounting. */
  temporalPids(): Record<string, number | null>;
  temporalPid(): number | null;
  postgresPid(): number | null;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** A fresh token for a new actor of that role. */
  token(role: Role, organisation: string, email?: string): Promise<string>;
  /** Starts another worker child with env overrides (same task queue unless overridden). */
  newWorker(name: string, env: NodeJS.ProcessEnv): ChildService;
  stop(): Promise<void>;
}

/** The last lines of a log file, indented. */
function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `    | ${l.slice(0, 300)}`).join('\n');
  } catch {
    return '    | (no log)';
  }
}

const readPid = (file: string): number | null => {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0], 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

/** Starts Temporal, PostgreSQL, the SMTP catcher, one worker and the API, each on a free port. */
export async function startBenchStack(opts: BenchStackOptions): Promise<BenchStack> {
  const { log } = opts;
  const base = path.join(REPO_ROOT, '.data');
  fs.mkdirSync(base, { recursive: true });
  const dataDir = mkdtempSync(path.join(base, `${opts.label}-`));
  const logsDir = path.join(dataDir, 'logs');
  const mailDir = path.join(dataDir, 'mail');
  fs.mkdirSync(logsDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => log(`  (stop failed: ${String(err)})`));
    stops.length = 0;
    if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const engine = opts.engine ?? 'dev';
    const cliPath = await provisionTemporalCli(log);
    const serverTools = engine === 'cluster' ? await provisionTemporalServer(log) : null;
    const ports = { temporal: await findFreePort(), postgres: await findFreePort(), smtp: await findFreePort(), mailWeb: await findFreePort(), api: await findFreePort() };

    const pgDir = path.join(dataDir, 'postgres');
    let postgres: RunningPostgres | null = null;
    const startPostgres = async () => {
      postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: ports.postgres, log, logFile: path.join(logsDir, 'postgres.log') });
    };
    const stopPostgres = async () => {
      await postgres?.stop();
      postgres = null;
    };
    // The cluster keeps its databases in this PostgreSQL, so it comes first there (and stops last).
    if (engine === 'cluster') {
      await startPostgres();
      stops.push(stopPostgres);
    }

    const dbFile = path.join(dataDir, 'temporal.db');
    let temporal: TemporalDevServer | null = null;
    let cluster: TemporalCluster | null = null;
    const startTemporal = async () => {
      if (engine === 'cluster') {
        if (cluster) await cluster.startAll();
        else
          cluster = await startTemporalCluster({
            tools: serverTools!,
            cliPath,
            dir: path.join(dataDir, 'temporal-cluster'),
            logsDir,
            frontendPort: ports.temporal,
            postgres: { host: '127.0.0.1', port: ports.postgres, superuser: PG_USER, superuserPassword: PG_PASSWORD },
            namespace: 'default',
            searchAttributes: SEARCH_ATTRIBUTES,
            historyShards: historyShards(),
            log,
          });
        return;
      }
      temporal = await startTemporalDevServer({
        cliPath,
        port: ports.temporal,
        uiPort: null,
        dbFile,
        namespace: 'default',
        searchAttributes: SEARCH_ATTRIBUTES,
        log,
        logFile: path.join(logsDir, 'temporal.log'),
      });
    };
    const stopTemporal = async () => {
      await temporal?.stop();
      temporal = null;
      await cluster?.stopAll();
    };
    await startTemporal();
    stops.push(stopTemporal);

    if (engine === 'dev') {
      await startPostgres();
      stops.push(stopPostgres);
    }
    const databaseUrl = (postgres as RunningPostgres | null)!.url;
    const temporalAddress = engine === 'cluster' ? (cluster as TemporalCluster | null)!.address : (temporal as TemporalDevServer | null)!.address;
    const temporalPids = (): Record<string, number | null> =>
      engine === 'cluster'
        ? Object.fromEntries(CLUSTER_SERVICES.map((s) => [`Temporal ${s}`, cluster?.services[s].pid ?? null]))
        : { 'Temporal dev server': readPid(`${path.resolve(dbFile)}.pid`) };

    const pool = createPool(databaseUrl, 8);
    // Postgres is stopped on purpose in the fault run: an idle client's error must not crash us.
    pool.on('error', () => undefined);
    stops.push(() => pool.end());
    await migrate(pool);

    const payloadKeys = generatePayloadKeySpec('bench');
    process.env.PAYLOAD_KEYS = payloadKeys; // the bench's own client encrypts like the service
    const client = await createTemporalClient(temporalAddress, 'default');
    stops.push(() => client.connection.close());

    const smtpUrl = `smtp://127.0.0.1:${ports.smtp}`;
    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PAYLOAD_KEYS: payloadKeys,
    };
    const smtp = new ChildService(
      'SMTP catcher',
      'scripts/stack/smtpCatcherMain.ts',
      /^ready /m,
      { ...baseEnv, SMTP_PORT: String(ports.smtp), HTTP_PORT: String(ports.mailWeb), MAIL_DIR: mailDir },
      path.join(logsDir, 'smtp.log'),
      log,
    );
    await smtp.start();
    stops.push(() => smtp.stop());

    const taskQueue = 'bench-cases';
    const serviceEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      SMTP_URL: smtpUrl,
      TASK_QUEUE: taskQueue,
      PORT: String(ports.api),
      PUBLIC_URL: `http://127.0.0.1:${ports.api}`,
      LOG_LEVEL: 'WARN',
      // One load token sends thousands of requests a minute, all from 127.0.0.1: measure the service, not
      // the rate limits per actor (600 a minute by default) and per client address (1,200), which would
      // answer most of them 429.
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000',
    };
    const newWorker = (name: string, env: NodeJS.ProcessEnv) =>
      new ChildService(name, 'worker/main.ts', /worker started/, { ...serviceEnv, ...env }, path.join(logsDir, `${name.replace(/\W+/g, '-')}.log`), log, opts.nodeArgs);
    const worker = newWorker('worker', {});
    log('» starting the worker (bundles the workflow code) …');
    await worker.start();
    stops.push(() => worker.stop());
    const api = new ChildService('API', 'api/main.ts', /api listening/, serviceEnv, path.join(logsDir, 'api.log'), log, opts.nodeArgs);
    await api.start();
    stops.push(() => api.stop());

    return {
      dataDir,
      mailDir,
      temporalAddress,
      databaseUrl,
      smtpUrl,
      apiUrl: `http://127.0.0.1:${ports.api}`,
      taskQueue,
      cliPath,
      pool,
      client,
      worker,
      api,
      smtp,
      serviceEnv,
      engine,
      get cluster() {
        return cluster;
      },
      temporalPids,
      temporalPid: () => (engine === 'cluster' ? (cluster?.services.frontend.pid ?? null) : readPid(`${path.resolve(dbFile)}.pid`)),
      postgresPid: () => readPid(path.join(pgDir, 'postmaster.pid')),
      stopTemporal,
      startTemporal,
      stopPostgres,
      startPostgres,
      async token(role, organisation, email) {
        const tag = Math.random().toString(36).slice(2, 8);
        return (await createToken(pool, { role, organisation, name: `Bench ${role} ${tag}`, email: email ?? `${role}-${tag}@bench.local` })).token;
      },
      newWorker,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Waits until `check` is true, polling; false when the time is up. Bounded in count and time. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return check().catch(() => false);
}
