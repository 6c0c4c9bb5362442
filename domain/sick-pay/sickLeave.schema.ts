// Zod schemas of the sick-leave command bodies, for the API; the commands are in sickLeave.ts,
// which the workflow bundle loads without zod.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { partialSickLeaveSchema, sickLeavePeriodSchema } from './sickPay.schema';

/** Body of `POST …/sick-leave/periods`. */
export const sickLeavePeriodInputSchema = sickLeavePeriodSchema;

/** Body of `POST …/sick-leave/first-sick-day`: the corrected day and why. */
export const firstSickDayCorrectionInputSchema = z.object({
  firstSickDay: localDateSchema,
  reason: z.string().trim().min(5, 'give a reason of at least 5 characters').max(1000),
});

/** Body of `POST …/sick-leave/partial`: a period of partial sick leave; an open one before it ends the day before. */
export const partialSickLeaveInputSchema = partialSickLeaveSchema
  .extend({ to: localDateSchema.nullable().optional().default(null) })
  .refine((p) => p.workingHoursPerWeek < p.normalHoursPerWeek, { path: ['workingHoursPerWeek'], message: 'must be less than normalHoursPerWeek (else it is a return to work)' })
  .refine((p) => p.to === null || p.to >= p.from, { path: ['to'], message: 'must not be before from' });
