// The commands a case workflow accepts: each Update definition mapped to the domain function that
// carries it out. Features add their lines here; the workflow registers them all the same way.
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { CaseChange } from '../domain/caseChange';
import { updateScreening } from '../domain/caseOpening';
import { updateScreeningUpdate, type CommandInput, type CommandResult } from './messages';
import {
  cancelRoundtableUpdate,
  cancelTaskUpdate,
  closeCaseUpdate,
  completeTaskUpdate,
  reassignTaskUpdate,
  recordRoundtableOutcomeUpdate,
  rescheduleRoundtableUpdate,
  scheduleRoundtableUpdate,
  sendRoundtableMinutesUpdate,
} from './messages';
import { cancelTask, completeTask, reassignTask } from '../domain/taskCommands';
import { cancelRoundtable, recordRoundtableOutcome, rescheduleRoundtable, scheduleRoundtable, sendRoundtableMinutes } from '../domain/roundtables';
import { closeCase } from '../domain/closing';
import { applySubsidyChange } from '../domain/caseSubsidies';
import { subsidyChangedSignal } from './messages';
import {
  answerConsultationUpdate,
  consultInsurerUpdate,
  correctFirstSickDayUpdate,
  fileAppealUpdate,
  makeDecisionUpdate,
  recordMedicalStatusUpdate,
  recordSickLeavePeriodUpdate,
} from './messages';
import { correctFirstSickDay, recordSickLeavePeriod } from '../domain/sickLeave';
import { recordMedicalStatus } from '../domain/medical';
import { decide, fileAppeal } from '../domain/decisions';
import { answerConsultation, consultInsurer } from '../domain/insurerConsultations';

/** One command: its Update and the domain function run on a copy of the state. */
export interface CaseCommand<I extends CommandInput = any, R extends object = any> {
  def: UpdateDefinition<R & CommandResult, [I]>;
  run(change: CaseChange, input: I): R;
}

/** Pairs an update with its domain function, keeping the input type checked. */
export const caseCommand = <I extends CommandInput, R extends object>(
  def: UpdateDefinition<R & CommandResult, [I]>,
  run: (change: CaseChange, input: I) => R,
): CaseCommand<I, R> => ({ def, run });

// `any` above: the list holds commands of different input types; each entry is checked by caseCommand.
/** Every command of the case workflow. */
export const CASE_COMMANDS: CaseCommand[] = [
  caseCommand(updateScreeningUpdate, (change, { actor: _actor, ...answers }) => {
    updateScreening(change, answers);
    return {};
  }),
  // Promises (issue 4): follow-up tasks, roundtables and closing.
  caseCommand(completeTaskUpdate, (change, { actor: _a, ...input }) => completeTask(change, input)),
  caseCommand(cancelTaskUpdate, (change, { actor: _a, ...input }) => cancelTask(change, input)),
  caseCommand(reassignTaskUpdate, (change, { actor: _a, ...input }) => reassignTask(change, input)),
  caseCommand(scheduleRoundtableUpdate, (change, { actor: _a, ...input }) => ({ roundtableId: scheduleRoundtable(change, input).roundtableId })),
  caseCommand(rescheduleRoundtableUpdate, (change, { actor: _a, ...input }) => ({ roundtableId: rescheduleRoundtable(change, input).roundtableId })),
  caseCommand(cancelRoundtableUpdate, (change, { actor: _a, ...input }) => ({ roundtableId: cancelRoundtable(change, input).roundtableId })),
  caseCommand(recordRoundtableOutcomeUpdate, (change, { actor: _a, ...input }) => recordRoundtableOutcome(change, input)),
  caseCommand(sendRoundtableMinutesUpdate, (change, { actor: _a, ...input }) => sendRoundtableMinutes(change, input)),
  caseCommand(closeCaseUpdate, (change, { actor: _a, ...input }) => closeCase(change, input)),
  // Case lifecycle (issue 3): sick-pay clock, medical status, decisions, appeals, insurer consultations.
  caseCommand(recordSickLeavePeriodUpdate, (change, { actor: _a, ...input }) => {
    recordSickLeavePeriod(change, input);
    return {};
  }),
  caseCommand(correctFirstSickDayUpdate, (change, { actor: _a, ...input }) => {
    correctFirstSickDay(change, input);
    return {};
  }),
  caseCommand(recordMedicalStatusUpdate, (change, { actor: _a, ...input }) => {
    recordMedicalStatus(change, input);
    return {};
  }),
  caseCommand(makeDecisionUpdate, (change, { actor: _a, ...input }) => ({ decision: decide(change, input) })),
  caseCommand(fileAppealUpdate, (change, { actor: _a, ...input }) => ({ appeal: fileAppeal(change, input) })),
  caseCommand(consultInsurerUpdate, (change, { actor: _a, ...input }) => ({ consultation: consultInsurer(change, input) })),
  caseCommand(answerConsultationUpdate, (change, { actor: _a, ...input }) => ({ consultation: answerConsultation(change, input) })),
];

/** One signal: messages from other workflows (fire-and-forget, so a rejection is dropped, never thrown). */
export interface CaseSignal<I extends CommandInput = any> {
  def: SignalDefinition<[I]>;
  run(change: CaseChange, input: I): unknown;
}

/** Pairs a signal with its domain function, keeping the input type checked. */
export const caseSignal = <I extends CommandInput>(def: SignalDefinition<[I]>, run: (change: CaseChange, input: I) => unknown): CaseSignal<I> => ({
  def,
  run,
});

// `any` above: the list holds signals of different input types; each entry is checked by caseSignal.
/** Every signal of the case workflow. */
export const CASE_SIGNALS: CaseSignal[] = [
  // Subsidies (issue 5): a subsidy workflow reports each change; approval creates the confirm-payment task.
  caseSignal(subsidyChangedSignal, (change, input) => applySubsidyChange(change, input)),
];
