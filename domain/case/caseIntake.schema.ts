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

/** Body of `POST /api/cases`. */
export const caseIntakeSchema = z.object({
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
export type CaseIntake = z.infer<typeof caseIntakeSchema>;

/** The intake as the workflow receives it: caseworker and consultant default to the calling actor of that role. */
export const resolvedIntakeSchema = caseIntakeSchema.extend({
  caseworker: contactSchema.pick({ name: true, email: true }),
  consultant: contactSchema.pick({ name: true, email: true }).nullable(),
});
export type ResolvedIntake = z.infer<typeof resolvedIntakeSchema>;
