// Zod schemas for closing a case (the outcome and the body of `POST …/close`), for the API; the
// closing rules are in closing.ts, which the workflow bundle loads without zod.
import { z } from 'zod';

/** How a retention case ended (DOMAIN.md "Outcomes"). */
export const caseOutcomeSchema = z.enum(['same-employer', 'same-employer-part-time', 'new-employer', 'flexjob', 'education', 'other-benefit', 'no-result']);

/** Body of `POST /api/cases/{id}/close`. */
export const closeCaseSchema = z.object({
  outcome: caseOutcomeSchema,
  note: z.string().trim().max(4000).optional(),
});
