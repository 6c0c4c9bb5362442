// Consent and power of attorney over time (DOMAIN.md "Who is told what"): the citizen's consent to the
// municipality and to the employer's involvement, and a union's power of attorney, each changed from a
// date; access follows at once because the read model's access columns come from the new state.
import type { CaseChange } from './caseChange';
import type { CaseState } from './caseState.schema';
import { DomainRejection } from '../kernel/change';
import type { ConsentInput, PowerOfAttorneyInput } from './consent.schema';

/**
 * The citizen's consent to the employer's involvement. Cases opened before it was recorded carry none:
 * they keep the employer access they had until a withdrawal is recorded.
 */
export function employerConsent(s: Pick<CaseState, 'employerConsent'>): boolean {
  return s.employerConsent ?? true;
}

const POA_DA = { none: 'ingen', partial: 'delvis', full: 'fuld' } as const;

function requireOpen(s: CaseState, what: string): void {
  if (s.status === 'closed') {
    throw new DomainRejection(422, 'phase', `${what} only while the case is open: the case is closed.`, { caseStatus: s.status });
  }
}

function requireNotFuture(change: CaseChange, date: string): void {
  if (date > change.today) {
    throw new DomainRejection(422, 'future-date', `date ${date} lies in the future`, { errors: [{ path: 'date', message: `must be on or before ${change.today}` }] });
  }
}

/** Records a consent given or withdrawn (the centre records it from the citizen's document). */
export function recordConsent(change: CaseChange, input: ConsentInput): { kind: ConsentInput['kind']; given: boolean } {
  const s = change.state;
  requireOpen(s, 'Consent is recorded');
  requireNotFuture(change, input.date);
  if (input.kind === 'employer' && !s.employer) {
    throw new DomainRejection(422, 'no-employer', 'the case names no employer', { errors: [{ path: 'kind', message: 'the case has no employer' }] });
  }
  const log = (s.consentLog ??= []);
  log.push({ kind: input.kind, value: input.given ? 'given' : 'withdrawn', date: input.date, sourceDocument: input.sourceDocument, recordedBy: change.ctx.actor.name, recordedAt: change.at });
  const whom = input.kind === 'municipality' ? 'kommunen' : 'arbejdsgiverens inddragelse';
  if (input.kind === 'municipality') s.consentToShareWithMunicipality = input.given;
  else s.employerConsent = input.given;
  change.record(
    input.given ? 'consent-given' : 'consent-withdrawn',
    'legal',
    `Borgerens samtykke til ${whom} er ${input.given ? 'givet' : 'trukket tilbage'} fra ${input.date} (${input.sourceDocument}).`,
  );
  return { kind: input.kind, given: input.given };
}

/** Records the union's power of attorney from a date (none, partial or full). */
export function recordPowerOfAttorney(change: CaseChange, input: PowerOfAttorneyInput): { powerOfAttorney: PowerOfAttorneyInput['powerOfAttorney'] } {
  const s = change.state;
  requireOpen(s, 'A power of attorney is recorded');
  requireNotFuture(change, input.date);
  if (!s.union) {
    throw new DomainRejection(422, 'no-union', 'the case names no union', { errors: [{ path: 'powerOfAttorney', message: 'the case has no union' }] });
  }
  s.union = { ...s.union, powerOfAttorney: input.powerOfAttorney };
  (s.consentLog ??= []).push({
    kind: 'union-power-of-attorney',
    value: input.powerOfAttorney,
    date: input.date,
    sourceDocument: input.sourceDocument ?? null,
    recordedBy: change.ctx.actor.name,
    recordedAt: change.at,
  });
  change.record(
    'power-of-attorney-changed',
    'legal',
    `${s.union.name} har ${POA_DA[input.powerOfAttorney]} fuldmagt fra ${input.date}${input.sourceDocument ? ` (${input.sourceDocument})` : ''}.`,
  );
  return { powerOfAttorney: input.powerOfAttorney };
}
