// Benchmark 1, intake throughput: N cases posted through the HTTP API at a fixed concurrency, each to
// its first durable state (the 201, sent after the case is projected to Postgres), against the same
// number of bare-Temporal workflow starts (and start + Update) with the same client and concurrency.
import { randomUUID } from 'node:crypto';
import { benchIntake } from './cases';
import { baselineStartAndUpdate, baselineStarts, finishBaseline, floorUpdateWithStart, startBaselineWorker } from './baseline';
import type { BenchStack, Log } from './harness';
import { http, runPool } from './loadClient';
import { cpuMeter, nowMs, throughput, type CpuTargets, type CpuUsage, type Throughput } from './stats';

/** What the intake benchmark measured. */
export interface IntakeFigures {
  cases: number;
  concurrency: number;
  service: Throughput;
  /** HTTP status → count (everything but 201 is a failure). */
  statuses: Record<string, number>;
  baselineStart: Throughput;
  baselineStartUpdate: Throughput;
  /** Floor (a): Update-with-Start whose handler inserts one row with a local activity (absent in runs before it). */
  baselineFloor?: Throughput;
  cpu: { service: CpuUsage; baselineStart: CpuUsage; baselineStartUpdate: CpuUsage; baselineFloor?: CpuUsage };
}

/** The processes whose CPU time the benchmarks account for (-1 = this process). */
export function cpuTargets(stack: BenchStack): CpuTargets {
  return {
    // One entry per Temporal process: the dev server, or each service of the cluster engine.
    ...Object.fromEntries(Object.keys(stack.temporalPids()).map((name) => [name, () => stack.temporalPids()[name]])),
    PostgreSQL: () => stack.postgresPid(),
    'API process': () => stack.api.pid,
    'worker process': () => stack.worker.pid,
    'bench client (+ baseline worker)': () => -1,
  };
}

/** Posts one intake; returns the status and the latency in ms. */
async function postIntake(stack: BenchStack, token: string, run: string, i: number): Promise<{ status: number; ms: number }> {
  const s = nowMs();
  const res = await http(stack.apiUrl, 'POST', '/api/cases', { token, body: benchIntake(run, i) });
  return { status: res.status, ms: nowMs() - s };
}

export async function benchIntakeThroughput(stack: BenchStack, opts: { cases: number; concurrency: number; log: Log }): Promise<IntakeFigures> {
  const { cases, concurrency, log } = opts;
  const token = await stack.token('consultant', 'centre');
  const run = randomUUID().slice(0, 8);
  const warm = Math.min(32, cases);

  log(`» intake: bare-Temporal baseline (${cases} workflow starts, concurrency ${concurrency})`);
  const baseWorker = await startBaselineWorker(stack.temporalAddress, stack.pool);
  let baselineStart: Throughput;
  let baselineStartUpdate: Throughput;
  let baselineFloor: Throughput;
  const cpu = {} as IntakeFigures['cpu'];
  try {
    await baselineStarts(stack.client, baseWorker.taskQueue, warm, concurrency, () => undefined); // warm-up, not counted
    let meter = cpuMeter(cpuTargets(stack));
    baselineStart = await baselineStarts(stack.client, baseWorker.taskQueue, cases, concurrency, log);
    cpu.baselineStart = meter.stop();
    log(`  baseline start: ${baselineStart.perSecond.toFixed(1)}/s, p50 ${baselineStart.latency.p50.toFixed(1)} ms`);
    meter = cpuMeter(cpuTargets(stack));
    const su = await baselineStartAndUpdate(stack.client, baseWorker.taskQueue, cases, concurrency, log);
    cpu.baselineStartUpdate = meter.stop();
    baselineStartUpdate = su.result;
    log(`  baseline start+update: ${baselineStartUpdate.perSecond.toFixed(1)}/s, p50 ${baselineStartUpdate.latency.p50.toFixed(1)} ms`);
    await finishBaseline(stack.client, su.ids, concurrency);
    meter = cpuMeter(cpuTargets(stack));
    const floor = await floorUpdateWithStart(stack.client, baseWorker.taskQueue, cases, concurrency, log);
    cpu.baselineFloor = meter.stop();
    baselineFloor = floor.result;
    log(`  floor (a) update-with-start + local-activity insert: ${baselineFloor.perSecond.toFixed(1)}/s, p50 ${baselineFloor.latency.p50.toFixed(1)} ms`);
    await finishBaseline(stack.client, floor.ids, concurrency);
  } finally {
    await baseWorker.stop();
  }

  log(`» intake: ${cases} cases through POST /api/cases (concurrency ${concurrency})`);
  await runPool(warm, concurrency, async (i) => void (await postIntake(stack, token, `${run}w`, i)));
  const statuses: Record<string, number> = {};
  const lat: number[] = [];
  const meter = cpuMeter(cpuTargets(stack));
  const t0 = nowMs();
  await runPool(
    cases,
    concurrency,
    async (i) => {
      const r = await postIntake(stack, token, run, i);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 201) lat.push(r.ms);
    },
    { log, label: 'intake' },
  );
  const wall = nowMs() - t0;
  cpu.service = meter.stop();
  const service = throughput(lat, wall);
  log(`  service: ${service.perSecond.toFixed(1)} cases/s, p50 ${service.latency.p50.toFixed(0)} ms, p95 ${service.latency.p95.toFixed(0)} ms`);
  return { cases, concurrency, service, statuses, baselineStart, baselineStartUpdate, baselineFloor, cpu };
}
