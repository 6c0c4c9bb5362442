// Follow-up tasks: creation and closing rules shared by every feature that makes a promise.
import type { CaseChange } from '../case/caseChange';
import type { Task, TaskKind, TaskOwner } from './tasks.schema';
import type { Track } from '../kernel/change.schema';
import type { LocalDate } from '../calendar/localDate';

/** What a feature says when it makes a promise. */
export interface NewTask {
  kind: TaskKind;
  title: string;
  owner: TaskOwner;
  dueOn: LocalDate;
  ref?: string | null;
  track?: Track;
}

/** Creates an open task with the next id in this case and records it on the timeline. */
export function createTask(change: CaseChange, t: NewTask): Task {
  const s = change.state;
  const task: Task = {
    taskId: `${s.caseId}-T${s.tasks.length + 1}`,
    caseId: s.caseId,
    kind: t.kind,
    title: t.title,
    owner: t.owner,
    dueOn: t.dueOn,
    status: 'open',
    createdAt: change.at,
    closedAt: null,
    note: null,
    ref: t.ref ?? null,
    track: t.track ?? 'retention',
    remindedOn: null,
    escalatedOn: null,
  };
  s.tasks.push(task);
  change.record('task-created', task.track, `Opgave oprettet: ${task.title} (ansvarlig: ${task.owner.name}, frist ${task.dueOn}).`);
  return task;
}

/** Open tasks of a case, e.g. those that block closing. */
export function openTasks(tasks: Task[]): Task[] {
  return tasks.filter((t) => t.status === 'open');
}

/** Marks a task done (or cancelled with a reason) unless it is already closed; returns whether it changed. */
export function closeTask(change: CaseChange, task: Task, how: 'done' | 'cancelled', note: string | null): boolean {
  if (task.status !== 'open') return false;
  task.status = how;
  task.closedAt = change.at;
  task.note = note;
  const verb = how === 'done' ? 'udført' : `annulleret (${note ?? ''})`;
  change.record(how === 'done' ? 'task-completed' : 'task-cancelled', task.track, `Opgave ${verb}: ${task.title}.`);
  return true;
}

/**
 * Task kinds that belong to the legal track whatever track a task records: payment tasks follow a
 * subsidy, which may name a treatment; running cases still hold ones created as 'retention'.
 */
export const LEGAL_TRACK_TASK_KINDS: readonly TaskKind[] = ['confirm-payment'];

/** True when only those who see the legal track may see the task. */
export const isLegalTrackTask = (t: Pick<Task, 'kind' | 'track'>): boolean => t.track === 'legal' || LEGAL_TRACK_TASK_KINDS.includes(t.kind);
