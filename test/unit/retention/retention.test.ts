// Unit tests of the job centre's retention rules: the fast track's dates (the employer's week-5 limit to the
// day, two weeks after the request, the end of week 8 when declined), partial sick leave on the clock, and
// the retention report's counting.
import { CURRENT_POLICY as policy } from '../../../domain/kernel/policy';
import { DomainRejection } from '../../../domain/kernel/change';
import { checkFastTrackRequest, endOfAbsenceWeek, firstConversationDueOn, latestEmployerRequest } from '../../../domain/retention/fastTrack';
import { computeSickPayClock, sickPctOf } from '../../../domain/sick-pay/sickPay';
import { median, retentionReport, type RetentionReportCase } from '../../../domain/supervision/retentionReport';

const first = '2026-01-12'; // a Monday

test('the employer may ask until the last day of week 5 of absence; the day after is 422 fast-track-too-late; the employee any time', () => {
  expect(endOfAbsenceWeek(first, 1)).toBe('2026-01-18');
  expect(latestEmployerRequest(first, policy)).toBe('2026-02-15');
  expect(() => checkFastTrackRequest(first, 'employer', '2026-02-15', policy)).not.toThrow();
  let err: unknown;
  try {
    checkFastTrackRequest(first, 'employer', '2026-02-16', policy);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainRejection);
  expect(err).toMatchObject({ status: 422, code: 'fast-track-too-late', extra: { latestRequestOn: '2026-02-15' } });
  expect(() => checkFastTrackRequest(first, 'employee', '2026-04-01', policy)).not.toThrow();
  expect(() => checkFastTrackRequest(first, 'employee', '2026-01-11', policy)).toThrow(/before the first day of absence/);
});

test('the first conversation: two weeks after the request, or the end of week 8 when the employee declines', () => {
  expect(firstConversationDueOn({ requestedOn: '2026-01-26', employeeConsent: null }, first, policy)).toBe('2026-02-09');
  expect(firstConversationDueOn({ requestedOn: '2026-01-26', employeeConsent: true }, first, policy)).toBe('2026-02-09');
  expect(firstConversationDueOn({ requestedOn: '2026-01-26', employeeConsent: false }, first, policy)).toBe('2026-03-08');
});

test('partial sick leave counts like full sick days: the documented example', () => {
  const plain = computeSickPayClock({ firstSickDay: first, periods: [] }, '2026-04-01', policy);
  const partial = computeSickPayClock(
    { firstSickDay: first, periods: [], partialPeriods: [{ from: '2026-03-02', to: '2026-03-22', workingHoursPerWeek: 18.5, normalHoursPerWeek: 37 }] },
    '2026-04-01',
    policy,
  );
  expect(plain.limitDate).toBe('2027-01-31');
  expect(partial.limitDate).toBe('2027-01-31');
  expect(partial.weeksPaid).toBe(plain.weeksPaid);
  expect(partial.explanation.partialPeriods).toEqual([expect.objectContaining({ sickPct: 50 })]);
  const full = computeSickPayClock({ firstSickDay: first, periods: [{ kind: 'return-to-work', date: '2026-03-02' }, { kind: 'resumed', date: '2026-03-22' }] }, '2026-04-01', policy);
  expect(full.limitDate).toBe('2027-02-20');
  expect(sickPctOf({ workingHoursPerWeek: 15, normalHoursPerWeek: 37 })).toBe(59);
  // Not known yet on a day before it starts.
  expect(computeSickPayClock({ firstSickDay: first, periods: [], partialPeriods: [{ from: '2026-03-02', to: null, workingHoursPerWeek: 15, normalHoursPerWeek: 37 }] }, '2026-03-01', policy).explanation.partialPeriods).toEqual([]);
});

test('the retention report counts by municipality and month as documented', () => {
  const today = '2026-06-30';
  const c = (over: Partial<RetentionReportCase>): RetentionReportCase => ({
    municipalityCode: '751',
    month: '2026-06',
    referralSource: 'jobcentre-initiative',
    firstSickDay: '2026-06-01',
    periods: [],
    fastTrack: null,
    ...over,
  });
  const rows = retentionReport(
    [
      // Week 13 ends 2026-04-01 (first sick day + 90 days): judged; back the day after, and on that very day.
      c({ firstSickDay: '2026-01-01', periods: [{ kind: 'return-to-work', date: '2026-04-02' }] }),
      c({ firstSickDay: '2026-01-01', periods: [{ kind: 'return-to-work', date: '2026-04-01' }] }),
      // Week 13 ends today: not yet judged.
      c({ firstSickDay: '2026-04-01' }),
      c({ referralSource: 'fast-track-employee', fastTrack: { requestedOn: '2026-06-01', firstConversationDueOn: '2026-06-15', firstConversationOn: '2026-06-15' } }),
      c({ referralSource: 'fast-track-employee', fastTrack: { requestedOn: '2026-06-01', firstConversationDueOn: '2026-06-15', firstConversationOn: '2026-06-16' } }),
      c({ referralSource: 'fast-track-employer', fastTrack: { requestedOn: '2026-06-20', firstConversationDueOn: '2026-07-04', firstConversationOn: null } }),
      c({ municipalityCode: '101', month: '2026-05' }),
    ],
    today,
  );
  expect(rows.map((r) => `${r.municipalityCode} ${r.month}`)).toEqual(['101 2026-05', '751 2026-06']);
  expect(rows[1]).toEqual({
    municipalityCode: '751',
    month: '2026-06',
    opened: 6,
    openedByReferral: { 'jobcentre-initiative': 3, 'fast-track-employee': 2, 'fast-track-employer': 1 },
    backAtWorkByWeek13: { judged: 2, back: 1, sharePct: 50 },
    firstConversation: { held: 2, medianDays: 14.5 },
    pastDeadline: 1,
  });
  expect(median([])).toBeNull();
  expect(median([3, 1, 2])).toBe(2);
});
