// Zod schemas of the citizen's consents and a union's power of attorney as they change over time
// (bodies of `POST …/consents` and `POST …/power-of-attorney`, and the log the case keeps).
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { powerOfAttorneySchema } from './caseIntake.schema';

/** What the citizen consents to: sharing with the municipality, or the employer's involvement. */
export const consentKindSchema = z.enum(['municipality', 'employer']);

/** Body of `POST /api/cases/{id}/consents`: a consent given or withdrawn, with its date and source document. */
export const consentInputSchema = z.object({
  kind: consentKindSchema,
  given: z.boolean(),
  date: localDateSchema,
  sourceDocument: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});
export type ConsentInput = z.infer<typeof consentInputSchema>;

/** Body of `POST /api/cases/{id}/power-of-attorney`: the union's power of attorney from a date. */
export const powerOfAttorneyInputSchema = z.object({
  powerOfAttorney: powerOfAttorneySchema,
  date: localDateSchema,
  sourceDocument: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});
export type PowerOfAttorneyInput = z.infer<typeof powerOfAttorneyInputSchema>;

/** One recorded change of consent or power of attorney, oldest first in the case. */
export const consentRecordSchema = z.object({
  kind: z.enum(['municipality', 'employer', 'union-power-of-attorney']),
  value: z.string(),
  date: localDateSchema,
  sourceDocument: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;
