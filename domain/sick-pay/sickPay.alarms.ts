// Timers of the sick-pay clock: limit reminders to the municipal caseworker (once per policy offset,
// on a business day in office hours, no burst for back-dated cases) and the start of the
// pending-injury-case extension (sygedagpengeloven § 27, stk. 1, nr. 6) when the limit passes.
import type { Alarm, AlarmSource } from '../case/alarmSource';
import type { CaseChange } from '../case/caseChange';
import type { CaseState } from '../case/caseState.schema';
import { COMMAND_PHASES } from '../case/casePhase';
import type { Policy } from '../kernel/policy';
import { nextOfficeInstant } from '../calendar/businessDays';
import { copenhagenInstant } from '../calendar/copenhagenTime';
import { addDays, daysBetween, maxDate, type LocalDate } from '../calendar/localDate';
import { computeSickPayClock, reminderSchedule, type SickPayClock, type SickPayReminder } from './sickPay';
import { isRetentionCase } from '../case/caseKind';

/** The law the extension ground and the rule-collision warning rest on. */
export const EXTENSION_RULE = 'sygedagpengeloven § 27, stk. 1, nr. 6';

/** Alarm key of the limit reminder at one offset: one per offset, so each is delivered once. */
export const reminderKey = (offsetWeeks: number): string => `sick-pay-reminder:${offsetWeeks}`;

/** True while the sick-pay clock matters to the centre: the case is in screening or active. */
export function sickPayClockRuns(s: CaseState): boolean {
  return (COMMAND_PHASES['record-sick-leave'] as readonly string[]).includes(s.status);
}

/**
 * The clock as the alarms see it, without reading "now": as of the latest date the state knows.
 * Periods are never dated in the future, so this equals today's clock unless a pause is open,
 * and then no alarms are scheduled anyway.
 */
export function alarmClock(s: CaseState, policy: Policy): SickPayClock {
  const known = [s.sickLeave.firstSickDay, ...s.sickLeave.periods.map((p) => p.date)];
  return computeSickPayClock(s.sickLeave, maxDate(...known), policy);
}

/** The instant a reminder goes out: its send day's first office hour (or the next office instant). */
export function reminderAt(r: SickPayReminder, policy: Policy): number {
  return nextOfficeInstant(copenhagenInstant(r.sendOn, policy.calendar.officeHours.startHour), policy);
}

/** True for a decision on loss of earning capacity (interim, final or revision with a percentage). */
export function isEarningCapacityDecision(d: { kind: string; earningCapacityLossPct?: number | null }): boolean {
  return (d.kind === 'interim' || d.kind === 'final' || d.kind === 'revision') && typeof d.earningCapacityLossPct === 'number';
}

/** True when the case has a decision on loss of earning capacity, which removes the extension ground. */
export function hasEarningCapacityDecision(s: CaseState): boolean {
  return s.decisions.some(isEarningCapacityDecision);
}

function fireReminder(change: CaseChange, r: SickPayReminder, limitDate: LocalDate, policy: Policy): void {
  const s = change.state;
  const now = change.ctx.now;
  const today = change.today;
  // Back-dated case: when a later reminder is due as well, only the most recent one goes out.
  const laterAlsoDue = reminderSchedule(limitDate, policy).some((o) => o.offsetWeeks < r.offsetWeeks && reminderAt(o, policy) <= now);
  // A reminder after the limit has nothing left to plan for: the extension takes over.
  const pointless = today > limitDate;
  const sent = !laterAlsoDue && !pointless;
  s.sickLeave.reminderLog.push({ offsetWeeks: r.offsetWeeks, limitDate, on: today, sent });
  if (!sent) return;
  const daysLeft = daysBetween(today, limitDate);
  // Whole weeks left, rounded down: a reminder moved to an earlier business day still says "8 weeks".
  const weeksLeft = Math.max(0, Math.floor(daysLeft / 7));
  change.record(
    'sick-pay-reminder-sent',
    'legal',
    `Påmindelse sendt til ${s.caseworker.name}: varighedsbegrænsningen ${limitDate} er om ${daysLeft} dage (${r.offsetWeeks}-ugers-påmindelsen).`,
  );
  change.email({
    key: `sick-pay-reminder:${s.caseId}:${r.offsetWeeks}:${limitDate}`,
    template: 'sick-pay-limit-reminder',
    to: { name: s.caseworker.name, email: s.caseworker.email },
    // A retention case has no injury reference (null, so the key is left out) but its own citizen reference.
    params: { caseId: s.caseId, injuryCaseRef: s.injuryCaseRef ?? undefined, ...(s.citizenRef ? { citizenRef: s.citizenRef } : {}), name: s.caseworker.name, limitDate, weeksLeft, daysLeft },
  });
}

function startExtension(change: CaseChange, limitDate: LocalDate): void {
  const s = change.state;
  if (s.sickLeave.extension.active || s.sickLeave.extension.endedOn !== null) return;
  const since = addDays(limitDate, 1);
  s.sickLeave.extension = { active: true, since, endedOn: null, endedByDecisionId: null };
  change.record(
    'sick-pay-extension-started',
    'legal',
    `Varighedsbegrænsningen ${limitDate} er passeret, mens arbejdsskadesagen verserer: ` +
      `sygedagpengene kan forlænges efter ${EXTENSION_RULE} fra ${since}.`,
  );
}

/** Reminder alarms before the limit and the extension-start alarm, while the clock runs and is not paused. */
export const sickPayAlarms: AlarmSource = (state: CaseState, policy: Policy): Alarm[] => {
  if (!sickPayClockRuns(state)) return [];
  const clock = alarmClock(state, policy);
  if (clock.paused) return [];
  const alarms: Alarm[] = reminderSchedule(clock.limitDate, policy).map((r) => ({
    key: reminderKey(r.offsetWeeks),
    at: reminderAt(r, policy),
    fire: (change) => fireReminder(change, r, clock.limitDate, policy),
  }));
  const ext = state.sickLeave.extension;
  // The extension ground is a pending work-injury case: a job centre retention case has none.
  if (!ext.active && ext.endedOn === null && !hasEarningCapacityDecision(state) && !isRetentionCase(state)) {
    // Keyed by the limit date: a corrected first sick day gives a fresh alarm for the new limit.
    alarms.push({
      key: `sick-pay-extension:${clock.limitDate}`,
      at: copenhagenInstant(addDays(clock.limitDate, 1), 0),
      fire: (change) => startExtension(change, clock.limitDate),
    });
  }
  return alarms;
};
