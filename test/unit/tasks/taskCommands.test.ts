// Task commands: promises kept by their own act cannot be ticked off through the task list.
import { CaseChange } from '../../../domain/case/caseChange';
import { DomainRejection } from '../../../domain/kernel/change';
import { openCase } from '../../../domain/case/caseOpening';
import type { ResolvedIntake } from '../../../domain/case/caseIntake.schema';
import { createTask } from '../../../domain/tasks/tasks';
import { cancelTask, completeTask } from '../../../domain/tasks/taskCommands';
import { CURRENT_POLICY } from '../../../domain/kernel/policy';
import { intakeBody } from '../../support/fixtures';

const actor = { actorId: 'c1', role: 'consultant' as const, name: 'Karen Konsulent' };
const ctx = { now: Date.UTC(2026, 10, 23, 10), actor, policy: CURRENT_POLICY };
const owner = { role: 'consultant', name: 'Karen Konsulent', email: 'karen@fastholdelse.local' };

function caseWithTask(kind: 'send-minutes' | 'revision' | 'confirm-payment' | 'action') {
  const b = intakeBody();
  const intake = { ...b, caseworker: b.caseworker!, consultant: null, employer: b.employer ?? null, union: null } as ResolvedIntake;
  const state = openCase('c1', intake, ctx).state;
  const task = createTask(new CaseChange(state, ctx), { kind, title: kind, owner, dueOn: '2026-12-01', ref: 'ref-1' });
  return { state, taskId: task.taskId };
}

const rejection = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as DomainRejection;
  }
  throw new Error('expected a rejection');
};

test.each(['send-minutes', 'revision', 'confirm-payment'] as const)('a %s task is not completed through the task list', (kind) => {
  const { state, taskId } = caseWithTask(kind);
  const err = rejection(() => completeTask(new CaseChange(state, ctx), { taskId, note: 'done' }));
  expect(err).toMatchObject({ status: 409, code: 'kept-elsewhere' });
  expect(state.tasks[0].status).toBe('open');
});

test('a promised payment cannot be cancelled away, minutes can be cancelled with a reason', () => {
  const pay = caseWithTask('confirm-payment');
  expect(rejection(() => cancelTask(new CaseChange(pay.state, ctx), { taskId: pay.taskId, reason: 'glemt' }))).toMatchObject({ status: 409 });
  const minutes = caseWithTask('send-minutes');
  cancelTask(new CaseChange(minutes.state, ctx), { taskId: minutes.taskId, reason: 'Mødet blev aflyst.' });
  expect(minutes.state.tasks[0]).toMatchObject({ status: 'cancelled', note: 'Mødet blev aflyst.' });
});

test('an ordinary action is completed through the task list', () => {
  const { state, taskId } = caseWithTask('action');
  completeTask(new CaseChange(state, ctx), { taskId, note: 'Bevilget.' });
  expect(state.tasks[0]).toMatchObject({ status: 'done', note: 'Bevilget.' });
});
