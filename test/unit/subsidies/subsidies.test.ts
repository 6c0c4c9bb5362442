// The insurer's answers kept by Idempotency-Key: any visible-ASCII key is just a key, also the names
// plain objects inherit ('constructor', '__proto__').
import { SubsidyChange, decideSubsidy, openSubsidy } from '../../../domain/subsidies/subsidies';
import { CURRENT_POLICY } from '../../../domain/kernel/policy';

const consultant = { actorId: 'c1', role: 'consultant' as const, name: 'Karen Konsulent' };
const insurer = { actorId: 'i1', role: 'insurer' as const, name: 'Forsikring A' };
const now = Date.UTC(2026, 11, 2, 10);

function requested() {
  return openSubsidy(
    'case-1-S1',
    {
      caseId: 'case-1',
      injuryCaseRef: 'AS-1',
      insurer: { id: 'insurer-a', name: 'Forsikring A', email: 'skade@forsikring-a.local' },
      owner: { role: 'consultant', name: 'Karen Konsulent', email: 'karen@fastholdelse.local' },
    },
    { kind: 'aids', description: 'Hæve-sænkebord', amountDkk: 12000, justification: 'Borgeren kan arbejde flere timer med bordet.', expectedEffect: null },
    { now, actor: consultant, policy: CURRENT_POLICY },
  ).state;
}

test.each(['constructor', '__proto__', 'toString'])('the key %s is recorded and answers its retry like any other', (key) => {
  const state = requested();
  const decide = (decision: 'approved' | 'rejected') =>
    decideSubsidy(new SubsidyChange(state, { now, actor: insurer, policy: CURRENT_POLICY }), {
      insurerId: 'insurer-a',
      key,
      decision: decision === 'approved' ? { decision, approvedAmountDkk: 12000 } : { decision },
    });
  const first = decide('approved');
  expect(first).toMatchObject({ replayed: false, subsidy: { status: 'approved' } });
  expect(decide('approved')).toMatchObject({ replayed: true, subsidy: { status: 'approved' } });
  expect(() => decide('rejected')).toThrow(expect.objectContaining({ code: 'idempotency-key-reused' }));
  // The key survives the JSON round trip a workflow's state and the read model make.
  expect(Object.keys(JSON.parse(JSON.stringify(state.answersByKey)))).toEqual([key]);
});
