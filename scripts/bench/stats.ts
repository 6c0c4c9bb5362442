// Small statistics for the benchmarks: latency percentiles, rates and per-process CPU time read from
// /proc, so each figure can be compared with the bare-Temporal baseline measured in the same run.
import { readdirSync, readFileSync } from 'node:fs';

/** Latency summary in milliseconds. */
export interface LatencySummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending list (q in 0..1). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Summarises latencies (ms). */
export function summarise(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    mean,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** A measured batch: how many operations, over how long, with which latencies. */
export interface Throughput {
  ops: number;
  wallMs: number;
  perSecond: number;
  latency: LatencySummary;
}

export function throughput(latencies: number[], wallMs: number): Throughput {
  return { ops: latencies.length, wallMs, perSecond: latencies.length / (wallMs / 1000), latency: summarise(latencies) };
}

/** Milliseconds since an arbitrary origin, monotonic. */
export const nowMs = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;

// Linux reports process CPU time in clock ticks; 100 per second on every common kernel config.
const CLOCK_TICKS = 100;

interface ProcStat {
  ppid: number;
  /** Own user+system seconds. */
  self: number;
  /** User+system seconds of waited-for (exited) children. */
  children: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      self: (Number(f[11]) + Number(f[12])) / CLOCK_TICKS,
      children: (Number(f[13]) + Number(f[14])) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by `pid` and all its descendants (living, and exited ones it reaped). */
export function treeCpuSeconds(pid: number): number {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (!st) continue;
    const list = parents.get(st.ppid) ?? [];
    list.push(Number(name));
    parents.set(st.ppid, list);
  }
  const walk = (p: number): number => {
    const st = readStat(p);
    if (!st) return 0;
    return st.self + st.children + (parents.get(p) ?? []).reduce((s, c) => s + walk(c), 0);
  };
  return walk(pid);
}

/** Resident set size of a process in MiB (VmRSS), or null when it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size of a process so far in MiB (VmHWM), or null when it is gone. */
export function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Named processes whose CPU time a phase accounts for. */
export type CpuTargets = Record<string, () => number | null>;

/** CPU seconds per component over one phase, and its share of the wall time (100 % = one core). */
export interface CpuUsage {
  wallSeconds: number;
  perComponent: Array<{ name: string; seconds: number; pctOfOneCore: number }>;
}

/** Starts measuring CPU time of the targets; `stop()` returns what each used since. */
export function cpuMeter(targets: CpuTargets): { stop(): CpuUsage } {
  const read = () => {
    const m = new Map<string, number>();
    for (const [name, pidOf] of Object.entries(targets)) {
      const pid = pidOf();
      if (pid === -1) {
        const u = process.cpuUsage();
        m.set(name, (u.user + u.system) / 1e6);
      } else if (pid) {
        m.set(name, treeCpuSeconds(pid));
      }
    }
    return m;
  };
  const before = read();
  const t0 = nowMs();
  return {
    stop() {
      const after = read();
      const wallSeconds = (nowMs() - t0) / 1000;
      const perComponent = [...after.entries()].map(([name, end]) => {
        const seconds = Math.max(0, end - (before.get(name) ?? end));
        return { name, seconds, pctOfOneCore: (100 * seconds) / Math.max(wallSeconds, 1e-9) };
      });
      return { wallSeconds, perComponent };
    },
  };
}

/** `1234.5` → `1,235`; small numbers keep one decimal. */
export function fmt(v: number, decimals?: number): string {
  if (!Number.isFinite(v)) return '–';
  const d = decimals ?? (Math.abs(v) >= 100 ? 0 : 1);
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
