// The paying party: the AES takes the insurer's place for an occupational disease, with the insurer's
// rights and emails; an accident keeps the employer's insurer.
import type { ResolvedIntake } from '../../../domain/case/caseIntake.schema';
import { openCase } from '../../../domain/case/caseOpening';
import { caseAccess } from '../../../domain/case/access';
import { AES_PAYER } from '../../../domain/case/payer';
import { copenhagenInstant } from '../../../domain/calendar/copenhagenTime';
import { CURRENT_POLICY as policy } from '../../../domain/kernel/policy';
import { intakeBody } from '../../support/fixtures';
import { renderEmail } from '../../../domain/email/emailTemplates';

const actor = { actorId: 'c1', role: 'consultant' as const, name: 'Karen' };
const ctx = { now: copenhagenInstant('2026-11-23', 10), actor, policy };

function intake(kind: 'accident' | 'occupational-disease'): ResolvedIntake {
  const b = intakeBody();
  return {
    ...(b as ResolvedIntake),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen', email: 'karen@fc.local' },
    employer: b.employer ?? null,
    union: null,
    injury: { ...b.injury, kind },
  };
}

const facts = (s: ReturnType<typeof openCase>['state']) => ({
  caseId: s.caseId,
  municipalityCode: s.municipalityCode,
  consentToShareWithMunicipality: true,
  insurerId: s.insurer!.id,
  employerCvr: null,
  employerConsent: false,
  unionId: null,
  unionPowerOfAttorney: 'none' as const,
});

test('an occupational disease names the AES as the payer: its people have the insurer’s rights and get the insurer’s emails; the private insurer none', () => {
  const change = openCase('c1', intake('occupational-disease'), ctx);
  const s = change.state;
  expect(s.insurer).toEqual(AES_PAYER);
  expect(s.privateInsurer).toMatchObject({ id: 'insurer-a' });
  expect(change.events.map((e) => e.type)).toContain('payer-named');
  const accepted = change.emails.find((e) => e.template === 'case-accepted-insurer')!;
  expect(accepted.to.email).toBe(AES_PAYER.email);
  expect(renderEmail(accepted.template, accepted.params, 'http://x').text).toMatch(/^Kære Arbejdsmarkedets Erhvervssikring/);
  const aes = caseAccess({ actorId: 'a', role: 'insurer', organisation: 'aes', name: 'AES', email: 'x@aes.local' }, facts(s));
  expect([aes.visible, aes.can('answer-subsidy'), aes.can('appeal'), aes.can('answer-consultation')]).toEqual([true, true, true, true]);
  const privateInsurer = caseAccess({ actorId: 'i', role: 'insurer', organisation: 'insurer-a', name: 'A', email: 'x@a.local' }, facts(s));
  expect(privateInsurer.visible).toBe(false);

  const named = openCase('c2', { ...intake('occupational-disease'), payer: { id: 'aes', name: 'AES', email: 'as@aes.dk' } }, ctx).state;
  expect(named.insurer!.email).toBe('as@aes.dk');
});

test('an accident keeps the employer’s insurer as the payer', () => {
  const s = openCase('c1', intake('accident'), ctx).state;
  expect(s.insurer!.id).toBe('insurer-a');
  expect(s.privateInsurer).toBeNull();
});
