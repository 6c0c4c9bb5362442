// `npm run test:faults`: during a burst of intakes, subsidy requests and insurer decisions it (a) kills
// the worker with -9 and restarts it, (b) stops and restarts the Temporal dev server on the same file,
// (c) stops PostgreSQL, (d) stops the SMTP catcher; then checks that every case and subsidy is in the
// expected state, every approval has exactly one payment task, every email arrived exactly once and
// the read model matches Temporal. Two email scenarios run as well: every tenth case has an insurer the
// relay refuses (550: one bounced row and one task each, and the case still closes and completes), and
// the SMTP catcher turns into a relay that answers after 5 s while 50 emails are queued and 20 commands
// on other cases must still answer promptly. Writes bench/results/faults-<date>.md; exit 1 if anything
// was lost or duplicated. `--quick` (CI): shorter outages and fewer cases. `--engine cluster`: against the
// real server's services as processes, with the cluster-only faults of clusterFaults.ts added.
import { randomUUID, createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { caseWorkflowId, getCaseQuery } from '../../workflows/case/case.messages';
import { getSubsidyQuery, subsidyWorkflowId } from '../../workflows/subsidy/subsidy.messages';
import { sleep } from '../stack/timing';
import { addDays } from '../../domain/calendar/localDate';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { benchIntake, benchCaseId, BENCH_INSURER } from './cases';
import { subsidyRequest } from './decisions';
import { startBenchStack, waitFor, type BenchStack, type Log } from './harness';
import { CLUSTER_FAULT_SECONDS, injectClusterFaults } from './clusterFaults';
import { http, runPool, withRetries, type Attempted } from './loadClient';
import { environment, table, today, updateReadme, writeResult } from './report';
import { fmt } from './stats';

const log: Log = (line) => console.log(line);

type OpKind = 'intake' | 'subsidy request' | 'insurer decision';

/** Per kind of operation: what the client saw. */
interface OpCounts {
  attempted: number;
  firstTry: number;
  afterRetry: number;
  /** Extra HTTP attempts the client made (the same request again). */
  retries: number;
  lost: number;
  duplicated: number;
}

const emptyCounts = (): OpCounts => ({ attempted: 0, firstTry: 0, afterRetry: 0, retries: 0, lost: 0, duplicated: 0 });

/** The intake of a flow: a bounce flow's insurer is under `.invalid`, which the SMTP catcher refuses with 550. */
const flowIntake = (run: string, flow: { i: number; bounce: boolean }) => {
  const body = benchIntake(run, flow.i);
  return flow.bounce ? { ...body, insurer: { ...body.insurer, email: `skade-${run}-${flow.i}@forsikring.invalid` } } : body;
};

/** One case's journey through the burst; a `bounce` flow's insurer address is refused by the relay (550). */
interface Flow {
  i: number;
  bounce: boolean;
  caseId: string;
  intakeOk: boolean;
  subsidyId: string | null;
  approved: boolean;
  problems: string[];
}

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      cases: { type: 'string' },
      outage: { type: 'string' },
      concurrency: { type: 'string', default: '16' },
      'keep-data': { type: 'boolean', default: false },
      'no-readme': { type: 'boolean', default: false },
      engine: { type: 'string', default: 'dev' },
    },
  });
  const quick = Boolean(values.quick);
  const num = (v: string | undefined, d: number) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${v}`);
    return n;
  };
  return {
    quick,
    maxCases: Math.floor(num(values.cases, quick ? 120 : 400)),
    outageSeconds: num(values.outage, quick ? 10 : 30),
    concurrency: Math.floor(num(values.concurrency, 16)),
    keepData: Boolean(values['keep-data']),
    readme: !values['no-readme'],
    engine: values.engine === 'cluster' ? ('cluster' as const) : values.engine === 'dev' ? ('dev' as const) : unknownEngine(String(values.engine)),
  };
}

/** Runs the fault sequence; each step logged with its time since the burst began. */
async function injectFaults(stack: BenchStack, outageSeconds: number, t0: number, events: string[]): Promise<void> {
  const at = () => `t+${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const note = (line: string) => {
    events.push(`${at()} ${line}`);
    log(`  ⚡ ${at()} ${line}`);
  };
  const pause = (s: number) => sleep(s * 1000);
  const temporalOutage = Math.min(outageSeconds, 15);

  await pause(8);
  note(`(a) kill -9 worker (pid ${stack.worker.pid}); restarting it (it bundles its workflow code again)`);
  await stack.worker.kill9();
  await stack.worker.start();
  note('(a) worker back');

  await pause(8);
  const temporalName = stack.cluster ? 'all four Temporal services' : 'the Temporal dev server';
  note(`(b) stopping ${temporalName} for ${temporalOutage} s`);
  await stack.stopTemporal();
  await pause(temporalOutage);
  await stack.startTemporal();
  note(`(b) ${temporalName} back (${stack.cluster ? 'same databases and ports' : 'same SQLite file and port'})`);

  await pause(8);
  note(`(c) stopping PostgreSQL for ${outageSeconds} s`);
  await stack.stopPostgres();
  await pause(outageSeconds);
  await stack.startPostgres();
  note('(c) PostgreSQL back (same data dir and port)');

  await pause(8);
  note(`(d) stopping the SMTP catcher for ${outageSeconds} s`);
  await stack.smtp.stop();
  await pause(outageSeconds);
  await stack.smtp.start();
  note('(d) SMTP catcher back (same mail dir and port)');
  if (stack.cluster) await injectClusterFaults(stack, note, pause);
  await pause(5);
}

/** Runs one case's operations with client retries; records counts. */
async function runFlow(stack: BenchStack, tokens: { consultant: string; insurer: string }, run: string, flow: Flow, counts: Record<OpKind, OpCounts>): Promise<void> {
  const deadline = 240_000;
  const body = flowIntake(run, flow);
  const account = (kind: OpKind, a: Attempted, ok: boolean, okAfterRetryOnly = false) => {
    const c = counts[kind];
    c.attempted++;
    c.retries += a.attempts - 1;
    if (!ok) {
      c.lost++;
      flow.problems.push(`${kind}: ${a.answer.status} ${JSON.stringify(a.answer.body ?? a.answer.error ?? '').slice(0, 200)}`);
    } else if (a.attempts === 1 && !okAfterRetryOnly) c.firstTry++;
    else c.afterRetry++;
  };

  const intake = await withRetries(() => http(stack.apiUrl, 'POST', '/api/cases', { token: tokens.consultant, body, timeoutMs: 90_000 }), deadline);
  // A 409 after a retry means our own earlier attempt got through; on the first attempt it would be a duplicate.
  const dupAfterRetry = intake.answer.status === 409 && intake.attempts > 1;
  if (intake.answer.status === 409 && intake.attempts === 1) {
    counts.intake.attempted++;
    counts.intake.duplicated++;
    flow.problems.push('intake: 409 on the first attempt');
    return;
  }
  flow.intakeOk = intake.answer.status === 201 || dupAfterRetry;
  account('intake', intake, flow.intakeOk);
  if (!flow.intakeOk || flow.bounce) return;

  const request = await withRetries(
    () =>
      http(stack.apiUrl, 'POST', `/api/cases/${flow.caseId}/subsidies`, {
        token: tokens.consultant,
        body: subsidyRequest,
        headers: { 'idempotency-key': `faults-${run}-${flow.i}` },
        timeoutMs: 90_000,
      }),
    deadline,
  );
  const requested = request.answer.status === 201 || request.answer.status === 200;
  account('subsidy request', request, requested);
  if (!requested) return;
  flow.subsidyId = String(request.answer.body.subsidyId);

  const decision = await withRetries(
    () =>
      http(stack.apiUrl, 'POST', `/api/subsidies/${flow.subsidyId}/decision`, {
        token: tokens.insurer,
        body: { decision: 'approved', approvedAmountDkk: 6000, note: 'Bevilget' },
        headers: { 'idempotency-key': `faults-dec-${run}-${flow.i}` },
        timeoutMs: 90_000,
      }),
    deadline,
  );
  flow.approved = decision.answer.status === 200 && decision.answer.body?.status === 'approved';
  account('insurer decision', decision, flow.approved);
}

/** What the bounce flows came to: one bounced row and one task each, then the case closes and its workflow completes. */
interface BounceCheck {
  flows: number;
  ok: number;
  lost: number;
  doubled: number;
  problems: string[];
}

/**
 * Every acknowledged bounce flow: its insurer email bounced with one fix-the-address task (whatever the
 * faults did to it meanwhile); the task is then completed and the case closed, and its workflow must
 * complete (an undeliverable email no longer holds a case open).
 */
async function verifyBounces(stack: BenchStack, flows: Flow[], tokens: { consultant: string }): Promise<BounceCheck> {
  const mine = flows.filter((f) => f.bounce && f.intakeOk);
  const check: BounceCheck = { flows: mine.length, ok: 0, lost: 0, doubled: 0, problems: [] };
  log(`» bounced recipients: checking ${mine.length} cases (one bounced row and one task each; then close)`);
  await runPool(mine.length, 8, async (k) => {
    const f = mine[k];
    const key = `case-accepted:${f.caseId}`;
    const problem = (what: string, kind: 'lost' | 'doubled') => {
      check[kind]++;
      check.problems.push(`${f.caseId}: ${what}`);
    };
    const ready = await waitFor(
      async () => {
        const { rows } = await stack.pool.query<{ bounced: boolean; tasks: number }>(
          `SELECT bounced_at IS NOT NULL AS bounced, (SELECT count(*)::int FROM tasks t WHERE t.case_id = $2 AND t.ref = $1) AS tasks
           FROM email_outbox WHERE key = $1`,
          [key, f.caseId],
        );
        return rows[0]?.bounced === true && rows[0].tasks > 0;
      },
      120_000,
      2_000,
    );
    if (!ready) return problem('no bounced outbox row with its task', 'lost');
    const { rows: tasks } = await stack.pool.query<{ task_id: string }>('SELECT task_id FROM tasks WHERE case_id = $1 AND ref = $2', [f.caseId, key]);
    if (tasks.length !== 1) return problem(`${tasks.length} tasks for one bounce`, 'doubled');
    const done = await withRetries(
      () => http(stack.apiUrl, 'POST', `/api/tasks/${tasks[0].task_id}/complete`, { token: tokens.consultant, body: { note: 'Adressen er rettet.' }, timeoutMs: 60_000 }),
      120_000,
    );
    const closed = await withRetries(
      () => http(stack.apiUrl, 'POST', `/api/cases/${f.caseId}/close`, { token: tokens.consultant, body: { outcome: 'no-result' }, timeoutMs: 60_000 }),
      120_000,
    );
    if (done.answer.status !== 200 || closed.answer.status !== 200) return problem(`complete answered ${done.answer.status}, close ${closed.answer.status}`, 'lost');
    const completed = await waitFor(
      async () => (await stack.client.workflow.getHandle(caseWorkflowId(f.caseId)).describe()).status.name === 'COMPLETED',
      60_000,
      1_000,
    );
    if (!completed) return problem('closed, but its workflow did not complete', 'lost');
    check.ok++;
  });
  return check;
}

/** The slow-relay scenario's figures. */
interface SlowRelayResult {
  commands: number;
  /** Answered 200 within SLOW_RELAY_BOUND_MS. */
  prompt: number;
  p50Ms: number;
  maxMs: number;
  emails: number;
  /** Of the 50 emails, how many were still unsent when the last command had answered. */
  stillQueued: number;
  drained: boolean;
  drainSeconds: number;
  problems: string[];
}

/** A command counts as prompt below this (robust on a loaded 2-core machine; the 50 emails take over a minute). */
const SLOW_RELAY_BOUND_MS = 15_000;

/**
 * (e) The SMTP catcher answers each message after 5 s; 50 invitations are queued at once (two roundtables
 * of 25), and while they wait 20 commands on other cases must still answer promptly: sending holds no
 * database connection, and the dispatcher has its own pool. Afterwards the catcher is normal again.
 */
async function slowRelay(stack: BenchStack, flows: Flow[], tokens: { consultant: string }, run: string, note: (line: string) => void): Promise<SlowRelayResult> {
  const normal = flows.filter((f) => f.intakeOk && !f.bounce);
  const result: SlowRelayResult = { commands: 0, prompt: 0, p50Ms: 0, maxMs: 0, emails: 50, stillQueued: 0, drained: false, drainSeconds: 0, problems: [] };
  if (normal.length < 21) {
    result.problems.push(`only ${normal.length} cases to use; the slow-relay scenario needs 21`);
    return result;
  }
  const [burstCase, ...rest] = normal;
  const others = rest.slice(0, 20);
  note('(e) SMTP catcher restarted as a slow relay (answers each message after 5 s)');
  await stack.smtp.stop();
  await stack.smtp.start({ SMTP_ANSWER_DELAY_MS: '5000' });
  const mark = `deltager-${run}-`;
  const participants = (n: number) => Array.from({ length: 25 }, (_, i) => ({ role: 'other', name: `Deltager ${n}-${i}`, email: `${mark}${n}-${i}@bench.local` }));
  const scheduledAt = `${addDays(localDateInCopenhagen(Date.now()), 30)}T10:00:00+01:00`;
  const t0 = Date.now();
  const burst = [1, 2].map((n) =>
    withRetries(
      () =>
        http(stack.apiUrl, 'POST', `/api/cases/${burstCase.caseId}/roundtables`, {
          token: tokens.consultant,
          body: { scheduledAt, location: 'Jobcentret', purpose: 'Afklaring', agenda: ['Status'], participants: participants(n) },
          timeoutMs: 90_000,
        }),
      120_000,
    ),
  );
  const unsent = async () =>
    Number((await stack.pool.query<{ n: string }>(`SELECT count(*) AS n FROM email_outbox WHERE to_email LIKE $1 AND sent_at IS NULL`, [`${mark}%`])).rows[0].n);
  // The invitations are queued and being sent when the other commands arrive.
  await waitFor(async () => (await unsent()) > 0, 60_000, 100);
  const latencies: number[] = [];
  await Promise.all(
    others.map(async (f) => {
      const c0 = Date.now();
      const a = await http(stack.apiUrl, 'POST', `/api/cases/${f.caseId}/sick-leave/periods`, {
        token: tokens.consultant,
        body: { kind: 'return-to-work', date: localDateInCopenhagen(Date.now()) },
        timeoutMs: 60_000,
      });
      const ms = Date.now() - c0;
      latencies.push(ms);
      if (a.status === 200 && ms < SLOW_RELAY_BOUND_MS) result.prompt++;
      else result.problems.push(`${f.caseId}: sick-leave period answered ${a.status} after ${ms} ms`);
    }),
  );
  result.commands = others.length;
  result.stillQueued = await unsent();
  const sorted = [...latencies].sort((a, b) => a - b);
  result.p50Ms = sorted[Math.floor(sorted.length / 2)];
  result.maxMs = sorted[sorted.length - 1];
  for (const b of await Promise.all(burst)) if (b.answer.status !== 201) result.problems.push(`roundtable answered ${b.answer.status}`);
  note(`(e) 20 commands answered (p50 ${result.p50Ms} ms, max ${result.maxMs} ms) while ${result.stillQueued} of 50 emails still waited for the slow relay`);
  result.drained = await waitFor(async () => (await unsent()) === 0, 300_000, 2_000);
  result.drainSeconds = Math.round((Date.now() - t0) / 1000);
  note(`(e) slow relay ${result.drained ? `drained after ${result.drainSeconds} s` : '**not drained**'}; SMTP catcher back to normal`);
  await stack.smtp.stop();
  await stack.smtp.start();
  return result;
}

/** bench/results/<name>.md of a fault run. */
const resultName = (quick: boolean, engine: 'dev' | 'cluster') => `faults-${today()}${quick ? '-quick' : ''}${engine === 'cluster' ? '-cluster' : ''}`;

function unknownEngine(v: string): never {
  throw new Error(`--engine must be dev or cluster, not "${v}"`);
}

interface Caught {
  messageId: string | null;
  to: string[];
}

/** The Message-ID activities/email.ts derives from an outbox key. */
const messageIdFor = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@retention.local>`;

/** Recipients the SMTP catcher refuses with 550 (scripts/stack/smtpCatcher.ts). */
const REFUSED_RECIPIENT = /\.invalid$/i;

interface Verification {
  casesChecked: number;
  caseMismatches: string[];
  subsidiesChecked: number;
  subsidyMismatches: string[];
  paymentTasks: { approvals: number; exactlyOne: number; missing: number; doubled: number };
  emails: { outboxRows: number; unsent: number; deliveredOnce: number; bounced: number; lost: number; duplicated: number; unexpected: number };
  readModelCases: number;
  temporalCases: number;
  readModelSubsidies: number;
  temporalSubsidies: number;
  converged: boolean;
}

async function verify(stack: BenchStack, flows: Flow[]): Promise<Verification> {
  const pool = stack.pool;
  // Converged = no workflow of the run has an activity pending (email retries back off up to minutes
  // after an SMTP or PostgreSQL outage) and no outbox row is unsent.
  log('» verifying: waiting until no activity is pending (retries back off up to minutes) and the outbox is drained');
  const workflowIds = [
    ...flows.filter((f) => f.intakeOk).map((f) => caseWorkflowId(f.caseId)),
    ...flows.filter((f) => f.subsidyId).map((f) => subsidyWorkflowId(f.subsidyId!)),
  ];
  let busy = workflowIds;
  const drained = await waitFor(
    async () => {
      const still: string[] = [];
      await runPool(busy.length, 16, async (k) => {
        const d = await stack.client.workflow.getHandle(busy[k]).describe();
        if ((d.raw.pendingActivities?.length ?? 0) > 0) still.push(busy[k]);
      });
      busy = still;
      if (busy.length) log(`  ${busy.length} workflows still have pending activities`);
      if (busy.length) return false;
      return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM email_outbox WHERE sent_at IS NULL AND bounced_at IS NULL')).rows[0].n) === 0;
    },
    420_000,
    5_000,
  );

  // Case state: Postgres row vs the workflow's own state, until they agree (bounded).
  const caseMismatches: string[] = [];
  const paymentTasks = { approvals: 0, exactlyOne: 0, missing: 0, doubled: 0 };
  const acknowledged = flows.filter((f) => f.intakeOk);
  const checkCase = async (f: Flow): Promise<string | null> => {
    const { rows } = await pool.query<{ status: string; seq: number }>('SELECT status, seq FROM cases WHERE case_id = $1', [f.caseId]);
    if (rows.length === 0) return `${f.caseId}: acknowledged but not in the read model`;
    const state = await stack.client.workflow.getHandle(caseWorkflowId(f.caseId)).query(getCaseQuery);
    if (state.status !== 'active') return `${f.caseId}: workflow status ${state.status}, expected active`;
    if (rows[0].status !== state.status || rows[0].seq !== state.seq) {
      return `${f.caseId}: read model ${rows[0].status}/seq ${rows[0].seq}, workflow ${state.status}/seq ${state.seq}`;
    }
    if (f.approved) {
      const inState = state.tasks.filter((t) => t.kind === 'confirm-payment' && t.ref === f.subsidyId).length;
      const inDb = Number(
        (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE kind = 'confirm-payment' AND ref = $1`, [f.subsidyId])).rows[0].n,
      );
      if (inState !== 1 || inDb !== 1) return `${f.caseId}: ${inState} payment tasks in the workflow, ${inDb} in the read model for ${f.subsidyId}`;
    }
    return null;
  };
  let pending = acknowledged;
  const until = Date.now() + 120_000;
  for (;;) {
    const still: Flow[] = [];
    await runPool(pending.length, 16, async (k) => {
      const problem = await checkCase(pending[k]).catch((err: Error) => `${pending[k].caseId}: ${err.message}`);
      if (problem) still.push(pending[k]);
    });
    pending = still;
    if (pending.length === 0 || Date.now() > until) break;
    await sleep(3_000);
  }
  for (const f of pending) caseMismatches.push((await checkCase(f).catch((err: Error) => `${f.caseId}: ${err.message}`)) ?? `${f.caseId}: settled late`);
  for (const f of acknowledged.filter((x) => x.approved)) {
    paymentTasks.approvals++;
    const n = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE kind = 'confirm-payment' AND ref = $1`, [f.subsidyId])).rows[0].n);
    if (n === 1) paymentTasks.exactlyOne++;
    else if (n === 0) paymentTasks.missing++;
    else paymentTasks.doubled++;
  }

  const subsidyMismatches: string[] = [];
  const withSubsidy = flows.filter((f) => f.subsidyId);
  await runPool(withSubsidy.length, 16, async (k) => {
    const f = withSubsidy[k];
    try {
      const { rows } = await pool.query<{ status: string; seq: number }>('SELECT status, seq FROM subsidies WHERE subsidy_id = $1', [f.subsidyId]);
      const s = await stack.client.workflow.getHandle(subsidyWorkflowId(f.subsidyId!)).query(getSubsidyQuery);
      const expected = f.approved ? 'approved' : s.status;
      if (rows.length === 0 || rows[0].status !== s.status || rows[0].seq !== s.seq || s.status !== expected) {
        subsidyMismatches.push(`${f.subsidyId}: read model ${rows[0]?.status ?? 'missing'}/${rows[0]?.seq ?? '-'}, workflow ${s.status}/${s.seq}`);
      }
    } catch (err) {
      subsidyMismatches.push(`${f.subsidyId}: ${(err as Error).message}`);
    }
  });

  // Emails: each outbox key's Message-ID caught exactly once; no caught message without an outbox row.
  const { rows: outbox } = await pool.query<{ key: string; sent: boolean; bounced: boolean; to_email: string }>(
    'SELECT key, sent_at IS NOT NULL AS sent, bounced_at IS NOT NULL AS bounced, to_email FROM email_outbox',
  );
  const caught = new Map<string, number>();
  for (const name of readdirSync(stack.mailDir).filter((n) => n.endsWith('.json'))) {
    const m = JSON.parse(readFileSync(path.join(stack.mailDir, name), 'utf8')) as Caught;
    const id = m.messageId ?? `(none) ${name}`;
    caught.set(id, (caught.get(id) ?? 0) + 1);
  }
  const emails = {
    outboxRows: outbox.length,
    unsent: outbox.filter((r) => !r.sent && !r.bounced).length,
    deliveredOnce: 0,
    bounced: 0,
    lost: 0,
    duplicated: 0,
    unexpected: 0,
  };
  const known = new Set<string>();
  for (const r of outbox) {
    const id = messageIdFor(r.key);
    known.add(id);
    const n = caught.get(id) ?? 0;
    // A refused address must bounce and never arrive; any other bounce is a lost email.
    if (r.bounced && REFUSED_RECIPIENT.test(r.to_email)) {
      if (n === 0) emails.bounced++;
      else emails.duplicated++;
    } else if (r.bounced) emails.lost++;
    else if (n === 1) emails.deliveredOnce++;
    else if (n === 0) emails.lost++;
    else emails.duplicated++;
  }
  for (const [id, n] of caught) if (!known.has(id)) emails.unexpected += n;
  // Every accepted case emails its insurer: a case without that outbox row lost an email.
  const keys = new Set(outbox.map((r) => r.key));
  for (const f of acknowledged) if (!keys.has(`case-accepted:${f.caseId}`)) emails.lost++;

  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0].n);
  const temporalCount = async (query: string) => Number((await stack.client.workflow.count(query)).count);
  return {
    casesChecked: acknowledged.length,
    caseMismatches,
    subsidiesChecked: withSubsidy.length,
    subsidyMismatches,
    paymentTasks,
    emails,
    readModelCases: await count('SELECT count(*) AS n FROM cases'),
    temporalCases: await temporalCount(`WorkflowType = 'retentionCaseWorkflow'`),
    readModelSubsidies: await count('SELECT count(*) AS n FROM subsidies'),
    temporalSubsidies: await temporalCount(`WorkflowType = 'subsidyWorkflow'`),
    converged: drained,
  };
}

function render(
  opts: ReturnType<typeof options>,
  counts: Record<OpKind, OpCounts>,
  v: Verification,
  b: BounceCheck,
  slow: SlowRelayResult,
  crashes: number,
  events: string[],
  seconds: number,
  cliPath: string,
): { markdown: string; summary: string; failed: boolean } {
  const kinds = Object.keys(counts) as OpKind[];
  const total = kinds.reduce((t, k) => {
    const c = counts[k];
    return { attempted: t.attempted + c.attempted, ok: t.ok + c.firstTry + c.afterRetry, retried: t.retried + c.afterRetry, lost: t.lost + c.lost, dup: t.dup + c.duplicated };
  }, { attempted: 0, ok: 0, retried: 0, lost: 0, dup: 0 });
  const slowLost = slow.commands - slow.prompt + (slow.drained ? 0 : 1) + (slow.commands === 0 ? 1 : 0);
  const lost =
    total.lost + v.emails.lost + v.paymentTasks.missing + v.caseMismatches.length + v.subsidyMismatches.length + b.lost + slowLost +
    (v.readModelCases < v.temporalCases ? v.temporalCases - v.readModelCases : 0);
  const duplicated =
    total.dup + v.emails.duplicated + v.emails.unexpected + v.paymentTasks.doubled + b.doubled + (v.readModelCases > v.temporalCases ? v.readModelCases - v.temporalCases : 0);
  const failed = lost > 0 || duplicated > 0 || !v.converged || crashes > 0;
  const countsTable = table(
    ['operation', 'attempted', 'succeeded', 'of which after client retries', 'extra attempts (same request)', 'lost', 'duplicated'],
    [
      ...kinds.map((k) => {
        const c = counts[k];
        return [k, c.attempted, c.firstTry + c.afterRetry, c.afterRetry, c.retries, c.lost, c.duplicated];
      }),
      ['emails (outbox keys → caught Message-IDs, or bounced when refused)', v.emails.outboxRows, v.emails.deliveredOnce + v.emails.bounced, '–', '–', v.emails.lost, v.emails.duplicated + v.emails.unexpected],
      ['bounced recipients (550 → one bounced row, one task; the case then closes and completes)', b.flows, b.ok, '–', '–', b.lost, b.doubled],
      [`slow relay, 5 s a message: commands on other cases answered within ${SLOW_RELAY_BOUND_MS / 1000} s`, slow.commands, slow.prompt, '–', '–', slowLost, 0],
      ['payment tasks (one per approval)', v.paymentTasks.approvals, v.paymentTasks.exactlyOne, '–', '–', v.paymentTasks.missing, v.paymentTasks.doubled],
      ['**all**', `**${total.attempted}**`, `**${total.ok}**`, `**${total.retried}**`, '', `**${lost}**`, `**${duplicated}**`],
    ],
  );
  const state = table(
    ['check', 'result'],
    [
      ['cases: read model = workflow state (status active, same seq)', `${v.casesChecked - v.caseMismatches.length} / ${v.casesChecked}`],
      ['subsidies: read model = workflow state', `${v.subsidiesChecked - v.subsidyMismatches.length} / ${v.subsidiesChecked}`],
      ['case rows / case workflows', `${v.readModelCases} / ${v.temporalCases}`],
      ['subsidy rows / subsidy workflows', `${v.readModelSubsidies} / ${v.temporalSubsidies}`],
      ['outbox drained (no unsent email)', v.converged ? 'yes' : `**no** (${v.emails.unsent} unsent)`],
      ['emails bounced as expected (refused addresses, never caught)', String(v.emails.bounced)],
      [
        'slow relay: 20 commands while 50 emails waited',
        `p50 ${slow.p50Ms} ms, max ${slow.maxMs} ms; ${slow.stillQueued} of ${slow.emails} emails still queued when the last command answered; ${slow.drained ? `drained after ${slow.drainSeconds} s` : '**not drained**'}`,
      ],
      ['unplanned process exits (API, worker, SMTP catcher)', crashes ? `**${crashes}**` : '0'],
    ],
  );
  const problems = [...v.caseMismatches, ...v.subsidyMismatches, ...b.problems, ...slow.problems].slice(0, 20);
  const markdown = [
    `# Fault injection ${today()}${opts.quick ? ' (--quick)' : ''}${opts.engine === 'cluster' ? ', cluster engine' : ''}`,
    '',
    `\`npm run test:faults${opts.quick ? ' -- --quick' : ''}\`: up to ${opts.maxCases} case flows (intake → subsidy request → insurer approval; every tenth only an intake whose insurer address the relay refuses with 550), ` +
      `concurrency ${opts.concurrency}, outages ${opts.outageSeconds} s (Temporal ${Math.min(opts.outageSeconds, 15)} s); ${fmt(seconds, 0)} s in all. ` +
      'The client retries network errors and 5xx with the same request (same injuryCaseRef, same Idempotency-Key); a 409 duplicate-case after a retry counts as success after retry.',
    '',
    environment(cliPath),
    '',
    '## Faults injected during the burst',
    '',
    ...events.map((e) => `- ${e}`),
    '',
    '## Counts',
    '',
    countsTable,
    '',
    '## State afterwards',
    '',
    state,
    ...(problems.length ? ['', '## Problems', '', ...problems.map((p) => `- ${p}`)] : []),
    '',
    failed ? '**FAILED**: something was lost or duplicated, a process crashed, or the outbox did not drain.' : '**PASSED**: nothing lost, nothing duplicated, no process crashed.',
  ].join('\n');
  const summary = [
    `Latest fault run: ${today()}${opts.quick ? ' (--quick)' : ''}, ${total.attempted} operations, outages ${opts.outageSeconds} s; ${failed ? '**FAILED**' : 'passed'} (full report: bench/results/${resultName(opts.quick, opts.engine)}.md).`,
    '',
    countsTable,
  ].join('\n');
  return { markdown, summary, failed };
}

async function main(): Promise<number> {
  const opts = options();
  const started = Date.now();
  log(`» npm run test:faults${opts.quick ? ' --quick' : ''}: outages ${opts.outageSeconds} s, up to ${opts.maxCases} case flows`);
  const stack = await startBenchStack({ log, label: 'faults', keepData: opts.keepData, engine: opts.engine });
  const onSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const tokens = { consultant: await stack.token('consultant', 'centre'), insurer: await stack.token('insurer', BENCH_INSURER) };
    const run = randomUUID().slice(0, 6);
    const counts: Record<OpKind, OpCounts> = { intake: emptyCounts(), 'subsidy request': emptyCounts(), 'insurer decision': emptyCounts() };
    const flows: Flow[] = [];
    const events: string[] = [];

    log('» burst: case flows arrive while the faults are injected');
    const t0 = Date.now();
    // A process that dies on its own is a finding: note it, and restart it as a supervisor would.
    for (const child of [stack.worker, stack.api, stack.smtp]) {
      child.onCrash = (why) => {
        events.push(`t+${((Date.now() - t0) / 1000).toFixed(1)}s **UNPLANNED: ${child.name} exited (${why})**; restarted`);
        void child.start().catch((err: Error) => log(`  ✖ restart of ${child.name} failed: ${err.message}`));
      };
    }
    let faultsDone = false;
    const faults = injectFaults(stack, opts.outageSeconds, t0, events).finally(() => (faultsDone = true));
    // Arrivals spread over the expected length of the fault sequence (bounded by --cases and by the
    // sequence's real end), at most `concurrency` flows in flight.
    const expectedSeconds = 8 + 20 + 8 + Math.min(opts.outageSeconds, 15) + 8 + 2 * (opts.outageSeconds + 8) + 10 + (opts.engine === 'cluster' ? CLUSTER_FAULT_SECONDS : 0);
    const intervalMs = Math.max(50, Math.floor((expectedSeconds * 1000) / opts.maxCases));
    let inFlight = 0;
    const running: Array<Promise<void>> = [];
    let lastLog = Date.now();
    while (!faultsDone && flows.length < opts.maxCases) {
      if (inFlight < opts.concurrency) {
        const i = flows.length;
        const bounce = i % 10 === 9;
        const flow: Flow = { i, bounce, caseId: benchCaseId(flowIntake(run, { i, bounce })), intakeOk: false, subsidyId: null, approved: false, problems: [] };
        flows.push(flow);
        inFlight++;
        running.push(runFlow(stack, tokens, run, flow, counts).finally(() => inFlight--));
      }
      if (Date.now() - lastLog > 5_000) {
        const done = Object.values(counts).reduce((s, c) => s + c.firstTry + c.afterRetry, 0);
        log(`  burst: ${flows.length} flows started, ${inFlight} in flight, ${done} operations succeeded`);
        lastLog = Date.now();
      }
      await sleep(intervalMs);
    }
    await faults;
    log(`» burst over: waiting for ${inFlight} flows still in flight`);
    await Promise.all(running);

    const note = (line: string) => {
      events.push(`t+${((Date.now() - t0) / 1000).toFixed(1)}s ${line}`);
      log(`  ⚡ ${line}`);
    };
    const slow = await slowRelay(stack, flows, tokens, run, note);
    const v = await verify(stack, flows);
    const bounces = await verifyBounces(stack, flows, tokens);
    const crashes = [stack.worker, stack.api, stack.smtp].reduce((n, c) => n + c.crashes.length, 0);
    const { markdown, summary, failed } = render(opts, counts, v, bounces, slow, crashes, events, (Date.now() - started) / 1000, stack.cliPath);
    for (const f of flows) for (const p of f.problems.slice(0, 2)) log(`  ! flow ${f.i}: ${p}`);
    console.log(`\n${markdown}`);
    const file = writeResult(resultName(opts.quick, opts.engine), markdown);
    log(`✓ written ${path.relative(process.cwd(), file)}`);
    if (opts.readme && updateReadme(summary, opts.engine === 'cluster' ? 'faults-cluster' : 'faults')) log('✓ README.md fault summary updated');
    return failed ? 1 : 0;
  } finally {
    log('» stopping the fault-run stack');
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
