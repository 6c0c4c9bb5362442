// The state of one retention case as its workflow holds it and carries across continue-as-new;
// also the snapshot the read model stores. Pure data: JSON-serialisable, no classes.
import { z } from 'zod';
import { localDateSchema } from './localDateSchema';
import { sickLeavePeriodSchema } from './sickPayClockSchema';
import {
  appealSchema,
  decisionSchema,
  firstSickDayCorrectionSchema,
  insurerConsultationSchema,
  medicalStatusRecordSchema,
  sickPayExtensionSchema,
  sickPayReminderLogSchema,
} from './lifecycleRecords';
import { roundtableSchema } from './roundtableSchema';
import { subsidySummarySchema } from './subsidiesSchema';
import {
  contactSchema,
  employerSchema,
  injurySchema,
  insurerSchema,
  referralSourceSchema,
  unionSchema,
} from './caseIntake';

/** Where a case is in its life (API.md `status`). */
export const caseStatusSchema = z.enum(['screening', 'rejected', 'active', 'aftercare', 'closed']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Which track an event or fact belongs to: employers never see the legal track. */
export const trackSchema = z.enum(['case', 'legal', 'retention']);
export type Track = z.infer<typeof trackSchema>;

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

/** A timeline entry; `summary` is Danish and holds no more than the track's readers may see. */
export const caseEventSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  type: z.string(),
  actor: z.string(),
  track: trackSchema,
  summary: z.string(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

/** An email the workflow wants sent; `key` makes it unique in the outbox so retries send nothing twice. */
export const emailIntentSchema = z.object({
  key: z.string(),
  template: z.string(),
  to: z.object({ name: z.string(), email: z.string() }),
  params: z.record(z.string(), z.unknown()),
});
export type EmailIntent = z.infer<typeof emailIntentSchema>;

/** The whole case. Feature arrays (decisions, roundtables, subsidies …) are typed by their own modules. */
export const caseStateSchema = z.object({
  caseId: z.string(),
  injuryCaseRef: z.string(),
  municipalityCode: z.string(),
  status: caseStatusSchema,
  referral: z.object({ source: referralSourceSchema, note: z.string().optional() }),
  citizen: contactSchema,
  consentToShareWithMunicipality: z.boolean(),
  caseworker: contactSchema.pick({ name: true, email: true }),
  /** The Retention Centre consultant driving the case, once one is assigned. */
  consultant: contactSchema.pick({ name: true, email: true }).nullable(),
  employer: employerSchema.nullable(),
  insurer: insurerSchema,
  union: unionSchema.nullable(),
  injury: injurySchema,
  riskScore: z.number().nullable(),
  screening: z.object({ reasons: z.array(z.string()), missing: z.array(z.string()) }),
  sickLeave: z.object({
    firstSickDay: localDateSchema,
    periods: z.array(sickLeavePeriodSchema),
    /** The pending-injury-case extension beyond the limit (lifecycle). */
    extension: sickPayExtensionSchema,
    /** Corrections of the first sick day, oldest first. */
    corrections: z.array(firstSickDayCorrectionSchema),
    /** Limit reminders that went out (or were skipped in a back-dated burst). */
    reminderLog: z.array(sickPayReminderLogSchema),
  }),
  medical: z.object({
    stationary: z.boolean(),
    assessedOn: localDateSchema.nullable(),
    source: z.string().nullable(),
    /** Every recorded medical status, oldest first. */
    history: z.array(medicalStatusRecordSchema),
    /** Day of the last check-in reminder to the consultant, if any. */
    lastCheckInOn: localDateSchema.nullable(),
  }),
  decisions: z.array(decisionSchema),
  appeals: z.array(appealSchema),
  /** Questions put to the insurer before interim decisions, with the answers. */
  insurerConsultations: z.array(insurerConsultationSchema),
  roundtables: z.array(roundtableSchema),
  subsidies: z.array(subsidySummarySchema),
  tasks: z.array(taskSchema),
  outcome: z.string().nullable(),
  /** Keys of alarms (reminders, escalations) already fired, so none fires twice, even after continue-as-new. */
  firedAlarms: z.array(z.string()),
  /** Last timeline sequence number handed out. */
  seq: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string(),
});
export type CaseState = z.infer<typeof caseStateSchema>;
