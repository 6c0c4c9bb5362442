// Who pays compensation, and so takes the insurer's place in the case (DOMAIN.md "Who is told what"):
// the employer's private insurer for an accident; the labour market's occupational-disease fund
// (Arbejdsmarkedets Erhvervssikring, AES) for an occupational disease, which private insurers do not cover.
import type { Insurer } from './caseIntake.schema';

/** The AES as a payer party: organisation `aes`; its people hold `insurer` tokens of that organisation. */
export const AES_PAYER: Insurer = {
  id: 'aes',
  name: 'Arbejdsmarkedets Erhvervssikring',
  // A placeholder domain: the intake's `payer` names the real address where it is known.
  email: 'erhvervssygdomme@aes.local',
};

/** The paying party of an intake and the private insurer it replaces (null for an accident). */
export function payerOf(intake: { injury: { kind: 'accident' | 'occupational-disease' }; insurer: Insurer; payer?: Insurer }): {
  payer: Insurer;
  privateInsurer: Insurer | null;
} {
  if (intake.injury.kind !== 'occupational-disease') return { payer: intake.insurer, privateInsurer: null };
  return { payer: intake.payer ?? AES_PAYER, privateInsurer: intake.insurer };
}
