// The case view per reader: an employer gets the retention track only, and of the meetings only
// those the citizen let it take part in; subsidies (which may name a treatment) stay with the parties.
import { caseAccess } from '../../../domain/case/access';
import { openCase } from '../../../domain/case/caseOpening';
import type { ResolvedIntake } from '../../../domain/case/caseIntake.schema';
import type { Roundtable } from '../../../domain/roundtables/roundtables.schema';
import { renderCaseView } from '../../../domain/case/case.view';
import { CURRENT_POLICY } from '../../../domain/kernel/policy';
import { intakeBody } from '../../support/fixtures';

const ctx = { now: Date.UTC(2026, 10, 23, 10), actor: { actorId: 'c1', role: 'consultant' as const, name: 'K' }, policy: CURRENT_POLICY };

const meeting = (roundtableId: string, withEmployer: boolean): Roundtable => ({
  roundtableId,
  scheduledAt: '2026-12-03T10:00:00+01:00',
  location: 'Jobcenter',
  purpose: 'Afklaring',
  agenda: ['Status'],
  participants: [
    { role: 'citizen', name: 'Jens', email: 'jens@borger.local' },
    ...(withEmployer ? [{ role: 'employer' as const, name: 'Byg & Co', email: 'hr@bygco.local' }] : []),
  ],
  citizenConsentsToEmployer: withEmployer,
  status: 'scheduled',
  version: 1,
  invitedAt: '2026-11-23T11:00:00+01:00',
  cancelReason: null,
  outcome: null,
  minutes: null,
  minutesSentAt: null,
} as Roundtable);

function state() {
  const b = intakeBody();
  const intake = { ...b, caseworker: b.caseworker!, consultant: null, employer: b.employer ?? null, union: null } as ResolvedIntake;
  const s = openCase('c1', intake, ctx).state;
  s.roundtables = [meeting('c1-R1', true), meeting('c1-R2', false)];
  s.subsidies = [{ subsidyId: 'c1-S1', kind: 'treatment', description: 'Fysioterapi' } as (typeof s.subsidies)[number]];
  return s;
}

const facts = (s: ReturnType<typeof state>) => ({
  caseId: s.caseId,
  municipalityCode: s.municipalityCode,
  consentToShareWithMunicipality: true,
  insurerId: s.insurer!.id,
  employerCvr: s.employer!.cvr,
  employerConsent: true,
  unionId: null,
  unionPowerOfAttorney: 'none' as const,
});

test('an employer sees only the meetings it takes part in, and no subsidies', () => {
  const s = state();
  const employer = { actorId: 'e1', role: 'employer' as const, organisation: s.employer!.cvr, name: 'HR', email: 'hr@bygco.local' };
  const view = renderCaseView(s, caseAccess(employer, facts(s)), '2026-11-23', CURRENT_POLICY) as Record<string, unknown>;
  expect((view.roundtables as Roundtable[]).map((r) => r.roundtableId)).toEqual(['c1-R1']);
  expect(view).not.toHaveProperty('subsidies');
  expect(JSON.stringify(view)).not.toContain('Fysioterapi');
});

test('the insurer, a party, sees every meeting and the subsidies', () => {
  const s = state();
  const insurer = { actorId: 'i1', role: 'insurer' as const, organisation: s.insurer!.id, name: 'Forsikring', email: 'f@a.local' };
  const view = renderCaseView(s, caseAccess(insurer, facts(s)), '2026-11-23', CURRENT_POLICY) as Record<string, unknown>;
  expect((view.roundtables as Roundtable[]).map((r) => r.roundtableId)).toEqual(['c1-R1', 'c1-R2']);
  expect(view.subsidies).toHaveLength(1);
});
