// Update and query definitions of the subsidy workflow (`subsidy-<subsidyId>`), with their input and
// output types: the module both the API and the workflow import.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecisionInput, Subsidy, SubsidyAnswer, SubsidyInformation, SubsidyPayment, SubsidyWithdrawal } from '../../domain/subsidies/subsidies';
import type { SubsidyView } from '../../domain/subsidies/subsidies.view';
import type { CommandInput } from '../case/case.messages';

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
/** The consultant withdraws the request with a reason; the insurer is told (`POST /api/subsidies/{id}/withdraw`). */
export const withdrawSubsidyUpdate = defineUpdate<SubsidyView, [CommandInput & SubsidyWithdrawal]>('withdrawSubsidy');
