// Timer-driven work of a case (reminders, escalations, check-ins) as alarms (kernel/alarms.ts)
// recomputed from the state: add a feature's alarm source to ALARM_SOURCES.
import type { CaseChange } from './caseChange';
import type { CaseState } from './caseState.schema';
import type { Policy } from '../kernel/policy';
import { fireDue, unfiredAlarms } from '../kernel/alarms';
import type { Alarm, AlarmSource } from './alarmSource';
import { taskAlarms } from '../tasks/tasks.alarms';
import { roundtableAlarms } from '../roundtables/roundtables.alarms';
import { aftercareAlarms } from '../closing/aftercare.alarms';
import { sickPayAlarms } from '../sick-pay/sickPay.alarms';
import { medicalCheckInAlarms } from '../legal/medical.alarms';

/** Every alarm source of a case, in no particular order (alarms are sorted by time). */
export const ALARM_SOURCES: AlarmSource[] = [taskAlarms, roundtableAlarms, aftercareAlarms, sickPayAlarms, medicalCheckInAlarms];

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
