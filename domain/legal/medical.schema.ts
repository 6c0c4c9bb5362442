// Zod schema of the medical-status body, for the API; the command and the check-in alarm are in
// medical.ts, which the workflow bundle loads without zod.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';

/** Body of `POST …/medical-status`. */
export const medicalStatusInputSchema = z.object({
  stationary: z.boolean({ error: 'must be true or false' }),
  assessedOn: localDateSchema,
  source: z.string().trim().min(1, 'must not be empty').max(500).optional(),
});
