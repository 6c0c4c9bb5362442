// The commands a case workflow accepts: each Update definition mapped to the domain function that
// carries it out, grouped by concept as in domain/. The workflow registers them all the same way and
// turns the actor into the change's context, so a command gets only its own input.
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { CaseChange } from '../../domain/case/caseChange';
import { updateScreening } from '../../domain/case/caseOpening';
import { cancelTask, completeTask, reassignTask } from '../../domain/tasks/taskCommands';
import { cancelRoundtable, recordRoundtableOutcome, rescheduleRoundtable, scheduleRoundtable } from '../../domain/roundtables/roundtables';
import { correctFirstSickDay, recordPartialSickLeave } from '../../domain/sick-pay/sickLeave';
import { recordRelapse } from '../../domain/closing/relapse';
import { closeCaseCommand, decideCommand, recordSickLeavePeriodCommand, requestFastTrackCommand, sendRoundtableMinutesCommand, type CaseRules } from './casePatches';
import { recordMedicalStatus } from '../../domain/legal/medical';
import { fileAppeal } from '../../domain/legal/decisions';
import { answerConsultation, consultInsurer } from '../../domain/legal/insurerConsultations';
import { applySubsidyChange } from '../../domain/subsidies/caseSubsidies';
import { recordEmailBounce } from '../../domain/case/emailBounces';
import { recordConsent, recordPowerOfAttorney } from '../../domain/case/consent';
import { recordFastTrackProgress } from '../../domain/retention/fastTrack';
import { addPlanMilestone, recordMilestoneProgress } from '../../domain/retention/retentionPlan';
import {
  answerConsultationUpdate,
  cancelRoundtableUpdate,
  cancelTaskUpdate,
  closeCaseUpdate,
  completeTaskUpdate,
  consultInsurerUpdate,
  correctFirstSickDayUpdate,
  fileAppealUpdate,
  makeDecisionUpdate,
  reassignTaskUpdate,
  recordMedicalStatusUpdate,
  recordRoundtableOutcomeUpdate,
  recordSickLeavePeriodUpdate,
  rescheduleRoundtableUpdate,
  scheduleRoundtableUpdate,
  sendRoundtableMinutesUpdate,
  subsidyChangedSignal,
  emailBouncedSignal,
  updateScreeningUpdate,
  recordConsentUpdate,
  recordPowerOfAttorneyUpdate,
  recordFastTrackProgressUpdate,
  requestFastTrackUpdate,
  recordPartialSickLeaveUpdate,
  recordRelapseUpdate,
  addPlanMilestoneUpdate,
  recordMilestoneProgressUpdate,
  type CommandInput,
  type CommandResult,
} from './case.messages';

/** A message's own input: what it carries besides the actor and the Idempotency-Key (the workflow handles both). */
export type OwnInput<I extends CommandInput> = Omit<I, 'actor' | 'idempotencyKey'>;

/** One command: its Update and the domain function run on a copy of the state (under the case's patched rules). */
export interface CaseCommand<I extends CommandInput = any, R extends object = any> {
  def: UpdateDefinition<R & CommandResult, [I]>;
  run(change: CaseChange, input: OwnInput<I>, rules: CaseRules): R;
}

/** Pairs an update with its domain function, keeping the input type checked. */
export const caseCommand = <I extends CommandInput, R extends object>(
  def: UpdateDefinition<R & CommandResult, [I]>,
  run: (change: CaseChange, input: OwnInput<I>, rules: CaseRules) => R,
): CaseCommand<I, R> => ({ def, run });

/** For commands whose domain function answers nothing but the case's new status. */
const noAnswer =
  <I>(fn: (change: CaseChange, input: I, rules: CaseRules) => unknown) =>
  (change: CaseChange, input: I, rules: CaseRules) => {
    fn(change, input, rules);
    return {};
  };

// `any` above: the list holds commands of different input types; each entry is checked by caseCommand.
/** Every command of the case workflow. */
export const CASE_COMMANDS: CaseCommand[] = [
  // Case: screening.
  caseCommand(updateScreeningUpdate, noAnswer(updateScreening)),
  // Tasks.
  caseCommand(completeTaskUpdate, completeTask),
  caseCommand(cancelTaskUpdate, cancelTask),
  caseCommand(reassignTaskUpdate, reassignTask),
  // Roundtables.
  caseCommand(scheduleRoundtableUpdate, (change, input) => ({ roundtableId: scheduleRoundtable(change, input).roundtableId })),
  caseCommand(rescheduleRoundtableUpdate, (change, input) => ({ roundtableId: rescheduleRoundtable(change, input).roundtableId })),
  caseCommand(cancelRoundtableUpdate, (change, input) => ({ roundtableId: cancelRoundtable(change, input).roundtableId })),
  caseCommand(recordRoundtableOutcomeUpdate, recordRoundtableOutcome),
  caseCommand(sendRoundtableMinutesUpdate, sendRoundtableMinutesCommand),
  // Closing.
  caseCommand(closeCaseUpdate, closeCaseCommand),
  // Sick pay.
  caseCommand(recordSickLeavePeriodUpdate, noAnswer(recordSickLeavePeriodCommand)),
  caseCommand(correctFirstSickDayUpdate, noAnswer(correctFirstSickDay)),
  caseCommand(recordPartialSickLeaveUpdate, noAnswer(recordPartialSickLeave)),
  // Closing: a relapse in aftercare reopens the case.
  caseCommand(recordRelapseUpdate, noAnswer(recordRelapse)),
  // Legal track.
  caseCommand(recordMedicalStatusUpdate, noAnswer(recordMedicalStatus)),
  caseCommand(makeDecisionUpdate, (change, input, rules) => ({ decision: decideCommand(change, input, rules) })),
  caseCommand(fileAppealUpdate, (change, input) => ({ appeal: fileAppeal(change, input) })),
  caseCommand(consultInsurerUpdate, (change, input) => ({ consultation: consultInsurer(change, input) })),
  caseCommand(answerConsultationUpdate, (change, input) => ({ consultation: answerConsultation(change, input) })),
  // Consent and power of attorney.
  caseCommand(recordConsentUpdate, recordConsent),
  caseCommand(recordPowerOfAttorneyUpdate, recordPowerOfAttorney),
  // Retention cases: the fast track.
  caseCommand(requestFastTrackUpdate, requestFastTrackCommand),
  caseCommand(recordFastTrackProgressUpdate, recordFastTrackProgress),
  // The retention plan.
  caseCommand(addPlanMilestoneUpdate, addPlanMilestone),
  caseCommand(recordMilestoneProgressUpdate, recordMilestoneProgress),
];

/** One signal: messages from other workflows (fire-and-forget, so a rejection is dropped, never thrown). */
export interface CaseSignal<I extends CommandInput = any> {
  def: SignalDefinition<[I]>;
  run(change: CaseChange, input: OwnInput<I>): unknown;
}

/** Pairs a signal with its domain function, keeping the input type checked. */
export const caseSignal = <I extends CommandInput>(def: SignalDefinition<[I]>, run: (change: CaseChange, input: OwnInput<I>) => unknown): CaseSignal<I> => ({
  def,
  run,
});

// `any` above: the list holds signals of different input types; each entry is checked by caseSignal.
/** Every signal of the case workflow. */
export const CASE_SIGNALS: CaseSignal[] = [
  // Subsidies: a subsidy workflow reports each change; approval creates the confirm-payment task.
  caseSignal(subsidyChangedSignal, applySubsidyChange),
  // Email: an undeliverable email gives the case's owner a task to fix the address (once per outbox key).
  caseSignal(emailBouncedSignal, recordEmailBounce),
];
