// A follow-up task as callers see it, with the derived overdue and escalated flags.
import type { LocalDate } from '../calendar/localDate';
import type { Task } from './tasks.schema';

/** A task as the API shows it, with the derived overdue flag. */
export function taskView(t: Task, today: LocalDate) {
  return {
    taskId: t.taskId,
    caseId: t.caseId,
    kind: t.kind,
    title: t.title,
    owner: t.owner,
    dueOn: t.dueOn,
    status: t.status,
    overdue: t.status === 'open' && t.dueOn < today,
    escalated: t.escalatedOn !== null,
    remindedOn: t.remindedOn,
    createdAt: t.createdAt,
    closedAt: t.closedAt,
    note: t.note,
    ref: t.ref,
  };
}
export type TaskView = ReturnType<typeof taskView>;
