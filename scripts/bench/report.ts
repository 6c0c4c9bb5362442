// Renders benchmark and fault-run figures as Markdown (bench/results/<date>.md), with the machine they
// ran on, and replaces the README's section between `<!-- bench:start -->` and `<!-- bench:end -->`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../stack/tools';
import { historyShards } from '../stack';
import { TEMPORAL_SERVER_VERSION } from '../stack/temporalBuild';
import { fmt, type CpuUsage, type LatencySummary, type Throughput } from './stats';

/** A Markdown table. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `p50 / p95 / p99` in ms. */
export const pcts = (l: LatencySummary): string => `${fmt(l.p50)} / ${fmt(l.p95)} / ${fmt(l.p99)}`;

/** A throughput row: ops, rate, latencies. */
export const throughputCells = (t: Throughput): string[] => [fmt(t.ops, 0), fmt(t.perSecond), pcts(t.latency), fmt(t.latency.max)];

/** CPU per component over a phase, with the share of one core and the CPU milliseconds per operation. */
export function cpuTable(phases: Array<{ label: string; usage: CpuUsage; ops: number }>): string {
  const names = [...new Set(phases.flatMap((p) => p.usage.perComponent.map((c) => c.name)))];
  const rows = names.map((name) => [
    name,
    ...phases.map((p) => {
      const c = p.usage.perComponent.find((x) => x.name === name);
      return c ? `${fmt(c.pctOfOneCore, 0)} % · ${fmt((1000 * c.seconds) / Math.max(1, p.ops), 2)} ms/op` : '–';
    }),
  ]);
  rows.push([
    '**all measured**',
    ...phases.map((p) => {
      const s = p.usage.perComponent.reduce((a, c) => a + c.seconds, 0);
      return `**${fmt((100 * s) / p.usage.wallSeconds, 0)} %** · ${fmt((1000 * s) / Math.max(1, p.ops), 2)} ms/op`;
    }),
  ]);
  return table(['process (CPU % of one core · CPU per op)', ...phases.map((p) => p.label)], rows);
}

/** The machine, runtime and code the figures came from. */
export function environment(cliPath: string | null): string {
  const cpu = /model name\s*:\s*(.+)/.exec(safeRead('/proc/cpuinfo'))?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  let temporal = 'unknown';
  if (cliPath) {
    try {
      temporal = execFileSync(cliPath, ['--version'], { encoding: 'utf8' }).trim().split('\n')[0];
    } catch {
      // keep 'unknown'
    }
  }
  return table(
    ['what', 'value'],
    [
      ['CPU', `${cpu} × ${os.cpus().length}`],
      ['memory', `${fmt(os.totalmem() / 2 ** 30, 0)} GiB`],
      ['OS', `${os.type()} ${os.release()}`],
      ['Node', process.version],
      ['Temporal CLI (dev server)', temporal],
      // The cluster engine comes from TEMPORAL_ENGINE (test:cluster) or the runs' `--engine cluster` flag.
      ...(process.env.TEMPORAL_ENGINE === 'cluster' || process.argv.includes('cluster') ? [['Temporal server (cluster engine)', `${TEMPORAL_SERVER_VERSION}, ${historyShards()} history shards, frontend/history/matching/worker as processes`]] : []),
      ['commit', commit()],
      ['date', new Date().toISOString()],
    ],
  );
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The checked-out commit, read from .git without running git. */
function commit(): string {
  const gitDir = path.join(REPO_ROOT, '.git');
  const head = safeRead(path.join(gitDir, 'HEAD')).trim();
  if (!head) return 'unknown';
  if (!head.startsWith('ref: ')) return head.slice(0, 12);
  const ref = head.slice(5);
  const direct = safeRead(path.join(gitDir, ref)).trim();
  if (direct) return direct.slice(0, 12);
  const packed = safeRead(path.join(gitDir, 'packed-refs'))
    .split('\n')
    .find((l) => l.endsWith(` ${ref}`));
  return packed ? packed.slice(0, 12) : 'unknown';
}

/** Today as YYYY-MM-DD (UTC; the file name only). */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** Writes bench/results/<name>.md and returns its path. */
export function writeResult(name: string, markdown: string): string {
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.md`);
  writeFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return file;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const FAULTS_START = '<!-- faults:start -->';
const FAULTS_END = '<!-- faults:end -->';

/** Replaces the README's benchmark (or fault, or cluster-engine fault) block; false when the markers are missing. */
export function updateReadme(summary: string, which: 'bench' | 'faults' | 'faults-cluster' = 'bench'): boolean {
  const file = path.join(REPO_ROOT, 'README.md');
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const [s, e] = which === 'bench' ? [START, END] : which === 'faults' ? [FAULTS_START, FAULTS_END] : ['<!-- faults-cluster:start -->', '<!-- faults-cluster:end -->'];
  const a = text.indexOf(s);
  const b = text.indexOf(e);
  if (a < 0 || b < a) return false;
  writeFileSync(file, `${text.slice(0, a + s.length)}\n${summary.trim()}\n${text.slice(b)}`);
  return true;
}
