// The municipality's sick-pay clock (sygedagpenge): duration limit, weeks paid, state refund rate,
// and reminders before the limit, with a Danish explanation a caseworker can check by hand.
import type { z } from 'zod';
import { businessDayOnOrBefore, closedDayName, isWeekend } from '../calendar/businessDays';
import { addDays, addWeeks, compareDates, dayOfWeek, daysBetween, type LocalDate } from '../calendar/localDate';
import type { Policy } from '../kernel/policy';
import type { partialSickLeaveSchema, sickLeavePeriodSchema, sickPayClockSchema } from './sickPay.schema';

/** One recorded return to work or resumption of sick leave. */
export type SickLeavePeriod = z.infer<typeof sickLeavePeriodSchema>;

/** A period of partial sick leave (some hours worked, partial sick pay for the rest). */
export type PartialSickLeave = z.infer<typeof partialSickLeaveSchema>;

/** Input to the clock: the first sick day and the recorded pauses, in chronological order; partial sick leave, if any. */
export interface SickPayClockInput {
  firstSickDay: LocalDate;
  periods: readonly SickLeavePeriod[];
  partialPeriods?: readonly PartialSickLeave[];
}

/** The rule partial sick leave follows, named in the explanation (docs/sick-pay-rules.md "Partial sick leave"). */
export const PARTIAL_SICK_LEAVE_RULE = 'sygedagpengeloven § 24: hver uge med udbetalte sygedagpenge tæller, også delvise';

/** Share of the normal hours the citizen is sick, in whole percent. */
export const sickPctOf = (p: Pick<PartialSickLeave, 'workingHoursPerWeek' | 'normalHoursPerWeek'>): number =>
  Math.round(((p.normalHoursPerWeek - p.workingHoursPerWeek) / p.normalHoursPerWeek) * 100);

/** A computed sick-pay clock as of one day. */
export type SickPayClock = z.infer<typeof sickPayClockSchema>;

/** Problems with a list of periods (English, they reach API clients); empty when the list is usable. */
export function validatePeriods(firstSickDay: LocalDate, periods: readonly SickLeavePeriod[]): string[] {
  const errors: string[] = [];
  periods.forEach((p, i) => {
    const expected = i % 2 === 0 ? 'return-to-work' : 'resumed';
    if (p.kind !== expected) {
      errors.push(
        `periods[${i}] is "${p.kind}" but must be "${expected}": periods must alternate, starting with return-to-work`,
      );
    }
    // A status change on the first sick day itself would mean the citizen was never sick that day.
    if (compareDates(p.date, firstSickDay) <= 0) {
      errors.push(`periods[${i}] date ${p.date} must be after the first sick day ${firstSickDay}`);
    }
    if (i > 0 && compareDates(p.date, periods[i - 1].date) <= 0) {
      errors.push(
        `periods[${i}] date ${p.date} must be after periods[${i - 1}] date ${periods[i - 1].date}: periods must be in chronological order`,
      );
    }
  });
  return errors;
}

function dage(n: number): string {
  return n === 1 ? '1 dag' : `${n} dage`;
}

/**
 * The clock as of `asOf`. Status changes dated after `asOf` have not happened yet and are ignored;
 * an open pause counts its days up to and including `asOf`, so the limit date moves while it lasts.
 */
export function computeSickPayClock(input: SickPayClockInput, asOf: LocalDate, policy: Policy): SickPayClock {
  const { firstSickDay, periods } = input;
  const errors = validatePeriods(firstSickDay, periods);
  if (errors.length > 0) throw new RangeError(`Invalid sick-leave periods: ${errors.join('; ')}`);
  const { excludedFirstDays, limitWeeks, refundBands } = policy.sickPay;

  const known = periods.filter((p) => compareDates(p.date, asOf) <= 0);
  const pauses: Array<{ from: LocalDate; to: LocalDate | null; days: number }> = [];
  for (let i = 0; i < known.length; i += 2) {
    const from = known[i].date;
    const to = known[i + 1]?.date ?? null;
    pauses.push({ from, to, days: to === null ? daysBetween(from, asOf) + 1 : daysBetween(from, to) });
  }
  const pausedDays = pauses.reduce((sum, p) => sum + p.days, 0);
  const paused = pauses.length > 0 && pauses[pauses.length - 1].to === null;

  // docs/sick-pay-rules.md: the excluded days are days 1..excludedFirstDays; the limit weeks are counted
  // from the next day (baseDate), so the limit date is the last day of the last limit week, the day on
  // which the limit weeks are paid in full. Sick pay beyond it is an extension and starts the day after.
  const baseDate = addDays(firstSickDay, excludedFirstDays);
  const unpausedLimit = addDays(addWeeks(baseDate, limitWeeks), -1);
  const limitDate = addDays(unpausedLimit, pausedDays);
  const limitPassed = compareDates(asOf, limitDate) > 0;

  // Counting is inclusive of asOf: on the first sick day one day has been counted.
  const countedDays = Math.max(0, daysBetween(firstSickDay, asOf) + 1 - pausedDays);
  const municipalDays = Math.max(0, countedDays - excludedFirstDays);
  const weeksPaid = Math.min(limitWeeks, Math.floor(municipalDays / 7));
  // Refund weeks are weeks of the municipality's own payments, counted like the limit from baseDate:
  // its days 1–7 are refund week 1, and during the excluded first days it refunds nothing.
  const week = Math.floor((municipalDays - 1) / 7) + 1;
  const band = refundBands.find((b) => week >= b.fromWeek && (b.toWeek === null || week <= b.toWeek));
  const refundRatePct = municipalDays === 0 || limitPassed ? 0 : (band?.pct ?? 0);

  // docs/sick-pay-rules.md "Partial sick leave": weeks of partial sick pay count like weeks of full sick pay,
  // so a partial period neither pauses the clock nor moves the limit; the explanation shows it.
  const partialPeriods = (input.partialPeriods ?? [])
    .filter((p) => compareDates(p.from, asOf) <= 0)
    .map((p) => ({ ...p, sickPct: sickPctOf(p) }));
  const lines = [
    `Første sygedag ${firstSickDay}.`,
    `De første ${excludedFirstDays} dage (${firstSickDay} til ${addDays(baseDate, -1)}) tæller ikke med; ugerne tælles fra ${baseDate}.`,
    `${limitWeeks} uger fra ${baseDate} er betalt ${unpausedLimit}.`,
    ...pauses.map((p) =>
      p.to === null
        ? `Raskmeldt fra ${p.from}, endnu ikke sygemeldt igen pr. ${asOf}: ${dage(p.days)} lægges til indtil videre.`
        : `Raskmeldt ${p.from} til ${p.to}: ${dage(p.days)} lægges til.`,
    ),
    ...partialPeriods.map(
      (p) =>
        `Delvist sygemeldt fra ${p.from}${p.to ? ` til ${p.to}` : ''} (arbejder ${p.workingHoursPerWeek} af ${p.normalHoursPerWeek} timer om ugen, sygemeldt ${p.sickPct} %): ` +
        `tæller som hele sygedage mod varighedsbegrænsningen og flytter den ikke (${PARTIAL_SICK_LEAVE_RULE}).`,
    ),
    `Varighedsbegrænsning: ${limitDate} (sidste dag inden for grænsen; en forlængelse begynder ${addDays(limitDate, 1)}).`,
    `Pr. ${asOf}: ${weeksPaid} uger betalt, ` +
      (municipalDays === 0 && !limitPassed
        ? `refusion 0 % (kommunen betaler først fra ${baseDate}).`
        : `refusion ${refundRatePct} %${limitPassed ? ', grænsen er passeret' : ` (refusionsuge ${week})`}.`),
  ];

  return {
    firstSickDay,
    limitDate,
    paused,
    pausedDays,
    weeksPaid,
    refundRatePct,
    limitPassed,
    explanation: { baseDate, excludedFirstDays, limitWeeks, pauses, partialPeriods, lines },
  };
}

/** One reminder before the sick-pay limit. */
export interface SickPayReminder {
  offsetWeeks: number;
  targetDate: LocalDate;
  sendOn: LocalDate;
  shiftedBecause: string | null;
}

const WEEKDAY_NAMES = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];

/**
 * Reminders `reminderOffsetsWeeks` before the limit, sent on the business day on or before the target
 * (earlier is safer for a warning), sorted by sendOn.
 */
export function reminderSchedule(limitDate: LocalDate, policy: Policy): SickPayReminder[] {
  return policy.sickPay.reminderOffsetsWeeks
    .map((offsetWeeks) => {
      const targetDate = addWeeks(limitDate, -offsetWeeks);
      const sendOn = businessDayOnOrBefore(targetDate, policy);
      let shiftedBecause: string | null = null;
      if (sendOn !== targetDate) {
        const holiday = closedDayName(targetDate, policy);
        shiftedBecause = holiday
          ? `${targetDate} er ${holiday}`
          : isWeekend(targetDate)
            ? `${targetDate} er en ${WEEKDAY_NAMES[dayOfWeek(targetDate)]} (weekend)`
            : `${targetDate} er ikke en arbejdsdag`;
      }
      return { offsetWeeks, targetDate, sendOn, shiftedBecause };
    })
    .sort((a, b) => compareDates(a.sendOn, b.sendOn) || b.offsetWeeks - a.offsetWeeks);
}
