// Signal, update and query definitions of the case workflow (`case-<caseId>`), with their input and
// output types, grouped by concept as in domain/: the module both the API and the workflows import.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from '../../domain/kernel/actor.schema';
import type { CaseState, CaseStatus } from '../../domain/case/caseState.schema';
import type { ScreeningUpdate } from '../../domain/case/caseOpening';
import type { SubsidyChangedInput } from '../../domain/subsidies/caseSubsidies';
import type { Task, TaskOwner } from '../../domain/tasks/tasks.schema';
import type { RescheduleRoundtable, RoundtableOutcome, ScheduleRoundtable } from '../../domain/roundtables/roundtables.schema';
import type { CaseOutcome, CloseCase } from '../../domain/closing/closing';
import type { PartialSickLeave, SickLeavePeriod } from '../../domain/sick-pay/sickPay';
import type { RelapseInput } from '../../domain/closing/relapse';
import type { FirstSickDayCorrectionInput } from '../../domain/sick-pay/sickLeave';
import type { MedicalStatusInput } from '../../domain/legal/medical';
import type { AppealInput, DecisionInput as LegalDecisionInput } from '../../domain/legal/decisions';
import type { ConsultationAnswerInput, ConsultationInput } from '../../domain/legal/insurerConsultations';
import type { Appeal, Decision, InsurerConsultation } from '../../domain/legal/legal.schema';
import type { EmailBouncedInput } from '../../domain/case/emailBounces';
import type { ConsentInput, PowerOfAttorneyInput } from '../../domain/case/consent.schema';
import type { AddMilestone, FastTrack, FastTrackProgress, FastTrackRequestBody, MilestoneProgressInput, PlanMilestone } from '../../domain/retention/retention.schema';

// Case: identity, live state, read-your-writes and screening.
/** The case workflow's id for a case: a business key. */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

/** Every command carries the actor for the timeline, and may carry the client's Idempotency-Key. */
export interface CommandInput {
  actor: ActorRef;
  /**
   * The request's Idempotency-Key: the entity keeps it with its answer (policy `idempotency.keyRetentionDays`),
   * so a retry, even after continue-as-new, gets that answer and another body under it is refused (422).
   */
  idempotencyKey?: string;
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

// Tasks: follow-up promises with an owner and a due date.
/** Completes an open task (`POST /api/tasks/{id}/complete`). */
export const completeTaskUpdate = defineUpdate<{ task: Task } & CommandResult, [CommandInput & { taskId: string; note?: string | null }]>('completeTask');
/** Cancels an open task with a required reason (`POST /api/tasks/{id}/cancel`). */
export const cancelTaskUpdate = defineUpdate<{ task: Task } & CommandResult, [CommandInput & { taskId: string; reason: string }]>('cancelTask');
/** Hands an open task to a new owner (`POST /api/tasks/{id}/reassign`). */
export const reassignTaskUpdate = defineUpdate<{ task: Task } & CommandResult, [CommandInput & { taskId: string; owner: TaskOwner }]>('reassignTask');

// Roundtables: planning, outcome and minutes.
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

// Closing and aftercare.
/** Closes the case or starts aftercare; refused while tasks are open (`POST /api/cases/{id}/close`). */
export const closeCaseUpdate = defineUpdate<{ outcome: CaseOutcome } & CommandResult, [CommandInput & CloseCase]>('closeCase');

// Sick pay: the municipality's clock.
/** Records a return to work or a resumption; moves the limit and every pending reminder (`POST …/sick-leave/periods`). */
export const recordSickLeavePeriodUpdate = defineUpdate<CommandResult, [CommandInput & SickLeavePeriod]>('recordSickLeavePeriod');
/** Corrects the first sick day with a reason; recalculates the limit and the reminders (`POST …/sick-leave/first-sick-day`). */
export const correctFirstSickDayUpdate = defineUpdate<CommandResult, [CommandInput & FirstSickDayCorrectionInput]>('correctFirstSickDay');
/** Records a period of partial sick leave (`POST …/sick-leave/partial`). */
export const recordPartialSickLeaveUpdate = defineUpdate<CommandResult, [CommandInput & PartialSickLeave]>('recordPartialSickLeave');

// Legal track: medical status, decisions, appeals, insurer consultations.
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

// Consent and power of attorney over time.
/** Records the citizen's consent to the municipality or to the employer's involvement, given or withdrawn (`POST …/consents`). */
export const recordConsentUpdate = defineUpdate<{ kind: ConsentInput['kind']; given: boolean } & CommandResult, [CommandInput & ConsentInput]>('recordConsent');
/** Records the union's power of attorney from a date (`POST …/power-of-attorney`). */
export const recordPowerOfAttorneyUpdate = defineUpdate<{ powerOfAttorney: PowerOfAttorneyInput['powerOfAttorney'] } & CommandResult, [CommandInput & PowerOfAttorneyInput]>(
  'recordPowerOfAttorney',
);

// Subsidies: what a subsidy workflow tells its case.
/** A subsidy tells its case its new state and timeline events (case signal; stale copies are ignored by seq). */
export const subsidyChangedSignal = defineSignal<[CommandInput & SubsidyChangedInput]>('subsidyChanged');

// Email: what the outbox dispatcher tells the case.
/** An email of the case could not be delivered (bounced, or failing past the policy's limit): one fix-the-address task per outbox key. */
export const emailBouncedSignal = defineSignal<[CommandInput & EmailBouncedInput]>('emailBounced');

// Retention cases of the job centre: the fast track.
/** A fast-track request on a retention case (`POST /api/cases/{id}/fast-track`). */
export const requestFastTrackUpdate = defineUpdate<{ fastTrack: FastTrack } & CommandResult, [CommandInput & FastTrackRequestBody]>('requestFastTrack');
/** The three answers, the employee's answer, or the first conversation held (`POST /api/cases/{id}/fast-track/progress`). */
export const recordFastTrackProgressUpdate = defineUpdate<{ fastTrack: FastTrack } & CommandResult, [CommandInput & FastTrackProgress]>('recordFastTrackProgress');
/** A new sick period during aftercare reopens the case (`POST /api/cases/{id}/relapse`). */
export const recordRelapseUpdate = defineUpdate<CommandResult, [CommandInput & RelapseInput]>('recordRelapse');
/** A milestone of the retention plan, a task with reminder and escalation (`POST /api/cases/{id}/retention-plan/milestones`). */
export const addPlanMilestoneUpdate = defineUpdate<{ milestone: PlanMilestone } & CommandResult, [CommandInput & AddMilestone]>('addPlanMilestone');
/** Progress on a milestone; `kept` keeps it (`POST /api/cases/{id}/retention-plan/progress`). */
export const recordMilestoneProgressUpdate = defineUpdate<{ milestone: PlanMilestone } & CommandResult, [CommandInput & MilestoneProgressInput]>('recordMilestoneProgress');
