// The bare-Temporal baseline: an in-process worker for scripts/bench/baselineWorkflows.ts on its own
// task queue against the same dev server, driven by the same Client (same data converter) as the bench.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { dataConverter, FAILURE_CONVERTER_PATH } from '../../infra/dataConverter';
import { runPool } from './loadClient';
import { nowMs, throughput, type Throughput } from './stats';
import { emptyWorkflow, finishSignal, pingUpdate } from './baselineWorkflows';
import type { Log } from './harness';

let bundle: WorkflowBundle | null = null;
let runtimeInstalled = false;

/** A running baseline worker. */
export interface BaselineWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

/** Bundles the empty workflow once per process and runs a worker for it. */
export async function startBaselineWorker(address: string): Promise<BaselineWorker> {
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
  const worker = await Worker.create({ connection, namespace: 'default', taskQueue, workflowBundle: bundle, dataConverter: dataConverter() });
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

/** One Update round trip per open empty workflow. */
export async function baselineUpdates(client: Client, ids: string[], concurrency: number, log: Log): Promise<Throughput> {
  const lat: number[] = [];
  const t0 = nowMs();
  await runPool(
    ids.length,
    concurrency,
    async (i) => {
      const s = nowMs();
      await client.workflow.getHandle(ids[i]).executeUpdate(pingUpdate, { args: [i] });
      lat.push(nowMs() - s);
    },
    { log, label: 'baseline updates' },
  );
  return throughput(lat, nowMs() - t0);
}

/** Lets the waiting empty workflows complete (so they do not linger in the dev server). */
export async function finishBaseline(client: Client, ids: string[], concurrency: number): Promise<void> {
  await runPool(ids.length, concurrency, async (i) => {
    await client.workflow.getHandle(ids[i]).signal(finishSignal).catch(() => undefined);
  });
}
