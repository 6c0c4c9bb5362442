// Valid case intakes for tests: unique injury case references, overridable fields.
import { randomUUID } from 'node:crypto';
import type { CaseIntakeInput, ResolvedIntake } from '../../domain/case/caseIntake.schema';
import { addDays } from '../../domain/calendar/localDate';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';

/** A first sick day four weeks ago: far from every sick-pay reminder, whatever day the suite runs. */
export const recentFirstSickDay = (): string => addDays(localDateInCopenhagen(Date.now()), -28);

/** A fresh, valid `POST /api/cases` body for an eligible case in Aarhus (751). */
export function intakeBody(over: Partial<CaseIntakeInput> = {}): CaseIntakeInput {
  const tag = randomUUID().slice(0, 8);
  return {
    injuryCaseRef: `AS-2026-${tag}`,
    municipalityCode: '751',
    referral: { source: 'municipality' },
    citizen: { name: 'Jens Jensen', email: `jens-${tag}@borger.local` },
    consentToShareWithMunicipality: true,
    consentToEmployerInvolvement: true,
    caseworker: { name: 'Søren Sagsbehandler', email: `sb-${tag}@aarhus.local` },
    employer: { name: 'Byg & Co ApS', cvr: '12345678', email: `hr-${tag}@bygco.local`, stillEmployed: true },
    insurer: { id: 'insurer-a', name: 'Forsikring A', email: `skade-${tag}@forsikring-a.local` },
    union: null,
    injury: {
      kind: 'accident',
      date: addDays(recentFirstSickDay(), -2),
      recognised: true,
      permanentConsequences: true,
      canReturnToFormerWork: false,
      description: 'Knust hånd i presse',
    },
    sickLeave: { firstSickDay: recentFirstSickDay() },
    riskScore: 70,
    ...over,
  };
}

/**
 * What the API hands a case workflow for a fresh intake (workflow tests start the workflow themselves):
 * the reference in upper case, the caseworker and a consultant of their own.
 */
export function resolvedIntake(firstSickDay: string): ResolvedIntake {
  const b = intakeBody();
  const consultantTag = randomUUID().slice(0, 8);
  return {
    ...(b as ResolvedIntake),
    injuryCaseRef: b.injuryCaseRef.toUpperCase(),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen Konsulent', email: `karen-${consultantTag}@fastholdelse.local` },
    employer: b.employer ?? null,
    union: null,
    sickLeave: { firstSickDay },
  };
}
