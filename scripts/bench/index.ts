// `npm run bench`: starts its own embedded stack (temp data dir, free ports), runs the benchmarks
// against a bare-Temporal baseline measured in the same run, prints and writes
// bench/results/<date>.md, and refreshes the README's Performance section.
// Flags: --cases 2000 --concurrency 32 --decisions 1000 --reminders 5000 --readmodel-cases 100000
//        --memory-cases 10000 --cache-limit 250 --only intake,decisions,fanout,readmodel,memory
//        --profile (CPU profiles of the API and worker) --keep-data --readme / --no-readme
//        --engine dev|cluster (the Temporal dev server, default, or the real server's services as processes)
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchStack, type BenchStack, type Log } from './harness';
import { benchIntakeThroughput, type IntakeFigures } from './intake';
import { benchWorkerMemory, type MemoryFigures } from './memory';
import { benchDecisions, type DecisionFigures } from './decisions';
import { benchReminderFanout, type FanoutFigures } from './fanout';
import { renderBench, renderBenchSummary, type BenchFigures } from './render';
import { summariseProfiles } from './profile';
import { today, updateReadme, writeResult } from './report';
import { saveFigures, updateEngineComparison } from './engineCompare';
import type { TemporalEngine } from '../stack';

const PHASES = ['intake', 'decisions', 'fanout', 'readmodel', 'memory'] as const;
type Phase = (typeof PHASES)[number];

const log: Log = (line) => console.log(line);

function options() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '32' },
      decisions: { type: 'string', default: '1000' },
      reminders: { type: 'string', default: '5000' },
      'readmodel-cases': { type: 'string', default: '100000' },
      'memory-cases': { type: 'string', default: '10000' },
      'cache-limit': { type: 'string', default: '250' },
      only: { type: 'string', default: PHASES.join(',') },
      profile: { type: 'boolean', default: false },
      'keep-data': { type: 'boolean', default: false },
      readme: { type: 'boolean' },
      'no-readme': { type: 'boolean', default: false },
      engine: { type: 'string', default: 'dev' },
    },
  });
  if (values.engine !== 'dev' && values.engine !== 'cluster') throw new Error(`--engine must be dev or cluster, not "${values.engine}"`);
  const engine: TemporalEngine = values.engine;
  const int = (name: keyof typeof values, min: number) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return v;
  };
  const only = String(values.only)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of only) if (!PHASES.includes(p as Phase)) throw new Error(`--only: unknown benchmark "${p}" (known: ${PHASES.join(', ')})`);
  return {
    cases: int('cases', 1),
    concurrency: int('concurrency', 1),
    decisions: int('decisions', 1),
    reminders: int('reminders', 1),
    readModelCases: int('readmodel-cases', 1),
    memoryCases: int('memory-cases', 1),
    cacheLimit: int('cache-limit', 2),
    only: new Set(only as Phase[]),
    profile: Boolean(values.profile),
    keepData: Boolean(values['keep-data']),
    // A partial run (--only) leaves the README's table alone unless --readme asks for it; so does a cluster
    // run (the README compares the engines in a block of its own).
    readme: values['no-readme'] ? false : (values.readme ?? (only.length === PHASES.length && engine === 'dev')),
    engine,
    noReadme: Boolean(values['no-readme']),
  };
}

/**
 * Benchmark 4 belongs to the supervision work (scripts/bench/readModel.ts seeds the read model and
 * times the list, stuck and deadlines endpoints with their query plans); this only calls it.
 */
async function readModelHook(stack: BenchStack, cases: number): Promise<string> {
  const file = path.join(__dirname, 'readModel.ts');
  if (!existsSync(file)) return '_Not run: scripts/bench/readModel.ts (read-model seeding and timing) is not in this tree yet._';
  // Not a literal specifier: the file belongs to other work and may not exist in this tree.
  const mod = (await import(file)) as {
    runReadModelBench?: (o: { stack: BenchStack; cases: number; log: Log }) => Promise<string>;
  };
  if (typeof mod.runReadModelBench !== 'function') return '_Not run: scripts/bench/readModel.ts exports no `runReadModelBench({ stack, cases, log })`._';
  return mod.runReadModelBench({ stack, cases, log });
}

async function main(): Promise<number> {
  const opts = options();
  const started = Date.now();
  log(`» npm run bench: ${[...opts.only].join(', ')} (cases ${opts.cases}, concurrency ${opts.concurrency}, engine ${opts.engine})`);
  const profileDir = opts.profile ? path.resolve('.data', `bench-profiles-${Date.now()}`) : null;
  const stack = await startBenchStack({
    log,
    label: 'bench',
    keepData: opts.keepData,
    engine: opts.engine,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const onSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const figures: BenchFigures = { cliPath: stack.cliPath, options: { ...opts, only: [...opts.only] } };
  try {
    if (opts.only.has('intake')) figures.intake = (await benchIntakeThroughput(stack, { cases: opts.cases, concurrency: opts.concurrency, log })) satisfies IntakeFigures;
    if (opts.only.has('decisions'))
      figures.decisions = (await benchDecisions(stack, { decisions: opts.decisions, concurrency: opts.concurrency, log })) satisfies DecisionFigures;
    if (opts.only.has('fanout')) figures.fanout = (await benchReminderFanout(stack, { reminders: opts.reminders, concurrency: opts.concurrency, log })) satisfies FanoutFigures;
    if (opts.only.has('readmodel')) {
      log(`» read model: ${opts.readModelCases} cases (scripts/bench/readModel.ts)`);
      figures.readModel = await readModelHook(stack, opts.readModelCases);
    }
    if (opts.only.has('memory'))
      figures.memory = (await benchWorkerMemory(stack, { cases: opts.memoryCases, cacheLimit: opts.cacheLimit, concurrency: opts.concurrency, log })) satisfies MemoryFigures;
  } finally {
    log('» stopping the bench stack');
    await stack.stop();
  }
  if (profileDir) {
    figures.profile = summariseProfiles(profileDir);
    if (opts.keepData) log(`  CPU profiles kept in ${profileDir} (open them in Chrome DevTools)`);
    else rmSync(profileDir, { recursive: true, force: true });
  }
  figures.totalSeconds = (Date.now() - started) / 1000;

  const markdown = renderBench(figures);
  console.log(`\n${markdown}`);
  // A full run is bench/results/<date>.md; a partial one (--only) gets its phases in the name.
  const full = opts.only.size === PHASES.length;
  const file = writeResult(`${full ? today() : `${today()}-${[...opts.only].join('-')}`}${opts.engine === 'cluster' ? '-cluster' : ''}`, markdown);
  log(`✓ written ${path.relative(process.cwd(), file)}`);
  // Figures as JSON too: the README compares both engines when a run of each with the same options exists for one day.
  saveFigures(file, figures);
  if (!opts.noReadme && updateEngineComparison(log)) log('✓ README.md engine comparison updated');
  if (opts.readme) {
    if (updateReadme(renderBenchSummary(figures, path.relative(path.resolve(__dirname, '..', '..'), file)))) log('✓ README.md Performance section updated');
    else log('! README.md has no <!-- bench:start --> / <!-- bench:end --> markers; not updated');
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
