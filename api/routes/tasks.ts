// Task routes (API.md "Tasks"): the caller's task list from the read model, and complete / cancel /
// reassign, each sent to the workflow of the case the task belongs to.
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth';
import type { AppDeps } from '../deps';
import { HttpProblem, forbidden, notFound, parseInput } from '../problems';
import { loadCase } from '../caseRepository';
import { runCaseCommand } from '../commands';
import { registerOperations } from '../openapi';
import { actorRef } from '../../domain/kernel/actor';
import { type Actor } from '../../domain/kernel/actor.schema';
import { visibleCasesSql } from '../../domain/case/access';
import { taskOwnerSchema, type Task } from '../../domain/tasks/tasks.schema';
import { taskView } from '../../domain/tasks/tasks.view';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
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

const TASK_ID = /^[A-Za-z0-9-]{1,80}$/;

const EVERYONE = ['consultant', 'caseworker', 'supervisor', 'insurer', 'union', 'employer'] as const;
const byOwnerToo = 'Staff with access to the case, or the task owner (matched by email); closed task → 409.';

// The OpenAPI document (GET /api/openapi.json) is built from these declarations and the same schemas.
registerOperations([
  {
    method: 'get',
    path: '/api/tasks',
    summary: 'Follow-up tasks of the cases the caller may see',
    description: '`owner=me` means tasks owned by the caller’s email; `overdue` = open and due before today (Copenhagen). Employers never see legal-track tasks. Ordered by due date.',
    tags: ['Tasks'],
    roles: [...EVERYONE],
    query: listQuerySchema,
    responses: { 200: '`{ items: [Task] }`' },
  },
  {
    method: 'post',
    path: '/api/tasks/{taskId}/complete',
    summary: 'Complete a task',
    description: byOwnerToo,
    tags: ['Tasks'],
    roles: [...EVERYONE],
    body: completeBodySchema,
    responses: { 200: 'The task, with `caseStatus` (a case in aftercare closes with its last task).', 409: 'The task is already closed.' },
  },
  {
    method: 'post',
    path: '/api/tasks/{taskId}/cancel',
    summary: 'Cancel a task with a reason',
    description: byOwnerToo,
    tags: ['Tasks'],
    roles: [...EVERYONE],
    body: cancelBodySchema,
    responses: { 200: 'The task, with `caseStatus`.', 409: 'The task is already closed.' },
  },
  {
    method: 'post',
    path: '/api/tasks/{taskId}/reassign',
    summary: 'Hand a task to a new owner (future reminders go to them)',
    description: byOwnerToo,
    tags: ['Tasks'],
    // The owner may hand its own task on too (docs/api.md), like complete and cancel.
    roles: [...EVERYONE],
    body: reassignBodySchema,
    responses: { 200: 'The task, with `caseStatus`.', 409: 'The task is already closed.' },
  },
]);

/** Routes under /api/tasks. */
export function taskRoutes(deps: AppDeps): Router {
  const r = Router();
  const today = () => localDateInCopenhagen((deps.now ?? Date.now)());

  r.get('/', async (req, res) => {
    const actor = actorOf(res);
    const q = parseInput(listQuerySchema, req.query, 'query');
    const day = today();
    const vis = visibleCasesSql(actor, 1);
    const params: unknown[] = [...vis.params];
    const where = [vis.sql];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    // Employers never see the legal track, tasks included.
    if (actor.role === 'employer') where.push(`t.track <> 'legal'`);
    if (q.owner) add((p) => `lower(t.owner_email) = lower(${p})`, q.owner === 'me' ? actor.email : q.owner);
    if (q.status) add((p) => `t.status = ${p}`, q.status);
    if (q.overdue !== undefined) {
      add((p) => `${q.overdue ? '' : 'NOT '}(t.status = 'open' AND t.due_on < ${p}::date)`, day);
    }
    if (q.caseId) add((p) => `t.case_id = ${p}`, q.caseId);
    params.push(q.limit);
    const { rows } = await deps.pool.query<{ data: Task }>(
      `SELECT t.data FROM tasks t JOIN cases c ON c.case_id = t.case_id
       WHERE ${where.join(' AND ')} ORDER BY t.due_on, t.task_id LIMIT $${params.length}`,
      params,
    );
    res.json({ items: rows.map((row) => taskView(row.data, day)) });
  });

  /** Loads the task's case for the actor and checks that they may act on the task. */
  async function taskFor(actor: Actor, taskId: string) {
    if (!TASK_ID.test(taskId)) throw notFound('task');
    const { rows } = await deps.pool.query<{ case_id: string }>('SELECT case_id FROM tasks WHERE task_id = $1', [taskId]);
    if (rows.length === 0) throw notFound('task');
    // A task of a case the caller may not know is just as unknown as a task that does not exist:
    // loadCase's own 404 ("No such case.") would tell the two apart and disclose the case.
    const { state, access } = await loadCase(deps.pool, actor, rows[0].case_id).catch((err: unknown) => {
      throw err instanceof HttpProblem && err.status === 404 ? notFound('task') : err;
    });
    const task = state.tasks.find((t) => t.taskId === taskId);
    if (!task || (task.track === 'legal' && !access.legalTrack)) throw notFound('task');
    // Staff manage every task of their cases; anyone else only the tasks they own.
    const owns = task.owner.email.toLowerCase() === actor.email.toLowerCase();
    if (!access.can('manage-tasks') && !owns) throw forbidden('Only the centre, the municipality, supervisors or the task owner may change a task.');
    // A closed task's case may have ended its workflow; answer from the read model like the domain would.
    if (task.status !== 'open') {
      throw new HttpProblem(409, 'task-closed', 'Conflict', `Task ${taskId} is already ${task.status}.`, { taskStatus: task.status });
    }
    return { caseId: state.caseId, actorRef: actorRef(actor) };
  }

  r.post('/:taskId/complete', async (req, res) => {
    const actor = actorOf(res);
    const { caseId, actorRef } = await taskFor(actor, req.params.taskId);
    const body = parseInput(completeBodySchema, req.body ?? {});
    const result = await runCaseCommand(deps.client, caseId, completeTaskUpdate, { actor: actorRef, taskId: req.params.taskId, note: body.note ?? null });
    res.json({ ...taskView(result.task, today()), caseStatus: result.status });
  });

  r.post('/:taskId/cancel', async (req, res) => {
    const actor = actorOf(res);
    const { caseId, actorRef } = await taskFor(actor, req.params.taskId);
    const body = parseInput(cancelBodySchema, req.body ?? {});
    const result = await runCaseCommand(deps.client, caseId, cancelTaskUpdate, { actor: actorRef, taskId: req.params.taskId, reason: body.reason });
    res.json({ ...taskView(result.task, today()), caseStatus: result.status });
  });

  r.post('/:taskId/reassign', async (req, res) => {
    const actor = actorOf(res);
    const { caseId, actorRef } = await taskFor(actor, req.params.taskId);
    const body = parseInput(reassignBodySchema, req.body ?? {});
    const result = await runCaseCommand(deps.client, caseId, reassignTaskUpdate, { actor: actorRef, taskId: req.params.taskId, owner: body.owner });
    res.json({ ...taskView(result.task, today()), caseStatus: result.status });
  });

  return r;
}
