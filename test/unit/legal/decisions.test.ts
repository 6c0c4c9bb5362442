// Unit tests of the case lifecycle's pure rules: decision guards (phase, stationary, rule collision,
// justification), revision tasks, appeals, sick-pay reminders (burst rule, pauses, business-day
// shifts, corrections), the extension ground and medical check-ins.
import type { ActorRef } from '../../../domain/kernel/actor.schema';
import { CaseChange } from '../../../domain/case/caseChange';
import { DomainRejection, type ChangeContext } from '../../../domain/kernel/change';
import type { ResolvedIntake } from '../../../domain/case/caseIntake.schema';
import { openCase } from '../../../domain/case/caseOpening';
import type { CaseState } from '../../../domain/case/caseState.schema';
import { fireDueAlarms, pendingAlarms } from '../../../domain/case/case.alarms';
import { copenhagenInstant } from '../../../domain/calendar/copenhagenTime';
import { decide, fileAppeal, type DecisionInput } from '../../../domain/legal/decisions';
import { decisionInputSchema } from '../../../domain/legal/decisions.schema';
import { addDays, addMonths } from '../../../domain/calendar/localDate';
import { medicalCheckInAlarms } from '../../../domain/legal/medical.alarms';
import { recordMedicalStatus } from '../../../domain/legal/medical';
import { CURRENT_POLICY } from '../../../domain/kernel/policy';
import { sickPayAlarms } from '../../../domain/sick-pay/sickPay.alarms';
import { correctFirstSickDay, recordSickLeavePeriod } from '../../../domain/sick-pay/sickLeave';
import { sickPayView } from '../../../domain/sick-pay/sickPay.view';
import { intakeBody } from '../../support/fixtures';
import { renderEmail } from '../../../domain/email/emailTemplates';

const policy = CURRENT_POLICY;
const consultant: ActorRef = { actorId: 'consultant-1', role: 'consultant', name: 'Karen Konsulent' };
const insurer: ActorRef = { actorId: 'insurer-1', role: 'insurer', name: 'Forsikring A' };
// Monday 2026-11-23, 10:00 in Copenhagen.
const TODAY = '2026-11-23';
const NOW = copenhagenInstant(TODAY, 10);
const ctx = (now = NOW, actor: ActorRef = consultant): ChangeContext => ({ now, actor, policy });

function intake(firstSickDay: string, injury: Partial<ResolvedIntake['injury']> = {}): ResolvedIntake {
  const b = intakeBody();
  return {
    ...(b as ResolvedIntake),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen Konsulent', email: 'karen@fastholdelse.local' },
    employer: b.employer ?? null,
    union: b.union ?? null,
    injury: { ...b.injury, ...injury },
    sickLeave: { firstSickDay },
  };
}

/** Opens a case and fires what is due at `now`, like the workflow's first loop. */
function open(firstSickDay: string, now = NOW, injury: Partial<ResolvedIntake['injury']> = {}): CaseChange {
  const change = openCase('c1', intake(firstSickDay, injury), ctx(now));
  fireDueAlarms(new CaseChange(change.state, ctx(now)));
  return change;
}

/** Runs a command on a copy; returns the change (state after) or throws the rejection. */
function run<T>(state: CaseState, fn: (c: CaseChange) => T, now = NOW, actor: ActorRef = consultant): { change: CaseChange; result: T } {
  const change = new CaseChange(structuredClone(state), ctx(now, actor));
  return { change, result: fn(change) };
}

function rejection(fn: () => unknown): DomainRejection {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainRejection) return err;
    throw err;
  }
  throw new Error('expected a DomainRejection');
}

const interim = (over: Partial<DecisionInput> = {}): DecisionInput => ({
  kind: 'interim',
  earningCapacityLossPct: 25,
  justification: 'Erhvervsevnen er nedsat efter arbejdsprøvning hos arbejdsgiveren.',
  ...over,
});

// First sick day 10 weeks ago: the limit is about 45 weeks ahead, far from the old warning window.
const EARLY = addDays(TODAY, -70);
// An earning-capacity decision while the extension ground is unused collides however early: acknowledged.
const ACK: Partial<DecisionInput> = { acknowledgeRuleCollision: true, nextIncomeBasis: 'jobafklaringsforløb' };

describe('decisions', () => {
  it('sets compensation flags from the thresholds and creates a revision task for an interim decision', () => {
    const state = open(EARLY).state;
    const { change, result } = run(state, (c) => decide(c, interim({ earningCapacityLossPct: 15, permanentInjuryPct: 4, ...ACK })));
    expect(result).toMatchObject({
      decisionId: 'c1-D1',
      kind: 'interim',
      decidedOn: TODAY,
      earningCapacityCompensation: true,
      permanentInjuryCompensation: false,
      revisionDueOn: addMonths(TODAY, 12),
      revisionTaskId: 'c1-T1',
      ruleCollision: expect.objectContaining({ extensionActive: false, nextIncomeBasis: 'jobafklaringsforløb' }),
    });
    expect(change.state.tasks).toEqual([
      expect.objectContaining({ kind: 'revision', status: 'open', dueOn: addMonths(TODAY, 12), ref: 'c1-D1', owner: expect.objectContaining({ role: 'consultant' }) }),
    ]);
    // An early earning-capacity decision removes the extension ground before it ever applied.
    expect(change.state.sickLeave.extension).toEqual({ active: false, since: null, endedOn: TODAY, endedByDecisionId: 'c1-D1' });
    expect(change.events.map((e) => e.type)).toEqual(['decision-made', 'rule-collision-acknowledged', 'sick-pay-extension-ended', 'task-created', 'decision-notified']);
  });

  it('tells the caseworker what the decision means for sick pay and notifies citizen, insurer and a union with power of attorney, without health text', () => {
    const state = open(EARLY).state;
    state.union = { id: 'union-3f', name: '3F Aarhus', email: 'aarhus@3f.local', powerOfAttorney: 'partial' };
    state.injury!.description = 'Knust hånd i presse';
    const { change, result } = run(state, (c) => decide(c, interim({ earningCapacityLossPct: 35, ...ACK })));
    const byKey = Object.fromEntries(change.emails.map((e) => [e.key, e]));
    expect(Object.keys(byKey).sort()).toEqual(['caseworker', 'citizen', 'insurer', 'union'].map((w) => `decision:c1:c1-D1:${w}`));
    const cw = byKey['decision:c1:c1-D1:caseworker'];
    expect(cw.to.email).toBe(state.caseworker.email);
    const cwMail = renderEmail(cw.template, cw.params, 'http://x');
    expect(cwMail.text).toContain(`grundlaget for forlængelse efter sygedagpengeloven § 27, stk. 1, nr. 6 er bortfaldet fra ${TODAY}`);
    expect(cwMail.text).toContain('Næste forsørgelsesgrundlag: jobafklaringsforløb.');
    const appealBy = addDays(TODAY, 28);
    for (const who of ['citizen', 'insurer', 'union']) {
      const e = byKey[`decision:c1:c1-D1:${who}`];
      const m = renderEmail(e.template, e.params, 'http://x');
      expect(m.subject).toContain(`klagefrist ${appealBy}`);
      expect(m.text).toContain('Midlertidig afgørelse'.toLowerCase());
    }
    for (const e of change.emails) {
      const m = renderEmail(e.template, e.params, 'http://x');
      expect(`${m.subject}\n${m.text}`).not.toMatch(/35|Knust|hånd|Erhvervsevnen er nedsat/);
    }
    const notified = change.events.find((e) => e.type === 'decision-notified')!;
    expect(notified.summary).toContain(state.caseworker.name);
    expect(notified.summary).toContain('3F Aarhus (fuldmagt)');
    expect(notified.summary).toContain(`klagefrist ${appealBy}`);
    expect(result.decisionId).toBe('c1-D1');

    // Without power of attorney the union is not told; without consent the caseworker learns only the sick-pay effect.
    const quiet = structuredClone(state);
    quiet.union!.powerOfAttorney = 'none';
    quiet.consentToShareWithMunicipality = false;
    const q = run(quiet, (c) => decide(c, interim(ACK))).change;
    expect(q.emails.map((e) => e.key)).not.toContain('decision:c1:c1-D1:union');
    const qcw = q.emails.find((e) => e.key === 'decision:c1:c1-D1:caseworker')!;
    const qText = renderEmail(qcw.template, qcw.params, 'http://x').text;
    expect(qText).not.toMatch(/midlertidig|Se sagen/i);
    expect(qText).toContain('Næste forsørgelsesgrundlag');
    // A treatment decision without consent tells the caseworker nothing.
    const t = run(quiet, (c) => decide(c, { kind: 'treatment', justification: 'Behandlingsudgifter dækkes efter anerkendelsen.' })).change;
    expect(t.emails.map((e) => e.key)).toEqual(['decision:c1:c1-D1:citizen', 'decision:c1:c1-D1:insurer']);
  });

  it('refuses final before stationary (422), and a final decision then supersedes the open revisions', () => {
    let state = open(EARLY).state;
    state = run(state, (c) => decide(c, interim(ACK))).change.state;
    state = run(state, (c) => decide(c, { kind: 'safe-minimum', permanentInjuryPct: 5, justification: 'Sikkert mén på mindst fem procent.' })).change.state;
    const final = { kind: 'final' as const, earningCapacityLossPct: 30, permanentInjuryPct: 10, justification: 'Skaden er stationær; endelig vurdering.' };
    const early = rejection(() => run(state, (c) => decide(c, final)));
    expect([early.status, early.code]).toEqual([422, 'phase']);
    expect(early.message).toMatch(/stationary/);

    state = run(state, (c) => recordMedicalStatus(c, { stationary: true, assessedOn: TODAY, source: 'speciallægeerklæring' })).change.state;
    const { change, result } = run(state, (c) => decide(c, final));
    expect(result).toMatchObject({ kind: 'final', revisionDueOn: null, earningCapacityCompensation: true, permanentInjuryCompensation: true });
    expect(change.state.tasks.map((t) => [t.kind, t.status])).toEqual([
      ['revision', 'done'],
      ['revision', 'done'],
    ]);
    expect(change.state.decisions.slice(0, 2).map((d) => d.supersededBy)).toEqual(['c1-D3', 'c1-D3']);
  });

  it('a revision closes the oldest open revision task, or the one named', () => {
    let state = open(EARLY).state;
    state = run(state, (c) => decide(c, interim(ACK))).change.state;
    state = run(state, (c) => decide(c, { kind: 'safe-minimum', permanentInjuryPct: 8, justification: 'Sikkert mén på mindst otte procent.' })).change.state;
    const named = run(state, (c) =>
      decide(c, { kind: 'revision', permanentInjuryPct: 10, revisesDecisionId: 'c1-D2', justification: 'Ménet er nu vurderet endeligt til ti procent.' }),
    );
    expect(named.change.state.tasks.map((t) => [t.ref, t.status])).toEqual([
      ['c1-D1', 'open'],
      ['c1-D2', 'done'],
    ]);
    const oldest = run(state, (c) => decide(c, { kind: 'revision', earningCapacityLossPct: 20, justification: 'Revideret efter ny arbejdsprøvning.' }));
    expect(oldest.result.revisesDecisionId).toBe('c1-D1');
    const none = rejection(() =>
      run(oldest.change.state, (c) => decide(c, { kind: 'revision', earningCapacityLossPct: 20, revisesDecisionId: 'c1-D1', justification: 'Revideret igen uden åben revision.' })),
    );
    expect([none.status, none.code]).toEqual([422, 'not-under-revision']);
  });

  it('rule collision after the limit: 409 until acknowledged with a next income basis, then the extension ends', () => {
    // First sick day 60 weeks + 21 days ago: the limit passed 8 weeks ago while the case is open.
    const state = open(addDays(TODAY, -(60 * 7 + 21))).state;
    expect(state.sickLeave.extension).toMatchObject({ active: true, since: addDays(TODAY, -56), endedOn: null });
    const refused = rejection(() => run(state, (c) => decide(c, interim())));
    expect([refused.status, refused.code]).toEqual([409, 'rule-collision']);
    expect(refused.extra).toMatchObject({ rule: 'sygedagpengeloven § 27, stk. 1, nr. 6', limitDate: addDays(TODAY, -57), extensionActive: true });
    const noBasis = rejection(() => run(state, (c) => decide(c, interim({ acknowledgeRuleCollision: true }))));
    expect(noBasis.status).toBe(409);

    const { change, result } = run(state, (c) => decide(c, interim({ acknowledgeRuleCollision: true, nextIncomeBasis: 'fleksjob' })));
    expect(result.ruleCollision).toMatchObject({ acknowledgedBy: 'Karen Konsulent', nextIncomeBasis: 'fleksjob', extensionActive: true });
    expect(result.endedExtension).toBe(true);
    expect(change.state.sickLeave.extension).toEqual({ active: false, since: addDays(TODAY, -56), endedOn: TODAY, endedByDecisionId: 'c1-D1' });
    expect(sickPayView(change.state, TODAY, policy).extension).toMatchObject({ ground: 'pending-injury-case', active: false, endedOn: TODAY });
    // A treatment decision is not on earning capacity: no collision.
    expect(() => run(state, (c) => decide(c, { kind: 'treatment', justification: 'Behandlingsudgifter dækkes efter anerkendelsen.' }))).not.toThrow();
  });

  it('cases recorded before the early guard warn only inside the policy window before the limit', () => {
    const old = { guardFromFirstDecision: () => false };
    // Limit in 4 weeks: inside the 8-week window.
    const near = open(addDays(TODAY, -(48 * 7 + 21))).state;
    expect(rejection(() => run(near, (c) => decide(c, interim(), old))).extra).toMatchObject({ extensionActive: false, warningWindowWeeks: 8 });
    const far = open(addDays(TODAY, -(40 * 7 + 21))).state;
    expect(() => run(far, (c) => decide(c, interim(), old))).not.toThrow();
  });

  it('the issue example: first sick day 2026-01-12 (limit 2027-01-31); an interim decision of 20 % on 2026-09-01 is 409 as on 2026-12-07, and passes once acknowledged', () => {
    for (const day of ['2026-09-01', '2026-12-07']) {
      const now = copenhagenInstant(day, 10);
      const state = open('2026-01-12', now).state;
      const refused = rejection(() => run(state, (c) => decide(c, interim({ earningCapacityLossPct: 20 })), now));
      expect([refused.status, refused.code]).toEqual([409, 'rule-collision']);
      expect(refused.extra).toMatchObject({ limitDate: '2027-01-31', extensionActive: false, losesFrom: day, extensionFrom: '2027-02-01' });
      expect(refused.extra.loses).toContain(`from the decision date ${day}`);
      expect(refused.message).toContain('2027-01-31');
      const { change, result } = run(
        state,
        (c) => decide(c, interim({ earningCapacityLossPct: 20, acknowledgeRuleCollision: true, nextIncomeBasis: 'ressourceforløbsydelse' })),
        now,
      );
      expect(result.ruleCollision).toMatchObject({ nextIncomeBasis: 'ressourceforløbsydelse', extensionActive: false });
      expect(change.state.sickLeave.extension).toMatchObject({ active: false, endedOn: day, endedByDecisionId: 'c1-D1' });
    }
    // Before the guard (histories recorded earlier) the September decision passed unwarned.
    const sept = copenhagenInstant('2026-09-01', 10);
    expect(() => run(open('2026-01-12', sept).state, (c) => decide(c, interim({ earningCapacityLossPct: 20 }), { guardFromFirstDecision: () => false }), sept)).not.toThrow();
    // A treatment decision or a permanent-injury decision alone does not touch the extension ground.
    expect(() => run(open('2026-01-12', sept).state, (c) => decide(c, { kind: 'safe-minimum', permanentInjuryPct: 8, justification: 'Sikkert mén fastsat efter lægeerklæring.' }), sept)).not.toThrow();
  });

  it('guards input and phase: short justification and wrong percentages are 400, a rejected case is 422', () => {
    const schema = decisionInputSchema(policy);
    const bad = schema.safeParse({ kind: 'interim', earningCapacityLossPct: 150, justification: 'kort' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['earningCapacityLossPct', 'justification']);
    expect(schema.safeParse({ kind: 'verdict', justification: 'x'.repeat(30) }).success).toBe(false);
    expect(schema.safeParse({ ...interim(), revisionDueOn: '2027-13-01' }).success).toBe(false);

    const state = open(EARLY).state;
    const short = rejection(() => run(state, (c) => decide(c, interim({ justification: 'for kort' }))));
    expect([short.status, short.extra.errors]).toEqual([400, [expect.objectContaining({ path: 'justification' })]]);
    const pastDue = rejection(() => run(state, (c) => decide(c, interim({ revisionDueOn: TODAY }))));
    expect(pastDue.status).toBe(400);

    const rejected = open(EARLY, NOW, { recognised: false }).state;
    expect(rejected.status).toBe('rejected');
    const phase = rejection(() => run(rejected, (c) => decide(c, interim())));
    expect([phase.status, phase.code]).toEqual([422, 'phase']);
  });
});

describe('appeals', () => {
  it('records an appeal by a party against a known decision only', () => {
    let state = open(EARLY).state;
    state = run(state, (c) => decide(c, interim(ACK))).change.state;
    const unknown = rejection(() => run(state, (c) => fileAppeal(c, { decisionId: 'c1-D9', filedOn: TODAY, by: 'citizen' })));
    expect([unknown.status, unknown.code]).toEqual([422, 'unknown-decision']);
    const asOther = rejection(() => run(state, (c) => fileAppeal(c, { decisionId: 'c1-D1', filedOn: TODAY, by: 'union' }), NOW, insurer));
    expect(asOther.status).toBe(403);
    const before = rejection(() => run(state, (c) => fileAppeal(c, { decisionId: 'c1-D1', filedOn: addDays(TODAY, -1), by: 'insurer' }), NOW, insurer));
    expect(before.code).toBe('filed-on');
    const { change, result } = run(state, (c) => fileAppeal(c, { decisionId: 'c1-D1', filedOn: TODAY, by: 'insurer', note: 'Utilstrækkelig begrundelse' }), NOW, insurer);
    expect(result).toMatchObject({ appealId: 'c1-A1', decisionId: 'c1-D1', by: 'insurer', recordedBy: 'Forsikring A' });
    expect(change.events[0]).toMatchObject({ type: 'appeal-filed', track: 'legal' });
  });
});

describe('sick-pay reminders and extension', () => {
  it('a back-dated case gets only the most recent due reminder, once', () => {
    // 49 weeks + 21 days back: the limit is 3 weeks ahead; the 8- and 4-week reminders are both due.
    const s = open(addDays(TODAY, -(49 * 7 + 21))).state;
    // A minute later nothing more is due.
    const again = new CaseChange(s, ctx(NOW + 60_000));
    expect(fireDueAlarms(again)).toBe(0);
    expect(s.sickLeave.reminderLog).toEqual([
      { offsetWeeks: 8, limitDate: addDays(TODAY, 20), on: TODAY, sent: false },
      { offsetWeeks: 4, limitDate: addDays(TODAY, 20), on: TODAY, sent: true },
    ]);
    expect(s.firedAlarms.filter((k) => k.startsWith('sick-pay-reminder'))).toEqual(['sick-pay-reminder:8', 'sick-pay-reminder:4']);
    const view = sickPayView(s, TODAY, policy);
    // The 1-week target, Sunday 2026-12-06, goes out on the Friday before.
    expect(view.nextReminderOn).toBe('2026-12-04');
    expect(view.explanation.reminders.map((r) => r.status)).toEqual(['skipped', 'sent', 'pending']);
  });

  it('emails the caseworker once from the fired alarm, keyed per offset and limit', () => {
    const c = openCase('c1', intake(addDays(TODAY, -(49 * 7 + 21))), ctx());
    const due = new CaseChange(c.state, ctx());
    fireDueAlarms(due);
    const mails = due.emails.filter((e) => e.template === 'sick-pay-limit-reminder');
    expect(mails).toEqual([
      expect.objectContaining({ key: `sick-pay-reminder:c1:4:${addDays(TODAY, 20)}`, to: { name: c.state.caseworker.name, email: c.state.caseworker.email } }),
    ]);
    expect(mails[0].params).toMatchObject({ weeksLeft: 2, limitDate: addDays(TODAY, 20) });
  });

  it('reminders land on the business day before a weekend target, at the start of office hours', () => {
    // Limit on Saturday 2026-12-19 → every target is a Saturday, sent on the Friday before.
    const s = openCase('c1', intake('2025-11-30'), ctx()).state;
    const alarms = sickPayAlarms(s, policy).filter((a) => a.key.startsWith('sick-pay-reminder'));
    expect(alarms.map((a) => [a.key, a.at])).toEqual([
      ['sick-pay-reminder:8', copenhagenInstant('2026-10-23', 9)],
      ['sick-pay-reminder:4', copenhagenInstant('2026-11-20', 9)],
      ['sick-pay-reminder:1', copenhagenInstant('2026-12-11', 9)],
    ]);
    const explained = sickPayView(s, TODAY, policy).explanation.reminders[0];
    expect(explained).toMatchObject({ targetDate: '2026-10-24', sendOn: '2026-10-23', shiftedBecause: '2026-10-24 er en lørdag (weekend)' });
  });

  it('a pause holds the reminders and a resumption moves them by the days back at work', () => {
    const s = open(EARLY).state;
    const at = (st: CaseState) => sickPayAlarms(st, policy).find((a) => a.key === 'sick-pay-reminder:8')!.at;
    const before = at(s);
    const paused = run(s, (c) => recordSickLeavePeriod(c, { kind: 'return-to-work', date: addDays(TODAY, -20) })).change.state;
    expect(sickPayAlarms(paused, policy)).toEqual([]);
    const resumed = run(paused, (c) => recordSickLeavePeriod(c, { kind: 'resumed', date: addDays(TODAY, -6) })).change;
    expect(at(resumed.state) - before).toBe(14 * 86_400_000);
    expect(resumed.events[0].summary).toMatch(/flyttet fra .* til /);
    const wrong = rejection(() => run(resumed.state, (c) => recordSickLeavePeriod(c, { kind: 'resumed', date: TODAY })));
    expect(wrong.extra.errors).toEqual([expect.objectContaining({ path: 'kind' })]);
    const future = rejection(() => run(resumed.state, (c) => recordSickLeavePeriod(c, { kind: 'return-to-work', date: addDays(TODAY, 1) })));
    expect(future.code).toBe('future-date');
  });

  it('correcting the first sick day moves the limit, re-arms reminders ahead, withdraws a wrong extension, and journals it', () => {
    // A typo put the first sick day a year too early: limit passed, extension started, reminders "done".
    const typo = open(addDays(TODAY, -(60 * 7 + 21))).state;
    expect(typo.sickLeave.extension.active).toBe(true);
    const { change } = run(typo, (c) => correctFirstSickDay(c, { firstSickDay: addDays(TODAY, -(8 * 7 + 21)), reason: 'Tastefejl i årstal' }));
    const s = change.state;
    expect(s.sickLeave.corrections).toEqual([
      expect.objectContaining({ from: addDays(TODAY, -(60 * 7 + 21)), to: addDays(TODAY, -(8 * 7 + 21)), limitBefore: addDays(TODAY, -57), limitAfter: addDays(TODAY, 44 * 7 - 1) }),
    ]);
    expect(s.sickLeave.extension.active).toBe(false);
    expect(change.events.map((e) => e.type)).toEqual(['first-sick-day-corrected', 'sick-pay-extension-withdrawn']);
    expect(pendingAlarms(s, policy).filter((a) => a.key.startsWith('sick-pay-reminder')).map((a) => a.key)).toEqual([
      'sick-pay-reminder:8',
      'sick-pay-reminder:4',
      'sick-pay-reminder:1',
    ]);
    expect(sickPayView(s, TODAY, policy).explanation.lines.join('\n')).toMatch(/Første sygedag rettet .* \(Tastefejl i årstal\)/);
  });
});

describe('medical check-ins', () => {
  it('asks the centre every interval while not stationary, counting from the last status', () => {
    const s = open(EARLY).state;
    const [first] = medicalCheckInAlarms(s, policy);
    expect(first.key).toBe(`medical-check-in:${addMonths(TODAY, 3)}`);
    const later = copenhagenInstant(addMonths(TODAY, 3), 12);
    const fired = new CaseChange(structuredClone(s), ctx(later));
    fireDueAlarms(fired);
    expect(fired.emails).toEqual([expect.objectContaining({ template: 'medical-check-in', to: { name: 'Karen Konsulent', email: 'karen@fastholdelse.local' } })]);
    expect(JSON.stringify(fired.emails[0].params)).not.toMatch(/Knust/);
    expect(medicalCheckInAlarms(fired.state, policy)[0].key).toBe(`medical-check-in:${addMonths(addMonths(TODAY, 3), 3)}`);
    const stationary = run(fired.state, (c) => recordMedicalStatus(c, { stationary: true, assessedOn: addMonths(TODAY, 3) }), later).change.state;
    expect(medicalCheckInAlarms(stationary, policy)).toEqual([]);
  });
});
