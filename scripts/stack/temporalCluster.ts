// The cluster engine (TEMPORAL_ENGINE=cluster): the real Temporal server on the embedded PostgreSQL, its
// frontend, history, matching and worker services each a process of its own, set up by the same config
// template and scripts as docker-compose.yml, so what production runs is what the suites run here.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { StackError } from './errors';
import { assertPortFree, canConnect } from './ports';
import type { SearchAttributeType } from './temporalDevServer';
import { NAMESPACE_RETENTION, tail } from './temporalDevServer';
import type { TemporalServerTools } from './temporalBuild';
import { REPO_ROOT } from './tools';
import { reapProcess, settlesWithin, sleep } from './timing';

export const CLUSTER_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];

/** The files docker-compose.yml mounts into its Temporal containers; the embedded engine uses the same. */
export const CONFIG_TEMPLATE = path.join(REPO_ROOT, 'deploy', 'temporal', 'config.template.yaml');
export const DYNAMIC_CONFIG = path.join(REPO_ROOT, 'deploy', 'temporal', 'dynamicconfig', 'production-sql.yaml');
export const SETUP_SCHEMA = path.join(REPO_ROOT, 'deploy', 'temporal', 'setup-schema.sh');
export const SETUP_NAMESPACE = path.join(REPO_ROOT, 'deploy', 'temporal', 'setup-namespace.sh');

/**
 * History shards of the embedded cluster (TEMPORAL_HISTORY_SHARDS). Small on purpose: each shard polls its
 * queues, which costs idle CPU on a 2-core laptop; production sizes it for its volume (docs/operations.md).
 */
export const DEFAULT_EMBEDDED_SHARDS = 4;

/** Temporal's own login role in the embedded PostgreSQL (not the superuser, like compose). Local use only. */
export const TEMPORAL_DB_ROLE = 'temporal';
const TEMPORAL_DB_PASSWORD = 'temporal';

const HOST = '127.0.0.1';

export interface TemporalClusterOptions {
  tools: TemporalServerTools;
  cliPath: string;
  /** Everything of this cluster lives here: cluster.json, server.env, pid files. */
  dir: string;
  logsDir: string;
  /** Frontend gRPC port (the address clients use); the other ports are free ones picked on first start. */
  frontendPort: number;
  postgres: { host: string; port: number; superuser: string; superuserPassword: string };
  namespace: string;
  searchAttributes: Record<string, SearchAttributeType>;
  historyShards: number;
  log: (line: string) => void;
  /** Defaults to 90 s. */
  startTimeoutMs?: number;
}

/** One service process: restartable on the same ports, and killable with -9 by the fault runs. */
export interface ClusterProcess {
  readonly name: ClusterService;
  readonly pid: number | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export interface TemporalCluster {
  address: string;
  version: string;
  historyShards: number;
  services: Record<ClusterService, ClusterProcess>;
  /** Every service (for the whole-server fault: stop all, start all on the same databases and ports). */
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
  stop(): Promise<void>;
}

interface Layout {
  version: string;
  historyShards: number;
  ports: Record<string, number>;
}

/** Creates the databases and schema, starts the four services and registers namespace and search attributes. */
export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalCluster> {
  const { tools, log } = opts;
  const dir = path.resolve(opts.dir);
  await fsp.mkdir(dir, { recursive: true });
  await fsp.mkdir(opts.logsDir, { recursive: true });
  const address = `${HOST}:${opts.frontendPort}`;
  for (const s of CLUSTER_SERVICES) await reapStale(dir, s, log);

  const layout = await readLayout(dir);
  if (layout && layout.historyShards !== opts.historyShards) {
    throw new StackError(
      `TEMPORAL_HISTORY_SHARDS=${opts.historyShards}, but the cluster in ${dir} was set up with ${layout.historyShards} shards and the count can never change; ` +
        `unset it, or delete ${path.dirname(dir)} to start from empty databases`,
    );
  }
  await assertPortFree(opts.frontendPort, 'Temporal frontend of the cluster engine');
  // Internal ports stay the same across restarts of one data dir (a restarted service rejoins as itself).
  const ports: Record<string, number> = {};
  const wanted = ['FRONTEND_HTTP_PORT', ...CLUSTER_SERVICES.map((s) => `${s.toUpperCase()}_MEMBERSHIP_PORT`), 'HISTORY_GRPC_PORT', 'MATCHING_GRPC_PORT', 'WORKER_GRPC_PORT'];
  for (const key of wanted) {
    const previous = layout?.ports[key];
    ports[key] = previous && (await portIsFree(previous)) ? previous : await freeLowPort(new Set(Object.values(ports)));
  }
  ports.FRONTEND_GRPC_PORT = opts.frontendPort;

  const t0 = Date.now();
  await ensureRole(opts.postgres);
  const pgEnv = {
    SQL_HOST: opts.postgres.host,
    SQL_PORT: String(opts.postgres.port),
    SQL_USER: TEMPORAL_DB_ROLE,
    SQL_PASSWORD: TEMPORAL_DB_PASSWORD,
    SQL_TOOL: tools.sqlTool,
    SCHEMA_ROOT: tools.schemaDir,
  };
  const schemaLog = path.join(opts.logsDir, 'temporal-setup.log');
  log(`» Temporal schema: databases temporal, temporal_visibility (role ${TEMPORAL_DB_ROLE}) via deploy/temporal/setup-schema.sh`);
  await runScript(SETUP_SCHEMA, pgEnv, schemaLog, 'setting up the Temporal schema');

  // The environment the template renders from: the same variable names as in docker-compose.yml.
  const serverEnv: Record<string, string> = {
    NUM_HISTORY_SHARDS: String(opts.historyShards),
    POSTGRES_SEEDS: opts.postgres.host,
    DB_PORT: String(opts.postgres.port),
    POSTGRES_USER: TEMPORAL_DB_ROLE,
    POSTGRES_PWD: TEMPORAL_DB_PASSWORD,
    DBNAME: 'temporal',
    VISIBILITY_DBNAME: 'temporal_visibility',
    BIND_ON_IP: HOST,
    TEMPORAL_BROADCAST_ADDRESS: HOST,
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG,
    LOG_LEVEL: process.env.TEMPORAL_LOG_LEVEL || 'warn',
    // Few connections each: four processes share one small PostgreSQL with the read model.
    SQL_MAX_CONNS: '10',
    SQL_VIS_MAX_CONNS: '4',
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
  // So a person can run one service by hand exactly as the stack does (see README).
  await fsp.writeFile(
    path.join(dir, 'server.env'),
    `# env $(grep -v '^#' ${path.join(dir, 'server.env')} | xargs) ${tools.server} --config-file ${CONFIG_TEMPLATE} --allow-no-auth start --service history\n` +
      Object.entries(serverEnv)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') +
      '\n',
  );

  const services = Object.fromEntries(
    CLUSTER_SERVICES.map((name) => [name, new ServiceProcess(name, tools.server, serverEnv, dir, path.join(opts.logsDir, `temporal-${name}.log`), log)]),
  ) as Record<ClusterService, ServiceProcess>;

  const stopAll = async () => {
    // Frontend first (no new requests), then the rest together.
    await services.frontend.stop();
    await Promise.all(CLUSTER_SERVICES.filter((s) => s !== 'frontend').map((s) => services[s].stop()));
  };
  const startAll = async () => {
    // On empty databases every service would race to write the cluster's metadata record (the losers
    // exit on a duplicate key): history writes it first, the others follow once it is there.
    await services.history.start();
    await waitForClusterMetadata(opts.postgres, services.history, opts.startTimeoutMs ?? 90_000);
    await Promise.all(CLUSTER_SERVICES.map((s) => services[s].start()));
    await waitUntilServing(address, started ? opts.namespace : null, opts.startTimeoutMs ?? 90_000, services);
    started = true;
  };
  let started = false;
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= stopAll());

  try {
    log(`» starting Temporal server ${tools.version} on ${address}: ${CLUSTER_SERVICES.join(', ')} as separate processes, ${opts.historyShards} history shards`);
    await startAll();
    log(`» namespace "${opts.namespace}" (retention ${NAMESPACE_RETENTION}) and search attributes via deploy/temporal/setup-namespace.sh`);
    await runScript(
      SETUP_NAMESPACE,
      {
        PATH: `${path.dirname(opts.cliPath)}${path.delimiter}${process.env.PATH ?? ''}`,
        TEMPORAL_ADDRESS: address,
        TEMPORAL_NAMESPACE: opts.namespace,
        NAMESPACE_RETENTION,
        SEARCH_ATTRIBUTES: Object.entries(opts.searchAttributes)
          .map(([n, t]) => `${n}=${t}`)
          .join(' '),
      },
      schemaLog,
      `registering namespace "${opts.namespace}" and its search attributes`,
    );
    await waitUntilServing(address, opts.namespace, 30_000, services, Object.keys(opts.searchAttributes));
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }

  // Recorded once the databases carry this shard count (the server itself would ignore a different one).
  await fsp.writeFile(path.join(dir, 'cluster.json'), `${JSON.stringify({ version: tools.version, historyShards: opts.historyShards, ports }, null, 2)}\n`);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  log(`✓ Temporal cluster ${tools.version} ready on ${address} in ${seconds} s (${opts.historyShards} history shards, PostgreSQL ${opts.postgres.host}:${opts.postgres.port} databases temporal + temporal_visibility)`);
  for (const s of CLUSTER_SERVICES) {
    const grpc = s === 'frontend' ? opts.frontendPort : ports[`${s.toUpperCase()}_GRPC_PORT`];
    log(`    ${s.padEnd(9)} pid ${String(services[s].pid).padEnd(8)} gRPC ${grpc}  membership ${ports[`${s.toUpperCase()}_MEMBERSHIP_PORT`]}  log ${shortPath(services[s].logFile)}`);
  }
  return { address, version: tools.version, historyShards: opts.historyShards, services, startAll, stopAll, stop };
}

class ServiceProcess implements ClusterProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly onExit = () => this.child?.kill('SIGKILL');

  constructor(
    readonly name: ClusterService,
    private readonly binary: string,
    private readonly env: Record<string, string>,
    private readonly dir: string,
    readonly logFile: string,
    private readonly log: (line: string) => void,
  ) {}

  get pid(): number | null {
    const c = this.child;
    return c && c.exitCode === null && c.signalCode === null ? (c.pid ?? null) : null;
  }

  /** The exit of a process that died on its own, for the startup error. */
  exitReason: string | null = null;
  /** Set by stop()/kill9(): that exit is ours, not a crash. */
  private planned = false;

  async start(): Promise<void> {
    if (this.pid) return;
    const args = ['--config-file', CONFIG_TEMPLATE, '--allow-no-auth', 'start', '--service', this.name];
    const out = fs.openSync(this.logFile, 'a');
    fs.writeSync(out, `\n--- ${new Date().toISOString()} ${this.binary} ${args.join(' ')}\n`);
    let child: ChildProcess;
    try {
      // Only PATH and HOME from our own environment: nothing of the caller's leaks into the template.
      child = spawn(this.binary, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...this.env }, stdio: ['ignore', out, out] });
    } finally {
      fs.closeSync(out);
    }
    this.child = child;
    this.exitReason = null;
    this.planned = false;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitReason = signal ? `signal ${signal}` : `exit code ${code}`;
        // Nothing restarts it: say so, or a dead history service looks like a hanging API.
        if (!this.planned) this.log(`✖ Temporal ${this.name} exited (${this.exitReason}); see ${this.logFile}`);
        resolve();
      });
      child.once('error', (err) => {
        this.exitReason = err.message;
        resolve();
      });
    });
    if (child.pid) await fsp.writeFile(pidFile(this.dir, this.name), `${child.pid}\n`);
    process.removeListener('exit', this.onExit);
    process.once('exit', this.onExit);
  }

  async stop(): Promise<void> {
    const pid = this.pid;
    process.removeListener('exit', this.onExit);
    if (!pid) return;
    this.planned = true;
    this.child!.kill('SIGTERM');
    if (!(await settlesWithin(this.exited, 15_000))) {
      this.log(`  Temporal ${this.name} did not stop within 15 s; killing it`);
      this.child!.kill('SIGKILL');
      await this.exited;
    }
    await fsp.rm(pidFile(this.dir, this.name), { force: true });
  }

  async kill9(): Promise<void> {
    if (!this.pid) return;
    this.planned = true;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  get dead(): string | null {
    return this.child && !this.pid ? (this.exitReason ?? 'exited') : null;
  }
}

/** Relative to the repository when inside it (what a person types), else absolute. */
const shortPath = (p: string) => (p.startsWith(`${REPO_ROOT}${path.sep}`) ? path.relative(REPO_ROOT, p) : p);

const pidFile = (dir: string, service: string) => path.join(dir, `${service}.pid`);

/** A service left over from a run that died without stop(); only a process running this binary as that service. */
async function reapStale(dir: string, service: ClusterService, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(await fsp.readFile(pidFile(dir, service), 'utf8'), 10);
  } catch {
    return;
  }
  await reapProcess(pid, [CONFIG_TEMPLATE, `--service ${service}`], 'SIGTERM', `Temporal ${service} left over from a previous run on ${dir}`, log);
  await fsp.rm(pidFile(dir, service), { force: true });
}

async function readLayout(dir: string): Promise<Layout | null> {
  try {
    return JSON.parse(await fsp.readFile(path.join(dir, 'cluster.json'), 'utf8')) as Layout;
  } catch {
    return null;
  }
}

/**
 * A free port below 32768: Temporal stores each service's membership port in a SMALLINT column, and the
 * OS hands out ephemeral ports above that (findFreePort), which the server then fails to register.
 */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!taken.has(port) && (await portIsFree(port))) return port;
  }
  throw new StackError('no free port between 20000 and 32000 for the Temporal services');
}

async function portIsFree(port: number): Promise<boolean> {
  return assertPortFree(port, 'probe').then(
    () => true,
    () => false,
  );
}

/** The `temporal` login role that may create its own databases (deploy/postgres/init-roles.sh does the same in compose). */
async function ensureRole(p: TemporalClusterOptions['postgres']): Promise<void> {
  const client = new pg.Client({ host: p.host, port: p.port, user: p.superuser, password: p.superuserPassword, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [TEMPORAL_DB_ROLE]);
    if (!rowCount) {
      await client.query(`create role ${client.escapeIdentifier(TEMPORAL_DB_ROLE)} login createdb password ${client.escapeLiteral(TEMPORAL_DB_PASSWORD)}`);
    }
  } finally {
    await client.end();
  }
}

/** Runs one of the deploy/temporal/*.sh scripts with /bin/sh, output to the setup log; one line on failure. */
async function runScript(script: string, env: Record<string, string>, logFile: string, what: string): Promise<void> {
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} sh ${path.relative(REPO_ROOT, script)}\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn('/bin/sh', [script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', out, out] });
    child.once('error', () => resolve(127));
    child.once('exit', (c) => resolve(c ?? 1));
  });
  fs.closeSync(out);
  if (code !== 0) {
    const last = (await tail(logFile, 3)).split('\n').filter(Boolean).pop() ?? '';
    throw new StackError(`${what} failed (${path.relative(REPO_ROOT, script)} exited ${code}: ${last.trim()}); full log: ${logFile}`);
  }
}

/** Waits until the cluster metadata record exists in the `temporal` database (written by the first service up). */
async function waitForClusterMetadata(p: TemporalClusterOptions['postgres'], first: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no cluster metadata yet';
  while (Date.now() < deadline) {
    if (first.dead) {
      throw new StackError(`Temporal ${first.name} exited during startup (${first.dead})\n--- last lines of ${first.logFile} ---\n${await tail(first.logFile, 15)}`);
    }
    const client = new pg.Client({ host: p.host, port: p.port, user: TEMPORAL_DB_ROLE, password: TEMPORAL_DB_PASSWORD, database: 'temporal' });
    try {
      await client.connect();
      const { rowCount } = await client.query('select 1 from cluster_metadata_info limit 1');
      if (rowCount) return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(200);
  }
  throw new StackError(`Temporal ${first.name} did not initialise the cluster within ${Math.round(timeoutMs / 1000)} s (last error: ${lastError})`);
}

/**
 * Ready = the frontend answers and, once a namespace is named, it exists (with these search attributes).
 * A service that exits meanwhile fails the start with the end of its log.
 */
async function waitUntilServing(
  address: string,
  namespace: string | null,
  timeoutMs: number,
  services: Record<ClusterService, ServiceProcess>,
  searchAttributes: string[] = [],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = Number(address.split(':')[1]);
  let lastError = 'frontend port not open yet';
  while (Date.now() < deadline) {
    for (const s of CLUSTER_SERVICES) {
      const dead = services[s].dead;
      if (dead) {
        throw new StackError(
          `Temporal ${s} exited during startup (${dead})\n--- last lines of ${services[s].logFile} ---\n${await tail(services[s].logFile, 15)}`,
        );
      }
    }
    if (await canConnect(port)) {
      let connection: Connection | undefined;
      try {
        connection = await Connection.connect({ address, connectTimeout: 2_000 });
        await connection.workflowService.getSystemInfo({});
        if (namespace) {
          await connection.workflowService.describeNamespace({ namespace });
          if (searchAttributes.length) {
            const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
            const missing = searchAttributes.filter((n) => !(customAttributes && n in customAttributes));
            if (missing.length) throw new Error(`search attributes not registered yet: ${missing.join(', ')}`);
          }
        } else {
          // Frontend up is not enough: the namespace script needs history to own its shards.
          await connection.workflowService.listNamespaces({ pageSize: 1 });
        }
        return;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      } finally {
        await connection?.close().catch(() => undefined);
      }
    }
    await sleep(300);
  }
  throw new StackError(`Temporal cluster did not become ready on ${address} within ${Math.round(timeoutMs / 1000)} s (last error: ${lastError})`);
}
