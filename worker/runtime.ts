// Installs the worker process's Temporal runtime: one JSON log line per entry on stdout (for log
// collectors) and, when WORKER_METRICS_PORT is set, the Rust core's Prometheus endpoint.
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';

// Errors are not JSON-serialisable as they are: keep their message and stack.
const plain = (v: unknown): unknown => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v);

/** Writes one log entry as a JSON line. */
export function writeJsonLine(entry: LogEntry): void {
  const meta = Object.fromEntries(Object.entries(entry.meta ?? {}).map(([k, v]) => [k, plain(v)]));
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  process.stdout.write(`${JSON.stringify({ time, level: entry.level.toLowerCase(), msg: entry.message, ...meta })}\n`);
}

/** What the runtime is configured from (a subset of infra/config.ts). */
export interface WorkerRuntimeSettings {
  LOG_LEVEL: LogLevel;
  WORKER_METRICS_PORT?: number;
}

/** Installs the runtime; must run before the first connection to Temporal. */
export function installWorkerRuntime(settings: WorkerRuntimeSettings): void {
  Runtime.install({
    logger: new DefaultLogger(settings.LOG_LEVEL, writeJsonLine),
    telemetryOptions: settings.WORKER_METRICS_PORT
      ? {
          // Counters get the conventional _total suffix and durations are in seconds, as Prometheus expects.
          metrics: { prometheus: { bindAddress: `0.0.0.0:${settings.WORKER_METRICS_PORT}`, countersTotalSuffix: true, useSecondsForDurations: true } },
        }
      : undefined,
  });
}
