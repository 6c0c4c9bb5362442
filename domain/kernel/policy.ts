// The versioned policy: every number and switch from DOMAIN.md lives here, because the law changes;
// workflows ask policyFor(date) instead of writing literals.
import type { z } from 'zod';
import { compareDates, type LocalDate } from '../calendar/localDate';
import type { policySchema } from './policy.schema';

/** One fully resolved policy version (fields and their meaning: policySchema.ts). */
export type Policy = z.infer<typeof policySchema>;

// Shared policy objects must not be mutated by a caller, or every later computation would change.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

// Written out in full rather than parsed with policySchema: workflows read this module, and the workflow
// bundle carries no zod. test/unit/policy.test.ts parses every version with policySchema.
const POLICY_2026_1: Policy = {
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  sickPay: {
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
  },
  decisions: {
    permanentInjuryThresholdPct: 5,
    earningCapacityThresholdPct: 15,
    revisionDefaultMonths: 12,
    justificationMinLength: 20,
    revisionEscalationBusinessDays: 10,
    appealDeadlineWeeks: 4,
  },
  medical: { checkInIntervalMonths: 3 },
  tasks: { escalationBusinessDays: 5 },
  roundtables: { minutesDeadlineBusinessDays: 5, reminderBusinessDaysBefore: 1, contactEmployerWeeks: 4 },
  aftercare: { checkInOffsetsMonths: [1, 3, 6] },
  subsidies: {
    insurerReminderBusinessDays: 10,
    insurerEscalationBusinessDays: 10,
    justificationMinLength: 20,
    paymentDueBusinessDays: 20,
  },
  screening: { completionTaskBusinessDays: 10 },
  supervision: { noActivityBusinessDays: 15, limitApproachingWindowWeeks: 8, failingActivityAttempts: 5 },
  calendar: {
    officeHours: { startHour: 9, endHour: 15 },
    closedDays: { constitutionDay: true, christmasEve: true, newYearsEve: true },
    greatPrayerDayLastYear: 2023,
  },
  intake: { riskScoreHigh: 60 },
  email: { temporaryFailureLimitHours: 72, bounceTaskBusinessDays: 2, closedCaseBounceListedDays: 30 },
  idempotency: { keyRetentionDays: 30 },
  retention: {
    fastTrackEmployerRequestWeeks: 5,
    fastTrackConversationWeeks: 2,
    fastTrackDeclinedConversationWeek: 8,
    fastTrackAnswersBusinessDays: 2,
    earlyRoundtableBusinessDays: 5,
    highRiskFollowUpDays: 7,
  },
};

/** All policy versions, ordered by effectiveFrom ascending; add a new entry when the law changes. */
export const POLICIES: readonly Policy[] = deepFreeze(
  [POLICY_2026_1].sort((a, b) => compareDates(a.effectiveFrom, b.effectiveFrom)),
);

/**
 * The latest policy version effective on `date`. Dates before the first version get the first
 * version, so cases older than the policy module still compute instead of failing.
 */
export function policyFor(date: LocalDate): Policy {
  let chosen = POLICIES[0];
  for (const p of POLICIES) {
    if (compareDates(p.effectiveFrom, date) <= 0) chosen = p;
  }
  return chosen;
}

/** The newest policy version (no clock is read here; use policyFor(today) when the date matters). */
export const CURRENT_POLICY: Policy = POLICIES[POLICIES.length - 1];

/** Look up a policy by its version label, e.g. to re-explain a deadline computed under an older version. */
export function policyByVersion(version: string): Policy | undefined {
  return POLICIES.find((p) => p.version === version);
}
