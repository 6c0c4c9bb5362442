// Case rules that came after running cases had recorded their history: each behind a patch id, decided
// by the case workflow outside any update handler and passed to the commands, so a replayed history
// takes the path it took when it ran.
import { patched } from '@temporalio/workflow';
import type { CaseChange } from '../../domain/case/caseChange';
import { closeCase, type CloseCase } from '../../domain/closing/closing';
import { recordSickLeavePeriod } from '../../domain/sick-pay/sickLeave';
import { sendRoundtableMinutes } from '../../domain/roundtables/roundtables';
import { decide, type DecisionInput } from '../../domain/legal/decisions';
import type { Decision } from '../../domain/legal/legal.schema';
import type { SickLeavePeriod } from '../../domain/sick-pay/sickPay';
import { requestFastTrack } from '../../domain/retention/fastTrack';
import type { FastTrackRequestBody } from '../../domain/retention/retention.schema';

/** Patch id: closing waits while a subsidy is open or approved but unpaid (409 `open-subsidies`). */
export const CLOSE_WAITS_FOR_SUBSIDIES_PATCH = 'close-waits-for-subsidies';

/** Patch id: a limit that moved well later after reminders went out re-arms the reminders before it. */
export const REARM_SICK_PAY_REMINDERS_PATCH = 'sick-pay-reminders-rearm';

/** Patch id: the rule collision guards every earning-capacity decision, not only near or past the limit. */
export const RULE_COLLISION_FROM_FIRST_DECISION_PATCH = 'rule-collision-from-first-decision';

/** Patch id: every decision emails the caseworker and the parties and records who was told. */
export const DECISION_NOTICES_PATCH = 'decision-notices';

/** Patch id: minutes go to every party who may see the retention track, not only those present. */
export const MINUTES_TO_EVERY_PARTY_PATCH = 'minutes-to-every-party';

/** Patch id: an employer's fast-track request emails the employer (retention histories recorded before replay without it). */
export const FAST_TRACK_EMPLOYER_EMAIL_PATCH = 'fast-track-employer-email';

/** Which of the patched rules a case applies now. */
export interface CaseRules {
  closingWaitsForSubsidies: boolean;
  rearmRemindersOnLimitMove: boolean;
  ruleCollisionFromFirstDecision: boolean;
  decisionNotices: boolean;
  minutesToEveryParty: boolean;
  fastTrackEmployerEmail: boolean;
}

/**
 * The rules in force: all of them in a run started on code with PATCHES_FOLDED_PATCH (`folded`, see
 * entity.ts); otherwise from `patched()`: true for new runs and, once live, for runs recorded before the
 * rules (their marker is recorded then); false while replaying history from before them. The workflow
 * calls this at its start and at the top of its main loop, never in an update's validator: a marker
 * recorded there comes before the update's acceptance, while a replay (which runs no validator) would
 * record it after, a non-determinism error.
 */
export function currentCaseRules(folded: boolean): CaseRules {
  const inForce = (patchId: string) => folded || patched(patchId);
  return {
    closingWaitsForSubsidies: inForce(CLOSE_WAITS_FOR_SUBSIDIES_PATCH),
    rearmRemindersOnLimitMove: inForce(REARM_SICK_PAY_REMINDERS_PATCH),
    ruleCollisionFromFirstDecision: inForce(RULE_COLLISION_FROM_FIRST_DECISION_PATCH),
    decisionNotices: inForce(DECISION_NOTICES_PATCH),
    minutesToEveryParty: inForce(MINUTES_TO_EVERY_PARTY_PATCH),
    fastTrackEmployerEmail: inForce(FAST_TRACK_EMPLOYER_EMAIL_PATCH),
  };
}

/** `POST …/close` under the case's rules. */
export function closeCaseCommand(change: CaseChange, input: CloseCase, rules: CaseRules) {
  return closeCase(change, input, { waitForSubsidies: () => rules.closingWaitsForSubsidies });
}

/** `POST …/decisions` under the case's rules. */
export function decideCommand(change: CaseChange, input: DecisionInput, rules: CaseRules): Decision {
  return decide(change, input, {
    guardFromFirstDecision: () => rules.ruleCollisionFromFirstDecision,
    notifyParties: () => rules.decisionNotices,
  });
}

/** `POST …/roundtables/{id}/minutes` under the case's rules. */
export function sendRoundtableMinutesCommand(change: CaseChange, input: { roundtableId: string; text: string }, rules: CaseRules) {
  return sendRoundtableMinutes(change, input, { everyParty: () => rules.minutesToEveryParty });
}

/** `POST …/sick-leave/periods` under the case's rules. */
export function recordSickLeavePeriodCommand(change: CaseChange, period: SickLeavePeriod, rules: CaseRules): void {
  recordSickLeavePeriod(change, period, { rearmRemindersOnLimitMove: () => rules.rearmRemindersOnLimitMove });
}

/** `POST …/fast-track` under the case's rules. */
export function requestFastTrackCommand(change: CaseChange, input: FastTrackRequestBody, rules: CaseRules) {
  return requestFastTrack(change, input, { emailEmployer: () => rules.fastTrackEmployerEmail });
}
