// `npm run test:cluster`: the suites that talk to a real Temporal (integration, replay) and the quick fault
// run, with the cluster-only faults, against the cluster engine (the real server on PostgreSQL, one process
// per service). The time-skipping workflow suites stay on the test server (`npm test`). Extra arguments go
// to jest, e.g. `npm run test:cluster -- test/integration/intake.test.ts` (the fault run is then skipped).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { provisionTemporalServer } from './stack/temporalBuild';
import { provisionTemporalCli } from './stack/tools';

const ROOT = path.resolve(__dirname, '..');
const log = (line: string) => console.log(line);

/** Runs `tsx <script> …args` with TEMPORAL_ENGINE=cluster; resolves to its exit code. */
function run(script: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, TEMPORAL_ENGINE: 'cluster' },
    });
    // Ctrl-C reaches the child too (same process group); it stops its own stack, we wait for it.
    const forward = () => undefined;
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.removeListener('SIGINT', forward);
      process.removeListener('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  try {
    // Provision first, so a missing Go or a failed build is one line before anything starts.
    await provisionTemporalCli(log);
    const tools = await provisionTemporalServer(log);
    log(`» test:cluster: Temporal server ${tools.version} (${path.relative(ROOT, tools.server)})`);
  } catch (err) {
    console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const jestArgs = process.argv.slice(2);
  const suites = jestArgs.length ? jestArgs : ['test/integration', 'test/replay'];
  log(`» test:cluster: jest ${suites.join(' ')} against the cluster engine`);
  const jest = await run('scripts/test.ts', suites);
  if (jest !== 0) {
    console.error(`✖ test:cluster: the suites failed against the cluster engine (exit ${jest})`);
    return jest;
  }
  if (jestArgs.length) return 0;
  log('» test:cluster: quick fault run with the cluster-only faults');
  const faults = await run('scripts/bench/faults.ts', ['--quick', '--engine', 'cluster']);
  if (faults !== 0) {
    console.error(`✖ test:cluster: the fault run against the cluster engine failed (exit ${faults})`);
    return faults;
  }
  log(`✓ test:cluster passed in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

void main().then((code) => process.exit(code));
