// The alarm mechanism shared by every long-lived entity (cases, subsidies): timer-driven work as
// pure data recomputed from the state, each occurrence fired once (its key kept in `firedAlarms`),
// so a workflow keeps one timer for the earliest and nothing is lost across continue-as-new.
import type { Policy } from './policy';

/** One thing to do at an instant on a change of type C; `key` is unique for that occurrence. */
export interface Alarm<C> {
  key: string;
  at: number;
  fire(change: C): void;
}

/** What firing needs of a change: its state's fired keys, the clock and the policy. */
export interface AlarmChange<S extends { firedAlarms: string[] }> {
  state: S;
  ctx: { now: number; policy: Policy };
}

// Code-unit order: localeCompare depends on the ICU data and locale of the worker running the replay.
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The alarms whose keys have not fired yet, earliest first (ties by key, for determinism). */
export function unfiredAlarms<A extends { key: string; at: number }>(alarms: A[], firedAlarms: string[]): A[] {
  const fired = new Set(firedAlarms);
  return alarms.filter((a) => !fired.has(a.key)).sort((a, b) => a.at - b.at || byCodeUnits(a.key, b.key));
}

/**
 * Fires every alarm due at `change.ctx.now`, marking each as fired; returns how many fired. An
 * alarm can make others due (e.g. a reminder that schedules its escalation), so it loops until
 * quiet, at most `maxRounds` times.
 */
export function fireDue<S extends { firedAlarms: string[] }, C extends AlarmChange<S>>(
  change: C,
  pending: (state: S, policy: Policy) => Alarm<C>[],
  maxRounds = 10,
): number {
  let count = 0;
  for (let round = 0; round < maxRounds; round++) {
    const due = pending(change.state, change.ctx.policy).filter((a) => a.at <= change.ctx.now);
    if (due.length === 0) break;
    for (const alarm of due) {
      change.state.firedAlarms.push(alarm.key);
      alarm.fire(change);
      count++;
    }
  }
  return count;
}
