// Zod schemas of the job centre's own retention case: the fast-track record the case state keeps and the
// bodies of the fast-track commands (the intake itself is domain/case/caseIntake.schema.ts).
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { taskOwnerSchema } from '../tasks/tasks.schema';
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

/** Kinds of milestone in a retention plan: the building blocks of the quickest return (the Come-back programme). */
export const milestoneKindSchema = z.enum(['partial-return', 'work-trial', 'relocation', 'coaching', 'aids', 'gp-statement-requested', 'gp-statement-received']);
export type MilestoneKind = z.infer<typeof milestoneKindSchema>;

/** One recorded step of progress on a milestone. */
export const milestoneProgressSchema = z.object({ on: localDateSchema, by: z.string(), note: z.string() });

/** A promise of the retention plan: owner and date, kept by recording progress with `kept: true`. */
export const planMilestoneSchema = z.object({
  milestoneId: z.string(),
  kind: milestoneKindSchema,
  title: z.string(),
  owner: taskOwnerSchema,
  dueOn: localDateSchema,
  /** For a partial return: the hours per week from `dueOn` (rising hours are several milestones). */
  hoursPerWeek: z.number().nullable(),
  status: z.enum(['open', 'kept', 'cancelled']),
  progress: z.array(milestoneProgressSchema),
  /** The follow-up task that reminds and escalates it. */
  taskId: z.string(),
});
export type PlanMilestone = z.infer<typeof planMilestoneSchema>;

/** The retention plan agreed at the first conversation (or a roundtable) and followed until return and aftercare. */
export const retentionPlanSchema = z.object({
  agreedOn: localDateSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  milestones: z.array(planMilestoneSchema),
});
export type RetentionPlan = z.infer<typeof retentionPlanSchema>;

/** Body of `POST /api/cases/{id}/retention-plan/milestones`. */
export const addMilestoneSchema = z
  .object({
    kind: milestoneKindSchema,
    title: z.string().trim().min(1).max(300).optional(),
    owner: taskOwnerSchema,
    dueOn: localDateSchema,
    hoursPerWeek: z.number().min(0.5).max(80).optional(),
  })
  .refine((b) => b.kind !== 'partial-return' || b.hoursPerWeek !== undefined, { path: ['hoursPerWeek'], message: 'required for a partial return' });
export type AddMilestone = z.infer<typeof addMilestoneSchema>;

/** Body of `POST /api/cases/{id}/retention-plan/progress`. */
export const milestoneProgressInputSchema = z.object({
  milestoneId: z.string().trim().min(1).max(80),
  note: z.string().trim().min(1, 'must not be empty').max(2000),
  /** True when the promise is kept: the milestone and its task are done. */
  kept: z.boolean().optional().default(false),
});
export type MilestoneProgressInput = z.infer<typeof milestoneProgressInputSchema>;
