// An undeliverable email on the case: one entry and one fix-the-address task for the case's owner per
// outbox key, none on a finished case, and the parties-only case view shows it.
import { CaseChange } from '../../../domain/case/caseChange';
import { openCase } from '../../../domain/case/caseOpening';
import { recordEmailBounce } from '../../../domain/case/emailBounces';
import type { ResolvedIntake } from '../../../domain/case/caseIntake.schema';
import { renderCaseView } from '../../../domain/case/case.view';
import { caseAccess } from '../../../domain/case/access';
import { CURRENT_POLICY } from '../../../domain/kernel/policy';
import { SYSTEM_ACTOR } from '../../../domain/kernel/actor';
import { intakeBody } from '../../support/fixtures';

// Monday 23 November 2026, 11:00 in Copenhagen.
const ctx = { now: Date.UTC(2026, 10, 23, 10), actor: SYSTEM_ACTOR, policy: CURRENT_POLICY };
const bounce = {
  key: 'case-accepted:c1',
  template: 'case-accepted-insurer',
  to: { name: 'Forsikring A', email: 'skade@forsikring.invalid' },
  reason: '550 5.1.1 <skade@forsikring.invalid>: Recipient address rejected: User unknown',
  bouncedAt: '2026-11-23T10:00:00.000Z',
};

function activeCase(consultant: { name: string; email: string } | null) {
  const b = intakeBody();
  const intake = { ...b, caseworker: b.caseworker!, consultant, employer: b.employer ?? null, union: null } as ResolvedIntake;
  return openCase('c1', intake, ctx).state;
}

test('creates one task for the consultant, due in two business days, and records the email once per key', () => {
  const state = activeCase({ name: 'Karen Konsulent', email: 'karen@fastholdelse.local' });
  const change = new CaseChange(state, ctx);
  expect(recordEmailBounce(change, bounce)).toBe(true);
  expect(state.undeliverableEmails).toEqual([bounce]);
  const tasks = state.tasks.filter((t) => t.ref === bounce.key);
  expect(tasks).toEqual([
    expect.objectContaining({
      kind: 'other',
      status: 'open',
      track: 'legal',
      dueOn: '2026-11-25',
      owner: { role: 'consultant', name: 'Karen Konsulent', email: 'karen@fastholdelse.local' },
      title: 'Ret e-mailadressen for Forsikring A (skade@forsikring.invalid): beskeden kunne ikke leveres',
    }),
  ]);
  expect(change.events.map((e) => e.type)).toEqual(['email-bounced', 'task-created']);
  // Told again (the dispatcher retries a signal it could not confirm): nothing changes.
  const again = new CaseChange(state, ctx);
  expect(recordEmailBounce(again, bounce)).toBe(false);
  expect(again.events).toEqual([]);
  expect(state.tasks.filter((t) => t.ref === bounce.key)).toHaveLength(1);
});

test('without a consultant the caseworker gets the task', () => {
  const state = activeCase(null);
  recordEmailBounce(new CaseChange(state, ctx), bounce);
  expect(state.tasks.find((t) => t.ref === bounce.key)!.owner.role).toBe('caseworker');
});

test('a closed or rejected case takes no task (the bounced row stays in the outbox for the stuck list)', () => {
  for (const status of ['closed', 'rejected'] as const) {
    const state = { ...activeCase(null), status };
    const change = new CaseChange(state, ctx);
    expect(recordEmailBounce(change, bounce)).toBe(false);
    expect(state.tasks.some((t) => t.ref === bounce.key)).toBe(false);
    expect(state.undeliverableEmails).toBeUndefined();
  }
});

test('the case view shows undeliverable emails to the parties, never to the employer', () => {
  const state = activeCase({ name: 'Karen Konsulent', email: 'karen@fastholdelse.local' });
  recordEmailBounce(new CaseChange(state, ctx), bounce);
  const facts = {
    caseId: state.caseId,
    municipalityCode: state.municipalityCode,
    consentToShareWithMunicipality: true,
    insurerId: state.insurer!.id,
    employerCvr: state.employer?.cvr ?? null,
    employerConsent: true,
    unionId: null,
    unionPowerOfAttorney: 'none' as const,
  };
  const consultant = { actorId: 'k1', role: 'consultant' as const, organisation: 'centre', name: 'Karen', email: 'karen@fastholdelse.local' };
  const employer = { actorId: 'e1', role: 'employer' as const, organisation: state.employer!.cvr, name: 'HR', email: 'hr@bygco.local' };
  const forConsultant = renderCaseView(state, caseAccess(consultant, facts), '2026-11-23', CURRENT_POLICY) as { undeliverableEmails?: unknown };
  expect(forConsultant.undeliverableEmails).toEqual([bounce]);
  const forEmployer = renderCaseView(state, caseAccess(employer, facts), '2026-11-23', CURRENT_POLICY) as { undeliverableEmails?: unknown; tasks: Array<{ ref: string | null }> };
  expect(forEmployer.undeliverableEmails).toBeUndefined();
  expect(forEmployer.tasks.some((t) => t.ref === bounce.key)).toBe(false);
});
