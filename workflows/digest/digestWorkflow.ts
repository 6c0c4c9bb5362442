// The daily supervisor digest, started by the `supervisor-digest` Schedule at 07:00 Copenhagen time on
// weekdays: on a Danish business day it runs the digest activity, on a holiday it does nothing.
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities';
import { closedDayName, isBusinessDay } from '../../domain/calendar/businessDays';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import type { DigestWorkflowInput, DigestWorkflowResult } from './digest.messages';
import { policyFor } from '../../domain/kernel/policy';

const { sendSupervisorDigest } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '5 minutes',
  // Keep trying through outages, but give up before the next morning's digest.
  scheduleToCloseTimeout: '12 hours',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
});

// Main: skip closed days, otherwise run the digest once.
export async function supervisorDigestWorkflow(input: DigestWorkflowInput = {}): Promise<DigestWorkflowResult> {
  const date = input.date ?? localDateInCopenhagen(Date.now());
  const policy = policyFor(date);
  // The Schedule fires Monday–Friday; public holidays and the policy's closed days are skipped here.
  if (!isBusinessDay(date, policy)) return { date, skipped: closedDayName(date, policy) ?? 'weekend' };
  return { date, ...(await sendSupervisorDigest({ date })) };
}
