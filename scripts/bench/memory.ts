// Benchmark 5, worker memory: RSS of one worker process holding N open cases, with the SDK's default
// sticky cache and with a limited one (WORKER_MAX_CACHED_WORKFLOWS), read from /proc/<pid>/status.
import { randomUUID } from 'node:crypto';
import { getCaseQuery, caseWorkflowId } from '../../workflows/case/case.messages';
import { benchIntake, startCaseDirect } from './cases';
import { waitFor, type BenchStack, type Log } from './harness';
import { runPool } from './loadClient';
import { peakRssMiB, rssMiB } from './stats';
import { sleep } from '../stack/timing';

/** One worker configuration's memory figures (MiB). */
export interface MemoryRow {
  worker: string;
  cacheLimit: string;
  idle: number | null;
  afterStart: number | null;
  afterQueries: number | null;
  peak: number | null;
}

/** What the memory benchmark measured. */
export interface MemoryFigures {
  cases: number;
  rows: MemoryRow[];
  /** Seconds the default worker took to open the N cases (first task + projection each). */
  openSeconds: number;
}

/** Counts the projected cases of this run. */
async function projected(stack: BenchStack, prefix: string): Promise<number> {
  const { rows } = await stack.pool.query<{ n: string }>('SELECT count(*) AS n FROM cases WHERE injury_case_ref LIKE $1', [`${prefix}%`]);
  return Number(rows[0].n);
}

/** Replays every case into the worker's cache with one query each. */
async function touchAll(stack: BenchStack, caseIds: string[], concurrency: number, log: Log): Promise<number> {
  let failed = 0;
  await runPool(
    caseIds.length,
    concurrency,
    async (i) => {
      await stack.client.workflow
        .getHandle(caseWorkflowId(caseIds[i]))
        .query(getCaseQuery)
        .catch(() => void failed++);
    },
    { log, label: 'query pass' },
  );
  return failed;
}

/** Settles, then reads RSS (the GC runs lazily; a short pause gives a steadier figure). */
async function settledRss(pid: number | null): Promise<number | null> {
  await sleep(3_000);
  return pid ? rssMiB(pid) : null;
}

export async function benchWorkerMemory(stack: BenchStack, opts: { cases: number; cacheLimit: number; concurrency: number; log: Log }): Promise<MemoryFigures> {
  const { cases, cacheLimit, concurrency, log } = opts;
  const run = `m${randomUUID().slice(0, 6)}`;
  const prefix = `B-${run}-`.toUpperCase();
  const rows: MemoryRow[] = [];

  // The stack's main worker has served other benchmarks: measure fresh processes instead.
  await stack.worker.stop();
  const byDefault = stack.newWorker('worker-mem-default', {});
  await byDefault.start();
  const idleDefault = await settledRss(byDefault.pid);

  log(`» memory: opening ${cases} cases (direct workflow starts, concurrency ${concurrency}) on a fresh worker`);
  const caseIds: string[] = new Array(cases);
  const t0 = Date.now();
  await runPool(cases, concurrency, async (i) => void (caseIds[i] = await startCaseDirect(stack.client, stack.taskQueue, benchIntake(run, i))), {
    log,
    label: 'memory: starts',
  });
  const allOpen = await waitFor(
    async () => {
      const n = await projected(stack, prefix);
      return n >= cases;
    },
    120_000 + cases * 200,
    2_000,
  );
  const openSeconds = (Date.now() - t0) / 1000;
  if (!allOpen) log(`  ! only ${await projected(stack, prefix)} of ${cases} cases projected in time`);
  const afterStartDefault = await settledRss(byDefault.pid);
  const failedDefault = await touchAll(stack, caseIds, concurrency, log);
  const afterQueriesDefault = await settledRss(byDefault.pid);
  rows.push({
    worker: 'fresh worker, SDK default sticky cache',
    cacheLimit: 'default (sized from the heap limit)',
    idle: idleDefault,
    afterStart: afterStartDefault,
    afterQueries: afterQueriesDefault,
    peak: byDefault.pid ? peakRssMiB(byDefault.pid) : null,
  });
  if (failedDefault) log(`  ! ${failedDefault} queries failed`);
  await byDefault.stop();

  log(`» memory: a worker with WORKER_MAX_CACHED_WORKFLOWS=${cacheLimit} serving the same ${cases} cases`);
  const limited = stack.newWorker('worker-mem-limited', { WORKER_MAX_CACHED_WORKFLOWS: String(cacheLimit) });
  await limited.start();
  const idleLimited = await settledRss(limited.pid);
  const failedLimited = await touchAll(stack, caseIds, concurrency, log);
  const afterQueriesLimited = await settledRss(limited.pid);
  rows.push({
    worker: 'fresh worker, limited sticky cache',
    cacheLimit: String(cacheLimit),
    idle: idleLimited,
    afterStart: null,
    afterQueries: afterQueriesLimited,
    peak: limited.pid ? peakRssMiB(limited.pid) : null,
  });
  if (failedLimited) log(`  ! ${failedLimited} queries failed`);
  await limited.stop();

  await stack.worker.start();
  return { cases, rows, openSeconds };
}
