// Zod schema of one policy version: every field with its meaning, its bounds and its DOMAIN.md default.
// The versions themselves are plain objects in policy.ts (workflows read them without zod).
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { calendarSchema } from '../calendar/calendar.schema';

const count = (min = 0) => z.number().int().min(min);
const pct = () => z.number().min(0).max(100);

const refundBandSchema = z.object({
  fromWeek: count(1),
  toWeek: count(1).nullable(),
  pct: pct(),
});

const sickPaySchema = z
  .object({
    // Calendar days at the start of the sick-pay period that do not count towards the limit.
    excludedFirstDays: count().default(21),
    // Weeks of sick pay after the excluded days before the duration limit (varighedsbegrænsning); the limit
    // date is the last day of the last of these weeks (docs/sick-pay-rules.md).
    limitWeeks: count(1).default(52),
    // Weeks before the limit date at which the caseworker is reminded.
    reminderOffsetsWeeks: z.array(count(1)).default(() => [8, 4, 1]),
    // Days the limit must move later (a pause recorded after reminders went out) before the reminders still
    // ahead of the new limit are sent again; a smaller move keeps the reminders already sent.
    reminderRearmDays: count().default(7),
    // Municipal refund from the state by week of the municipality's payment, counted from the day after the
    // excluded days like the limit (docs/sick-pay-rules.md); 0 % before it and after the limit date.
    refundBands: z.array(refundBandSchema).min(1).default(() => [
      { fromWeek: 1, toWeek: 4, pct: 100 },
      { fromWeek: 5, toWeek: 8, pct: 50 },
      { fromWeek: 9, toWeek: null, pct: 30 },
    ]),
    // Warn about a rule collision when a decision ends the extension within this many weeks of the limit.
    ruleCollisionWarningWeeks: count().default(8),
  })
  .superRefine((s, ctx) => {
    // Bands must tile weeks 1..∞ without gaps, or some week would get no refund rate.
    s.refundBands.forEach((b, i) => {
      const expectedFrom = i === 0 ? 1 : (s.refundBands[i - 1].toWeek ?? Number.NaN) + 1;
      const isLast = i === s.refundBands.length - 1;
      if (b.fromWeek !== expectedFrom) {
        ctx.addIssue({ code: 'custom', path: ['refundBands', i, 'fromWeek'], message: `must be ${expectedFrom}` });
      }
      if (isLast ? b.toWeek !== null : b.toWeek === null || b.toWeek < b.fromWeek) {
        ctx.addIssue({
          code: 'custom',
          path: ['refundBands', i, 'toWeek'],
          message: isLast ? 'the last band must be open-ended (null)' : 'must be a week on or after fromWeek',
        });
      }
    });
  })
  .prefault({});

const decisionsSchema = z
  .object({
    // Degree of permanent injury (varigt mén) in percent from which compensation is paid.
    permanentInjuryThresholdPct: pct().default(5),
    // Loss of earning capacity (erhvervsevnetab) in percent from which compensation is paid.
    earningCapacityThresholdPct: pct().default(15),
    // Months until an interim decision or safe minimum is due for revision, unless set otherwise.
    revisionDefaultMonths: count(1).default(12),
    // Minimum length of a decision's written justification, in characters.
    justificationMinLength: count(1).default(20),
    // Business days after a revision falls due before it is escalated to the supervisor.
    revisionEscalationBusinessDays: count(1).default(10),
    // Weeks after a decision within which a party may appeal it (klagefrist), told in the decision notices.
    appealDeadlineWeeks: count(1).default(4),
  })
  .prefault({});

const medicalSchema = z
  .object({
    // Months between check-ins on whether the injury has become stationary.
    checkInIntervalMonths: count(1).default(3),
  })
  .prefault({});

const tasksSchema = z
  .object({
    // Business days an open task may be overdue before it is escalated.
    escalationBusinessDays: count(1).default(5),
  })
  .prefault({});

const roundtablesSchema = z
  .object({
    // Business days after a roundtable by which the minutes must be sent.
    minutesDeadlineBusinessDays: count(1).default(5),
    // Business days before a roundtable that participants are reminded.
    reminderBusinessDaysBefore: count(1).default(1),
    // Weeks after a roundtable at which the employer is contacted again.
    contactEmployerWeeks: count(1).default(4),
  })
  .prefault({});

const aftercareSchema = z
  .object({
    // Months after return to work at which aftercare check-ins happen.
    checkInOffsetsMonths: z.array(count(1)).default(() => [1, 3, 6]),
  })
  .prefault({});

const subsidiesSchema = z
  .object({
    // Business days without an insurer answer before the insurer is reminded.
    insurerReminderBusinessDays: count(1).default(10),
    // Business days after the reminder without an answer before escalation.
    insurerEscalationBusinessDays: count(1).default(10),
    // Minimum length of a subsidy request's justification (insurers reject unreasoned requests), in characters.
    justificationMinLength: count(1).default(20),
    // Business days after an approval by which the confirm-payment task is due.
    paymentDueBusinessDays: count(1).default(20),
  })
  .prefault({});

const screeningSchema = z
  .object({
    // Business days allowed to complete the intake screening task.
    completionTaskBusinessDays: count(1).default(10),
  })
  .prefault({});

const supervisionSchema = z
  .object({
    // Business days without any activity after which a case is reported as stuck.
    noActivityBusinessDays: count(1).default(15),
    // Weeks before the sick-pay limit within which a case is listed as approaching the limit.
    limitApproachingWindowWeeks: count(1).default(8),
    // Failed attempts of an activity after which it is reported as failing.
    failingActivityAttempts: count(1).default(5),
  })
  .prefault({});

const intakeSchema = z
  .object({
    // Risk score at or above which a case is flagged as high risk of long-term sickness.
    riskScoreHigh: z.number().min(0).default(60),
  })
  .prefault({});

const idempotencySchema = z
  .object({
    // Days an Idempotency-Key and its answer are kept in the case's (or subsidy's) state: a retry within them gets the first answer.
    keyRetentionDays: count(1).default(30),
  })
  .prefault({});

const emailSchema = z
  .object({
    // Hours an email may keep failing temporarily (4xx, connection errors, timeouts) before it counts as undeliverable.
    temporaryFailureLimitHours: count(1).default(72),
    // Business days the case owner gets to fix the address of an undeliverable email (the follow-up task's due date).
    bounceTaskBusinessDays: count(1).default(2),
    // Days an undeliverable email of a closed case stays on the stuck list (a closed case takes no task).
    closedCaseBounceListedDays: count(1).default(30),
  })
  .prefault({});

const retentionSchema = z
  .object({
    // Weeks of absence (from the first day) within which the employer may ask for the fast track (the sick-pay act's fast track); later: refused.
    fastTrackEmployerRequestWeeks: count(1).default(5),
    // Weeks after a fast-track request by which the job centre holds the first follow-up conversation.
    fastTrackConversationWeeks: count(1).default(2),
    // When the employee declines the fast track: the first conversation by the end of this week of absence.
    fastTrackDeclinedConversationWeek: count(1).default(8),
    // Business days the caseworker has to get the three answers the request left out (task "get answers to the three questions").
    fastTrackAnswersBusinessDays: count(1).default(2),
    // Business days to the early roundtable of a high-risk retention case (risk score at or above intake.riskScoreHigh).
    earlyRoundtableBusinessDays: count(1).default(5),
    // Days between the follow-ups of a high-risk retention case (weekly).
    highRiskFollowUpDays: count(1).default(7),
  })
  .prefault({});

/** Zod schema for one policy version; omitted sections and fields take the DOMAIN.md defaults. */
export const policySchema = z.object({
  // Version label, e.g. "2026.1"; recorded with every computed deadline so it can be explained later.
  version: z.string().regex(/^\d{4}\.\d+$/, { message: 'must look like 2026.1' }),
  // First Copenhagen calendar day on which this version applies.
  effectiveFrom: localDateSchema,
  sickPay: sickPaySchema,
  decisions: decisionsSchema,
  medical: medicalSchema,
  tasks: tasksSchema,
  roundtables: roundtablesSchema,
  aftercare: aftercareSchema,
  subsidies: subsidiesSchema,
  screening: screeningSchema,
  supervision: supervisionSchema,
  calendar: calendarSchema,
  intake: intakeSchema,
  email: emailSchema,
  idempotency: idempotencySchema,
  retention: retentionSchema,
});
