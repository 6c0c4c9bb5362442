// Zod schemas of follow-up tasks (the promises of a case): owner, kind and the task as the case state keeps it.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { trackSchema } from '../kernel/change.schema';

/** Whoever must act on a task. */
export const taskOwnerSchema = z.object({
  role: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  email: z.email('must be an email address'),
});
export type TaskOwner = z.infer<typeof taskOwnerSchema>;

/** Kinds of follow-up task: every promise in a case is one of these. */
export const taskKindSchema = z.enum([
  'complete-screening',
  'action',
  'send-minutes',
  'contact-employer',
  'revision',
  'confirm-payment',
  'aftercare-check-in',
  // A job centre retention case's fast track and high-risk follow-up (domain/retention/).
  'fast-track-answers',
  'first-conversation',
  'early-roundtable',
  'high-risk-follow-up',
  // A promise of the retention plan (domain/retention/retentionPlan.ts).
  'plan-milestone',
  'other',
]);
export type TaskKind = z.infer<typeof taskKindSchema>;

/** A tracked obligation with an owner and a due date; only completion or a reasoned cancellation ends it. */
export const taskSchema = z.object({
  taskId: z.string(),
  caseId: z.string(),
  kind: taskKindSchema,
  title: z.string(),
  owner: taskOwnerSchema,
  dueOn: localDateSchema,
  status: z.enum(['open', 'done', 'cancelled']),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  note: z.string().nullable(),
  /** What the task follows up: a roundtable, subsidy or decision id. */
  ref: z.string().nullable(),
  track: trackSchema,
  remindedOn: localDateSchema.nullable(),
  escalatedOn: localDateSchema.nullable(),
});
export type Task = z.infer<typeof taskSchema>;
