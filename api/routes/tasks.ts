// Task routes under /api/tasks: the caller's task list from the read model, and complete / cancel /
// reassign, each sent to the workflow of the case the task belongs to.
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth';
import { nowOf, todayOf, type AppDeps } from '../deps';
import { forbidden, parseInput, problemOf } from '../problems';
import { listTasks, loadTask } from '../taskRepository';
import { runCaseCommand } from '../commands';
import { idempotencyKeyHeader, keyedCommand } from '../idempotency';
import { EVERYONE, type ApiOperation } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import type { Actor } from '../../domain/kernel/actor.schema';
import { taskOwnerSchema, type Task } from '../../domain/tasks/tasks.schema';
import { taskView } from '../../domain/tasks/tasks.view';
import { cancelTaskUpdate, completeTaskUpdate, reassignTaskUpdate } from '../../workflows/case/case.messages';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const listQuerySchema = z.object({
  owner: z.union([z.literal('me'), z.email('must be "me" or an email address')]).optional(),
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  overdue: flag.optional(),
  caseId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a case id').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const completeBodySchema = z.object({ note: z.string().trim().max(4000).optional() }).default({});
const cancelBodySchema = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(4000) });
const reassignBodySchema = z.object({ owner: taskOwnerSchema });

const byOwnerToo = 'Staff with access to the case, or the task owner (matched by email); closed task → 409.';
const reassignRule =
  'Staff with access to the case, or the task owner. The new owner must be staff of the case (its caseworker or consultant, a consultant or supervisor, or a caseworker of its municipality, each with a valid token) or the current owner: an outside address never becomes an owner (422 owner-not-staff). Closed task → 409.';

export const taskOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/tasks',
    summary: 'Follow-up tasks of the cases the caller may see',
    description: '`owner=me` means tasks owned by the caller’s email; `overdue` = open and due before today (Copenhagen). Employers never see legal-track tasks. Ordered by due date.',
    tags: ['Tasks'],
    roles: EVERYONE,
    query: listQuerySchema,
    responses: { 200: '`{ items: [Task] }`' },
  },
  {
    method: 'post',
    path: '/api/tasks/{taskId}/complete',
    summary: 'Complete a task',
    description: byOwnerToo,
    tags: ['Tasks'],
    roles: EVERYONE,
    body: completeBodySchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: 'The task, with `caseStatus` (a case in aftercare closes with its last task).', 409: 'The task is already closed.' },
  },
  {
    method: 'post',
    path: '/api/tasks/{taskId}/cancel',
    summary: 'Cancel a task with a reason',
    description: byOwnerToo,
    tags: ['Tasks'],
    roles: EVERYONE,
    body: cancelBodySchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: 'The task, with `caseStatus`.', 409: 'The task is already closed.' },
  },
  {
    method: 'post',
    path: '/api/tasks/{taskId}/reassign',
    summary: 'Hand a task to a new owner (future reminders go to them)',
    description: reassignRule,
    tags: ['Tasks'],
    // The owner may hand its own task on too, like complete and cancel.
    roles: EVERYONE,
    body: reassignBodySchema,
    headers: idempotencyKeyHeader(false),
    responses: { 200: 'The task, with `caseStatus`.', 409: 'The task is already closed.', 422: 'The new owner is not staff of the case.' },
  },
];

/**
 * Whether an email may own a task of the case: the case's caseworker or consultant, or a holder of a
 * valid staff token (consultant, supervisor, caseworker of the case's municipality).
 */
async function isStaffOf(pool: AppDeps['pool'], state: { caseworker: { email: string }; consultant: { email: string } | null; municipalityCode: string }, email: string): Promise<boolean> {
  const e = email.toLowerCase();
  if (state.caseworker.email.toLowerCase() === e || state.consultant?.email.toLowerCase() === e) return true;
  const { rowCount } = await pool.query(
    `SELECT 1 FROM actors WHERE lower(email) = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
       AND (role IN ('consultant', 'supervisor') OR (role = 'caseworker' AND organisation = $2)) LIMIT 1`,
    [e, state.municipalityCode],
  );
  return (rowCount ?? 0) > 0;
}

/** Routes under /api/tasks. */
export function taskRoutes(deps: AppDeps): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const actor = actorOf(res);
    const q = parseInput(listQuerySchema, req.query, 'query');
    const day = todayOf(deps);
    const tasks = await listTasks(deps.pool, actor, day, {
      ownerEmail: q.owner === 'me' ? actor.email : q.owner,
      status: q.status,
      overdue: q.overdue,
      caseId: q.caseId,
      limit: q.limit,
    });
    res.json({ items: tasks.map((t) => taskView(t, day)) });
  });

  /** The task and its case, if the actor may act on the task: staff manage every task of their cases, anyone else only their own. */
  async function taskFor(actor: Actor, taskId: string) {
    const { task, state, access } = await loadTask(deps.pool, actor, taskId);
    const owns = task.owner.email.toLowerCase() === actor.email.toLowerCase();
    if (!access.can('manage-tasks') && !owns) throw forbidden('Only the centre, the municipality, supervisors or the task owner may change a task.');
    return { task, state, actorRef: actorRef(actor) };
  }

  // A closed task's case may have ended its workflow; answer from the read model like the domain would.
  // Checked after the Idempotency-Key: a retry of the command that closed the task gets that command's answer.
  function requireOpen(task: Task): void {
    if (task.status !== 'open') throw problemOf(409, 'task-closed', `Task ${task.taskId} is already ${task.status}.`, { taskStatus: task.status });
  }

  r.post('/:taskId/complete', async (req, res) => {
    const { task, state, actorRef } = await taskFor(actorOf(res), req.params.taskId);
    const body = parseInput(completeBodySchema, req.body ?? {});
    const cmd = keyedCommand(req, completeTaskUpdate, { actor: actorRef, taskId: task.taskId, note: body.note ?? null }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) requireOpen(task);
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, completeTaskUpdate, cmd.input, cmd.updateId));
    res.json({ ...taskView(result.task, todayOf(deps)), caseStatus: result.status });
  });

  r.post('/:taskId/cancel', async (req, res) => {
    const { task, state, actorRef } = await taskFor(actorOf(res), req.params.taskId);
    const body = parseInput(cancelBodySchema, req.body ?? {});
    const cmd = keyedCommand(req, cancelTaskUpdate, { actor: actorRef, taskId: task.taskId, reason: body.reason }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) requireOpen(task);
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, cancelTaskUpdate, cmd.input, cmd.updateId));
    res.json({ ...taskView(result.task, todayOf(deps)), caseStatus: result.status });
  });

  r.post('/:taskId/reassign', async (req, res) => {
    const { task, state, actorRef } = await taskFor(actorOf(res), req.params.taskId);
    const body = parseInput(reassignBodySchema, req.body ?? {});
    const cmd = keyedCommand(req, reassignTaskUpdate, { actor: actorRef, taskId: task.taskId, owner: body.owner }, state.idempotencyKeys, nowOf(deps));
    if (!cmd.recorded) {
      requireOpen(task);
      const same = body.owner.email.toLowerCase() === task.owner.email.toLowerCase();
      if (!same && !(await isStaffOf(deps.pool, state, body.owner.email))) {
        throw problemOf(422, 'owner-not-staff', 'A task can only be handed to staff of its case (its caseworker or consultant, a consultant, a supervisor or a caseworker of its municipality).');
      }
    }
    const result = cmd.recorded ?? (await runCaseCommand(deps.client, state.caseId, reassignTaskUpdate, cmd.input, cmd.updateId));
    res.json({ ...taskView(result.task, todayOf(deps)), caseStatus: result.status });
  });

  return r;
}
