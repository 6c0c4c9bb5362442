// The embedded stack behind `npm start` / `npm test`: Temporal (the dev server, or with TEMPORAL_ENGINE=cluster
// the real server on the embedded PostgreSQL), PostgreSQL and an SMTP catcher, each started only when its env
// var (TEMPORAL_ADDRESS, DATABASE_URL, SMTP_URL) does not point elsewhere.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { StackError } from './errors';
import { assertPortFree } from './ports';
import { PG_PASSWORD, PG_USER, reapStalePostgres, startEmbeddedPostgres } from './postgres';
import { startSmtpCatcher } from './smtpCatcher';
import { reapStaleDevServer, startTemporalDevServer, type SearchAttributeType } from './temporalDevServer';
import { provisionTemporalCli } from './tools';
import { provisionTemporalServer, provisionTemporalUi } from './temporalBuild';
import { startTemporalUi, uiLogFile } from './temporalUi';
import { DEFAULT_EMBEDDED_SHARDS, startTemporalCluster, type TemporalCluster } from './temporalCluster';

export { StackError } from './errors';

/** Custom search attributes the workflows upsert; registered on the embedded dev server at start. */
export const SEARCH_ATTRIBUTES = {
  CasePhase: 'Keyword',
  MunicipalityCode: 'Keyword',
  NextDeadline: 'Datetime',
  Stuck: 'Bool',
} as const satisfies Record<string, SearchAttributeType>;

export const DEFAULT_PORTS = { temporal: 7233, temporalUi: 8233, postgres: 5433, smtp: 1025, mailWeb: 8025 };
export type StackPorts = typeof DEFAULT_PORTS;

export const TEMPORAL_NAMESPACE_DEFAULT = 'default';

/** `dev`: the CLI's dev server (one process, SQLite); `cluster`: the real server, its services as separate processes. */
export type TemporalEngine = 'dev' | 'cluster';

/** TEMPORAL_ENGINE (default `dev`); anything else is a one-line error. */
export function temporalEngine(env: NodeJS.ProcessEnv = process.env): TemporalEngine {
  const v = (env.TEMPORAL_ENGINE ?? '').trim() || 'dev';
  if (v !== 'dev' && v !== 'cluster') throw new StackError(`TEMPORAL_ENGINE=${v} is not known; use dev (the default) or cluster`);
  return v;
}

/** TEMPORAL_HISTORY_SHARDS for the cluster engine (fixed once its databases exist). */
export function historyShards(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TEMPORAL_HISTORY_SHARDS?.trim();
  if (!raw) return DEFAULT_EMBEDDED_SHARDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 16384) throw new StackError(`TEMPORAL_HISTORY_SHARDS=${raw} must be a whole number from 1 to 16384`);
  return n;
}

export interface StackOptions {
  /** Everything persistent lives here: temporal.db, postgres/, mail/, logs/. */
  dataDir: string;
  log: (line: string) => void;
  ports?: Partial<StackPorts>;
  env?: NodeJS.ProcessEnv;
  /** Serve the Temporal Web UI; tests turn it off. */
  withUi?: boolean;
  /** Where the Web UI finds the API's payload codec (so it can show decrypted payloads). */
  uiCodecEndpoint?: string;
}

export interface Stack {
  temporalAddress: string;
  temporalUiUrl: string | null;
  /** Which engine serves temporalAddress; null when TEMPORAL_ADDRESS points elsewhere. */
  temporalEngine: TemporalEngine | null;
  /** The cluster engine's service processes (for fault runs); null with the dev server. */
  temporalCluster: TemporalCluster | null;
  databaseUrl: string;
  smtpUrl: string;
  /** The catcher's inspection API; null when SMTP_URL points at a real relay. */
  mailWebUrl: string | null;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const { log, env = process.env, withUi = true } = opts;
  const dataDir = path.resolve(opts.dataDir);
  const ports = { ...DEFAULT_PORTS, ...opts.ports };
  const logsDir = path.join(dataDir, 'logs');
  await fsp.mkdir(logsDir, { recursive: true });

  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Reverse order; keep going if one part fails so nothing is left running.
      const errors: unknown[] = [];
      for (const s of stops.reverse()) await s().catch((err: unknown) => errors.push(err));
      if (errors.length) throw new StackError(`stopping the stack failed: ${errors.map(String).join('; ')}`);
    })();
    return stopping;
  };

  try {
    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | null = null;
    const engine = temporalAddress ? null : temporalEngine(env);
    let temporalCluster: TemporalCluster | null = null;

    let databaseUrl = env.DATABASE_URL;
    let embeddedPostgresPort: number | null = null;
    const startPostgres = async () => {
      const pgDir = path.join(dataDir, 'postgres');
      await reapStalePostgres(pgDir, log);
      await assertPortFree(ports.postgres, 'PostgreSQL');
      const postgres = await startEmbeddedPostgres({
        dataDir: pgDir,
        port: ports.postgres,
        log,
        logFile: path.join(logsDir, 'postgres.log'),
      });
      stops.push(postgres.stop);
      databaseUrl = postgres.url;
      embeddedPostgresPort = ports.postgres;
    };
    // The cluster keeps its databases in the embedded PostgreSQL (separate databases and role), so it starts first.
    if (engine === 'cluster') {
      if (databaseUrl) {
        throw new StackError(
          'TEMPORAL_ENGINE=cluster keeps Temporal\'s databases in the embedded PostgreSQL: unset DATABASE_URL, or point TEMPORAL_ADDRESS at your own cluster',
        );
      }
      await startPostgres();
    }

    if (temporalAddress) {
      log(`» Temporal: using TEMPORAL_ADDRESS=${temporalAddress}`);
    } else if (engine === 'cluster') {
      const shards = historyShards(env);
      const cliPath = await provisionTemporalCli(log); // setup-namespace.sh drives the CLI
      const tools = await provisionTemporalServer(log);
      temporalCluster = await startTemporalCluster({
        tools,
        cliPath,
        dir: path.join(dataDir, 'temporal-cluster'),
        logsDir,
        frontendPort: ports.temporal,
        postgres: { host: '127.0.0.1', port: embeddedPostgresPort!, superuser: PG_USER, superuserPassword: PG_PASSWORD },
        namespace: env.TEMPORAL_NAMESPACE || TEMPORAL_NAMESPACE_DEFAULT,
        searchAttributes: SEARCH_ATTRIBUTES,
        historyShards: shards,
        log,
      });
      stops.push(temporalCluster.stop);
      temporalAddress = temporalCluster.address;
      if (withUi) {
        // The UI is a convenience: if it cannot be built or started, say so in one line and run on without it.
        try {
          await assertPortFree(ports.temporalUi, 'Temporal Web UI');
          const ui = await startTemporalUi({
            tools: await provisionTemporalUi(log),
            temporalAddress,
            namespace: env.TEMPORAL_NAMESPACE || TEMPORAL_NAMESPACE_DEFAULT,
            port: ports.temporalUi,
            codecEndpoint: opts.uiCodecEndpoint,
            logFile: uiLogFile(logsDir),
          });
          stops.push(ui.stop);
          temporalUiUrl = ui.url;
          log(`✓ Temporal UI ${ui.url} (UI server of compose's temporalio/ui version)`);
        } catch (err) {
          log(`! Temporal UI not started: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
        }
      }
    } else {
      const dbFile = path.join(dataDir, 'temporal.db');
      // A server orphaned by a killed previous run would otherwise show up as "port in use".
      await reapStaleDevServer(dbFile, log);
      await assertPortFree(ports.temporal, 'Temporal dev server');
      if (withUi) await assertPortFree(ports.temporalUi, 'Temporal dev server Web UI');
      const cliPath = await provisionTemporalCli(log);
      const temporal = await startTemporalDevServer({
        cliPath,
        port: ports.temporal,
        uiPort: withUi ? ports.temporalUi : null,
        uiCodecEndpoint: opts.uiCodecEndpoint,
        dbFile,
        namespace: env.TEMPORAL_NAMESPACE || TEMPORAL_NAMESPACE_DEFAULT,
        searchAttributes: SEARCH_ATTRIBUTES,
        log,
        logFile: path.join(logsDir, 'temporal.log'),
      });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }

    if (embeddedPostgresPort === null) {
      if (databaseUrl) log(`» PostgreSQL: using DATABASE_URL (${redact(databaseUrl)})`);
      else await startPostgres();
    }

    let smtpUrl = env.SMTP_URL;
    let mailWebUrl: string | null = null;
    if (smtpUrl) {
      log(`» SMTP: using SMTP_URL (${redact(smtpUrl)})`);
    } else {
      await assertPortFree(ports.smtp, 'SMTP catcher');
      await assertPortFree(ports.mailWeb, 'SMTP catcher web');
      const catcher = await startSmtpCatcher({ smtpPort: ports.smtp, httpPort: ports.mailWeb, dataDir, log });
      stops.push(catcher.stop);
      smtpUrl = catcher.smtpUrl;
      mailWebUrl = catcher.webUrl;
    }

    return { temporalAddress, temporalUiUrl, temporalEngine: engine, temporalCluster, databaseUrl: databaseUrl!, smtpUrl, mailWebUrl, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** Hide the password part of a URL before printing it. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
