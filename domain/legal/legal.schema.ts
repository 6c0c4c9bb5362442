// The records of the legal track the case state keeps (decisions, appeals, insurer consultations,
// medical history): pure zod data.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';

/** Kinds of legal decision (API.md `POST …/decisions`). */
export const decisionKindSchema = z.enum(['interim', 'final', 'revision', 'safe-minimum', 'treatment']);
export type DecisionKind = z.infer<typeof decisionKindSchema>;

/** What the next income of the citizen rests on when a decision ends the sick-pay extension. */
export const nextIncomeBasisSchema = z.string().trim().min(2, 'must name the next income basis').max(200);

/** The acknowledged rule collision a decision was taken under (sygedagpengeloven § 27, stk. 1, nr. 6). */
export const ruleCollisionRecordSchema = z.object({
  rule: z.string(),
  limitDate: localDateSchema,
  extensionActive: z.boolean(),
  acknowledgedBy: z.string(),
  nextIncomeBasis: z.string(),
});

/** A legal decision as recorded on the case and shown to the parties. */
export const decisionSchema = z.object({
  decisionId: z.string(),
  kind: decisionKindSchema,
  decidedOn: localDateSchema,
  decidedBy: z.string(),
  earningCapacityLossPct: z.number().nullable(),
  permanentInjuryPct: z.number().nullable(),
  earningCapacityCompensation: z.boolean(),
  permanentInjuryCompensation: z.boolean(),
  revisionDueOn: localDateSchema.nullable(),
  /** The open revision task this decision created, if any. */
  revisionTaskId: z.string().nullable(),
  /** For a revision: the decision it revises. */
  revisesDecisionId: z.string().nullable(),
  /** Set when a revision or a final decision replaced this one. */
  supersededBy: z.string().nullable(),
  justification: z.string(),
  nextIncomeBasis: z.string().nullable(),
  ruleCollision: ruleCollisionRecordSchema.nullable(),
  /** True when this decision ended the pending-injury-case extension ground. */
  endedExtension: z.boolean(),
});
export type Decision = z.infer<typeof decisionSchema>;

/** Who may appeal a decision: the parties (DOMAIN.md "Legal decisions"). */
export const appealPartySchema = z.enum(['insurer', 'citizen', 'union']);

/** An appeal recorded against a decision. */
export const appealSchema = z.object({
  appealId: z.string(),
  decisionId: z.string(),
  filedOn: localDateSchema,
  by: appealPartySchema,
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type Appeal = z.infer<typeof appealSchema>;

/** A question put to the insurer before an interim decision, and its answer. */
export const insurerConsultationSchema = z.object({
  consultationId: z.string(),
  question: z.string(),
  askedOn: localDateSchema,
  askedBy: z.string(),
  answer: z.string().nullable(),
  answeredOn: localDateSchema.nullable(),
  answeredBy: z.string().nullable(),
});
export type InsurerConsultation = z.infer<typeof insurerConsultationSchema>;

/** One recorded medical status. */
export const medicalStatusRecordSchema = z.object({
  stationary: z.boolean(),
  assessedOn: localDateSchema,
  source: z.string().nullable(),
  recordedOn: localDateSchema,
  recordedBy: z.string(),
});
export type MedicalStatusRecord = z.infer<typeof medicalStatusRecordSchema>;
