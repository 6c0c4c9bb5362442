// The citizen-consent rule for employers at roundtables, shared by the API schema (roundtableSchema.ts)
// and the domain command (roundtables.ts), which must not load zod in the workflow bundle.
import type { Participant } from './roundtables.schema';

/** Why a roundtable with an employer participant is refused without the citizen's consent. */
export const EMPLOYER_NEEDS_CONSENT = 'an employer participant needs citizenConsentsToEmployer: true';

/** True when the participants include an employer but the citizen has not consented to it. */
export const employerWithoutConsent = (b: { participants: Participant[]; citizenConsentsToEmployer: boolean }): boolean =>
  b.participants.some((p) => p.role === 'employer') && !b.citizenConsentsToEmployer;
