// Turns the figures of one `npm run bench` into the Markdown of bench/results/<date>.md and the short
// summary the README shows (ratios to the bare-Temporal baseline, and what used the CPU).
import os from 'node:os';
import type { DecisionFigures } from './decisions';
import type { FanoutFigures } from './fanout';
import type { IntakeFigures } from './intake';
import type { MemoryFigures } from './memory';
import { cpuTable, environment, pcts, table, throughputCells } from './report';
import { fmt, type CpuUsage } from './stats';

/** Everything one bench run produced. */
export interface BenchFigures {
  cliPath: string | null;
  options: Record<string, unknown>;
  intake?: IntakeFigures;
  decisions?: DecisionFigures;
  fanout?: FanoutFigures;
  readModel?: string;
  memory?: MemoryFigures;
  profile?: string;
  totalSeconds?: number;
}

const THROUGHPUT_HEAD = ['measured', 'ops', 'per s', 'p50 / p95 / p99 ms', 'max ms'];
const mib = (v: number | null) => (v === null ? '–' : `${fmt(v, 0)} MiB`);
const failures = (statuses: Record<string, number>, ok: string) =>
  Object.entries(statuses)
    .filter(([s]) => s !== ok)
    .map(([s, n]) => `${n}× ${s === '0' ? 'network error' : `HTTP ${s}`}`)
    .join(', ') || 'none';

/** One sentence on where the CPU went during a phase, from the per-process figures. */
export function cpuVerdict(usage: CpuUsage, what: string): string {
  const cores = os.cpus().length;
  const total = usage.perComponent.reduce((s, c) => s + c.pctOfOneCore, 0);
  const ranked = [...usage.perComponent].sort((a, b) => b.pctOfOneCore - a.pctOfOneCore);
  const [top, second] = ranked;
  const saturated = total >= cores * 100 * 0.85;
  return (
    `During ${what} the measured processes used ${fmt(total, 0)} % of the ${cores * 100} % this ${cores}-core machine has ` +
    `(${saturated ? 'the machine was CPU-bound' : 'below saturation: the rest is waiting on round trips and fsync, or CPU taken by other work on a shared machine'}); ` +
    `the largest share was the ${top?.name ?? '?'} (${fmt(top?.pctOfOneCore ?? 0, 0)} %), then the ${second?.name ?? '?'} (${fmt(second?.pctOfOneCore ?? 0, 0)} %).`
  );
}

function intakeSection(f: IntakeFigures): string {
  const ratio = f.service.perSecond / f.baselineStart.perSecond;
  const ratioSU = f.service.perSecond / f.baselineStartUpdate.perSecond;
  return [
    `## 1. Intake throughput (${fmt(f.cases, 0)} cases, concurrency ${f.concurrency})`,
    '',
    'First durable state: for the service, the `201` of `POST /api/cases`, which is sent after the workflow started, ran its first task and the case was projected to PostgreSQL (read-your-writes). ' +
      'For the bare-Temporal baseline, `client.workflow.start` returning (the start is persisted by the Temporal engine of the run). ' +
      'A second baseline makes two Temporal calls, start and then an Update the worker answers, on an empty workflow (what the API did before it opened cases with one Update-with-Start call); ' +
      'floor (a) is that one call on an empty workflow whose handler inserts one PostgreSQL row with a local activity, the least a durable, projected intake can cost on this design. ' +
      'Same Temporal Client (same data converter with payload encryption), same concurrency, same Temporal engine, same run; the baselines ran first, so the service met the larger database.',
    '',
    table(THROUGHPUT_HEAD, [
      ['service: POST /api/cases → 201', ...throughputCells(f.service)],
      ['bare Temporal: workflow start', ...throughputCells(f.baselineStart)],
      ['bare Temporal: start + Update round trip', ...throughputCells(f.baselineStartUpdate)],
      ...(f.baselineFloor ? [['floor (a): Update-with-Start, local activity inserts one row', ...throughputCells(f.baselineFloor)]] : []),
    ]),
    '',
    `**Ratio:** the service opens cases at **${fmt(ratio, 2)}×** the rate of bare workflow starts and **${fmt(ratioSU, 2)}×** the rate of bare start + Update; ` +
      `p50 latency is ${fmt(f.service.latency.p50 / f.baselineStart.latency.p50, 1)}× / ${fmt(f.service.latency.p50 / f.baselineStartUpdate.latency.p50, 1)}× theirs. ` +
      `Failed requests: ${failures(f.statuses, '201')}.` +
      (f.baselineFloor
        ? ` Against the floor (a) of this design: throughput **${fmt(f.service.perSecond / f.baselineFloor.perSecond, 2)}×**, p50 **${fmt(f.service.latency.p50 / f.baselineFloor.latency.p50, 2)}×** (targets ≥ 0.8×, ≤ 1.5×).`
        : ''),
    '',
    cpuTable([
      { label: 'service intake', usage: f.cpu.service, ops: f.service.ops },
      { label: 'bare start', usage: f.cpu.baselineStart, ops: f.baselineStart.ops },
      { label: 'bare start + Update', usage: f.cpu.baselineStartUpdate, ops: f.baselineStartUpdate.ops },
      ...(f.baselineFloor && f.cpu.baselineFloor ? [{ label: 'floor (a)', usage: f.cpu.baselineFloor, ops: f.baselineFloor.ops }] : []),
    ]),
    '',
    cpuVerdict(f.cpu.service, 'the service intake'),
  ].join('\n');
}

function decisionSection(f: DecisionFigures): string {
  return [
    `## 2. Insurer decision round trip (${fmt(f.decisions, 0)} approvals, concurrency ${f.concurrency})`,
    '',
    '`POST /api/subsidies/{id}/decision` with an `Idempotency-Key`, one approval per requested subsidy (answered after the subsidy and its case are projected), ' +
      'against one Update round trip per open empty workflow on the same Temporal engine.',
    '',
    table(THROUGHPUT_HEAD, [
      ['service: decision → 200', ...throughputCells(f.service)],
      ['bare Temporal: Update round trip', ...throughputCells(f.baselineUpdate)],
      ...(f.floorUpdate ? [['floor (b): Update, local activity inserts one row', ...throughputCells(f.floorUpdate)]] : []),
    ]),
    '',
    `**Ratio:** p50 ${fmt(f.service.latency.p50 / f.baselineUpdate.latency.p50, 1)}×, p95 ${fmt(f.service.latency.p95 / f.baselineUpdate.latency.p95, 1)}× the bare Update; ` +
      `throughput ${fmt(f.service.perSecond / f.baselineUpdate.perSecond, 2)}×. Failed requests: ${failures(f.statuses, '200')}.` +
      (f.floorUpdate
        ? ` Against the floor (b) of this design: p50 **${fmt(f.service.latency.p50 / f.floorUpdate.latency.p50, 2)}×**, p95 **${fmt(f.service.latency.p95 / f.floorUpdate.latency.p95, 2)}×** (targets ≤ 1.5×, ≤ 2×).`
        : ''),
    '',
    cpuTable([
      { label: 'service decisions', usage: f.cpu.service, ops: f.service.ops },
      { label: 'bare Update', usage: f.cpu.baselineUpdate, ops: f.baselineUpdate.ops },
      ...(f.floorUpdate && f.cpu.floorUpdate ? [{ label: 'floor (b)', usage: f.cpu.floorUpdate, ops: f.floorUpdate.ops }] : []),
    ]),
  ].join('\n');
}

function fanoutSection(f: FanoutFigures): string {
  return [
    `## 3. Reminder fan-out (${fmt(f.cases, 0)} back-dated cases)`,
    '',
    'The cases were started while the worker was down, each with its sick-pay limit six weeks ahead so its 8-week reminder is overdue; the clock starts when the worker is ready. ' +
      'Each case also emails its insurer (case accepted), so the SMTP listener received two messages per case.',
    '',
    table(
      ['figure', 'value'],
      [
        ['time until every reminder was caught', `${fmt(f.allDeliveredSeconds, 1)} s`],
        ['first reminder caught after', `${fmt(f.firstDeliveredSeconds, 1)} s`],
        ['reminders per second', fmt(f.remindersPerSecond, 1)],
        ['delay after worker start p50 / p95 / p99', `${pcts(f.delay)} ms`],
        ['reminders caught / distinct caseworkers', `${fmt(f.caughtReminders, 0)} / ${fmt(f.distinctRecipients, 0)}`],
        ['**lost** (cases without a reminder)', `**${f.lost}**`],
        ['**doubled** (caseworkers with two or more)', `**${f.doubled}**`],
        ['duplicate Message-IDs', String(f.duplicateMessageIds)],
        ['outbox rows / unsent', `${fmt(f.outboxRows, 0)} / ${f.outboxUnsent}`],
        ['finished within the time limit', f.complete ? 'yes' : '**no**'],
      ],
    ),
  ].join('\n');
}

function memorySection(f: MemoryFigures): string {
  return [
    `## 5. Worker memory (${fmt(f.cases, 0)} open cases)`,
    '',
    `VmRSS of one worker process (from /proc/<pid>/status, 3 s after each step). The cases were opened by direct workflow starts on a fresh worker (${fmt(f.openSeconds, 0)} s for all to be projected); ` +
      'the query pass sends one query to every case, which replays it into the sticky cache (evicting beyond the limit).',
    '',
    table(
      ['worker', 'sticky cache', 'idle', 'after opening the cases', 'after a query to every case', 'peak (VmHWM)'],
      f.rows.map((r) => [r.worker, r.cacheLimit, mib(r.idle), mib(r.afterStart), mib(r.afterQueries), mib(r.peak)]),
    ),
  ].join('\n');
}

/** The full results file. */
export function renderBench(f: BenchFigures): string {
  const parts = [
    `# Benchmarks ${new Date().toISOString().slice(0, 10)}`,
    '',
    `\`npm run bench\` with ${Object.entries(f.options)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
      .join(' ')}; ${f.totalSeconds ? `${fmt(f.totalSeconds, 0)} s in all` : ''}. ` +
      'Absolute times drift on shared machines: compare the service with the baseline of the same run.',
    '',
    environment(f.cliPath),
  ];
  if (f.intake) parts.push('', intakeSection(f.intake));
  if (f.decisions) parts.push('', decisionSection(f.decisions));
  if (f.fanout) parts.push('', fanoutSection(f.fanout));
  if (f.readModel) parts.push('', '## 4. Read model at scale', '', f.readModel);
  if (f.memory) parts.push('', memorySection(f.memory));
  if (f.profile) parts.push('', '## CPU profiles (--profile)', '', f.profile);
  return parts.join('\n');
}

/** The README block: the headline table with ratios, and a pointer to the full file. */
/** CPU milliseconds the Temporal engine's processes (the dev server, or each cluster service) spent per operation. */
function temporalCpuMsPerOp(usage: CpuUsage, ops: number): number {
  const seconds = usage.perComponent.filter((c) => c.name.startsWith('Temporal')).reduce((sum, c) => sum + c.seconds, 0);
  return (seconds * 1000) / ops;
}

export function renderBenchSummary(f: BenchFigures, file: string): string {
  const rows: string[][] = [];
  if (f.intake) {
    const i = f.intake;
    rows.push([
      `intake, ${fmt(i.cases, 0)} cases @ ${i.concurrency}`,
      `${fmt(i.service.perSecond)} cases/s, p50/p95/p99 ${pcts(i.service.latency)} ms`,
      `start ${fmt(i.baselineStart.perSecond)}/s (p50 ${fmt(i.baselineStart.latency.p50)} ms); start+Update ${fmt(i.baselineStartUpdate.perSecond)}/s`,
      `${fmt(i.service.perSecond / i.baselineStart.perSecond, 2)}× / ${fmt(i.service.perSecond / i.baselineStartUpdate.perSecond, 2)}×` +
        (i.baselineFloor ? `; floor (a) ${fmt(i.service.perSecond / i.baselineFloor.perSecond, 2)}×, p50 ${fmt(i.service.latency.p50 / i.baselineFloor.latency.p50, 2)}×` : ''),
    ]);
  }
  if (f.decisions) {
    const d = f.decisions;
    rows.push([
      `insurer decision, ${fmt(d.decisions, 0)} @ ${d.concurrency}`,
      `p50 ${fmt(d.service.latency.p50)} ms, p95 ${fmt(d.service.latency.p95)} ms`,
      `Update p50 ${fmt(d.baselineUpdate.latency.p50)} ms, p95 ${fmt(d.baselineUpdate.latency.p95)} ms`,
      `p50 ${fmt(d.service.latency.p50 / d.baselineUpdate.latency.p50, 1)}×` +
        (d.floorUpdate ? `; floor (b) p50 ${fmt(d.service.latency.p50 / d.floorUpdate.latency.p50, 2)}×, p95 ${fmt(d.service.latency.p95 / d.floorUpdate.latency.p95, 2)}×` : ''),
    ]);
  }
  if (f.fanout) {
    const o = f.fanout;
    rows.push([
      `reminder fan-out, ${fmt(o.cases, 0)} cases`,
      `${fmt(o.allDeliveredSeconds, 1)} s, ${fmt(o.remindersPerSecond)} reminders/s; lost ${o.lost}, doubled ${o.doubled}`,
      '–',
      '–',
    ]);
  }
  if (f.memory) {
    const [d, l] = f.memory.rows;
    rows.push([
      `worker RSS, ${fmt(f.memory.cases, 0)} open cases`,
      `default cache ${mib(d?.afterQueries ?? null)} (idle ${mib(d?.idle ?? null)}); cache ${l?.cacheLimit ?? '?'}: ${mib(l?.afterQueries ?? null)}`,
      '–',
      '–',
    ]);
  }
  if (f.intake) {
    const i = f.intake;
    const service = temporalCpuMsPerOp(i.cpu.service, i.cases);
    const startUpdate = temporalCpuMsPerOp(i.cpu.baselineStartUpdate, i.cases);
    const floor = i.cpu.baselineFloor ? temporalCpuMsPerOp(i.cpu.baselineFloor, i.cases) : null;
    rows.push([
      'Temporal CPU per intake',
      `${fmt(service, 1)} ms`,
      `start+Update ${fmt(startUpdate, 1)} ms` + (floor !== null ? `; floor (a) ${fmt(floor, 1)} ms` : ''),
      `${fmt(service / startUpdate, 2)}×` + (floor !== null ? ` / ${fmt(service / floor, 2)}×` : ''),
    ]);
  }
  const lines = [
    `Latest run: ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (full tables, CPU per process and environment: [${file}](${file})).`,
    '',
    table(['benchmark', 'service', 'bare Temporal, same run', 'service ÷ baseline'], rows),
  ];
  if (f.intake) lines.push('', cpuVerdict(f.intake.cpu.service, 'intake'));
  if (f.readModel && !f.readModel.startsWith('_Not run')) lines.push('', `Read model at scale: see section 4 of [${file}](${file}).`);
  return lines.join('\n');
}
