// Faults only a Temporal cluster has, injected by `npm run test:faults -- --engine cluster` during the same
// burst as the others: kill -9 of the history service alone and of the matching service alone (each
// restarted on its ports), and PostgreSQL, which holds Temporal's databases as well, stopped for 30 s.
import type { BenchStack } from './harness';

/** Not shortened by --quick: Temporal's own persistence retries must outlast this, and that is the point. */
export const POSTGRES_UNDER_TEMPORAL_OUTAGE_SECONDS = 30;

/** How long the sequence below takes, so the burst's arrivals can be spread over it. */
export const CLUSTER_FAULT_SECONDS = 3 * 8 + 2 * 5 + POSTGRES_UNDER_TEMPORAL_OUTAGE_SECONDS + 10;

/** Runs the cluster-only faults; `note` records each step in the report with its time. */
export async function injectClusterFaults(stack: BenchStack, note: (line: string) => void, pause: (seconds: number) => Promise<void>): Promise<void> {
  const cluster = stack.cluster;
  if (!cluster) throw new Error('the cluster-only faults need the cluster engine (--engine cluster)');
  for (const service of ['history', 'matching'] as const) {
    await pause(8);
    const proc = cluster.services[service];
    note(`(cluster) kill -9 of the Temporal ${service} service alone (pid ${proc.pid}), the other services keep running; restarted after 5 s`);
    await proc.kill9();
    await pause(5);
    await proc.start();
    note(`(cluster) Temporal ${service} back (pid ${proc.pid}, same ports and databases)`);
  }
  await pause(8);
  note(`(cluster) stopping PostgreSQL, which holds Temporal's databases and the read model, for ${POSTGRES_UNDER_TEMPORAL_OUTAGE_SECONDS} s; the Temporal services keep running`);
  await stack.stopPostgres();
  await pause(POSTGRES_UNDER_TEMPORAL_OUTAGE_SECONDS);
  await stack.startPostgres();
  note('(cluster) PostgreSQL back (same data dir and port)');
}
