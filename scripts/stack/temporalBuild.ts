// Provisioning of the real Temporal server (`go.temporal.io/server`: cmd/server and the sql schema tool)
// and its Web UI server for the cluster engine: built with Go into `.tools/`, once per pinned version.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StackError } from './errors';
import { isExecutable, REPO_ROOT, TOOLS_DIR } from './tools';

/**
 * The one pin of the Temporal server version: the cluster engine builds it, and docker-compose.yml's
 * temporalio/server and admin-tools images must carry the same tag (checked by the deployment unit test).
 */
export const TEMPORAL_SERVER_VERSION = '1.32.2';

const MODULE = 'go.temporal.io/server';

type Log = (line: string) => void;

export interface TemporalServerTools {
  version: string;
  /** `server --config-file … --allow-no-auth start --service …` */
  server: string;
  /** `temporal-sql-tool`: create database, setup-schema, update-schema. */
  sqlTool: string;
  /** `schema/postgresql/v12` of the same module version ({temporal,visibility}/versioned). */
  schemaDir: string;
}

/** Where the binaries of one version live; a new pin builds into a new directory, an old one stays usable. */
export function serverToolsDir(version = TEMPORAL_SERVER_VERSION): string {
  return path.join(TOOLS_DIR, `temporal-server-v${version}`);
}

let inFlight: Promise<TemporalServerTools> | null = null;

/**
 * The pinned server, sql tool and schema files: TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH /
 * TEMPORAL_SCHEMA_DIR when set, else `.tools/temporal-server-v<version>/`, built with `go install` if missing.
 */
export function provisionTemporalServer(log: Log): Promise<TemporalServerTools> {
  inFlight ??= resolveOrBuild(log).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function resolveOrBuild(log: Log): Promise<TemporalServerTools> {
  const version = TEMPORAL_SERVER_VERSION;
  const dir = serverToolsDir(version);
  const server = process.env.TEMPORAL_SERVER_PATH || path.join(dir, 'server');
  const sqlTool = process.env.TEMPORAL_SQL_TOOL_PATH || path.join(dir, 'sql');
  const schemaDir = process.env.TEMPORAL_SCHEMA_DIR || path.join(dir, 'schema', 'postgresql', 'v12');
  for (const [envVar, file] of [['TEMPORAL_SERVER_PATH', server], ['TEMPORAL_SQL_TOOL_PATH', sqlTool]] as const) {
    if (process.env[envVar] && !(await isExecutable(file))) {
      throw new StackError(`cannot use the Temporal server: ${envVar}=${file} is not an executable file`);
    }
  }
  if ((await isExecutable(server)) && (await isExecutable(sqlTool)) && (await exists(path.join(schemaDir, 'temporal', 'versioned')))) {
    return { version, server, sqlTool, schemaDir };
  }
  await build(version, dir, log);
  return { version, server, sqlTool, schemaDir };
}

async function build(version: string, dir: string, log: Log): Promise<void> {
  await goInstall(
    {
      what: `the Temporal server ${version}`,
      module: MODULE,
      version,
      pkgs: ['cmd/server', 'cmd/tools/sql'],
      // The schema files ship in the module source that `go install` just put into the module cache.
      copy: [['schema/postgresql/v12', 'schema/postgresql/v12']],
      logName: `temporal-server-v${version}`,
      orElse: 'use TEMPORAL_ENGINE=dev',
    },
    dir,
    log,
  );
}

/**
 * The Temporal Web UI server the compose file runs (temporalio/ui), for the cluster engine; compose's
 * temporal-ui image must carry this tag (checked by the deployment unit test).
 */
export const TEMPORAL_UI_VERSION = '2.49.1';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';

export interface TemporalUiTools {
  version: string;
  /** `server --root <configRoot> --config config --env docker start` */
  server: string;
  /** Holds `config/docker.yaml`, the image's own env-driven config template. */
  configRoot: string;
}

let uiInFlight: Promise<TemporalUiTools> | null = null;

/** The pinned UI server, built with Go into `.tools/temporal-ui-v<version>/` the first time. */
export function provisionTemporalUi(log: Log): Promise<TemporalUiTools> {
  uiInFlight ??= (async () => {
    const dir = path.join(TOOLS_DIR, `temporal-ui-v${TEMPORAL_UI_VERSION}`);
    const tools = { version: TEMPORAL_UI_VERSION, server: path.join(dir, 'server'), configRoot: dir };
    if ((await isExecutable(tools.server)) && (await exists(path.join(dir, 'config', 'docker.yaml')))) return tools;
    await goInstall(
      {
        what: `the Temporal UI server ${TEMPORAL_UI_VERSION}`,
        module: UI_MODULE,
        version: TEMPORAL_UI_VERSION,
        pkgs: ['cmd/server'],
        copy: [['config/docker.yaml', 'config/docker.yaml']],
        logName: `temporal-ui-v${TEMPORAL_UI_VERSION}`,
        orElse: 'the cluster engine runs without a Web UI',
      },
      dir,
      log,
    );
    return tools;
  })().finally(() => {
    uiInFlight = null;
  });
  return uiInFlight;
}

interface GoInstallSpec {
  what: string;
  module: string;
  version: string;
  /** Packages inside the module to install. */
  pkgs: string[];
  /** [from inside the module source, to inside dir]: files that are not binaries. */
  copy: Array<[string, string]>;
  logName: string;
  /** What the user can do instead, for the "no Go" line. */
  orElse: string;
}

/** `go install module/pkg@vX` for each package into `dir` (atomically), plus files copied from the module source. */
async function goInstall(spec: GoInstallSpec, dir: string, log: Log): Promise<void> {
  const go = await findGo();
  if (!go) {
    throw new StackError(
      `cannot build ${spec.what}: Go is not installed (no \`go\` on PATH); ` +
        `install Go ≥ 1.21 (it fetches the toolchain the module asks for) or ${spec.orElse}`,
    );
  }
  await fs.mkdir(TOOLS_DIR, { recursive: true });
  const logFile = path.join(TOOLS_DIR, `${spec.logName}.build.log`);
  await fs.writeFile(logFile, `--- ${new Date().toISOString()} building ${spec.module}@v${spec.version} with ${go}\n`);
  // Build into a scratch dir and rename at the end, so an interrupted build never looks finished.
  const scratch = `${dir}.partial-${process.pid}`;
  await fs.rm(scratch, { recursive: true, force: true });
  await fs.mkdir(scratch, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOBIN: scratch,
    // `auto`: the local Go if it is new enough for the module's go line, else that exact toolchain
    // (itself a module, fetched by the Go module proxy). Machines often ship GOTOOLCHAIN=local.
    GOTOOLCHAIN: process.env.TEMPORAL_GOTOOLCHAIN || 'auto',
    GOFLAGS: `${process.env.GOFLAGS ?? ''} -trimpath`.trim(),
    CGO_ENABLED: '0',
  };
  const started = Date.now();
  log(`» building ${spec.what} with Go (first time only: minutes on 2 cores; log: ${path.relative(REPO_ROOT, logFile)}) …`);
  const install = await run(go, ['install', ...spec.pkgs.map((p) => `${spec.module}/${p}@v${spec.version}`)], env, logFile);
  if (install.code !== 0) {
    await fs.rm(scratch, { recursive: true, force: true });
    throw new StackError(
      `building ${spec.what} failed (go install exited ${install.code}: ${install.lastLine || 'no output'}); full log: ${path.relative(REPO_ROOT, logFile)}`,
    );
  }
  const modDir = await run(go, ['env', 'GOMODCACHE'], env, logFile, true);
  for (const [from, to] of spec.copy) {
    const source = path.join(modDir.stdout.trim(), `${spec.module}@v${spec.version}`, from);
    if (!(await exists(source))) {
      await fs.rm(scratch, { recursive: true, force: true });
      throw new StackError(`building ${spec.what}: ${from} is not in its module source (${source})`);
    }
    await fs.mkdir(path.dirname(path.join(scratch, to)), { recursive: true });
    await fs.cp(source, path.join(scratch, to), { recursive: true });
  }
  // The module cache is read-only; our copies must be removable with the rest of .tools/.
  await run('chmod', ['-R', 'u+w', scratch], env, logFile);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rename(scratch, dir);
  const seconds = Math.round((Date.now() - started) / 1000);
  await fs.appendFile(logFile, `--- built in ${seconds} s\n`);
  log(`✓ ${spec.what} built in ${seconds} s into ${path.relative(REPO_ROOT, dir)}`);
}

async function findGo(): Promise<string | null> {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    if (d && (await isExecutable(path.join(d, 'go')))) return path.join(d, 'go');
  }
  return null;
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}


/** Runs a command with its output appended to `logFile`; returns the last non-empty line (the error, for go). */
function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  keepStdout = false,
): Promise<{ code: number; lastLine: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let lastLine = '';
    const chunks: Buffer[] = [];
    const take = (chunk: Buffer, isStdout: boolean) => {
      chunks.push(chunk);
      if (isStdout && keepStdout) stdout += chunk.toString('utf8');
      const lines = chunk.toString('utf8').split(/\r?\n/).filter((l) => l.trim());
      if (lines.length) lastLine = lines[lines.length - 1].trim();
    };
    child.stdout.on('data', (c: Buffer) => take(c, true));
    child.stderr.on('data', (c: Buffer) => take(c, false));
    child.once('error', (err) => resolve({ code: 127, lastLine: err.message, stdout }));
    child.once('close', (code) => {
      void fs.appendFile(logFile, Buffer.concat(chunks)).finally(() => resolve({ code: code ?? 1, lastLine, stdout }));
    });
  });
}
