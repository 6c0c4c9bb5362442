// Zod schemas of the sick-pay clock's data (a recorded period, a computed clock) and of the records the
// case state keeps (extension, first-sick-day corrections, reminder log); the clock itself is sickPay.ts,
// which the workflow bundle loads without zod.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';

/** A change of sick-pay status: `return-to-work` starts a pause on its date, `resumed` (sick again) ends it. */
export const sickLeavePeriodSchema = z.object({
  kind: z.enum(['return-to-work', 'resumed']),
  date: localDateSchema,
});

/**
 * A period of partial sick leave: the citizen works `workingHoursPerWeek` of the normal `normalHoursPerWeek`
 * and gets partial sick pay for the rest; `to` null while it lasts (docs/sick-pay-rules.md "Partial sick leave").
 */
export const partialSickLeaveSchema = z.object({
  from: localDateSchema,
  to: localDateSchema.nullable(),
  workingHoursPerWeek: z.number().min(0.5).max(80),
  normalHoursPerWeek: z.number().min(1).max(80),
});

const pauseSchema = z.object({
  from: localDateSchema,
  to: localDateSchema.nullable(),
  days: z.number().int().min(0),
});

/** Zod schema of a computed sick-pay clock, as shown to caseworkers and API clients. */
export const sickPayClockSchema = z.object({
  firstSickDay: localDateSchema,
  limitDate: localDateSchema,
  paused: z.boolean(),
  pausedDays: z.number().int().min(0),
  weeksPaid: z.number().int().min(0),
  refundRatePct: z.number().min(0).max(100),
  limitPassed: z.boolean(),
  explanation: z.object({
    // First day after the excluded first days, from which the limit weeks are counted.
    baseDate: localDateSchema,
    excludedFirstDays: z.number().int().min(0),
    limitWeeks: z.number().int().min(1),
    pauses: z.array(pauseSchema),
    /** Partial sick leave known as of the day, with its share of sick hours; it counts like full sick days. */
    partialPeriods: z.array(partialSickLeaveSchema.extend({ sickPct: z.number().int().min(0).max(100) })),
    lines: z.array(z.string()),
  }),
});

/** The sick-pay extension on the ground "pending injury case" (sygedagpengeloven § 27, stk. 1, nr. 6). */
export const sickPayExtensionSchema = z.object({
  active: z.boolean(),
  /** First day of sick pay beyond the limit on this ground. */
  since: localDateSchema.nullable(),
  /** Day the ground was removed by an earning-capacity decision. */
  endedOn: localDateSchema.nullable(),
  endedByDecisionId: z.string().nullable(),
});
export type SickPayExtension = z.infer<typeof sickPayExtensionSchema>;

/** A correction of the first sick day (e.g. a typo found months later), journaled with its effect. */
export const firstSickDayCorrectionSchema = z.object({
  correctedOn: localDateSchema,
  from: localDateSchema,
  to: localDateSchema,
  reason: z.string(),
  by: z.string(),
  limitBefore: localDateSchema,
  limitAfter: localDateSchema,
});
export type FirstSickDayCorrection = z.infer<typeof firstSickDayCorrectionSchema>;

/** One limit reminder as it went out (or was skipped because a later one was also due). */
export const sickPayReminderLogSchema = z.object({
  offsetWeeks: z.number().int(),
  limitDate: localDateSchema,
  on: localDateSchema,
  sent: z.boolean(),
});
export type SickPayReminderLog = z.infer<typeof sickPayReminderLogSchema>;
