// The aftercare timer: a case in aftercare whose last task another feature closed finishes at once.
import type { Alarm, AlarmSource } from '../case/alarmSource';
import type { CaseState } from '../case/caseState.schema';
import type { Policy } from '../kernel/policy';
import { openTasks } from '../tasks/tasks';
import { finishAftercareWhenDone } from './closing';

/** Safety net for tasks closed by other features' commands: a case in aftercare with nothing open closes at once. */
export const aftercareAlarms: AlarmSource = (state: CaseState, _policy: Policy): Alarm[] =>
  state.status === 'aftercare' && openTasks(state.tasks).length === 0
    ? [{ key: `aftercare-finished:${state.caseId}`, at: 0, fire: (change) => void finishAftercareWhenDone(change) }]
    : [];
