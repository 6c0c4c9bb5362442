// Commands on one follow-up task: complete it, cancel it with a reason, or hand it to a new owner
// (whose are then the reminders still to come). A closed task stays closed.
import type { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import type { Task, TaskOwner } from './tasks.schema';
import { closeTask } from './tasks';
import { finishAftercareWhenDone } from '../closing/closing';
import { nextHighRiskFollowUp } from '../retention/riskScore';
import { cancelMilestoneOfTask } from '../retention/retentionPlan';

/** The task of this case, or 404. */
export function findTask(change: CaseChange, taskId: string): Task {
  const task = change.state.tasks.find((t) => t.taskId === taskId);
  if (!task) throw new DomainRejection(404, 'not-found', `no task ${taskId} in this case`);
  return task;
}

function requireOpen(task: Task): void {
  if (task.status !== 'open') {
    throw new DomainRejection(409, 'task-closed', `task ${task.taskId} is already ${task.status}`, { taskStatus: task.status });
  }
}

/**
 * Tasks kept by an act of their own, not by ticking them off: minutes are kept by sending them,
 * a revision by a decision, a promised subsidy by confirming its payment.
 */
const KEPT_ELSEWHERE: Partial<Record<Task['kind'], string>> = {
  'send-minutes': 'send the minutes: POST /api/cases/{caseId}/roundtables/{roundtableId}/minutes',
  revision: 'record a revision or final decision: POST /api/cases/{caseId}/decisions',
  'confirm-payment': 'confirm the payment: POST /api/subsidies/{subsidyId}/payment',
  'first-conversation': 'record the first conversation: POST /api/cases/{caseId}/fast-track/progress',
  'fast-track-answers': 'record the three answers: POST /api/cases/{caseId}/fast-track/progress',
  'plan-milestone': 'record the milestone kept: POST /api/cases/{caseId}/retention-plan/progress with kept: true',
};

function refuseIfKeptElsewhere(task: Task, action: 'complete' | 'cancel'): void {
  const how = KEPT_ELSEWHERE[task.kind];
  // A payment promised to the citizen is never dropped through the task list; the others may be
  // cancelled with a reason (e.g. the meeting was called off).
  if (how && (action === 'complete' || task.kind === 'confirm-payment')) {
    throw new DomainRejection(409, 'kept-elsewhere', `task ${task.taskId} (${task.kind}) is kept by its own action: ${how}`, {
      taskKind: task.kind,
      ref: task.ref,
    });
  }
}

/** Marks a task done. */
export function completeTask(change: CaseChange, input: { taskId: string; note?: string | null }): { task: Task } {
  const task = findTask(change, input.taskId);
  requireOpen(task);
  refuseIfKeptElsewhere(task, 'complete');
  closeTask(change, task, 'done', input.note?.trim() || null);
  nextHighRiskFollowUp(change, task);
  finishAftercareWhenDone(change);
  return { task };
}

/** Cancels a task; a promise is only dropped with a recorded reason. */
export function cancelTask(change: CaseChange, input: { taskId: string; reason: string }): { task: Task } {
  const task = findTask(change, input.taskId);
  const reason = input.reason?.trim();
  if (!reason) {
    throw new DomainRejection(400, 'validation', 'a task is cancelled only with a reason', { errors: [{ path: 'reason', message: 'must not be empty' }] });
  }
  requireOpen(task);
  refuseIfKeptElsewhere(task, 'cancel');
  closeTask(change, task, 'cancelled', reason);
  if (task.kind === 'plan-milestone') cancelMilestoneOfTask(change, task.taskId, reason);
  finishAftercareWhenDone(change);
  return { task };
}

/** Hands an open task to a new owner; a reminder not yet sent goes to the new owner only. */
export function reassignTask(change: CaseChange, input: { taskId: string; owner: TaskOwner }): { task: Task } {
  const task = findTask(change, input.taskId);
  requireOpen(task);
  const previous = task.owner.name;
  // The reminder alarm reads the owner when it fires, so replacing the owner moves every future reminder.
  task.owner = { role: input.owner.role, name: input.owner.name, email: input.owner.email };
  change.record('task-reassigned', task.track, `Opgaven "${task.title}" er overdraget fra ${previous} til ${task.owner.name}.`);
  return { task };
}
