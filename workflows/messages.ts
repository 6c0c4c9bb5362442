// Signal, update and query definitions of the case workflow, with their input and output types:
// the one module both the API and the workflows import.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from '../domain/actor';
import type { CaseState, CaseStatus } from '../domain/caseState';
import type { ScreeningUpdate } from '../domain/caseOpening';

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
