// The sick-pay part of the case view: the clock as of today, the extension on the pending injury
// case, the next reminder, and a full explanation of why the limit and the reminders fall where they do.
import type { CaseState } from '../case/caseState.schema';
import type { LocalDate } from '../calendar/localDate';
import type { Policy } from '../kernel/policy';
import { computeSickPayClock, reminderSchedule } from './sickPay';
import { EXTENSION_RULE, reminderKey, sickPayClockRuns } from './sickPay.alarms';

/** Renders `sickPay` for readers of the legal track. */
export function sickPayView(s: CaseState, today: LocalDate, policy: Policy) {
  const clock = computeSickPayClock(s.sickLeave, today, policy);
  const runs = sickPayClockRuns(s);
  const fired = new Set(s.firedAlarms);
  const reminders = reminderSchedule(clock.limitDate, policy).map((r) => {
    const log = [...s.sickLeave.reminderLog].reverse().find((l) => l.offsetWeeks === r.offsetWeeks);
    const done = fired.has(reminderKey(r.offsetWeeks));
    return {
      ...r,
      status: !done ? ('pending' as const) : log?.sent === false ? ('skipped' as const) : ('sent' as const),
      sentOn: done ? (log?.on ?? null) : null,
    };
  });
  const next = runs && !clock.paused ? reminders.find((r) => r.status === 'pending') : undefined;
  const ext = s.sickLeave.extension;
  const lines = [
    ...clock.explanation.lines,
    ...s.sickLeave.corrections.map(
      (c) => `Første sygedag rettet ${c.correctedOn} fra ${c.from} til ${c.to} (${c.reason}): grænsen flyttet fra ${c.limitBefore} til ${c.limitAfter}.`,
    ),
    ...reminders.map(
      (r) =>
        `Påmindelse ${r.offsetWeeks} uger før: ${r.sendOn}` +
        (r.shiftedBecause ? ` (flyttet fra ${r.targetDate}, fordi ${r.shiftedBecause})` : '') +
        (r.status === 'sent' ? `, sendt ${r.sentOn}` : r.status === 'skipped' ? ', ikke sendt (en senere påmindelse var også forfalden)' : '') +
        '.',
    ),
    ...(ext.since ? [`Forlænget efter ${EXTENSION_RULE} fra ${ext.since}.`] : []),
    ...(ext.endedOn ? [`Grundlaget for forlængelse bortfaldt ${ext.endedOn} (afgørelse ${ext.endedByDecisionId}).`] : []),
  ];
  return {
    firstSickDay: clock.firstSickDay,
    limitDate: clock.limitDate,
    weeksPaid: clock.weeksPaid,
    refundRatePct: clock.refundRatePct,
    paused: clock.paused,
    periods: s.sickLeave.periods,
    // Partial sick leave with its share of sick hours: it counts like full sick days (explanation says why).
    partialPeriods: clock.explanation.partialPeriods,
    extension: {
      ground: 'pending-injury-case' as const,
      rule: EXTENSION_RULE,
      active: ext.active,
      since: ext.since,
      endedOn: ext.endedOn,
      endedByDecisionId: ext.endedByDecisionId,
    },
    nextReminderOn: next?.sendOn ?? null,
    corrections: s.sickLeave.corrections,
    explanation: { ...clock.explanation, corrections: s.sickLeave.corrections, reminders, lines },
  };
}
