// The bare-Temporal baseline: an in-process worker for scripts/bench/baselineWorkflows.ts on its own
// task queue against the same dev server, driven by the same Client (same data converter) as the bench.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { dataConverter, FAILURE_CONVERTER_PATH } from '../../infra/dataConverter';
import { runPool } from './loadClient';
import { nowMs, throughput, type Throughput } from './stats';
import { emptyWorkflow, finishSignal, floorWorkflow, pingUpdate, recordUpdate } from './baselineWorkflows';
import { ensureFloorTable, floorActivities } from './floorActivities';
import type { Log } from './harness';

let bundle: WorkflowBundle | null = null;
let runtimeInstalled = false;

/** A running baseline worker. */
export interface BaselineWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

/** Bundles the baseline workflows once per process and runs a worker for them (with the floor's activity when given a pool). */
export async function startBaselineWorker(address: string, pool?: Pool): Promise<BaselineWorker> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  bundle ??= await bundleWorkflowCode({
    workflowsPath: require.resolve('./baselineWorkflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never, // quiet bundler
  });
  const connection = await NativeConnection.connect({ address });
  const taskQueue = `bench-baseline-${randomUUID().slice(0, 8)}`;
  if (pool) await ensureFloorTable(pool);
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle: bundle,
    dataConverter: dataConverter(),
    ...(pool ? { activities: floorActivities(pool) } : {}),
  });
  const running = worker.run();
  return {
    taskQueue,
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}

/** Starts n empty workflows that complete at once; latency = until `start` returns. */
export async function baselineStarts(client: Client, taskQueue: string, n: number, concurrency: number, log: Log): Promise<Throughput> {
  const lat: number[] = [];
  const t0 = nowMs();
  await runPool(
    n,
    concurrency,
    async () => {
      const s = nowMs();
      await client.workflow.start(emptyWorkflow, { workflowId: `empty-${randomUUID()}`, taskQueue, args: [{ wait: false }] });
      lat.push(nowMs() - s);
    },
    { log, label: 'baseline starts' },
  );
  return throughput(lat, nowMs() - t0);
}

/**
 * Starts n waiting empty workflows and sends each one Update: the same two calls the API makes for
 * an intake (start, then an Update the worker answers), without domain code, projection or HTTP.
 */
export async function baselineStartAndUpdate(client: Client, taskQueue: string, n: number, concurrency: number, log: Log): Promise<{ result: Throughput; ids: string[] }> {
  const lat: number[] = [];
  const ids: string[] = [];
  const t0 = nowMs();
  await runPool(
    n,
    concurrency,
    async () => {
      const id = `empty-${randomUUID()}`;
      const s = nowMs();
      const h = await client.workflow.start(emptyWorkflow, { workflowId: id, taskQueue, args: [{ wait: true }] });
      await h.executeUpdate(pingUpdate, { args: [1] });
      lat.push(nowMs() - s);
      ids.push(id);
    },
    { log, label: 'baseline start+update' },
  );
  return { result: throughput(lat, nowMs() - t0), ids };
}

/** Times one call per workflow id at the given concurrency. */
async function timedPerWorkflow(ids: string[], concurrency: number, log: Log, label: string, call: (id: string, i: number) => Promise<unknown>): Promise<Throughput> {
  const lat: number[] = [];
  const t0 = nowMs();
  await runPool(
    ids.length,
    concurrency,
    async (i) => {
      const s = nowMs();
      await call(ids[i], i);
      lat.push(nowMs() - s);
    },
    { log, label },
  );
  return throughput(lat, nowMs() - t0);
}

/** One Update round trip per open empty workflow. */
export function baselineUpdates(client: Client, ids: string[], concurrency: number, log: Log): Promise<Throughput> {
  return timedPerWorkflow(ids, concurrency, log, 'baseline updates', (id, i) => client.workflow.getHandle(id).executeUpdate(pingUpdate, { args: [i] }));
}

/**
 * Floor (a): one Update-with-Start per new floor workflow, answered after its local activity inserted one
 * row: the least an intake that answers after a durable write into PostgreSQL can cost on this design.
 */
export async function floorUpdateWithStart(client: Client, taskQueue: string, n: number, concurrency: number, log: Log): Promise<{ result: Throughput; ids: string[] }> {
  const lat: number[] = [];
  const ids: string[] = [];
  const t0 = nowMs();
  await runPool(
    n,
    concurrency,
    async (i) => {
      const id = `floor-${randomUUID()}`;
      const s = nowMs();
      const start = new WithStartWorkflowOperation(floorWorkflow, { workflowId: id, taskQueue, workflowIdConflictPolicy: 'FAIL', args: [] });
      await client.workflow.executeUpdateWithStart(recordUpdate, { args: [i], startWorkflowOperation: start });
      lat.push(nowMs() - s);
      ids.push(id);
    },
    { log, label: 'floor update-with-start' },
  );
  return { result: throughput(lat, nowMs() - t0), ids };
}

/** Floor (b): one `record` Update per open floor workflow (one row inserted by a local activity each). */
export function floorUpdates(client: Client, ids: string[], concurrency: number, log: Log): Promise<Throughput> {
  return timedPerWorkflow(ids, concurrency, log, 'floor updates', (id, i) => client.workflow.getHandle(id).executeUpdate(recordUpdate, { args: [ids.length + i] }));
}

/** Lets the waiting empty workflows complete (so they do not linger in the dev server). */
export async function finishBaseline(client: Client, ids: string[], concurrency: number): Promise<void> {
  await runPool(ids.length, concurrency, async (i) => {
    await client.workflow.getHandle(ids[i]).signal(finishSignal).catch(() => undefined);
  });
}
