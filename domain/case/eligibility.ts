// Screening against the Retention Centre's three criteria (DOMAIN.md "Intake and eligibility").
import type { TriState } from './caseIntake.schema';

/** The answers screening looks at. */
export interface ScreeningAnswers {
  recognised: TriState;
  permanentConsequences: TriState;
  canReturnToFormerWork: TriState;
}

/** What screening concluded, with Danish reasons caseworkers read on the case. */
export interface ScreeningResult {
  status: 'active' | 'rejected' | 'screening';
  reasons: string[];
  missing: Array<keyof ScreeningAnswers>;
}

/** All three met → active; any failed → rejected; otherwise screening until the unknowns are answered. */
export function screen(a: ScreeningAnswers): ScreeningResult {
  const reasons: string[] = [];
  const missing: Array<keyof ScreeningAnswers> = [];
  if (a.recognised === false) reasons.push('Skaden er ikke anerkendt som arbejdsskade.');
  if (a.permanentConsequences === false) reasons.push('Skaden har ikke givet varige følger.');
  if (a.canReturnToFormerWork === true) reasons.push('Borgeren kan vende tilbage til samme eller lignende arbejde i samme omfang.');
  for (const k of ['recognised', 'permanentConsequences', 'canReturnToFormerWork'] as const) {
    if (a[k] === 'unknown') missing.push(k);
  }
  if (reasons.length > 0) return { status: 'rejected', reasons, missing };
  if (missing.length > 0) return { status: 'screening', reasons: [], missing };
  return { status: 'active', reasons: [], missing };
}
