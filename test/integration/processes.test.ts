// The service as separate processes, started exactly by the package scripts (`npm run api`, two
// `npm run worker`) against the test stack: the workers share the intake work, a worker killed
// mid-flight loses nothing, /metrics speaks Prometheus, and SIGTERM drains and exits cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createToken } from '../../api/auth';
import { createPool, createTemporalClient } from '../../infra/connections';
import type { ResolvedIntake } from '../../domain/case/caseIntake.schema';
import { awaitProjectionUpdate, caseWorkflowId } from '../../workflows/case/case.messages';
import type { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';
import { findFreePort } from '../../scripts/stack/ports';
import { intakeBody } from '../support/fixtures';
import { caughtMail, eventually, stackEnv } from '../support/service';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** A child process with its stdout JSON lines collected. */
interface Proc {
  name: string;
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
const procs: Proc[] = [];

/** Runs a package script's command directly (not through npm), so signals reach the process itself. */
function run(name: string, script: 'api' | 'worker', env: Record<string, string>): Proc {
  const [cmd, ...args] = scripts[script].split(' ');
  const child = spawn(cmd === 'node' ? process.execPath : cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = {
    name,
    child,
    lines: [],
    stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      proc.lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      proc.lines.push({ msg: line });
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => proc.stderr.push(line));
  procs.push(proc);
  return proc;
}

const running = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;
const describeProc = (p: Proc) => `${p.name}: ${p.stderr.slice(-5).join(' | ')} ${JSON.stringify(p.lines.slice(-3))}`;
/** `waiting`, or a readable failure as soon as the process exits. */
const whileRunning = <T>(p: Proc, waiting: Promise<T>): Promise<T> =>
  Promise.race([
    waiting,
    p.exited.then(({ code, signal }) => {
      throw new Error(`${p.name} exited early (${code ?? signal}): ${describeProc(p)}`);
    }),
  ]);
/** Workflow ids this worker ran workflow tasks for (from its LOG_TASKS lines). */
const workflowTasks = (p: Proc) => new Set(p.lines.filter((l) => l.msg === 'workflow task').map((l) => String(l.workflowId)));
const activityTypes = (p: Proc) => new Set(p.lines.filter((l) => l.msg === 'activity task').map((l) => String(l.activityType)));

let pool: Pool;
let baseUrl: string;
let token: string;
let metricsToken: string;
let api: Proc;
let workerA: Proc;
let workerB: Proc;
const workerPorts = { a: { health: 0, metrics: 0 }, b: { health: 0, metrics: 0 } };

const post = async (body: unknown) => {
  const res = await fetch(`${baseUrl}/api/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { caseId: string; status: string } };
};

/** Posts an intake until it is answered 201 or 409 (the case exists): a retried intake is idempotent. */
const intake = async (body: ReturnType<typeof intakeBody>) => {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await post(body);
      if (res.status === 201 || res.status === 409) return res;
      if (attempt >= 5) return res;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
};

beforeAll(async () => {
  const env = stackEnv();
  pool = createPool(env.databaseUrl, 2);
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  metricsToken = `mt-${randomUUID()}`;
  for (const w of [workerPorts.a, workerPorts.b]) {
    w.health = await findFreePort();
    w.metrics = await findFreePort();
  }
  const common = {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    SMTP_URL: env.smtpUrl,
    TEMPORAL_NAMESPACE: 'default',
    TASK_QUEUE: `processes-${randomUUID()}`,
    PORT: String(port),
    LOG_TASKS: '1',
    // The task lines are info lines (npm test sets LOG_LEVEL=warn for the in-process API log).
    LOG_LEVEL: 'info',
  };

  api = run('api', 'api', { ...common, METRICS_TOKEN: metricsToken });
  workerA = run('worker-a', 'worker', { ...common, WORKFLOW_BUNDLE_PATH: '', WORKER_HEALTH_PORT: String(workerPorts.a.health), WORKER_METRICS_PORT: String(workerPorts.a.metrics) });
  workerB = run('worker-b', 'worker', { ...common, WORKFLOW_BUNDLE_PATH: '', WORKER_HEALTH_PORT: String(workerPorts.b.health), WORKER_METRICS_PORT: String(workerPorts.b.metrics) });
  token = (await createToken(pool, { role: 'consultant', organisation: 'fastholdelsescentret', name: 'Karen Konsulent', email: `k-${randomUUID().slice(0, 8)}@test.local` })).token;

  // The task log's workflow part is bundled in at start (LOG_TASKS), so A and B bundle; give both time on a busy machine.
  await Promise.all([
    whileRunning(workerA, eventually(async () => workerA.lines.some((l) => l.msg === 'worker started'), 180_000, 250)),
    whileRunning(workerB, eventually(async () => workerB.lines.some((l) => l.msg === 'worker started'), 180_000, 250)),
    whileRunning(api, eventually(async () => (await fetch(`${baseUrl}/api/health`)).ok, 180_000, 250)),
  ]);
});

afterAll(async () => {
  for (const p of procs) if (running(p)) p.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await pool?.end();
});

const batch1: Array<ReturnType<typeof intakeBody>> = [];
const batch2: Array<ReturnType<typeof intakeBody>> = [];
const caseIds = new Map<string, string>(); // injury case ref → case id

test('a worker started with WORKFLOW_BUNDLE_PATH runs cases from that prebuilt bundle', async () => {
  const env = stackEnv();
  const taskQueue = `prebuilt-${randomUUID()}`;
  // The bundle the test setup wrote with the same function as `npm run build`.
  const codePath = process.env.WORKFLOW_BUNDLE_PATH!;
  const workerC = run('worker-c', 'worker', {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    SMTP_URL: env.smtpUrl,
    TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: codePath,
    LOG_LEVEL: 'info',
  });
  const started = await whileRunning(workerC, eventually(async () => workerC.lines.find((l) => l.msg === 'worker started'), 60_000, 100));
  expect(started.workflowBundle).toBe(codePath);
  const client = await createTemporalClient(env.temporalAddress, 'default');
  try {
    const body = intakeBody();
    const intake = { ...body, injuryCaseRef: body.injuryCaseRef.toUpperCase(), caseworker: body.caseworker!, consultant: null, employer: body.employer ?? null, union: body.union ?? null };
    const caseId = `pre-${randomUUID().slice(0, 12)}`;
    const handle = await client.workflow.start<typeof retentionCaseWorkflow>('retentionCaseWorkflow', {
      taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [{ caseId, opening: { intake: intake as ResolvedIntake, actor: { actorId: 'k', role: 'consultant', name: 'Karen Konsulent' } } }],
    });
    const answer = await whileRunning(workerC, handle.executeUpdate(awaitProjectionUpdate, { args: [{}] }));
    expect(answer.status).toBe('active');
    await handle.terminate('test over');
  } finally {
    await client.connection.close();
    workerC.child.kill('SIGTERM');
    await workerC.exited;
  }
});

test('two worker processes share the intake work of one API process', async () => {
  for (let i = 0; i < 12; i++) batch1.push(intakeBody());
  const answers = await Promise.all(batch1.map((b) => post(b)));
  expect(answers.map((a) => a.status)).toEqual(batch1.map(() => 201));
  expect(answers.map((a) => a.body.status)).toEqual(batch1.map(() => 'active'));
  batch1.forEach((b, i) => caseIds.set(b.injuryCaseRef, answers[i].body.caseId));

  const ids = new Set([...caseIds.values()].map((id) => `case-${id}`));
  const mine = (p: Proc) => [...workflowTasks(p)].filter((w) => ids.has(w));
  // Both processes ran workflow tasks of these cases, and together they ran every case.
  await eventually(async () => mine(workerA).length > 0 && mine(workerB).length > 0 && new Set([...mine(workerA), ...mine(workerB)]).size === ids.size);
  expect([...activityTypes(workerA), ...activityTypes(workerB)]).toEqual(expect.arrayContaining(['projectCase']));
  expect((await fetch(`http://127.0.0.1:${workerPorts.b.health}/health`)).status).toBe(200);
});

test('a worker killed mid-flight loses nothing: every case ends active and its insurer is emailed once', async () => {
  for (let i = 0; i < 12; i++) batch2.push(intakeBody());
  const posting = Promise.all(batch2.map((b) => intake(b)));
  // Kill worker B (no drain, no goodbye) as soon as it has taken on work from this batch.
  const before = workflowTasks(workerB);
  await eventually(async () => [...workflowTasks(workerB)].some((w) => !before.has(w)), 60_000, 20);
  workerB.child.kill('SIGKILL');
  expect((await workerB.exited).signal).toBe('SIGKILL');

  const answers = await posting;
  expect(answers.map((a) => a.status).every((s) => s === 201 || s === 409)).toBe(true);
  batch2.forEach((b, i) => caseIds.set(b.injuryCaseRef, answers[i].body.caseId));
  // The surviving worker carried on with this batch, including cases worker B had started.
  const batch2Workflows = new Set(batch2.map((b) => `case-${caseIds.get(b.injuryCaseRef)}`));
  const startedByB = [...workflowTasks(workerB)].filter((w) => batch2Workflows.has(w));
  expect(startedByB.length).toBeGreaterThan(0);
  await eventually(async () => startedByB.some((w) => workflowTasks(workerA).has(w)));

  for (const body of [...batch1, ...batch2]) {
    const caseId = caseIds.get(body.injuryCaseRef)!;
    const projected = await eventually(async () => {
      const { rows } = await pool.query<{ status: string }>('SELECT status FROM cases WHERE case_id = $1', [caseId]);
      return rows[0]?.status === 'active' && rows[0];
    }, 120_000);
    expect(projected.status).toBe('active');
    const mails = await eventually(async () => {
      const m = await caughtMail(body.insurer.email);
      return m.length > 0 && m;
    }, 120_000);
    expect({ caseId, insurerMails: mails.length }).toEqual({ caseId, insurerMails: 1 });
    // Marked sent just after the relay's answer (the catcher has it a moment earlier).
    const sent = await eventually(async () => {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_outbox WHERE key = $1 AND sent_at IS NOT NULL`, [`case-accepted:${caseId}`]);
      return rows[0].n > 0 && rows[0].n;
    });
    expect(sent).toBe(1);
  }
  const timelines = await pool.query<{ n: number }>(
    `SELECT count(DISTINCT case_id)::int AS n FROM case_events WHERE type = 'case-accepted' AND case_id = ANY($1)`,
    [[...caseIds.values()]],
  );
  expect(timelines.rows[0].n).toBe(caseIds.size);
});

test('GET /metrics: request and read-model metrics from the API, workflow metrics from the worker runtime', async () => {
  expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  expect(value(/^http_requests_total\{method="POST",route="\/api\/cases",status="201"\} (\d+)$/m)).toBeGreaterThanOrEqual(batch1.length);
  expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/api\/cases",status="201"\} \d+$/m);
  expect(value(/^retention_cases\{status="active"\} (\d+)$/m)).toBeGreaterThanOrEqual(caseIds.size);
  expect(text).toMatch(/^retention_read_model_up 1$/m);
  expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  // Case ids never become label values.
  expect(text).not.toMatch(/route="[^"]*case-/);

  const worker = await (await fetch(`http://127.0.0.1:${workerPorts.a.metrics}/metrics`)).text();
  expect(worker).toMatch(/^temporal_workflow_task_execution_latency\w*_bucket\{/m);
  expect(worker).toMatch(/^temporal_(local_)?activity_execution_latency\w*_bucket\{.*activity_type="projectCase"/m);
  expect(worker).toMatch(/^temporal_worker_task_slots_available\{/m);
  expect(worker).toMatch(/^temporal_sticky_cache_size\{/m);
});

test('SIGTERM drains the worker and stops the API; both exit with code 0', async () => {
  workerA.child.kill('SIGTERM');
  api.child.kill('SIGTERM');
  expect(await workerA.exited).toEqual({ code: 0, signal: null });
  expect(await api.exited).toEqual({ code: 0, signal: null });
  expect(workerA.lines.some((l) => l.msg === 'worker stopped')).toBe(true);
});
