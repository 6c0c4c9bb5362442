// The README's side-by-side of the two Temporal engines: each bench run leaves its figures as JSON beside
// its Markdown, and once a dev-server run and a cluster run with the same options exist for one day, the
// block between `<!-- engines:start -->` and `<!-- engines:end -->` shows both, with CPU per process.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyShards } from '../stack';
import { TEMPORAL_SERVER_VERSION } from '../stack/temporalBuild';
import { REPO_ROOT } from '../stack/tools';
import type { BenchFigures } from './render';
import { pcts, table } from './report';
import { fmt, type CpuUsage } from './stats';

const RESULTS = path.join(REPO_ROOT, 'bench', 'results');
const START = '<!-- engines:start -->';
const END = '<!-- engines:end -->';

interface Saved {
  file: string;
  date: string;
  engine: 'dev' | 'cluster';
  shards: number | null;
  figures: BenchFigures;
}

/** Writes `<results file>.json` next to the Markdown of a run. */
export function saveFigures(markdownFile: string, figures: BenchFigures): void {
  const engine = figures.options.engine === 'cluster' ? 'cluster' : 'dev';
  const saved = { engine, shards: engine === 'cluster' ? historyShards() : null, cores: os.cpus().length, figures };
  writeFileSync(markdownFile.replace(/\.md$/, '.json'), `${JSON.stringify(saved, null, 1)}\n`);
}

/** Options that must match for two runs to be compared (what was measured, not how it was reported). */
function optionsKey(f: BenchFigures): string {
  const { cases, concurrency, decisions, reminders, memoryCases, cacheLimit, readModelCases, only } = f.options as Record<string, unknown>;
  return JSON.stringify({ cases, concurrency, decisions, reminders, memoryCases, cacheLimit, readModelCases, only });
}

function loadAll(): Saved[] {
  if (!existsSync(RESULTS)) return [];
  const out: Saved[] = [];
  for (const name of readdirSync(RESULTS).filter((n) => /^\d{4}-\d{2}-\d{2}.*\.json$/.test(n))) {
    try {
      const raw = JSON.parse(readFileSync(path.join(RESULTS, name), 'utf8')) as { engine: 'dev' | 'cluster'; shards: number | null; figures: BenchFigures };
      out.push({ file: `bench/results/${name.replace(/\.json$/, '.md')}`, date: name.slice(0, 10), engine: raw.engine, shards: raw.shards, figures: raw.figures });
    } catch {
      // a file of another kind; not ours to judge
    }
  }
  return out;
}

/** Refreshes the README block from the newest day that has both engines with equal options; false if none. */
export function updateEngineComparison(log: (line: string) => void): boolean {
  const all = loadAll();
  const pairs: Array<[Saved, Saved]> = [];
  for (const c of all.filter((s) => s.engine === 'cluster')) {
    const d = all.filter((s) => s.engine === 'dev' && s.date === c.date && optionsKey(s.figures) === optionsKey(c.figures)).pop();
    if (d) pairs.push([d, c]);
  }
  if (!pairs.length) return false;
  pairs.sort((a, b) => (a[1].date + a[1].file < b[1].date + b[1].file ? -1 : 1));
  const [dev, cluster] = pairs[pairs.length - 1];
  const readme = path.join(REPO_ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) {
    log('! README.md has no <!-- engines:start --> / <!-- engines:end --> markers; engine comparison not written');
    return false;
  }
  writeFileSync(readme, `${text.slice(0, a + START.length)}\n${renderComparison(dev, cluster).trim()}\n${text.slice(b)}`);
  return true;
}

const perSec = (v: number) => `${fmt(v)}/s`;

/** The Markdown of the block. */
export function renderComparison(dev: Saved, cluster: Saved): string {
  const d = dev.figures;
  const c = cluster.figures;
  const clusterHead = `cluster (Temporal ${TEMPORAL_SERVER_VERSION}, 4 processes, ${cluster.shards ?? '?'} shards, PostgreSQL)`;
  const rows: string[][] = [];
  if (d.intake && c.intake) {
    rows.push([`intake, ${fmt(d.intake.cases, 0)} cases @ ${d.intake.concurrency}: service`, ...[d.intake, c.intake].map((i) => `${perSec(i.service.perSecond)}, p50/p95/p99 ${pcts(i.service.latency)} ms`)]);
    rows.push(['… bare workflow start / start + Update', ...[d.intake, c.intake].map((i) => `${perSec(i.baselineStart.perSecond)} / ${perSec(i.baselineStartUpdate.perSecond)}`)]);
    rows.push(['… service ÷ bare start + Update', ...[d.intake, c.intake].map((i) => `${fmt(i.service.perSecond / i.baselineStartUpdate.perSecond, 2)}×`)]);
  }
  if (d.decisions && c.decisions) {
    rows.push([`insurer decision, ${fmt(d.decisions.decisions, 0)} @ ${d.decisions.concurrency}`, ...[d.decisions, c.decisions].map((x) => `p50 ${fmt(x.service.latency.p50)} ms, p95 ${fmt(x.service.latency.p95)} ms`)]);
    rows.push(['… bare Update', ...[d.decisions, c.decisions].map((x) => `p50 ${fmt(x.baselineUpdate.latency.p50)} ms, p95 ${fmt(x.baselineUpdate.latency.p95)} ms`)]);
  }
  if (d.fanout && c.fanout) {
    rows.push([`reminder fan-out, ${fmt(d.fanout.cases, 0)} cases`, ...[d.fanout, c.fanout].map((o) => `${fmt(o.allDeliveredSeconds, 1)} s, ${fmt(o.remindersPerSecond)}/s; lost ${o.lost}, doubled ${o.doubled}`)]);
  }
  if (d.memory && c.memory) {
    rows.push([`worker RSS, ${fmt(d.memory.cases, 0)} open cases (default cache)`, ...[d.memory, c.memory].map((m) => `${fmt(m.rows[0]?.afterQueries ?? NaN, 0)} MiB`)]);
  }
  const lines = [
    `Both engines on ${cluster.date}, same options, one after the other on this ${os.cpus().length}-core machine ([dev server](${dev.file}), [cluster](${cluster.file})).`,
    '',
    table(['benchmark', 'dev server (CLI, 1 process, SQLite)', clusterHead], rows),
  ];
  if (d.intake && c.intake) {
    lines.push('', `CPU per process during the service intake (% of one core · CPU ms per case):`, '', cpuSideBySide(d.intake.cpu.service, c.intake.cpu.service, d.intake.service.ops, c.intake.service.ops));
  }
  return lines.join('\n');
}

function cpuSideBySide(dev: CpuUsage, cluster: CpuUsage, devOps: number, clusterOps: number): string {
  // Temporal's processes first, then the database, then the service and the load generator.
  const rank = (n: string) => (n.startsWith('Temporal') ? 0 : n === 'PostgreSQL' ? 1 : n.startsWith('bench') ? 3 : 2);
  const names = [...new Set([...dev.perComponent, ...cluster.perComponent].map((x) => x.name))].sort((a, b) => rank(a) - rank(b));
  const cell = (u: CpuUsage, ops: number, name: string) => {
    const x = u.perComponent.find((p) => p.name === name);
    return x ? `${fmt(x.pctOfOneCore, 0)} % · ${fmt((1000 * x.seconds) / Math.max(1, ops), 1)} ms` : '–';
  };
  const total = (u: CpuUsage, ops: number) => {
    const s = u.perComponent.reduce((a, p) => a + p.seconds, 0);
    return `**${fmt((100 * s) / u.wallSeconds, 0)} %** · ${fmt((1000 * s) / Math.max(1, ops), 1)} ms`;
  };
  return table(
    ['process', 'dev server', 'cluster'],
    [...names.map((n) => [n, cell(dev, devOps, n), cell(cluster, clusterOps, n)]), ['**all measured**', total(dev, devOps), total(cluster, clusterOps)]],
  );
}
