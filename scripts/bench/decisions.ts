// Benchmark 2, the insurer's decision round trip: p50/p95 of `POST /api/subsidies/{id}/decision` under
// concurrency (one approval per requested subsidy, each with its Idempotency-Key), against a bare
// Temporal Update round trip on an empty workflow in the same run.
import { randomUUID } from 'node:crypto';
import { benchIntake, BENCH_INSURER } from './cases';
import { baselineStartAndUpdate, baselineUpdates, finishBaseline, floorUpdates, floorUpdateWithStart, startBaselineWorker } from './baseline';
import type { BenchStack, Log } from './harness';
import { http, runPool } from './loadClient';
import { cpuMeter, nowMs, throughput, type CpuUsage, type Throughput } from './stats';
import { cpuTargets } from './intake';

/** What the decision benchmark measured. */
export interface DecisionFigures {
  decisions: number;
  concurrency: number;
  service: Throughput;
  statuses: Record<string, number>;
  baselineUpdate: Throughput;
  /** Floor (b): an Update on an open workflow whose handler inserts one row with a local activity (absent in runs before it). */
  floorUpdate?: Throughput;
  cpu: { service: CpuUsage; baselineUpdate: CpuUsage; floorUpdate?: CpuUsage };
}

/** A subsidy request body (the justification must be long enough for the policy). */
export const subsidyRequest = {
  kind: 'aids',
  description: 'Hæve-sænkebord og ergonomisk stol',
  amountDkk: 6000,
  justification: 'Borgeren kan arbejde fuld tid igen med et hæve-sænkebord; uden det må hun gå ned i tid.',
  expectedEffect: 'Fuld arbejdstid inden for tre måneder',
} as const;

/** Opens `n` cases and requests one subsidy on each through the API (set-up, not timed); returns subsidy ids. */
export async function requestSubsidies(stack: BenchStack, consultant: string, n: number, concurrency: number, log: Log): Promise<string[]> {
  const run = `d${randomUUID().slice(0, 6)}`;
  const ids: string[] = [];
  let failed = 0;
  await runPool(
    n,
    concurrency,
    async (i) => {
      const c = await http(stack.apiUrl, 'POST', '/api/cases', { token: consultant, body: benchIntake(run, i) });
      if (c.status !== 201) return void failed++;
      const s = await http(stack.apiUrl, 'POST', `/api/cases/${c.body.caseId}/subsidies`, {
        token: consultant,
        body: subsidyRequest,
        headers: { 'idempotency-key': `req-${run}-${i}` },
      });
      if (s.status === 201 || s.status === 200) ids.push(String(s.body.subsidyId));
      else failed++;
    },
    { log, label: 'decisions: set-up (case + subsidy request)' },
  );
  if (failed) log(`  ! ${failed} set-up requests failed`);
  return ids;
}

export async function benchDecisions(stack: BenchStack, opts: { decisions: number; concurrency: number; log: Log }): Promise<DecisionFigures> {
  const { decisions, concurrency, log } = opts;
  const consultant = await stack.token('consultant', 'centre');
  const insurer = await stack.token('insurer', BENCH_INSURER);

  log(`» decisions: set-up of ${decisions} subsidy requests`);
  const subsidyIds = await requestSubsidies(stack, consultant, decisions, concurrency, log);

  log(`» decisions: ${subsidyIds.length} insurer approvals (concurrency ${concurrency})`);
  const statuses: Record<string, number> = {};
  const lat: number[] = [];
  let meter = cpuMeter(cpuTargets(stack));
  const t0 = nowMs();
  await runPool(
    subsidyIds.length,
    concurrency,
    async (i) => {
      const s = nowMs();
      const r = await http(stack.apiUrl, 'POST', `/api/subsidies/${subsidyIds[i]}/decision`, {
        token: insurer,
        body: { decision: 'approved', approvedAmountDkk: 6000, note: 'Bevilget' },
        headers: { 'idempotency-key': `dec-${subsidyIds[i]}` },
      });
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200) lat.push(nowMs() - s);
    },
    { log, label: 'decisions' },
  );
  const service = throughput(lat, nowMs() - t0);
  const serviceCpu = meter.stop();
  log(`  service: p50 ${service.latency.p50.toFixed(0)} ms, p95 ${service.latency.p95.toFixed(0)} ms`);

  log(`» decisions: bare-Temporal Update round trips (${subsidyIds.length}, concurrency ${concurrency})`);
  const base = await startBaselineWorker(stack.temporalAddress, stack.pool);
  try {
    const { ids } = await baselineStartAndUpdate(stack.client, base.taskQueue, subsidyIds.length, concurrency, () => undefined);
    meter = cpuMeter(cpuTargets(stack));
    const baselineUpdate = await baselineUpdates(stack.client, ids, concurrency, log);
    const baseCpu = meter.stop();
    await finishBaseline(stack.client, ids, concurrency);
    log(`  baseline: p50 ${baselineUpdate.latency.p50.toFixed(1)} ms, p95 ${baselineUpdate.latency.p95.toFixed(1)} ms`);

    log(`» decisions: floor (b), an Update inserting one row with a local activity (${subsidyIds.length}, concurrency ${concurrency})`);
    const floor = await floorUpdateWithStart(stack.client, base.taskQueue, subsidyIds.length, concurrency, () => undefined); // set-up, not timed
    meter = cpuMeter(cpuTargets(stack));
    const floorUpdate = await floorUpdates(stack.client, floor.ids, concurrency, log);
    const floorCpu = meter.stop();
    await finishBaseline(stack.client, floor.ids, concurrency);
    log(`  floor (b): p50 ${floorUpdate.latency.p50.toFixed(1)} ms, p95 ${floorUpdate.latency.p95.toFixed(1)} ms`);
    return {
      decisions: subsidyIds.length,
      concurrency,
      service,
      statuses,
      baselineUpdate,
      floorUpdate,
      cpu: { service: serviceCpu, baselineUpdate: baseCpu, floorUpdate: floorCpu },
    };
  } finally {
    await base.stop();
  }
}
