// Timer-driven work of a case (reminders, escalations, check-ins) as alarms (domain/alarms.ts)
// recomputed from the state. Features list their sources in alarmSources.ts.
import type { CaseChange } from './caseChange';
import type { CaseState } from './caseState';
import type { Policy } from './policy';
import { ALARM_SOURCES } from './alarmSources';
import { fireDue, unfiredAlarms, type Alarm as GenericAlarm } from './alarms';

/** A case alarm: one thing to do at an instant on the case. */
export type Alarm = GenericAlarm<CaseChange>;

/** A feature's alarms for a state. */
export type AlarmSource = (state: CaseState, policy: Policy) => Alarm[];

/** Alarms not yet fired, earliest first. */
export function pendingAlarms(state: CaseState, policy: Policy): Alarm[] {
  return unfiredAlarms(
    ALARM_SOURCES.flatMap((source) => source(state, policy)),
    state.firedAlarms,
  );
}

/** Fires every alarm due at `change.ctx.now`, marking each as fired; returns how many fired. */
export function fireDueAlarms(change: CaseChange): number {
  return fireDue(change, pendingAlarms);
}
