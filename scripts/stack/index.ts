// The embedded stack behind `npm start` / `npm test`: Temporal dev server, PostgreSQL and an SMTP catcher,
// each started only when its env var (TEMPORAL_ADDRESS, DATABASE_URL, SMTP_URL) does not point elsewhere.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { StackError } from './errors';
import { assertPortFree } from './ports';
import { reapStalePostgres, startEmbeddedPostgres } from './postgres';
import { startSmtpCatcher } from './smtpCatcher';
import { reapStaleDevServer, startTemporalDevServer, type SearchAttributeType } from './temporalDevServer';
import { provisionTemporalCli } from './tools';

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
    if (temporalAddress) {
      log(`» Temporal: using TEMPORAL_ADDRESS=${temporalAddress}`);
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

    let databaseUrl = env.DATABASE_URL;
    if (databaseUrl) {
      log(`» PostgreSQL: using DATABASE_URL (${redact(databaseUrl)})`);
    } else {
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

    return { temporalAddress, temporalUiUrl, databaseUrl, smtpUrl, mailWebUrl, stop };
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
