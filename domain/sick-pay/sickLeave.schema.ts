// Zod schemas of the sick-leave command bodies, for the API; the commands are in sickLeave.ts,
// which the workflow bundle loads without zod.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { sickLeavePeriodSchema } from './sickPay.schema';

/** Body of `POST …/sick-leave/periods`. */
export const sickLeavePeriodInputSchema = sickLeavePeriodSchema;

/** Body of `POST …/sick-leave/first-sick-day`: the corrected day and why. */
export const firstSickDayCorrectionInputSchema = z.object({
  firstSickDay: localDateSchema,
  reason: z.string().trim().min(5, 'give a reason of at least 5 characters').max(1000),
});
