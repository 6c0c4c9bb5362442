// Search attributes of the case workflow, so operators can ask the supervision questions in the
// Temporal UI and CLI (e.g. `Stuck = true AND MunicipalityCode = "751"`). No personal data here:
// search attributes are not encrypted.
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseState } from '../../domain/case/caseState.schema';
import type { Policy } from '../../domain/kernel/policy';
import { pendingAlarms } from '../../domain/case/case.alarms';
import { copenhagenStartOfDay, localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';

/** The case's status (screening, active, aftercare, closed, rejected). */
export const CASE_PHASE = defineSearchAttributeKey('CasePhase', SearchAttributeType.KEYWORD);
/** The municipality code of the case. */
export const MUNICIPALITY_CODE = defineSearchAttributeKey('MunicipalityCode', SearchAttributeType.KEYWORD);
/** Earliest open task due date or pending reminder/escalation instant; absent when nothing is pending. */
export const NEXT_DEADLINE = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
/** True while an open task is overdue or escalated (the cheap in-workflow approximation of "stuck"). */
export const STUCK = defineSearchAttributeKey('Stuck', SearchAttributeType.BOOL);

/** Every custom search attribute the workflows upsert: what a namespace must have registered. */
export const CASE_SEARCH_ATTRIBUTES = [CASE_PHASE, MUNICIPALITY_CODE, NEXT_DEADLINE, STUCK] as const;

/** Patch id guarding the upserts, so histories recorded before them replay unchanged. */
export const SEARCH_ATTRIBUTES_PATCH = 'case-search-attributes';

/** The search attribute values of a case now. */
export function caseSearchAttributes(state: CaseState, policy: Policy, now: number): SearchAttributeUpdatePair[] {
  const today = localDateInCopenhagen(now);
  const open = state.tasks.filter((t) => t.status === 'open');
  const instants = open.map((t) => copenhagenStartOfDay(t.dueOn));
  const alarm = pendingAlarms(state, policy)[0];
  if (alarm) instants.push(alarm.at);
  const next = instants.length > 0 ? Math.min(...instants) : null;
  const stuck = open.some((t) => t.escalatedOn !== null || t.dueOn < today);
  return [
    { key: CASE_PHASE, value: state.status },
    { key: MUNICIPALITY_CODE, value: state.municipalityCode },
    { key: NEXT_DEADLINE, value: next === null ? null : new Date(next) },
    { key: STUCK, value: stuck },
  ];
}

/**
 * Upserts the case's search attributes when they differ from `previous` (a fingerprint the caller
 * keeps); returns the new fingerprint. Each upsert is a history event, so unchanged values are skipped.
 * `folded` is the run's patchesFolded() (entity.ts): then SEARCH_ATTRIBUTES_PATCH is in force without its marker.
 */
export function publishCaseSearchAttributes(state: CaseState, policy: Policy, previous: string, folded: boolean): string {
  const pairs = caseSearchAttributes(state, policy, Date.now());
  const fingerprint = JSON.stringify(pairs.map((p) => [p.key.name, p.value instanceof Date ? p.value.getTime() : p.value]));
  if (fingerprint === previous || !(folded || patched(SEARCH_ATTRIBUTES_PATCH))) return previous;
  upsertSearchAttributes(pairs);
  return fingerprint;
}
