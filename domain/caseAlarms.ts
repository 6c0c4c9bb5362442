// Timer-driven work of a case (reminders, escalations, check-ins) as pure "alarms" recomputed from
// the state: the workflow keeps one timer for the earliest, so a case holds no pile of timers and
// nothing is lost across continue-as-new. Features list their sources in alarmSources.ts.
import type { CaseChange } from './caseChange';
import type { CaseState } from './caseState';
import type { Policy } from './policy';
import { ALARM_SOURCES } from './alarmSources';

/** One thing to do at an instant; `key` is unique for that occurrence and fires once. */
export interface Alarm {
  key: string;
  at: number;
  fire(change: CaseChange): void;
}

/** A feature's alarms for a state. */
export type AlarmSource = (state: CaseState, policy: Policy) => Alarm[];

/** Alarms not yet fired, earliest first. */
export function pendingAlarms(state: CaseState, policy: Policy): Alarm[] {
  const fired = new Set(state.firedAlarms);
  return ALARM_SOURCES
    .flatMap((source) => source(state, policy))
    .filter((a) => !fired.has(a.key))
    .sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/** Fires every alarm due at `change.ctx.now`, marking each as fired; returns how many fired. */
export function fireDueAlarms(change: CaseChange): number {
  let count = 0;
  // An alarm can make new ones due (e.g. a reminder scheduling its escalation), so loop until quiet.
  for (let round = 0; round < 10; round++) {
    const due = pendingAlarms(change.state, change.ctx.policy).filter((a) => a.at <= change.ctx.now);
    if (due.length === 0) break;
    for (const alarm of due) {
      change.state.firedAlarms.push(alarm.key);
      alarm.fire(change);
      count++;
    }
  }
  return count;
}
