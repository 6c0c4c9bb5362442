// Signal, update and query definitions of the case workflow, with their input and output types:
// the one module both the API and the workflows import.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from '../domain/actor';
import type { CaseState, CaseStatus } from '../domain/caseState';
import type { ScreeningUpdate } from '../domain/caseOpening';
import type { DecisionInput, Subsidy, SubsidyAnswer, SubsidyInformation, SubsidyPayment, SubsidyView } from '../domain/subsidies';
import type { SubsidyChangedInput } from '../domain/caseSubsidies';
import type { Task, TaskOwner } from '../domain/caseState';
import type { RescheduleRoundtable, RoundtableOutcome, ScheduleRoundtable } from '../domain/roundtableSchema';
import type { CaseOutcome, CloseCase } from '../domain/closing';
import type { SickLeavePeriod } from '../domain/sickPayClock';
import type { FirstSickDayCorrectionInput } from '../domain/sickLeave';
import type { MedicalStatusInput } from '../domain/medical';
import type { AppealInput, DecisionInput as LegalDecisionInput } from '../domain/decisions';
import type { ConsultationAnswerInput, ConsultationInput } from '../domain/insurerConsultations';
import type { Appeal, Decision, InsurerConsultation } from '../domain/lifecycleRecords';

/** The case workflow's id for a case: a business key. */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

/** Every command carries the actor for the timeline. */
export interface CommandInput {
  actor: ActorRef;
}

/** Result of a command that changes the case: where it stands afterwards. */
export interface CommandResult {
  status: CaseStatus;
  seq: number;
}

/** Live state of the case, straight from the workflow (the API normally reads Postgres). */
export const getCaseQuery = defineQuery<CaseState>('getCase');

/** Returns once every change so far is in the read model: read-your-writes for the API after a start. */
export const awaitProjectionUpdate = defineUpdate<CommandResult, [Record<string, never>]>('awaitProjection');

/** Answers to the eligibility criteria and the risk score (`POST …/screening`). */
export const updateScreeningUpdate = defineUpdate<CommandResult, [CommandInput & ScreeningUpdate]>('updateScreening');

// Promises (issue 4): follow-up tasks, roundtables and closing.
/** Completes an open task (`POST /api/tasks/{id}/complete`). */
export const completeTaskUpdate = defineUpdate<{ task: Task } & CommandResult, [CommandInput & { taskId: string; note?: string | null }]>('completeTask');
/** Cancels an open task with a required reason (`POST /api/tasks/{id}/cancel`). */
export const cancelTaskUpdate = defineUpdate<{ task: Task } & CommandResult, [CommandInput & { taskId: string; reason: string }]>('cancelTask');
/** Hands an open task to a new owner (`POST /api/tasks/{id}/reassign`). */
export const reassignTaskUpdate = defineUpdate<{ task: Task } & CommandResult, [CommandInput & { taskId: string; owner: TaskOwner }]>('reassignTask');
/** Plans a roundtable and invites its participants (`POST /api/cases/{id}/roundtables`). */
export const scheduleRoundtableUpdate = defineUpdate<{ roundtableId: string } & CommandResult, [CommandInput & ScheduleRoundtable]>('scheduleRoundtable');
/** Moves a planned roundtable (`POST …/roundtables/{rid}/reschedule`). */
export const rescheduleRoundtableUpdate = defineUpdate<{ roundtableId: string } & CommandResult, [CommandInput & RescheduleRoundtable & { roundtableId: string }]>(
  'rescheduleRoundtable',
);
/** Cancels a planned roundtable with a reason (`POST …/roundtables/{rid}/cancel`). */
export const cancelRoundtableUpdate = defineUpdate<{ roundtableId: string } & CommandResult, [CommandInput & { roundtableId: string; reason: string }]>(
  'cancelRoundtable',
);
/** Records a roundtable's outcome; agreed actions become tasks (`POST …/roundtables/{rid}/outcome`). */
export const recordRoundtableOutcomeUpdate = defineUpdate<
  { roundtableId: string; taskIds: string[] } & CommandResult,
  [CommandInput & RoundtableOutcome & { roundtableId: string; recordedBy?: TaskOwner | null }]
>('recordRoundtableOutcome');
/** Emails the minutes and completes the send-minutes task (`POST …/roundtables/{rid}/minutes`). */
export const sendRoundtableMinutesUpdate = defineUpdate<{ roundtableId: string } & CommandResult, [CommandInput & { roundtableId: string; text: string }]>(
  'sendRoundtableMinutes',
);
/** Closes the case or starts aftercare; refused while tasks are open (`POST /api/cases/{id}/close`). */
export const closeCaseUpdate = defineUpdate<{ outcome: CaseOutcome } & CommandResult, [CommandInput & CloseCase]>('closeCase');

// Subsidies (issue 5): the negotiation workflow `subsidy-<subsidyId>` and what it tells its case.
/** The subsidy workflow's id: a business key. */
export const subsidyWorkflowId = (subsidyId: string): string => `subsidy-${subsidyId}`;
/** Live state of a subsidy negotiation (the API normally reads Postgres). */
export const getSubsidyQuery = defineQuery<Subsidy>('getSubsidy');
/** Returns the subsidy once every change so far is projected and told to its case (read-your-writes after a start). */
export const awaitSubsidyUpdate = defineUpdate<SubsidyView, [Record<string, never>]>('awaitSubsidy');
/** The insurer's answer under its Idempotency-Key (`POST /api/subsidies/{id}/decision`). */
export const insurerDecisionUpdate = defineUpdate<SubsidyAnswer, [CommandInput & DecisionInput]>('insurerDecision');
/** The consultant adds the information the insurer asked for; the insurer is asked again (`POST …/information`). */
export const addInformationUpdate = defineUpdate<SubsidyView, [CommandInput & SubsidyInformation]>('addInformation');
/** Confirms payment of an approved subsidy (`POST /api/subsidies/{id}/payment`). */
export const confirmPaymentUpdate = defineUpdate<SubsidyView, [CommandInput & SubsidyPayment]>('confirmPayment');
/** A subsidy tells its case its new state and timeline events (case signal; stale copies are ignored by seq). */
export const subsidyChangedSignal = defineSignal<[SubsidyChangedInput]>('subsidyChanged');

// Case lifecycle (issue 3): the sick-pay clock, medical status, legal decisions, appeals, insurer consultations.
/** Records a return to work or a resumption; moves the limit and every pending reminder (`POST …/sick-leave/periods`). */
export const recordSickLeavePeriodUpdate = defineUpdate<CommandResult, [CommandInput & SickLeavePeriod]>('recordSickLeavePeriod');
/** Corrects the first sick day with a reason; recalculates the limit and the reminders (`POST …/sick-leave/first-sick-day`). */
export const correctFirstSickDayUpdate = defineUpdate<CommandResult, [CommandInput & FirstSickDayCorrectionInput]>('correctFirstSickDay');
/** Records a medical status; check-ins stop once the injury is stationary (`POST …/medical-status`). */
export const recordMedicalStatusUpdate = defineUpdate<CommandResult, [CommandInput & MedicalStatusInput]>('recordMedicalStatus');
/** Makes a legal decision behind the guards (phase, stationary, rule collision) (`POST …/decisions`). */
export const makeDecisionUpdate = defineUpdate<{ decision: Decision } & CommandResult, [CommandInput & LegalDecisionInput]>('makeDecision');
/** Records an appeal against a decision (`POST …/appeals`). */
export const fileAppealUpdate = defineUpdate<{ appeal: Appeal } & CommandResult, [CommandInput & AppealInput]>('fileAppeal');
/** Asks the insurer for comments before an interim decision (`POST …/insurer-consultations`). */
export const consultInsurerUpdate = defineUpdate<{ consultation: InsurerConsultation } & CommandResult, [CommandInput & ConsultationInput]>('consultInsurer');
/** Records the insurer's answer to a consultation (`POST …/insurer-consultations/{id}/answer`). */
export const answerConsultationUpdate = defineUpdate<{ consultation: InsurerConsultation } & CommandResult, [CommandInput & ConsultationAnswerInput]>(
  'answerConsultation',
);
