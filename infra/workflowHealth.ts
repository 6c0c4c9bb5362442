// The Temporal side of "workflow-failing": asks Temporal (visibility + describe) which case workflows
// have failing workflow tasks, an activity retrying beyond the policy, or are not running while the
// case is open, and stores the answer in `workflow_problems` for the stuck query. Shared by API and worker.
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { Pool } from 'pg';
import type { Policy } from '../domain/kernel/policy';
import { OPEN_STATUSES } from '../domain/supervision/stuckRules';

/** The case workflow type and id prefix this check looks at. */
const CASE_WORKFLOW_TYPE = 'retentionCaseWorkflow';
const CASE_PREFIX = 'case-';

/** What was wrong with one workflow. */
export interface WorkflowProblem {
  caseId: string;
  workflowId: string;
  kind: 'not-running' | 'workflow-task-failing' | 'activity-retrying';
  since: Date;
  detail: string;
}

/** Summary of one check. */
export interface WorkflowCheck {
  checkedAt: string;
  running: number;
  problems: WorkflowProblem[];
}

// A workflow task on attempt 2 can be a single sticky-queue timeout after a worker restart; two
// failures in a row (attempt ≥ 3) is a workflow task that keeps failing (a bug or non-determinism).
const FAILING_WORKFLOW_TASK_ATTEMPT = 3;

/** What is wrong with a running workflow according to its description, or null. */
export function problemOfRunning(desc: WorkflowExecutionDescription, policy: Policy, now: number): Omit<WorkflowProblem, 'caseId' | 'workflowId'> | null {
  const wft = desc.raw.pendingWorkflowTask;
  if (wft && (wft.attempt ?? 0) >= FAILING_WORKFLOW_TASK_ATTEMPT) {
    return {
      kind: 'workflow-task-failing',
      since: new Date(optionalTsToMs(wft.originalScheduledTime) ?? optionalTsToMs(wft.scheduledTime) ?? now),
      detail: `Sagsforløbets workflow-opgave fejler (forsøg ${wft.attempt}); Temporal UI viser den stadig som kørende.`,
    };
  }
  const retrying = (desc.raw.pendingActivities ?? [])
    .filter((a) => (a.attempt ?? 1) - 1 >= policy.supervision.failingActivityAttempts)
    .sort((a, b) => (b.attempt ?? 0) - (a.attempt ?? 0));
  if (retrying.length > 0) {
    const a = retrying[0];
    // With encoded failure attributes (infra/dataConverter.ts) the message reads "Encoded failure": leave it out.
    const raw = a.lastFailure?.message ?? '';
    const failure = raw === 'Encoded failure' ? '' : raw.slice(0, 200);
    return {
      kind: 'activity-retrying',
      // Temporal keeps no first-attempt time for a pending activity: its scheduling time is the best known bound.
      since: new Date(optionalTsToMs(a.scheduledTime) ?? optionalTsToMs(a.lastStartedTime) ?? now),
      detail: `Aktiviteten ${a.activityType?.name ?? '?'} er fejlet ${(a.attempt ?? 1) - 1} gange${failure ? ` (${failure})` : ''}.`,
    };
  }
  return null;
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function mapLimit<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

async function describe(client: Client, workflowId: string): Promise<WorkflowExecutionDescription | null> {
  try {
    return await client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

async function listIds(client: Client, query: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const wf of client.workflow.list({ query, pageSize: 1000 })) {
    if (wf.workflowId.startsWith(CASE_PREFIX)) ids.add(wf.workflowId);
  }
  return [...ids];
}

const openList = OPEN_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * Checks every case workflow Temporal knows: each running one is described (pending workflow task and
 * activity attempts), and closed ones whose case is still open in Postgres are confirmed with describe.
 * Replaces the rows of `workflow_problems` accordingly and returns what it found.
 */
export async function checkCaseWorkflows(client: Client, pool: Pool, policy: Policy, concurrency = 8): Promise<WorkflowCheck> {
  const now = Date.now();
  const problems: WorkflowProblem[] = [];
  const healthy: string[] = [];

  const running = await listIds(client, `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`);
  await mapLimit(running, concurrency, async (workflowId) => {
    const desc = await describe(client, workflowId);
    if (!desc || desc.status.name !== 'RUNNING') return; // closed meanwhile: the closed pass below sees it
    const p = problemOfRunning(desc, policy, now);
    const caseId = workflowId.slice(CASE_PREFIX.length);
    if (p) problems.push({ caseId, workflowId, ...p });
    else healthy.push(caseId);
  });

  // Closed runs (not continued-as-new) whose case Postgres still shows as open.
  const runningSet = new Set(running);
  const closed = (
    await listIds(client, `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND ExecutionStatus != 'Running' AND ExecutionStatus != 'ContinuedAsNew'`)
  ).filter((id) => !runningSet.has(id));
  if (closed.length > 0) {
    const { rows } = await pool.query<{ case_id: string }>(
      `SELECT case_id FROM cases WHERE case_id = ANY($1::text[]) AND status IN (${openList})`,
      [closed.map((id) => id.slice(CASE_PREFIX.length))],
    );
    await mapLimit(rows, concurrency, async ({ case_id }) => {
      const workflowId = `${CASE_PREFIX}${case_id}`;
      const desc = await describe(client, workflowId);
      if (desc && desc.status.name === 'RUNNING') return; // a newer run (reset) is alive
      problems.push({
        caseId: case_id,
        workflowId,
        kind: 'not-running',
        since: desc?.closeTime ?? new Date(now),
        detail: `Sagsforløbet kører ikke i Temporal (${desc?.status.name ?? 'findes ikke'}), men sagen er åben.`,
      });
    });
  }

  const checkedAt = new Date(now).toISOString();
  const client_ = await pool.connect();
  try {
    await client_.query('BEGIN');
    await client_.query(
      `INSERT INTO workflow_problems (case_id, workflow_id, kind, since, detail, checked_at)
       SELECT p."caseId", p."workflowId", p.kind, p.since, p.detail, $2
       FROM jsonb_to_recordset($1::jsonb) AS p("caseId" text, "workflowId" text, kind text, since timestamptz, detail text)
       ON CONFLICT (case_id) DO UPDATE SET
         workflow_id = EXCLUDED.workflow_id, detail = EXCLUDED.detail, checked_at = EXCLUDED.checked_at,
         since = CASE WHEN workflow_problems.kind = EXCLUDED.kind THEN least(workflow_problems.since, EXCLUDED.since) ELSE EXCLUDED.since END,
         kind = EXCLUDED.kind`,
      [JSON.stringify(problems), checkedAt],
    );
    // Rows go once Temporal shows the workflow healthy, or the case is no longer open. A row whose
    // workflow Temporal no longer knows at all (history past retention) stays: the case is still stuck.
    await client_.query(
      `DELETE FROM workflow_problems w
       WHERE NOT (w.case_id = ANY($1::text[]))
         AND (w.case_id = ANY($2::text[])
              OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = w.case_id AND c.status IN (${openList})))`,
      [problems.map((p) => p.caseId), healthy],
    );
    await client_.query('COMMIT');
  } catch (err) {
    await client_.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client_.release();
  }
  return { checkedAt, running: running.length, problems };
}

/**
 * Keeps the Temporal check fresh without making every request wait: a check older than `maxAgeMs`
 * starts a new one in the background (one at a time); `fresh()` waits for a new one.
 */
export class WorkflowHealthCache {
  private last: WorkflowCheck | null = null;
  private inFlight: Promise<WorkflowCheck> | null = null;

  constructor(
    private readonly run: () => Promise<WorkflowCheck>,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** When Temporal was last asked, if ever. */
  get checkedAt(): string | null {
    return this.last?.checkedAt ?? null;
  }

  private start(): Promise<WorkflowCheck> {
    this.inFlight ??= this.run()
      .then((r) => (this.last = r))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Waits for a check that started now (or joins the one running). */
  async fresh(): Promise<WorkflowCheck> {
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    return this.start();
  }

  /**
   * Waits only for the first check of this process; later, a stale result triggers a background
   * refresh. Never throws: when Temporal cannot be asked, the stored rows of the last check stand.
   */
  async current(): Promise<void> {
    const warn = (err: unknown) => console.error(JSON.stringify({ level: 'warn', msg: 'workflow check failed', error: String(err) }));
    if (!this.last) {
      await this.start().catch(warn);
      return;
    }
    if (Date.now() - Date.parse(this.last.checkedAt) > this.maxAgeMs) this.start().catch(warn);
  }
}
