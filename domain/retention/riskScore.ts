// Screening that acts on a job centre retention case: a risk score (0–100, from the screening tool) at or
// above the policy threshold gives an early roundtable task and weekly follow-ups; below it, the standard schedule.
import type { CaseChange } from '../case/caseChange';
import type { Task } from '../tasks/tasks.schema';
import { addBusinessDays } from '../calendar/businessDays';
import { addDays } from '../calendar/localDate';
import { createTask } from '../tasks/tasks';
import { isRetentionCase } from '../case/caseKind';
import type { CaseState } from '../case/caseState.schema';
import type { Policy } from '../kernel/policy';

/** True when the case's risk score is at or above the policy's high-risk threshold. */
export const isHighRisk = (s: Pick<CaseState, 'riskScore'>, policy: Policy): boolean => s.riskScore !== null && s.riskScore >= policy.intake.riskScoreHigh;

function followUpTask(change: CaseChange, from: string): void {
  createTask(change, {
    kind: 'high-risk-follow-up',
    title: 'Ugentlig opfølgning (høj risiko for langvarigt sygefravær)',
    owner: { role: 'caseworker', ...change.state.caseworker },
    dueOn: addDays(from, change.ctx.policy.retention.highRiskFollowUpDays),
    // The risk of long-term sickness is the citizen's health data: never the employer's (like `riskScore`).
    track: 'legal',
  });
}

/** After a retention case's risk score is set: a high score gives the early roundtable task and the first weekly follow-up, once. */
export function applyRiskScore(change: CaseChange): void {
  const s = change.state;
  const policy = change.ctx.policy;
  if (!isRetentionCase(s) || s.status !== 'active' || !isHighRisk(s, policy)) return;
  if (s.tasks.some((t) => t.kind === 'early-roundtable')) return;
  change.record('high-risk', 'legal', `Screeningen giver høj risiko for langvarigt sygefravær (score ${s.riskScore} ≥ ${policy.intake.riskScoreHigh}): tidlig rundbordssamtale og ugentlig opfølgning.`);
  createTask(change, {
    kind: 'early-roundtable',
    title: 'Hold tidlig rundbordssamtale (høj risiko)',
    owner: { role: 'caseworker', ...s.caseworker },
    dueOn: addBusinessDays(change.today, policy.retention.earlyRoundtableBusinessDays, policy),
    track: 'legal',
  });
  followUpTask(change, change.today);
}

/** A weekly follow-up done on a still-active high-risk case: the next one a week later. */
export function nextHighRiskFollowUp(change: CaseChange, done: Task): void {
  const s = change.state;
  if (done.kind !== 'high-risk-follow-up' || s.status !== 'active' || !isHighRisk(s, change.ctx.policy)) return;
  if (s.tasks.some((t) => t.kind === 'high-risk-follow-up' && t.status === 'open')) return;
  followUpTask(change, change.today);
}
