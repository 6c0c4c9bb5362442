// Commands on the sick-pay clock: record a return to work or a resumption (pauses move the limit,
// every pending reminder, and re-arm reminders already sent for a limit that moved well later) and
// correct the first sick day with a reason, journaled with its effect.
import type { z } from 'zod';
import { CaseChange } from '../case/caseChange';
import { requirePhase } from '../case/casePhase';
import { DomainRejection } from '../kernel/change';
import type { CaseState } from '../case/caseState.schema';
import { addDays, compareDates, daysBetween, maxDate, type LocalDate } from '../calendar/localDate';
import { computeSickPayClock, reminderSchedule, sickPctOf, validatePeriods, type PartialSickLeave, type SickLeavePeriod } from './sickPay';
import { reminderAt, reminderKey } from './sickPay.alarms';
import type { firstSickDayCorrectionInputSchema } from './sickLeave.schema';

/** Body of `POST …/sick-leave/first-sick-day`: the corrected day and why. */
export type FirstSickDayCorrectionInput = z.infer<typeof firstSickDayCorrectionInputSchema>;

function requireNotFuture(change: CaseChange, date: LocalDate, path: string): void {
  if (date > change.today) {
    throw new DomainRejection(422, 'future-date', `${path} ${date} is in the future; record it when it has happened`, {
      errors: [{ path, message: `must not be after today (${change.today})` }],
    });
  }
}

function limitOn(s: CaseState, change: CaseChange): LocalDate {
  return computeSickPayClock(s.sickLeave, change.today, change.ctx.policy).limitDate;
}

/**
 * How the workflow applies rules that came after some running cases had recorded their history (patch
 * markers, so a replay takes the path the history took); each is asked only when it would change the outcome.
 */
export interface SickLeaveRules {
  /** Whether reminders sent for a limit that has since moved later are re-armed (default: yes). */
  rearmRemindersOnLimitMove?: () => boolean;
}

/** Records a return to work (pause) or a resumption of sick leave. */
export function recordSickLeavePeriod(change: CaseChange, period: SickLeavePeriod, rules: SickLeaveRules = {}): void {
  const s = change.state;
  requirePhase(s, 'record-sick-leave');
  requireNotFuture(change, period.date, 'date');
  const last = s.sickLeave.periods[s.sickLeave.periods.length - 1];
  const errors: Array<{ path: string; message: string }> = [];
  if (period.kind === 'resumed' && last?.kind !== 'return-to-work') {
    errors.push({ path: 'kind', message: 'the citizen is not back at work: record return-to-work before resumed' });
  }
  if (period.kind === 'return-to-work' && last?.kind === 'return-to-work') {
    errors.push({ path: 'kind', message: `the citizen is already back at work since ${last.date}: record resumed first` });
  }
  if (period.date <= s.sickLeave.firstSickDay) {
    errors.push({ path: 'date', message: `must be after the first sick day ${s.sickLeave.firstSickDay}` });
  } else if (last && period.date <= last.date) {
    errors.push({ path: 'date', message: `must be after the last recorded change (${last.kind} on ${last.date})` });
  }
  const periods = [...s.sickLeave.periods, { kind: period.kind, date: period.date }];
  // The clock's own check is the safety net for anything the messages above do not name.
  if (errors.length === 0) validatePeriods(s.sickLeave.firstSickDay, periods).forEach((message) => errors.push({ path: 'date', message }));
  if (errors.length > 0) {
    throw new DomainRejection(422, 'invalid-period', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  // The limit as it stood before this pause began, so the journal shows what the pause added.
  const before = computeSickPayClock(
    { firstSickDay: s.sickLeave.firstSickDay, periods: period.kind === 'resumed' ? periods.slice(0, -2) : s.sickLeave.periods },
    change.today,
    change.ctx.policy,
  ).limitDate;
  s.sickLeave.periods = periods;
  const after = limitOn(s, change);
  if (period.kind === 'return-to-work') {
    change.record(
      'sick-leave-paused',
      'legal',
      `Raskmeldt fra ${period.date}: sygedagpengeuret står stille, og påmindelserne om varighedsbegrænsningen venter til sygemelding igen.`,
    );
  } else {
    change.record(
      'sick-leave-resumed',
      'legal',
      `Sygemeldt igen fra ${period.date}: varighedsbegrænsningen er flyttet fra ${before} til ${after}, og ventende påmindelser er flyttet med.`,
    );
    // Only a closed pause fixes the new limit (reminders wait while the citizen is back at work).
    rearmRemindersForMovedLimit(change, after, rules);
  }
}

/**
 * Each reminder offset fires once, so a reminder sent for a limit that has since moved later would not
 * come again before the new limit: a long pause after the 1-week reminder left the caseworker with no
 * reminder at all. Offsets whose last reminder was for a limit more than the policy's days earlier are
 * re-armed for the new one (an overdue one goes out at once, the most recent only, as for a back-dated
 * case), and the timeline says why. A smaller move keeps what was sent, so no limit is reminded twice.
 */
function rearmRemindersForMovedLimit(change: CaseChange, limit: LocalDate, rules: SickLeaveRules): void {
  const s = change.state;
  const policy = change.ctx.policy;
  // A passed limit needs no reminder: the extension alarm takes over.
  if (compareDates(limit, change.today) < 0) return;
  const fired = new Set(s.firedAlarms);
  const stale = policy.sickPay.reminderOffsetsWeeks.flatMap((offsetWeeks) => {
    if (!fired.has(reminderKey(offsetWeeks))) return [];
    const last = [...s.sickLeave.reminderLog].reverse().find((l) => l.offsetWeeks === offsetWeeks);
    return last && daysBetween(last.limitDate, limit) > policy.sickPay.reminderRearmDays ? [{ offsetWeeks, limitDate: last.limitDate }] : [];
  });
  if (stale.length === 0 || !(rules.rearmRemindersOnLimitMove?.() ?? true)) return;
  const keys = new Set(stale.map((x) => reminderKey(x.offsetWeeks)));
  s.firedAlarms = s.firedAlarms.filter((k) => !keys.has(k));

  const from = maxDate(...stale.map((x) => x.limitDate));
  const again = reminderSchedule(limit, policy).filter((r) => keys.has(reminderKey(r.offsetWeeks)));
  const overdue = again.some((r) => reminderAt(r, policy) <= change.ctx.now);
  const upcoming = again.find((r) => reminderAt(r, policy) > change.ctx.now);
  const when = [overdue ? 'den seneste forfaldne straks' : null, upcoming ? `næste ${upcoming.sendOn}` : null].filter((x) => x !== null).join(', ');
  change.record(
    'sick-pay-reminders-rearmed',
    'legal',
    `Varighedsbegrænsningen er flyttet ${daysBetween(from, limit)} dage senere, fra ${from} til ${limit}, efter at der var sendt påmindelser ` +
      `om den gamle grænse: påmindelserne før den nye grænse sendes igen (${when}).`,
  );
}

/** Corrects the first sick day (e.g. a typo found months later) and recalculates the limit and the reminders. */
export function correctFirstSickDay(change: CaseChange, input: FirstSickDayCorrectionInput): void {
  const s = change.state;
  const policy = change.ctx.policy;
  requirePhase(s, 'record-sick-leave');
  requireNotFuture(change, input.firstSickDay, 'firstSickDay');
  const from = s.sickLeave.firstSickDay;
  if (input.firstSickDay === from) {
    throw new DomainRejection(422, 'no-change', `the first sick day is already ${from}`, {
      errors: [{ path: 'firstSickDay', message: 'is the recorded first sick day already' }],
    });
  }
  const errors = validatePeriods(input.firstSickDay, s.sickLeave.periods);
  if (errors.length > 0) {
    throw new DomainRejection(422, 'invalid-period', `the recorded sick-leave periods do not fit the new first sick day: ${errors.join('; ')}`, {
      errors: [{ path: 'firstSickDay', message: errors.join('; ') }],
    });
  }
  const limitBefore = limitOn(s, change);
  s.sickLeave.firstSickDay = input.firstSickDay;
  const clock = computeSickPayClock(s.sickLeave, change.today, policy);
  const limitAfter = clock.limitDate;
  s.sickLeave.corrections.push({
    correctedOn: change.today,
    from,
    to: input.firstSickDay,
    reason: input.reason,
    by: change.ctx.actor.name,
    limitBefore,
    limitAfter,
  });

  // Reminders sent for the wrong limit must come again for the right one, if their new time is still ahead.
  const schedule = reminderSchedule(limitAfter, policy);
  const rearm = new Set(schedule.filter((r) => reminderAt(r, policy) > change.ctx.now).map((r) => reminderKey(r.offsetWeeks)));
  s.firedAlarms = s.firedAlarms.filter((k) => !rearm.has(k));

  const upcoming = schedule.find((r) => reminderAt(r, policy) > change.ctx.now);
  change.record(
    'first-sick-day-corrected',
    'legal',
    `Første sygedag er rettet fra ${from} til ${input.firstSickDay} (begrundelse: ${input.reason}). ` +
      `Varighedsbegrænsningen er flyttet fra ${limitBefore} til ${limitAfter}; ventende påmindelser er beregnet på ny` +
      (upcoming ? ` (næste ${upcoming.sendOn}).` : '.'),
  );

  // An extension that started on the wrong limit is withdrawn when the real limit has not passed.
  const ext = s.sickLeave.extension;
  if (ext.active && !clock.limitPassed) {
    s.sickLeave.extension = { active: false, since: null, endedOn: null, endedByDecisionId: null };
    change.record(
      'sick-pay-extension-withdrawn',
      'legal',
      `Forlængelsen efter § 27, stk. 1, nr. 6 er trukket tilbage: den rettede varighedsbegrænsning ${limitAfter} er ikke passeret.`,
    );
  }
}

/**
 * `POST …/sick-leave/partial`: a period of partial sick leave (rising hours are a new period from the day they
 * rise; an open period before it ends the day before). It counts towards the limit like full sick days.
 */
export function recordPartialSickLeave(change: CaseChange, input: PartialSickLeave): void {
  const s = change.state;
  requirePhase(s, 'record-sick-leave');
  requireNotFuture(change, input.from, 'from');
  const reject = (path: string, message: string) => {
    throw new DomainRejection(422, 'invalid-period', `${path}: ${message}`, { errors: [{ path, message }] });
  };
  if (input.workingHoursPerWeek >= input.normalHoursPerWeek) reject('workingHoursPerWeek', 'must be less than normalHoursPerWeek');
  if (input.to !== null && compareDates(input.to, input.from) < 0) reject('to', 'must not be before from');
  if (compareDates(input.from, s.sickLeave.firstSickDay) <= 0) reject('from', `must be after the first sick day ${s.sickLeave.firstSickDay}`);
  if (computeSickPayClock(s.sickLeave, input.from, change.ctx.policy).paused) reject('from', `the citizen is back at work on ${input.from}: record resumed first`);
  const periods = [...(s.sickLeave.partialPeriods ?? [])];
  const last = periods[periods.length - 1];
  if (last) {
    if (compareDates(input.from, last.from) <= 0) reject('from', `must be after the last partial period's start ${last.from}`);
    if (last.to === null) periods[periods.length - 1] = { ...last, to: addDays(input.from, -1) };
    else if (compareDates(input.from, last.to) <= 0) reject('from', `must be after the last partial period's end ${last.to}`);
  }
  periods.push({ from: input.from, to: input.to, workingHoursPerWeek: input.workingHoursPerWeek, normalHoursPerWeek: input.normalHoursPerWeek });
  s.sickLeave.partialPeriods = periods;
  change.record(
    'partial-sick-leave',
    // Like every sick-leave event: sick-pay data, not for the employer.
    'legal',
    `Delvist sygemeldt fra ${input.from}${input.to ? ` til ${input.to}` : ''}: arbejder ${input.workingHoursPerWeek} af ${input.normalHoursPerWeek} timer om ugen ` +
      `(sygemeldt ${sickPctOf(input)} %). Det tæller som hele sygedage mod varighedsbegrænsningen, som står på ${limitOn(s, change)}.`,
  );
}
