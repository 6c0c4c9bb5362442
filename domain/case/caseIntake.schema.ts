// The intake of a retention case (API.md `POST /api/cases`): zod schemas the API validates with
// and the workflow receives, so both agree on every field.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Yes, no or not yet known: screening waits for "unknown" answers. */
export const triStateSchema = z.union([z.boolean(), z.literal('unknown')]);
export type TriState = z.infer<typeof triStateSchema>;

/** Who referred the case to the Retention Centre. */
export const referralSourceSchema = z.enum(['municipality', 'insurer', 'union', 'employer', 'internal', 'fast-track']);

/** A person reachable by email: the citizen, a caseworker, a task owner. */
export const contactSchema = z.object({
  name: text(200),
  email: z.email('must be an email address'),
  phone: z.string().trim().max(40).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

/** The employer: matters for the retention track only. */
export const employerSchema = z.object({
  name: text(200),
  cvr: z.string().regex(/^\d{8}$/, 'must be an 8-digit CVR number'),
  email: z.email('must be an email address'),
  stillEmployed: z.boolean(),
});
export type Employer = z.infer<typeof employerSchema>;

/** The employer's work-injury insurer: a party to the case. */
export const insurerSchema = z.object({
  id: z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
  name: text(200),
  email: z.email('must be an email address'),
});
export type Insurer = z.infer<typeof insurerSchema>;

/** How far the union may act for the citizen (fuldmagt). */
export const powerOfAttorneySchema = z.enum(['none', 'partial', 'full']);

/** The citizen's union: a party only with a power of attorney. */
export const unionSchema = z.object({
  id: z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
  name: text(200),
  email: z.email('must be an email address'),
  powerOfAttorney: powerOfAttorneySchema,
});
export type Union = z.infer<typeof unionSchema>;

/** The three eligibility criteria and the injury itself (legal track). */
export const injurySchema = z.object({
  kind: z.enum(['accident', 'occupational-disease']),
  date: localDateSchema,
  recognised: triStateSchema,
  permanentConsequences: triStateSchema,
  canReturnToFormerWork: triStateSchema,
  description: z.string().trim().max(4000).optional(),
});
export type Injury = z.infer<typeof injurySchema>;

/** What kind of case: the Retention Centre's work-injury case, or the job centre's own retention case (no injury case, no insurer, no legal track). */
export const caseKindSchema = z.enum(['work-injury', 'retention']);
export type CaseKind = z.infer<typeof caseKindSchema>;

/** Body of `POST /api/cases` for a work-injury case (`kind` absent or `work-injury`). */
export const caseIntakeSchema = z.object({
  kind: z.literal('work-injury').optional().default('work-injury'),
  injuryCaseRef: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{2,39}$/, 'must be 3-40 letters, digits, "/", "_", "." or "-"'),
  municipalityCode: z.string().regex(/^\d{3}$/, 'must be a 3-digit municipality code'),
  referral: z.object({ source: referralSourceSchema, note: z.string().trim().max(2000).optional() }),
  citizen: contactSchema,
  consentToShareWithMunicipality: z.boolean(),
  // The citizen's consent to the employer's involvement (the employer sees the case only with it); later
  // changes go through `POST …/consents`.
  consentToEmployerInvolvement: z.boolean().optional().default(false),
  caseworker: contactSchema.pick({ name: true, email: true }).optional(),
  consultant: contactSchema.pick({ name: true, email: true }).optional(),
  employer: employerSchema.nullable().optional().default(null),
  insurer: insurerSchema,
  // For an occupational disease the compensation is paid by the AES, which then takes the insurer's place
  // (domain/case/payer.ts); this names it when its id or address differs from the default.
  payer: insurerSchema.optional(),
  union: unionSchema.nullable().optional().default(null),
  injury: injurySchema,
  sickLeave: z.object({ firstSickDay: localDateSchema }),
  riskScore: z.number().int('must be a whole number').min(0).max(100).optional(),
});
export type CaseIntakeInput = z.input<typeof caseIntakeSchema>;
// (CaseIntake below is the work-injury intake; RetentionIntake the job centre's.)
export type CaseIntake = z.infer<typeof caseIntakeSchema>;

/** The intake as the workflow receives it: caseworker and consultant default to the calling actor of that role. */
export const resolvedIntakeSchema = caseIntakeSchema.extend({
  caseworker: contactSchema.pick({ name: true, email: true }),
  consultant: contactSchema.pick({ name: true, email: true }).nullable(),
});
/** Intakes recorded before case kinds carry no `kind`: a work-injury case. */
export type ResolvedIntake = Omit<z.infer<typeof resolvedIntakeSchema>, 'kind'> & { kind?: 'work-injury' };

/** How a job centre's own retention case came about (the sick-pay act's fast track, the information form, its own initiative, the employer's call). */
export const retentionReferralSourceSchema = z.enum([
  'fast-track-employer',
  'fast-track-employee',
  'information-form',
  'jobcentre-initiative',
  'employer-contact',
]);
export type RetentionReferralSource = z.infer<typeof retentionReferralSourceSchema>;

/** The three questions of a fast-track request: which job functions the illness affects, since when, and whether the job was adapted. */
export const fastTrackAnswersSchema = z.object({
  affectedFunctions: text(2000),
  affectedSince: text(400),
  jobAdapted: z.boolean(),
});
export type FastTrackAnswers = z.infer<typeof fastTrackAnswersSchema>;

/** A fast-track request (sick-pay act: early follow-up when full recovery is not expected within 8 weeks). */
export const fastTrackRequestSchema = z.object({
  requestedOn: localDateSchema,
  /** Absent: the request did not answer the three questions, and the caseworker gets a task to get them. */
  answers: fastTrackAnswersSchema.optional(),
  /** The employee's answer: absent while not asked, false when the employee declines early follow-up. */
  employeeConsent: z.boolean().optional(),
});
export type FastTrackRequest = z.infer<typeof fastTrackRequestSchema>;

/** Body of `POST /api/cases` for a job centre's own retention case (`kind: "retention"`). */
export const retentionIntakeSchema = z
  .object({
    kind: z.literal('retention'),
    municipalityCode: z.string().regex(/^\d{3}$/, 'must be a 3-digit municipality code'),
    /** The job centre's own reference of the citizen's sick-pay case (no CPR number): with the first sick day, the case's identity. */
    citizenRef: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{2,39}$/, 'must be 3-40 letters, digits, "/", "_", "." or "-"'),
    referral: z.object({ source: retentionReferralSourceSchema, note: z.string().trim().max(2000).optional() }),
    citizen: contactSchema,
    consentToEmployerInvolvement: z.boolean().optional().default(false),
    caseworker: contactSchema.pick({ name: true, email: true }).optional(),
    employer: employerSchema.nullable().optional().default(null),
    sickLeave: z.object({ firstSickDay: localDateSchema }),
    riskScore: z.number().int('must be a whole number').min(0).max(100).optional(),
    /** Required for a fast-track referral, refused otherwise. */
    fastTrack: fastTrackRequestSchema.optional(),
  })
  .superRefine((b, ctx) => {
    const fast = b.referral.source.startsWith('fast-track');
    if (fast && !b.fastTrack) ctx.addIssue({ code: 'custom', path: ['fastTrack'], message: 'required for a fast-track referral' });
    if (!fast && b.fastTrack) ctx.addIssue({ code: 'custom', path: ['fastTrack'], message: 'only for a fast-track referral' });
    if (b.referral.source === 'fast-track-employer' && !b.employer) {
      ctx.addIssue({ code: 'custom', path: ['employer'], message: 'required when the employer asks for the fast track' });
    }
  });
export type RetentionIntakeInput = z.input<typeof retentionIntakeSchema>;
export type RetentionIntake = z.infer<typeof retentionIntakeSchema>;

/** The retention intake as the workflow receives it: the caseworker defaults to the calling caseworker. */
export type ResolvedRetentionIntake = Omit<RetentionIntake, 'caseworker'> & { caseworker: { name: string; email: string } };
