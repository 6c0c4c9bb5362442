// The two kinds of case: the Retention Centre's work-injury case and the job centre's own retention case
// (no injury case, no insurer, no legal track). Rules that differ by kind ask here.
import { DomainRejection } from '../kernel/change';
// Types only: the workflow bundle loads this file and carries no zod.
import type { CaseKind, Injury, Insurer } from './caseIntake.schema';
import type { CaseState } from './caseState.schema';

/** A case's kind; cases (and recorded histories) from before the field are work-injury cases. */
export const caseKindOf = (s: Pick<CaseState, 'kind'>): CaseKind => s.kind ?? 'work-injury';

/** True for the job centre's own retention case. */
export const isRetentionCase = (s: Pick<CaseState, 'kind'>): boolean => caseKindOf(s) === 'retention';

/** Refuses (422 `case-kind`) a legal-track command on a retention case, which has no injury case. */
export function requireWorkInjuryCase(s: Pick<CaseState, 'kind'>, what: string): void {
  if (isRetentionCase(s)) {
    throw new DomainRejection(422, 'case-kind', `${what} only on a work-injury case: this is a job centre retention case, which has no injury case, insurer or legal track.`, {
      caseKind: 'retention',
    });
  }
}

/** Refuses (422 `case-kind`) a retention-only command on a work-injury case. */
export function requireRetentionCase(s: Pick<CaseState, 'kind'>, what: string): void {
  if (!isRetentionCase(s)) {
    throw new DomainRejection(422, 'case-kind', `${what} only on a job centre retention case (kind "retention").`, { caseKind: caseKindOf(s) });
  }
}

/** The case's insurer, for a legal-track rule (which a retention case never reaches: it is refused with 422 first). */
export function insurerOf(s: Pick<CaseState, 'kind' | 'insurer'>): Insurer {
  requireWorkInjuryCase(s, 'The insurer takes part');
  // A work-injury case always names its insurer (caseIntakeSchema requires one).
  return s.insurer!;
}

/** The case's injury, for a legal-track rule. */
export function injuryOf(s: Pick<CaseState, 'kind' | 'injury'>): Injury {
  requireWorkInjuryCase(s, 'The injury is screened');
  return s.injury!;
}
