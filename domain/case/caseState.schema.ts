// The state of one retention case as its workflow holds it and carries across continue-as-new;
// also the snapshot the read model stores. Pure data: JSON-serialisable, no classes.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { trackSchema } from '../kernel/change.schema';
import { taskSchema } from '../tasks/tasks.schema';
import { sickLeavePeriodSchema } from '../sick-pay/sickPay.schema';
import { appealSchema, decisionSchema, insurerConsultationSchema, medicalStatusRecordSchema } from '../legal/legal.schema';
import { firstSickDayCorrectionSchema, partialSickLeaveSchema, sickPayExtensionSchema, sickPayReminderLogSchema } from '../sick-pay/sickPay.schema';
import { roundtableSchema } from '../roundtables/roundtables.schema';
import { subsidySummarySchema } from '../subsidies/subsidies.schema';
import { idempotencyKeysSchema } from '../kernel/idempotency.schema';
import { consentRecordSchema } from './consent.schema';
import {
  contactSchema,
  employerSchema,
  injurySchema,
  insurerSchema,
  caseKindSchema,
  referralSourceSchema,
  retentionReferralSourceSchema,
  unionSchema,
} from './caseIntake.schema';
import { fastTrackSchema, retentionPlanSchema } from '../retention/retention.schema';

/** Where a case is in its life (API.md `status`). */
export const caseStatusSchema = z.enum(['screening', 'rejected', 'active', 'aftercare', 'closed']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

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

/** An email of the case that could not be delivered (refused by the relay, or failing too long): the case view shows it. */
export const undeliverableEmailSchema = z.object({
  /** The outbox key: one entry (and one follow-up task) per key. */
  key: z.string(),
  template: z.string(),
  to: z.object({ name: z.string(), email: z.string() }),
  /** The relay's answer, or why the outbox gave up. */
  reason: z.string(),
  bouncedAt: z.string(),
});
export type UndeliverableEmail = z.infer<typeof undeliverableEmailSchema>;

/** The whole case. Feature arrays (decisions, roundtables, subsidies …) are typed by their own modules. */
export const caseStateSchema = z.object({
  caseId: z.string(),
  /** Absent in cases opened before job-centre retention cases existed: `work-injury` (caseKindOf). */
  kind: caseKindSchema.optional(),
  /** The injury case's reference; null for a retention case, which has no injury case. */
  injuryCaseRef: z.string().nullable(),
  /** A retention case's own reference of the citizen at the job centre; absent for work-injury cases. */
  citizenRef: z.string().optional(),
  municipalityCode: z.string(),
  status: caseStatusSchema,
  referral: z.object({ source: z.union([referralSourceSchema, retentionReferralSourceSchema]), note: z.string().optional() }),
  /** A retention case's fast track, when one was requested; absent or null otherwise. */
  fastTrack: fastTrackSchema.nullable().optional(),
  /** The retention plan and its milestones; absent or null until the first milestone (the stuck rules read it). */
  retentionPlan: retentionPlanSchema.nullable().optional(),
  citizen: contactSchema,
  consentToShareWithMunicipality: z.boolean(),
  /** The citizen's consent to the employer's involvement; absent in cases opened before it was recorded (domain/case/consent.ts). */
  employerConsent: z.boolean().optional(),
  /** Every recorded change of consent or power of attorney, oldest first; absent: none yet. */
  consentLog: z.array(consentRecordSchema).optional(),
  caseworker: contactSchema.pick({ name: true, email: true }),
  /** The Retention Centre consultant driving the case, once one is assigned. */
  consultant: contactSchema.pick({ name: true, email: true }).nullable(),
  employer: employerSchema.nullable(),
  /** The paying party: the employer's insurer, or for an occupational disease the AES (domain/case/payer.ts). */
  insurer: insurerSchema.nullable(),
  /** For an occupational disease, the employer's private insurer the AES replaces (no party); absent or null otherwise. */
  privateInsurer: insurerSchema.nullable().optional(),
  union: unionSchema.nullable(),
  /** The injury and the three criteria; null for a retention case. */
  injury: injurySchema.nullable(),
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
    /** Periods of partial sick leave, oldest first; absent: none recorded. */
    partialPeriods: z.array(partialSickLeaveSchema).optional(),
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
  /** Emails that could not be delivered, oldest first. Absent in states carried from older code: none. */
  undeliverableEmails: z.array(undeliverableEmailSchema).optional(),
  /**
   * Idempotency-Keys of recent commands with their answers, so a retry gets the first answer even after
   * continue-as-new. Absent in states carried from older code (and until the first key): empty.
   */
  idempotencyKeys: idempotencyKeysSchema.optional(),
  /** Last timeline sequence number handed out. */
  seq: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string(),
});
export type CaseState = z.infer<typeof caseStateSchema>;
