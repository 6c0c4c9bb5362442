// Unit tests of the limit reminders following a limit that moves later: a pause recorded after
// reminders went out re-arms the reminders before the new limit (policy threshold), journals why in
// Danish, and sends none twice for the same limit.
import type { ActorRef } from '../../../domain/kernel/actor.schema';
import type { ChangeContext } from '../../../domain/kernel/change';
import { CURRENT_POLICY, type Policy } from '../../../domain/kernel/policy';
import type { ResolvedIntake } from '../../../domain/case/caseIntake.schema';
import type { CaseState } from '../../../domain/case/caseState.schema';
import { CaseChange } from '../../../domain/case/caseChange';
import { openCase } from '../../../domain/case/caseOpening';
import { fireDueAlarms, pendingAlarms } from '../../../domain/case/case.alarms';
import { copenhagenInstant } from '../../../domain/calendar/copenhagenTime';
import { addDays, daysBetween, type LocalDate } from '../../../domain/calendar/localDate';
import { computeSickPayClock, reminderSchedule, type SickLeavePeriod } from '../../../domain/sick-pay/sickPay';
import { recordSickLeavePeriod, type SickLeaveRules } from '../../../domain/sick-pay/sickLeave';
import { reminderKey } from '../../../domain/sick-pay/sickPay.alarms';
import { sickPayView } from '../../../domain/sick-pay/sickPay.view';
import { renderEmail } from '../../../domain/email/emailTemplates';
import { intakeBody } from '../../support/fixtures';

const policy = CURRENT_POLICY;
const caseworker: ActorRef = { actorId: 'caseworker-1', role: 'caseworker', name: 'Søren Sagsbehandler' };
// The limit falls on Wednesday 2027-03-03: reminders on Wednesdays 2027-01-06, 2027-02-03 and 2027-02-24.
const LIMIT = '2027-03-03';
// The limit is the last day of the last limit week (docs/sick-pay-rules.md).
const FIRST = addDays(LIMIT, -(policy.sickPay.excludedFirstDays + policy.sickPay.limitWeeks * 7) + 1);
const at = (day: LocalDate, hour = 12) => copenhagenInstant(day, hour);
const ctx = (now: number, p: Policy = policy): ChangeContext => ({ now, actor: caseworker, policy: p });
const REMINDER_KEYS = policy.sickPay.reminderOffsetsWeeks.map(reminderKey);

function intake(): ResolvedIntake {
  const b = intakeBody();
  return {
    ...(b as ResolvedIntake),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen Konsulent', email: 'karen@fastholdelse.local' },
    employer: b.employer ?? null,
    union: null,
    injury: { ...b.injury, date: addDays(FIRST, -2) },
    sickLeave: { firstSickDay: FIRST },
  };
}

/**
 * Runs the case's alarms from `from` up to `until` as the workflow's timer would: each at its own instant,
 * or at `from` when it was already due then; returns the emails.
 */
function runAlarms(state: CaseState, from: number, until: number, p: Policy = policy) {
  const emails: CaseChange['emails'] = [];
  for (;;) {
    const next = pendingAlarms(state, p)[0];
    if (!next || next.at > until) return emails;
    const change = new CaseChange(state, ctx(Math.max(next.at, from), p));
    fireDueAlarms(change);
    emails.push(...change.emails);
  }
}

/** A case opened in December 2026 whose three reminders for LIMIT went out; now 2027-02-26. */
function afterAllReminders(): CaseState {
  const state = openCase('c1', intake(), ctx(at('2026-12-01'))).state;
  runAlarms(state, at('2026-12-01'), at('2027-02-26'));
  expect(state.sickLeave.reminderLog).toEqual(reminderSchedule(LIMIT, policy).map((r) => ({ offsetWeeks: r.offsetWeeks, limitDate: LIMIT, on: r.sendOn, sent: true })));
  return state;
}

/** Records a period on a copy at `now`, with the workflow's rules; returns the change. */
function record(state: CaseState, period: SickLeavePeriod, now: number, rules?: SickLeaveRules, p: Policy = policy): CaseChange {
  const change = new CaseChange(structuredClone(state), ctx(now, p));
  recordSickLeavePeriod(change, period, rules);
  return change;
}

const reminderMails = (emails: CaseChange['emails']) => emails.filter((e) => e.template === 'sick-pay-limit-reminder').map((e) => e.key);

describe('limit reminders after the limit moved later', () => {
  it('a long pause after the 1-week reminder re-arms the reminders: the one due before the new limit goes out at once, once', () => {
    const s0 = afterAllReminders();
    const paused = record(s0, { kind: 'return-to-work', date: '2027-02-26' }, at('2027-02-26')).state;
    // Eight weeks back at work: the limit moves 56 days, to Wednesday 2027-04-28.
    const resumed = record(paused, { kind: 'resumed', date: '2027-04-23' }, at('2027-04-23', 10));
    const newLimit = addDays(LIMIT, 56);
    expect(computeSickPayClock(resumed.state.sickLeave, '2027-04-23', policy).limitDate).toBe(newLimit);
    expect(resumed.events.map((e) => e.type)).toEqual(['sick-leave-resumed', 'sick-pay-reminders-rearmed']);
    expect(resumed.events[1]).toMatchObject({ track: 'legal' });
    expect(resumed.events[1].summary).toBe(
      `Varighedsbegrænsningen er flyttet 56 dage senere, fra ${LIMIT} til ${newLimit}, efter at der var sendt påmindelser om den gamle grænse: ` +
        'påmindelserne før den nye grænse sendes igen (den seneste forfaldne straks).',
    );
    const s = resumed.state;
    expect(s.firedAlarms.filter((k) => REMINDER_KEYS.includes(k))).toEqual([]);

    // The 8- and 4-week times for the new limit have passed: only the most recent reminder goes out.
    const emails = runAlarms(s, at('2027-04-23', 10), at('2027-04-23', 10));
    expect(reminderMails(emails)).toEqual([`sick-pay-reminder:c1:1:${newLimit}`]);
    // Five days before the new limit: the email counts days, not "0 weeks".
    const mail = emails.find((e) => e.template === 'sick-pay-limit-reminder')!;
    expect(renderEmail(mail.template, mail.params, 'http://x').subject).toBe(`Varighedsbegrænsning om 5 dage: sag ${s.injuryCaseRef}`);
    expect(s.sickLeave.reminderLog.slice(3)).toEqual([
      { offsetWeeks: 8, limitDate: newLimit, on: '2027-04-23', sent: false },
      { offsetWeeks: 4, limitDate: newLimit, on: '2027-04-23', sent: false },
      { offsetWeeks: 1, limitDate: newLimit, on: '2027-04-23', sent: true },
    ]);
    expect(sickPayView(s, '2027-04-23', policy).explanation.reminders.map((r) => r.status)).toEqual(['skipped', 'skipped', 'sent']);

    // None twice for the same limit: nothing more until the limit passes and the extension starts.
    expect(reminderMails(runAlarms(s, at('2027-04-23', 10), at(addDays(newLimit, 3))))).toEqual([]);
    expect(s.sickLeave.reminderLog).toHaveLength(6);
    expect(s.sickLeave.extension).toMatchObject({ active: true, since: addDays(newLimit, 1) });
  });

  it('a pause recorded back-dated after the reminders re-arms all three ahead of the new limit, each sent once on its day', () => {
    const s0 = afterAllReminders();
    const paused = record(s0, { kind: 'return-to-work', date: '2026-11-30' }, at('2027-02-26'));
    const resumed = record(paused.state, { kind: 'resumed', date: '2027-02-26' }, at('2027-02-26'));
    const newLimit = addDays(LIMIT, daysBetween('2026-11-30', '2027-02-26'));
    expect(resumed.events[1].summary).toMatch(/påmindelserne før den nye grænse sendes igen \(næste \d{4}-\d{2}-\d{2}\)\.$/);
    const s = resumed.state;
    const emails = runAlarms(s, at('2027-02-26'), at(addDays(newLimit, 3)));
    expect(reminderMails(emails)).toEqual(policy.sickPay.reminderOffsetsWeeks.map((w) => `sick-pay-reminder:c1:${w}:${newLimit}`));
    expect(s.sickLeave.reminderLog.slice(3)).toEqual(
      reminderSchedule(newLimit, policy).map((r) => ({ offsetWeeks: r.offsetWeeks, limitDate: newLimit, on: r.sendOn, sent: true })),
    );
  });

  it('a move of at most the policy days re-arms nothing and asks no rule', () => {
    const s0 = afterAllReminders();
    const asked = jest.fn(() => true);
    const paused = record(s0, { kind: 'return-to-work', date: '2027-02-26' }, at('2027-02-26'), { rearmRemindersOnLimitMove: asked });
    // Five days back at work: the limit moves five days, to 2027-03-08 (policy: more than 7).
    const resumed = record(paused.state, { kind: 'resumed', date: '2027-03-03' }, at('2027-03-03'), { rearmRemindersOnLimitMove: asked });
    expect(resumed.events.map((e) => e.type)).toEqual(['sick-leave-resumed']);
    expect(resumed.state.firedAlarms).toEqual(expect.arrayContaining(REMINDER_KEYS));
    expect(asked).not.toHaveBeenCalled();
    expect(reminderMails(runAlarms(resumed.state, at('2027-03-03'), at('2027-03-12')))).toEqual([]);
  });

  it('a second long move re-arms again for the newest limit, but a reminder already sent for it is not sent twice', () => {
    const s0 = afterAllReminders();
    const p1 = record(s0, { kind: 'return-to-work', date: '2027-02-26' }, at('2027-02-26')).state;
    const r1 = record(p1, { kind: 'resumed', date: '2027-04-23' }, at('2027-04-23', 10)).state;
    runAlarms(r1, at('2027-04-23', 10), at('2027-04-23', 10));
    const limit1 = addDays(LIMIT, 56);
    // A short second pause (3 days) after the re-armed reminder: its limit is close enough, nothing again.
    const p2 = record(r1, { kind: 'return-to-work', date: '2027-04-24' }, at('2027-04-24')).state;
    const r2 = record(p2, { kind: 'resumed', date: '2027-04-27' }, at('2027-04-27'));
    expect(r2.events.map((e) => e.type)).toEqual(['sick-leave-resumed']);
    expect(reminderMails(runAlarms(r2.state, at('2027-04-27'), at(addDays(limit1, 5))))).toEqual([]);
    expect(r2.state.sickLeave.reminderLog.filter((l) => l.sent).map((l) => [l.offsetWeeks, l.limitDate])).toEqual([
      [8, LIMIT],
      [4, LIMIT],
      [1, LIMIT],
      [1, limit1],
    ]);
  });

  it('follows the workflow rule: without it (histories recorded before it) nothing is re-armed', () => {
    const s0 = afterAllReminders();
    const paused = record(s0, { kind: 'return-to-work', date: '2027-02-26' }, at('2027-02-26')).state;
    const asked = jest.fn(() => false);
    const resumed = record(paused, { kind: 'resumed', date: '2027-04-23' }, at('2027-04-23', 10), { rearmRemindersOnLimitMove: asked });
    expect(asked).toHaveBeenCalledTimes(1);
    expect(resumed.events.map((e) => e.type)).toEqual(['sick-leave-resumed']);
    expect(reminderMails(runAlarms(resumed.state, at('2027-04-23', 10), at('2027-05-10')))).toEqual([]);
  });

  it('takes its threshold from the policy', () => {
    const lenient: Policy = { ...policy, sickPay: { ...policy.sickPay, reminderRearmDays: 60 } };
    expect(policy.sickPay.reminderRearmDays).toBe(7);
    const s0 = afterAllReminders();
    const paused = record(s0, { kind: 'return-to-work', date: '2027-02-26' }, at('2027-02-26'), undefined, lenient).state;
    const resumed = record(paused, { kind: 'resumed', date: '2027-04-23' }, at('2027-04-23', 10), undefined, lenient);
    expect(resumed.events.map((e) => e.type)).toEqual(['sick-leave-resumed']);
  });
});
