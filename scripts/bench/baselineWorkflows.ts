// The bare-Temporal baselines of the benchmarks: a workflow that does nothing but answer an update
// `ping` and, when asked to, wait for the signal `finish`; and the floor of this design, whose update
// `record` inserts one row into PostgreSQL with a local activity before it answers. Bundled and run by
// the bench process itself.
import { condition, defineSignal, defineUpdate, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { FloorActivities } from './floorActivities';

/** Echoes its argument: the smallest possible Update round trip. */
export const pingUpdate = defineUpdate<number, [number]>('ping');

/** Lets a waiting empty workflow complete. */
export const finishSignal = defineSignal('finish');

/** `wait: false` completes at once (start baseline); `wait: true` stays open for updates until `finish`. */
export async function emptyWorkflow(input: { wait: boolean }): Promise<void> {
  let finished = false;
  setHandler(pingUpdate, (n: number) => n);
  setHandler(finishSignal, () => {
    finished = true;
  });
  if (input.wait) await condition(() => finished);
}

/** Inserts one row (local activity) and echoes its argument: one command's durable write and answer. */
export const recordUpdate = defineUpdate<number, [number]>('record');

const { insertRow } = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '10 seconds' });

/** The floor of this design: stays open, answering `record` updates after their row is in PostgreSQL. */
export async function floorWorkflow(): Promise<void> {
  let finished = false;
  setHandler(recordUpdate, async (n: number) => {
    await insertRow(workflowInfo().workflowId, n);
    return n;
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}
