// Unit tests for the sick-pay clock, with hand-checked limit dates, band edges and reminders.
import { computeSickPayClock, reminderSchedule, validatePeriods, type SickLeavePeriod } from '../../../domain/sick-pay/sickPay';
import { sickPayClockSchema } from '../../../domain/sick-pay/sickPay.schema';
import { CURRENT_POLICY } from '../../../domain/kernel/policy';

const policy = CURRENT_POLICY;
const FIRST = '2026-01-12';
const clock = (asOf: string, periods: SickLeavePeriod[] = []) =>
  computeSickPayClock({ firstSickDay: FIRST, periods }, asOf, policy);

describe('computeSickPayClock', () => {
  it('computes the DOMAIN.md default limit (docs/sick-pay-rules.md): 2026-01-12 → 2027-01-31, extension from 2027-02-01', () => {
    const c = clock(FIRST);
    expect(c).toMatchObject({
      firstSickDay: FIRST,
      limitDate: '2027-01-31',
      paused: false,
      pausedDays: 0,
      weeksPaid: 0,
      refundRatePct: 0,
      limitPassed: false,
    });
    expect(c.explanation).toMatchObject({ baseDate: '2026-02-02', excludedFirstDays: 21, limitWeeks: 52, pauses: [] });
    expect(c.explanation.lines.slice(0, 4)).toEqual([
      'Første sygedag 2026-01-12.',
      'De første 21 dage (2026-01-12 til 2026-02-01) tæller ikke med; ugerne tælles fra 2026-02-02.',
      '52 uger fra 2026-02-02 er betalt 2027-01-31.',
      'Varighedsbegrænsning: 2027-01-31 (sidste dag inden for grænsen; en forlængelse begynder 2027-02-01).',
    ]);
    expect(sickPayClockSchema.parse(c)).toEqual(c);
  });

  it('moves the limit by a closed pause', () => {
    const c = clock('2026-06-01', [
      { kind: 'return-to-work', date: '2026-03-02' },
      { kind: 'resumed', date: '2026-03-16' },
    ]);
    expect(c.limitDate).toBe('2027-02-14');
    expect(c.pausedDays).toBe(14);
    expect(c.paused).toBe(false);
    expect(c.explanation.pauses).toEqual([{ from: '2026-03-02', to: '2026-03-16', days: 14 }]);
    expect(c.explanation.lines).toContain('Raskmeldt 2026-03-02 til 2026-03-16: 14 dage lægges til.');
    expect(c.explanation.lines).toContain('Varighedsbegrænsning: 2027-02-14 (sidste dag inden for grænsen; en forlængelse begynder 2027-02-15).');
    // 141 days 2026-01-12..2026-06-01 − 14 paused = 127 counted: (127 − 21) / 7 = 15 weeks, refund week 16.
    expect(c.weeksPaid).toBe(15);
    expect(c.refundRatePct).toBe(30);
  });

  it('adds several pauses', () => {
    const c = clock('2026-12-01', [
      { kind: 'return-to-work', date: '2026-03-02' },
      { kind: 'resumed', date: '2026-03-16' },
      { kind: 'return-to-work', date: '2026-08-01' },
      { kind: 'resumed', date: '2026-08-02' },
    ]);
    expect(c.pausedDays).toBe(15);
    expect(c.limitDate).toBe('2027-02-15');
    expect(c.explanation.lines).toContain('Raskmeldt 2026-08-01 til 2026-08-02: 1 dag lægges til.');
  });

  it('counts an open pause up to and including asOf', () => {
    const c = clock('2026-03-10', [{ kind: 'return-to-work', date: '2026-03-02' }]);
    expect(c.paused).toBe(true);
    expect(c.pausedDays).toBe(9);
    expect(c.limitDate).toBe('2027-02-09');
    expect(c.explanation.pauses).toEqual([{ from: '2026-03-02', to: null, days: 9 }]);
    // Counted: 2026-01-12..2026-03-01 = 49 days, 28 of them the municipality's → 4 weeks paid, refund week 4.
    expect(c.weeksPaid).toBe(4);
    expect(c.refundRatePct).toBe(100);
    expect(clock('2026-03-11', [{ kind: 'return-to-work', date: '2026-03-02' }]).limitDate).toBe('2027-02-10');
  });

  it('ignores status changes dated after asOf', () => {
    const future = clock('2026-02-20', [{ kind: 'return-to-work', date: '2026-03-02' }]);
    expect(future).toMatchObject({ paused: false, pausedDays: 0, limitDate: '2027-01-31' });
    const notYetResumed = clock('2026-03-10', [
      { kind: 'return-to-work', date: '2026-03-02' },
      { kind: 'resumed', date: '2026-03-16' },
    ]);
    expect(notYetResumed).toMatchObject({ paused: true, pausedDays: 9 });
  });

  it.each([
    // Refund weeks count the municipality's days, from day 22 (docs/sick-pay-rules.md).
    ['2026-01-11', 0, 0], // before the first sick day: nothing paid
    ['2026-02-01', 0, 0], // day 21: the last excluded day, the municipality pays nothing yet
    ['2026-02-02', 0, 100], // day 22: refund week 1
    ['2026-02-08', 1, 100], // one week paid
    ['2026-03-01', 4, 100], // last day of refund week 4
    ['2026-03-02', 4, 50], // refund week 5
    ['2026-03-29', 8, 50], // last day of refund week 8
    ['2026-03-30', 8, 30], // refund week 9
    ['2027-01-31', 52, 30], // the limit date itself: 52 weeks paid
    ['2027-02-01', 52, 0], // after the limit (the extension's first day)
    ['2027-06-01', 52, 0], // capped at 52 weeks
  ])('as of %s: %i weeks paid, refund %i %%', (asOf, weeks, pct) => {
    const c = clock(asOf);
    expect(c.weeksPaid).toBe(weeks);
    expect(c.refundRatePct).toBe(pct);
  });

  it('marks the limit as passed only after the limit date', () => {
    expect(clock('2027-01-31').limitPassed).toBe(false);
    expect(clock('2027-02-01').limitPassed).toBe(true);
  });

  it('refuses invalid periods', () => {
    expect(() => clock('2026-06-01', [{ kind: 'resumed', date: '2026-03-02' }])).toThrow(/alternate/);
  });
});

describe('validatePeriods', () => {
  it('accepts a well-formed list', () => {
    expect(validatePeriods(FIRST, [])).toEqual([]);
    expect(
      validatePeriods(FIRST, [
        { kind: 'return-to-work', date: '2026-03-02' },
        { kind: 'resumed', date: '2026-03-16' },
        { kind: 'return-to-work', date: '2026-05-01' },
      ]),
    ).toEqual([]);
  });

  it('requires alternation starting with return-to-work', () => {
    expect(validatePeriods(FIRST, [{ kind: 'resumed', date: '2026-03-02' }])).toEqual([
      'periods[0] is "resumed" but must be "return-to-work": periods must alternate, starting with return-to-work',
    ]);
    const twice = validatePeriods(FIRST, [
      { kind: 'return-to-work', date: '2026-03-02' },
      { kind: 'return-to-work', date: '2026-03-09' },
    ]);
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatch(/periods\[1\].*must be "resumed"/);
  });

  it('requires chronological order', () => {
    const errors = validatePeriods(FIRST, [
      { kind: 'return-to-work', date: '2026-03-16' },
      { kind: 'resumed', date: '2026-03-02' },
    ]);
    expect(errors).toEqual([
      'periods[1] date 2026-03-02 must be after periods[0] date 2026-03-16: periods must be in chronological order',
    ]);
    expect(
      validatePeriods(FIRST, [
        { kind: 'return-to-work', date: '2026-03-02' },
        { kind: 'resumed', date: '2026-03-02' },
      ]),
    ).toHaveLength(1);
  });

  it('rejects periods before the first sick day', () => {
    expect(validatePeriods(FIRST, [{ kind: 'return-to-work', date: '2026-01-05' }])).toEqual([
      'periods[0] date 2026-01-05 must be after the first sick day 2026-01-12',
    ]);
    expect(validatePeriods(FIRST, [{ kind: 'return-to-work', date: FIRST }])).toHaveLength(1);
  });
});

describe('reminderSchedule', () => {
  it('sends on the target dates when they are business days', () => {
    expect(reminderSchedule('2027-02-01', policy)).toEqual([
      { offsetWeeks: 8, targetDate: '2026-12-07', sendOn: '2026-12-07', shiftedBecause: null },
      { offsetWeeks: 4, targetDate: '2027-01-04', sendOn: '2027-01-04', shiftedBecause: null },
      { offsetWeeks: 1, targetDate: '2027-01-25', sendOn: '2027-01-25', shiftedBecause: null },
    ]);
  });

  it('moves reminders earlier off holidays and weekends, saying why', () => {
    expect(reminderSchedule('2027-05-23', policy)).toEqual([
      { offsetWeeks: 8, targetDate: '2027-03-28', sendOn: '2027-03-24', shiftedBecause: '2027-03-28 er Påskedag' },
      { offsetWeeks: 4, targetDate: '2027-04-25', sendOn: '2027-04-23', shiftedBecause: '2027-04-25 er en søndag (weekend)' },
      { offsetWeeks: 1, targetDate: '2027-05-16', sendOn: '2027-05-14', shiftedBecause: '2027-05-16 er Pinsedag' },
    ]);
  });

  it('names weekday closed days and Saturdays', () => {
    const r = reminderSchedule('2027-02-18', policy);
    expect(r[0]).toEqual({
      offsetWeeks: 8,
      targetDate: '2026-12-24',
      sendOn: '2026-12-23',
      shiftedBecause: '2026-12-24 er Juleaftensdag',
    });
    const sat = reminderSchedule('2027-02-06', policy);
    expect(sat[2]).toEqual({
      offsetWeeks: 1,
      targetDate: '2027-01-30',
      sendOn: '2027-01-29',
      shiftedBecause: '2027-01-30 er en lørdag (weekend)',
    });
  });
});
