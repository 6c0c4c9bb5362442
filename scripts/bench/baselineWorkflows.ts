// The bare-Temporal baseline of the benchmarks: a workflow that does nothing but answer an update
// `ping` and, when asked to, wait for the signal `finish`. Bundled and run by the bench process itself.
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

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
