// Runs `temporal server start-dev` (the official CLI's single-binary server on a SQLite file) as a
// child process, waits until it really serves the namespace, and stops it without leaving it behind.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { StackError } from './errors';
import { canConnect } from './ports';
import { reapProcess, settlesWithin, sleep } from './timing';

export type SearchAttributeType = 'Keyword' | 'Datetime' | 'Bool' | 'Int' | 'Text';

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** null → `--headless` (no Web UI). */
  uiPort: number | null;
  /** The API's payload codec endpoint for the Web UI (`--ui-codec-endpoint`), if any. */
  uiCodecEndpoint?: string;
  dbFile: string;
  namespace: string;
  searchAttributes: Record<string, SearchAttributeType>;
  log: (line: string) => void;
  /** Receives the server's stdout/stderr (appended), so the terminal stays quiet. */
  logFile: string;
  /** Defaults to 60 s. */
  startTimeoutMs?: number;
}

export interface TemporalDevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

/** Dev-server namespaces default to 24 h retention; closed cases must stay inspectable longer. */
export const NAMESPACE_RETENTION = '720h';

const HOST = '127.0.0.1';

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const { cliPath, port, uiPort, namespace, log, logFile } = opts;
  // Absolute, so the server's command line matches what reapStaleDevServer looks for.
  const dbFile = path.resolve(opts.dbFile);
  const address = `${HOST}:${port}`;
  await fsp.mkdir(path.dirname(dbFile), { recursive: true });
  await fsp.mkdir(path.dirname(logFile), { recursive: true });
  await reapStaleDevServer(dbFile, log);

  const args = [
    'server', 'start-dev',
    '--ip', HOST,
    '--port', String(port),
    '--db-filename', dbFile,
    '--log-level', 'warn',
    // WAL lets the server write while readers (e.g. a second CLI) look at the file without locking errors.
    '--sqlite-pragma', 'journal_mode=wal',
  ];
  args.push(...(uiPort === null ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (uiPort !== null && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  // "default" always exists; asking for it again is redundant.
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(opts.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);

  log(`» starting Temporal dev server on ${address} (data: ${dbFile})`);
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} ${cliPath} ${args.join(' ')}\n`);
  let child: ChildProcess;
  try {
    child = spawn(cliPath, args, { stdio: ['ignore', out, out] });
  } finally {
    fs.closeSync(out);
  }

  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let spawnError: Error | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      exited ??= { code: null, signal: null };
      resolve();
    });
  });

  const pidFile = pidFileFor(dbFile);
  if (child.pid) await fsp.writeFile(pidFile, `${child.pid}\n`);
  // Best effort if the caller exits without stop(); 'exit' handlers cannot wait, so just signal.
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      await fsp.rm(pidFile, { force: true });
      if (exited) return;
      child.kill('SIGTERM');
      const exitedInTime = await settlesWithin(exitPromise, 10_000);
      if (!exitedInTime && !exited) {
        log('  Temporal dev server did not stop within 10 s; killing it');
        child.kill('SIGKILL');
        await exitPromise;
      }
    })();
    return stopping;
  };

  try {
    await waitUntilReady(address, port, namespace, opts.startTimeoutMs ?? 60_000, () => exited, () => spawnError);
    await setRetention(cliPath, address, namespace, logFile);
  } catch (err) {
    await stop();
    const reason = err instanceof StackError ? err.message : `Temporal dev server did not start: ${String(err)}`;
    throw new StackError(`${reason}\n--- last lines of ${logFile} ---\n${await tail(logFile, 20)}`, { cause: err });
  }

  const uiUrl = uiPort === null ? null : `http://${HOST}:${uiPort}`;
  log(`✓ Temporal dev server ready on ${address}${uiUrl ? ` (UI ${uiUrl})` : ''}`);
  return { address, uiUrl, stop };
}

function pidFileFor(dbFile: string): string {
  return `${dbFile}.pid`;
}

/**
 * A dev server left over from a run that died without stop() (kill -9, crash) still holds the SQLite file
 * and its port; stop it. Only a process whose command line names this exact db file is touched.
 */
export async function reapStaleDevServer(dbFile: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(await fsp.readFile(pidFileFor(dbFile), 'utf8'), 10);
  } catch {
    return;
  }
  await reapProcess(pid, ['start-dev', path.resolve(dbFile)], 'SIGTERM', `Temporal dev server left over from a previous run on ${dbFile}`, log);
  await fsp.rm(pidFileFor(dbFile), { force: true });
}

async function waitUntilReady(
  address: string,
  port: number,
  namespace: string,
  timeoutMs: number,
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | null,
  spawnError: () => Error | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'gRPC port not open yet';
  while (Date.now() < deadline) {
    const ex = exited();
    if (ex) {
      const why = spawnError()?.message ?? (ex.signal ? `signal ${ex.signal}` : `exit code ${ex.code}`);
      throw new StackError(`Temporal dev server exited during startup (${why})`);
    }
    if (await canConnect(port)) {
      // An open port is not enough: the frontend accepts connections before the namespace is registered.
      let connection: Connection | undefined;
      try {
        connection = await Connection.connect({ address, connectTimeout: 2_000 });
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      } finally {
        await connection?.close().catch(() => undefined);
      }
    }
    await sleep(250);
  }
  throw new StackError(
    `Temporal dev server did not become ready on ${address} within ${Math.round(timeoutMs / 1000)} s (last error: ${lastError})`,
  );
}

async function setRetention(cliPath: string, address: string, namespace: string, logFile: string): Promise<void> {
  const args = ['operator', 'namespace', 'update', '--address', address, '--namespace', namespace, '--retention', NAMESPACE_RETENTION];
  const { code, output } = await capture(cliPath, args);
  if (code !== 0) {
    await fsp.appendFile(logFile, output);
    throw new StackError(`cannot set retention of Temporal namespace "${namespace}" to ${NAMESPACE_RETENTION}: ${lastLine(output)}`);
  }
}

function capture(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', (err) => resolve({ code: 127, output: err.message }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function lastLine(text: string): string {
  return text.trim().split(/\r?\n/).pop() ?? '';
}

export async function tail(file: string, lines: number): Promise<string> {
  try {
    const text = await fsp.readFile(file, 'utf8');
    return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
  } catch {
    return '(no log output)';
  }
}
