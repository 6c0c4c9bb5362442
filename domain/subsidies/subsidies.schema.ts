// Zod schemas of subsidies (the API bodies, the negotiation state the workflow holds and the read model
// stores, the case's summary); the rules are in subsidies.ts, which the workflow bundle loads without zod.
import { z } from 'zod';
import { actorRefSchema } from '../kernel/actor.schema';
import { idempotencyKeysSchema } from '../kernel/idempotency.schema';
import { insurerSchema } from '../case/caseIntake.schema';
import { localDateSchema } from '../calendar/localDate.schema';
import { CURRENT_POLICY } from '../kernel/policy';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const amountSchema = z
  .number({ error: 'must be a whole number of kroner' })
  .int('must be a whole number of kroner')
  .positive('must be more than 0')
  .max(10_000_000, 'must be at most 10,000,000');

/** What the insurer is asked to fund (API.md `kind`). */
export const subsidyKindSchema = z.enum(['aids', 'transport', 'treatment', 'retraining', 'workplace-adaptation', 'other']);

/** Where a subsidy stands (API.md `Subsidy.status`; `withdrawn` by the centre is this service's addition). */
export const subsidyStatusSchema = z.enum(['requested', 'info-requested', 'approved', 'rejected', 'paid', 'withdrawn']);

/** The insurer's possible answers. */
export const subsidyDecisionKindSchema = z.enum(['approved', 'rejected', 'info-requested']);

const minJustification = CURRENT_POLICY.subsidies.justificationMinLength;

/** Body of `POST /api/cases/{caseId}/subsidies`; insurers decide on a business case, so the justification is required. */
export const subsidyRequestSchema = z.object({
  kind: subsidyKindSchema,
  description: text(2000),
  amountDkk: amountSchema,
  justification: z
    .string({ error: 'required: insurers reject requests without a justification' })
    .trim()
    .min(minJustification, `must explain the business case in at least ${minJustification} characters`)
    .max(4000, 'must be at most 4000 characters'),
  expectedEffect: text(2000).nullable().default(null),
});

/** Body of `POST /api/subsidies/{id}/decision`; the approved amount may differ from the requested one. */
export const subsidyDecisionSchema = z
  .object({
    decision: subsidyDecisionKindSchema,
    approvedAmountDkk: amountSchema.optional(),
    note: z.string().trim().max(4000, 'must be at most 4000 characters').optional(),
  })
  .superRefine((d, ctx) => {
    if (d.decision !== 'approved' && d.approvedAmountDkk !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['approvedAmountDkk'], message: 'only with decision "approved"' });
    }
    if (d.decision === 'info-requested' && !d.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say which information the insurer needs' });
    }
  });

/** Body of `POST /api/subsidies/{id}/information`: what the consultant adds when the insurer asked for more. */
export const subsidyInformationSchema = z.object({ information: text(4000) });

/** Body of `POST /api/subsidies/{id}/withdraw`: the consultant withdraws the request, saying why. */
export const subsidyWithdrawalSchema = z.object({ reason: text(2000) });

/** Body of `POST /api/subsidies/{id}/payment`. */
export const subsidyPaymentSchema = z.object({
  confirmedOn: localDateSchema,
  note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});

/** Who follows the subsidy for the centre (the case's consultant, else its caseworker). */
export const subsidyOwnerSchema = z.object({ role: z.string(), name: z.string(), email: z.string() });

/** What the subsidy needs to know about its case when it starts. */
export const subsidyCaseRefSchema = z.object({
  caseId: z.string(),
  injuryCaseRef: z.string(),
  insurer: insurerSchema,
  owner: subsidyOwnerSchema,
});

/** One step of the negotiation, for the history insurers' systems and consultants read. */
export const subsidyExchangeSchema = z.object({
  round: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  type: z.enum(['requested', 'answered', 'information-added', 'insurer-reminded', 'escalated', 'paid', 'withdrawn']),
  decision: subsidyDecisionKindSchema.optional(),
  approvedAmountDkk: z.number().int().optional(),
  text: z.string().optional(),
});

/** The whole negotiation as its workflow holds it (and the read model stores in `subsidies.data`). */
export const subsidySchema = subsidyCaseRefSchema.extend({
  subsidyId: z.string(),
  kind: subsidyKindSchema,
  description: z.string(),
  amountDkk: z.number().int(),
  justification: z.string(),
  expectedEffect: z.string().nullable(),
  status: subsidyStatusSchema,
  approvedAmountDkk: z.number().int().nullable(),
  decisionNote: z.string().nullable(),
  requestedBy: actorRefSchema,
  requestedAt: z.string(),
  /** Negotiation round: 1, plus one each time information is added and the insurer asked again. */
  round: z.number().int().positive(),
  /** Last time the insurer was asked (the reminder clock starts here). */
  askedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** Reminder and escalation of the current round (reset when the insurer is asked again). */
  insurerRemindedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  paidOn: localDateSchema.nullable(),
  paymentNote: z.string().nullable(),
  /** When and why the centre withdrew the request; absent in older states: not withdrawn. */
  withdrawnAt: z.string().nullable().optional(),
  withdrawalReason: z.string().nullable().optional(),
  /**
   * Set once the case workflow turned out to be gone (closed, finished or unknown), so the change could
   * not be told to it: the subsidy stops reminding and escalating, and supervisors see it as stuck.
   */
  orphaned: z.object({ at: z.string(), detail: z.string() }).nullable().optional(),
  history: z.array(subsidyExchangeSchema),
  /** Idempotency-Key → what the decision under it answered, so a repeated key gets the same answer, even after continue-as-new. */
  answersByKey: z.record(z.string(), z.object({ fingerprint: z.string(), answer: z.record(z.string(), z.unknown()) })),
  /** Idempotency-Keys of the other commands (information, payment …) with their answers; absent in older states: empty. */
  idempotencyKeys: idempotencyKeysSchema.optional(),
  /** Keys of alarms already fired, so none fires twice. */
  firedAlarms: z.array(z.string()),
  /** Bumped once per change; the projection and the case use it to ignore stale copies. */
  seq: z.number().int().nonnegative(),
  updatedAt: z.string(),
});

/** What the case keeps and shows of each subsidy (and what blocks closing goes through its task). */
export const subsidySummarySchema = z.object({
  subsidyId: z.string(),
  kind: subsidyKindSchema,
  description: z.string(),
  amountDkk: z.number().int(),
  approvedAmountDkk: z.number().int().nullable(),
  status: subsidyStatusSchema,
  requestedOn: localDateSchema,
  answeredOn: localDateSchema.nullable(),
  insurerRemindedOn: localDateSchema.nullable(),
  escalatedOn: localDateSchema.nullable(),
  paidOn: localDateSchema.nullable(),
  /** Absent in copies from before withdrawal existed. */
  withdrawnOn: localDateSchema.nullable().optional(),
  seq: z.number().int().nonnegative(),
});
