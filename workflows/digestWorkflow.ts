// The daily supervisor digest, started by the `supervisor-digest` Schedule at 07:00 Copenhagen time on
// weekdays: on a Danish business day it runs the digest activity, on a holiday it does nothing.
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { closedDayName, isBusinessDay } from '../domain/businessDays';
import { localDateInCopenhagen } from '../domain/copenhagenTime';
import type { LocalDate } from '../domain/localDate';
import { policyFor } from '../domain/policy';

/** Input: the day to report on; the Schedule passes none, so the day the run starts is used. */
export interface DigestWorkflowInput {
  date?: LocalDate;
}

/** What the run did: skipped on a closed day, or the activity's result. */
export type DigestWorkflowResult =
  | { date: LocalDate; skipped: string }
  | { date: LocalDate; newlyStuck: number; supervisors: number; emailsSent: number };

const { sendSupervisorDigest } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '5 minutes',
  // Keep trying through outages, but give up before the next morning's digest.
  scheduleToCloseTimeout: '12 hours',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
});

export async function supervisorDigestWorkflow(input: DigestWorkflowInput = {}): Promise<DigestWorkflowResult> {
  const date = input.date ?? localDateInCopenhagen(Date.now());
  const policy = policyFor(date);
  // The Schedule fires Monday–Friday; public holidays and the policy's closed days are skipped here.
  if (!isBusinessDay(date, policy)) return { date, skipped: closedDayName(date, policy) ?? 'weekend' };
  return { date, ...(await sendSupervisorDigest({ date })) };
}
