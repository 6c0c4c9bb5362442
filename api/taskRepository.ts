// Reads follow-up tasks from the read model in Postgres: the filtered task list of the cases a
// caller may see, and one task through its case, so a task of a hidden case is a 404 like the case.
import type { Pool } from 'pg';
import type { Actor } from '../domain/kernel/actor.schema';
import type { CaseState } from '../domain/case/caseState.schema';
import { visibleCasesSql, type CaseAccess } from '../domain/case/access';
import type { Task } from '../domain/tasks/tasks.schema';
import { isLegalTrackTask, LEGAL_TRACK_TASK_KINDS } from '../domain/tasks/tasks';
import type { LocalDate } from '../domain/calendar/localDate';
import { loadCase } from './caseRepository';
import { notFound } from './problems';

/** What the task list is filtered by; `overdue` is reckoned against `today`. */
export interface TaskListFilter {
  ownerEmail?: string;
  status?: Task['status'];
  overdue?: boolean;
  caseId?: string;
  limit: number;
}

/** Tasks of the cases the actor may see, by due date; employers never see the legal track, tasks included. */
export async function listTasks(pool: Pool, actor: Actor, today: LocalDate, f: TaskListFilter): Promise<Task[]> {
  const vis = visibleCasesSql(actor, 1);
  const params: unknown[] = [...vis.params];
  const where = [vis.sql];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (actor.role === 'employer') add((p) => `t.track <> 'legal' AND NOT (t.kind = ANY(${p}))`, LEGAL_TRACK_TASK_KINDS);
  if (f.ownerEmail) add((p) => `lower(t.owner_email) = lower(${p})`, f.ownerEmail);
  if (f.status) add((p) => `t.status = ${p}`, f.status);
  if (f.overdue !== undefined) add((p) => `${f.overdue ? '' : 'NOT '}(t.status = 'open' AND t.due_on < ${p}::date)`, today);
  if (f.caseId) add((p) => `t.case_id = ${p}`, f.caseId);
  params.push(f.limit);
  const { rows } = await pool.query<{ data: Task }>(
    `SELECT t.data FROM tasks t JOIN cases c ON c.case_id = t.case_id
     WHERE ${where.join(' AND ')} ORDER BY t.due_on, t.task_id LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => r.data);
}

const TASK_ID = /^[A-Za-z0-9-]{1,80}$/;

/** A task the actor may know about, with its case and the actor's access to it, or 404. */
export async function loadTask(pool: Pool, actor: Actor, taskId: string): Promise<{ task: Task; state: CaseState; access: CaseAccess }> {
  if (!TASK_ID.test(taskId)) throw notFound('task');
  const { rows } = await pool.query<{ case_id: string }>('SELECT case_id FROM tasks WHERE task_id = $1', [taskId]);
  if (rows.length === 0) throw notFound('task');
  const { state, access } = await loadCase(pool, actor, rows[0].case_id, 'task');
  const task = state.tasks.find((t) => t.taskId === taskId);
  if (!task || (isLegalTrackTask(task) && !access.legalTrack)) throw notFound('task');
  return { task, state, access };
}
