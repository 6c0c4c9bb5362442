// Benchmark 4, the read model: seeds N cases (default 100,000) and times the case list, the stuck list
// and the deadlines list over HTTP (p50/p95/max, answer size), plus EXPLAIN (ANALYZE) of the SQL
// behind stuck, deadlines and overdue-per-owner. Measured here, never asserted in a test.
// Standalone: `tsx scripts/bench/readModel.ts [cases]` (its own throw-away stack); `npm run bench` calls runReadModelBench.
import type { Pool } from 'pg';
import type { BenchStack, Log } from './harness';
import { seedReadModel } from './seedReadModel';
import { timeWorkbenchPages } from './pages';
import { summarise, nowMs, type LatencySummary } from './stats';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays } from '../../domain/calendar/localDate';
import { policyFor } from '../../domain/kernel/policy';
import { stuckBounds } from '../../domain/supervision/stuckRules';
import { DEADLINES_SQL, OVERDUE_BY_OWNER_SQL, stuckCandidatesSql } from '../../db/supervisionQueries';

/** Requests per endpoint after the warm-up. */
const RUNS = 30;
const WARMUP = 3;

interface Timed {
  label: string;
  path: string;
  latency: LatencySummary;
  bytes: number;
  items: number;
}

async function time(apiUrl: string, token: string, label: string, path: string): Promise<Timed> {
  const call = async () => {
    const t0 = nowMs();
    const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return { ms: nowMs() - t0, text };
  };
  let last = '';
  for (let i = 0; i < WARMUP; i++) last = (await call()).text;
  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await call();
    latencies.push(r.ms);
    last = r.text;
  }
  const body = JSON.parse(last) as { items?: unknown[]; owners?: unknown[] };
  return { label, path, latency: summarise(latencies), bytes: Buffer.byteLength(last), items: (body.items ?? body.owners ?? []).length };
}

async function explain(pool: Pool, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
  return rows.map((r) => r['QUERY PLAN'] as string).join('\n');
}

const ms = (v: number) => v.toFixed(1);

/** Seeds, measures and returns the markdown section for the benchmark report. */
export async function runReadModelBench(opts: { stack: BenchStack; cases: number; log: Log }): Promise<string> {
  const { stack, log } = opts;
  const cases = opts.cases > 1 ? opts.cases : 100_000;
  log(`  seeding ${cases} cases into the read model …`);
  const seeded = await seedReadModel(stack.pool, cases);
  log(`  seeded in ${seeded.seconds.toFixed(1)} s (${seeded.tasks} tasks, ${seeded.events} events, ${seeded.subsidies} subsidies)`);

  const supervisor = await stack.token('supervisor', 'fastholdelsescentret');
  const consultant = await stack.token('consultant', 'fastholdelsescentret');
  const results: Timed[] = [];
  for (const [label, token, path] of [
    ['case list (50)', consultant, '/api/cases?limit=50'],
    ['case list, one municipality (50)', consultant, '/api/cases?status=active&municipality=751&limit=50'],
    ['stuck', supervisor, '/api/supervisor/stuck'],
    ['stuck, one municipality', supervisor, '/api/supervisor/stuck?municipality=751'],
    ['deadlines (56 days)', supervisor, '/api/supervisor/deadlines?withinDays=56'],
    ['overdue tasks per owner', supervisor, '/api/supervisor/overdue-tasks'],
  ] as const) {
    log(`  timing ${label} …`);
    results.push(await time(stack.apiUrl, token, label, path));
  }

  // Actors of the seeded cases for the workbench's own lists: consultant k0 (one case in 15) and caseworker
  // sb1, who owns the tasks of cases i ≡ 1 (mod 400): all in municipality 101 (i / 20 ≡ 0 mod 20) and all with
  // the citizen's consent (i mod 10 ≠ 0; without it the municipality sees nothing of a case).
  const seededConsultant = await stack.token('consultant', 'fastholdelsescentret', 'k0@fastholdelse.bench');
  const seededCaseworker = await stack.token('caseworker', '101', 'sb1@kommune.bench');
  const pages = await timeWorkbenchPages(stack.apiUrl, { consultant: seededConsultant, caseworker: seededCaseworker, supervisor }, log);

  const today = localDateInCopenhagen(Date.now());
  const b = stuckBounds(today, policyFor(today));
  const plans = [
    ['stuck candidates', await explain(stack.pool, await stuckCandidatesSql(stack.pool, false), [today, b.activityBefore, b.askedBefore, b.limitWindowEnd, policyFor(today).supervision.limitApproachingWindowWeeks * 7])],
    ['deadlines', await explain(stack.pool, DEADLINES_SQL, [today, addDays(today, 56), null, 1000])],
    ['overdue tasks per owner', await explain(stack.pool, OVERDUE_BY_OWNER_SQL, [today, null])],
  ];

  return [
    `Read model with ${cases.toLocaleString('en')} synthetic cases (${seeded.tasks.toLocaleString('en')} tasks, ` +
      `${seeded.events.toLocaleString('en')} events, ${seeded.subsidies.toLocaleString('en')} subsidies; seeded in ${seeded.seconds.toFixed(1)} s). ` +
      `${RUNS} sequential requests per endpoint after ${WARMUP} warm-up requests; latency in ms over HTTP to the API process.`,
    '',
    '| endpoint | items | answer | p50 | p95 | max |',
    '|---|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.label} \`${r.path}\` | ${r.items} | ${(r.bytes / 1024).toFixed(0)} KiB | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.max)} |`),
    '',
    ...pages,
    '',
    ...plans.flatMap(([name, plan]) => [`<details><summary>EXPLAIN ANALYZE: ${name}</summary>`, '', '```', plan, '```', '', '</details>', '']),
  ].join('\n');
}

async function main() {
  const { startBenchStack } = await import('./harness');
  const log: Log = (line) => console.log(line);
  const stack = await startBenchStack({ log, label: 'readmodel' });
  try {
    console.log(await runReadModelBench({ stack, cases: Number(process.argv[2] ?? 100_000), log }));
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`✖ ${(err as Error).message}`);
    process.exit(1);
  });
}
