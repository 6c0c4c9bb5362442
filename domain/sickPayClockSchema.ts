// Zod schemas of the sick-pay clock's data (a recorded period, a computed clock) for the case state
// and the API; the clock itself is sickPayClock.ts, which the workflow bundle loads without zod.
import { z } from 'zod';
import { localDateSchema } from './localDateSchema';

/** A change of sick-pay status: `return-to-work` starts a pause on its date, `resumed` (sick again) ends it. */
export const sickLeavePeriodSchema = z.object({
  kind: z.enum(['return-to-work', 'resumed']),
  date: localDateSchema,
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
    lines: z.array(z.string()),
  }),
});
