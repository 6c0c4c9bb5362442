// Zod schemas of the job centre's own retention case: the fast-track record the case state keeps and the
// bodies of the fast-track commands (the intake itself is domain/case/caseIntake.schema.ts).
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { fastTrackAnswersSchema, fastTrackRequestSchema } from '../case/caseIntake.schema';

/** The fast track as the case keeps it: who asked, when, the three answers, the employee's answer and the first conversation. */
export const fastTrackSchema = z.object({
  requestedBy: z.enum(['employer', 'employee']),
  requestedOn: localDateSchema,
  answers: fastTrackAnswersSchema.nullable(),
  /** null while the employee has not answered; false: declined, the first conversation moves to the end of week 8. */
  employeeConsent: z.boolean().nullable(),
  /** When the first follow-up conversation must be held (2 weeks after the request, or the end of week 8 when declined). */
  firstConversationDueOn: localDateSchema,
  firstConversationOn: localDateSchema.nullable(),
});
export type FastTrack = z.infer<typeof fastTrackSchema>;

/** Body of `POST /api/cases/{id}/fast-track`: a fast-track request on a retention case that has none. */
export const fastTrackRequestBodySchema = fastTrackRequestSchema.extend({ requestedBy: z.enum(['employer', 'employee']) });
export type FastTrackRequestBody = z.infer<typeof fastTrackRequestBodySchema>;

/** Body of `POST /api/cases/{id}/fast-track/progress`: the answers, the employee's answer, or the first conversation held. */
export const fastTrackProgressSchema = z
  .object({
    answers: fastTrackAnswersSchema.optional(),
    employeeConsent: z.boolean().optional(),
    firstConversationOn: localDateSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one of answers, employeeConsent, firstConversationOn' });
export type FastTrackProgress = z.infer<typeof fastTrackProgressSchema>;
