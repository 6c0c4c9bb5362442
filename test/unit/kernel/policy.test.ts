// Unit tests for the versioned policy: defaults, validation and selection by date.
import { CURRENT_POLICY, POLICIES, policyByVersion, policyFor } from '../../../domain/kernel/policy';
import { policySchema } from '../../../domain/kernel/policy.schema';

describe('policy defaults', () => {
  it('carries every DOMAIN.md number', () => {
    const p = CURRENT_POLICY;
    expect(p.version).toBe('2026.1');
    expect(p.sickPay).toEqual({
      excludedFirstDays: 21,
      limitWeeks: 52,
      reminderOffsetsWeeks: [8, 4, 1],
      reminderRearmDays: 7,
      refundBands: [
        { fromWeek: 1, toWeek: 4, pct: 100 },
        { fromWeek: 5, toWeek: 8, pct: 50 },
        { fromWeek: 9, toWeek: null, pct: 30 },
      ],
      ruleCollisionWarningWeeks: 8,
    });
    expect(p.decisions).toEqual({
      permanentInjuryThresholdPct: 5,
      earningCapacityThresholdPct: 15,
      revisionDefaultMonths: 12,
      justificationMinLength: 20,
      revisionEscalationBusinessDays: 10,
      appealDeadlineWeeks: 4,
    });
    expect(p.medical.checkInIntervalMonths).toBe(3);
    expect(p.tasks.escalationBusinessDays).toBe(5);
    expect(p.roundtables).toEqual({ minutesDeadlineBusinessDays: 5, reminderBusinessDaysBefore: 1, contactEmployerWeeks: 4 });
    expect(p.aftercare.checkInOffsetsMonths).toEqual([1, 3, 6]);
    expect(p.subsidies).toEqual({
      insurerReminderBusinessDays: 10,
      insurerEscalationBusinessDays: 10,
      justificationMinLength: 20,
      paymentDueBusinessDays: 20,
    });
    expect(p.screening.completionTaskBusinessDays).toBe(10);
    expect(p.supervision).toEqual({ noActivityBusinessDays: 15, limitApproachingWindowWeeks: 8, failingActivityAttempts: 5 });
    expect(p.calendar).toEqual({
      officeHours: { startHour: 9, endHour: 15 },
      closedDays: { constitutionDay: true, christmasEve: true, newYearsEve: true },
      greatPrayerDayLastYear: 2023,
    });
    expect(p.intake.riskScoreHigh).toBe(60);
    expect(p.email).toEqual({ temporaryFailureLimitHours: 72, bounceTaskBusinessDays: 2, closedCaseBounceListedDays: 30 });
  });

  it('is frozen so callers cannot change it for everyone', () => {
    expect(Object.isFrozen(CURRENT_POLICY.sickPay.reminderOffsetsWeeks)).toBe(true);
    expect(() => {
      (CURRENT_POLICY.sickPay as { limitWeeks: number }).limitWeeks = 1;
    }).toThrow();
  });

  it('fills defaults per field, so a new version only states what changed', () => {
    const p = policySchema.parse({ version: '2030.1', effectiveFrom: '2030-01-01', sickPay: { limitWeeks: 22 } });
    expect(p.sickPay.limitWeeks).toBe(22);
    expect(p.sickPay.excludedFirstDays).toBe(21);
    expect(p.calendar.officeHours.startHour).toBe(9);
  });

  it('rejects invalid policies', () => {
    expect(policySchema.safeParse({ version: 'x', effectiveFrom: '2026-01-01' }).success).toBe(false);
    expect(policySchema.safeParse({ version: '2026.2', effectiveFrom: '2026-02-30' }).success).toBe(false);
    const gap = {
      version: '2026.2',
      effectiveFrom: '2026-06-01',
      sickPay: { refundBands: [{ fromWeek: 1, toWeek: 4, pct: 100 }, { fromWeek: 6, toWeek: null, pct: 30 }] },
    };
    expect(policySchema.safeParse(gap).success).toBe(false);
    const closed = { version: '2026.2', effectiveFrom: '2026-06-01', sickPay: { refundBands: [{ fromWeek: 1, toWeek: 4, pct: 100 }] } };
    expect(policySchema.safeParse(closed).success).toBe(false);
    const hours = { version: '2026.2', effectiveFrom: '2026-06-01', calendar: { officeHours: { startHour: 15, endHour: 9 } } };
    expect(policySchema.safeParse(hours).success).toBe(false);
  });
});

// POLICIES are plain objects (the workflow bundle has no zod), so the schema checks them here.
describe('policy versions', () => {
  it('are valid and complete: policySchema parses every version to itself', () => {
    for (const p of POLICIES) expect(policySchema.parse(p)).toStrictEqual(p);
  });

  it('start from the DOMAIN.md defaults of policySchema', () => {
    expect(POLICIES[0]).toStrictEqual(policySchema.parse({ version: POLICIES[0].version, effectiveFrom: POLICIES[0].effectiveFrom }));
  });
});

describe('policyFor', () => {
  it('picks the version effective on the date', () => {
    expect(policyFor('2026-06-01').version).toBe('2026.1');
    expect(policyFor('2026-01-01')).toBe(POLICIES[0]);
  });

  it('falls back to the first version for older dates', () => {
    expect(policyFor('2020-01-01')).toBe(POLICIES[0]);
  });

  it('keeps POLICIES ordered and finds versions by label', () => {
    for (let i = 1; i < POLICIES.length; i++) {
      expect(POLICIES[i].effectiveFrom >= POLICIES[i - 1].effectiveFrom).toBe(true);
    }
    expect(policyByVersion('2026.1')).toBe(CURRENT_POLICY);
    expect(policyByVersion('1999.1')).toBeUndefined();
  });
});
