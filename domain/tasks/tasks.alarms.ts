// Timers of follow-up tasks: a reminder to the owner on the due date (in office hours) and an
// escalation to the supervisors a policy number of business days later, until the task is closed.
import type { Alarm, AlarmSource } from '../case/alarmSource';
import type { CaseState } from '../case/caseState.schema';
import type { Task } from './tasks.schema';
import type { Policy } from '../kernel/policy';
import { addBusinessDays, nextOfficeInstant } from '../calendar/businessDays';
import { copenhagenInstant } from '../calendar/copenhagenTime';

/** When a task's reminder goes out: the due date's first office hour. */
export function taskReminderAt(task: Task, policy: Policy): number {
  return nextOfficeInstant(copenhagenInstant(task.dueOn, policy.calendar.officeHours.startHour), policy);
}

/** When an unfinished task is escalated to the supervisors. */
export function taskEscalationAt(task: Task, policy: Policy): number {
  // A revision of an interim decision or safe minimum has its own, policy-set escalation window.
  const days = task.kind === 'revision' ? policy.decisions.revisionEscalationBusinessDays : policy.tasks.escalationBusinessDays;
  const day = addBusinessDays(task.dueOn, days, policy);
  return nextOfficeInstant(copenhagenInstant(day, policy.calendar.officeHours.startHour), policy);
}

/** Reminder and escalation alarms of every open task. */
export const taskAlarms: AlarmSource = (state: CaseState, policy: Policy): Alarm[] =>
  state.tasks
    .filter((t) => t.status === 'open')
    .flatMap((t): Alarm[] => [
      {
        key: `task-reminder:${t.taskId}`,
        at: taskReminderAt(t, policy),
        fire: (change) => {
          const task = change.state.tasks.find((x) => x.taskId === t.taskId)!;
          task.remindedOn = change.today;
          change.record('task-reminded', task.track, `Påmindelse sendt til ${task.owner.name}: ${task.title}.`);
          change.email({
            key: `task-reminder:${task.taskId}`,
            template: 'task-reminder',
            to: { name: task.owner.name, email: task.owner.email },
            params: { caseId: task.caseId, taskId: task.taskId, title: task.title, dueOn: task.dueOn },
          });
        },
      },
      {
        key: `task-escalation:${t.taskId}`,
        at: taskEscalationAt(t, policy),
        fire: (change) => {
          const task = change.state.tasks.find((x) => x.taskId === t.taskId)!;
          task.escalatedOn = change.today;
          change.record('task-escalated', task.track, `Opgaven er ikke løst og er sendt videre til ledelsen: ${task.title}.`);
          change.email({
            key: `task-escalation:${task.taskId}`,
            template: 'task-escalation',
            to: { name: 'supervisors', email: 'role:supervisor' },
            params: { caseId: task.caseId, taskId: task.taskId, title: task.title, dueOn: task.dueOn, owner: task.owner.name },
          });
        },
      },
    ]);
