// The case statuses in which each case command is accepted, so the API can refuse a command up front
// with the same rule (and status, code and `caseStatus`) as the workflow's domain commands.
import { DomainRejection } from '../kernel/change';
// Types only: this file is within reach of the workflow bundle, which must not pull in zod.
import type { CaseState, CaseStatus } from './caseState.schema';
import { requireWorkInjuryCase } from './caseKind';

/** Statuses a case must be in for each command. */
export const COMMAND_PHASES = {
  'record-sick-leave': ['screening', 'active'],
  'record-medical-status': ['screening', 'active'],
  decide: ['active'],
  appeal: ['screening', 'active', 'aftercare'],
  'consult-insurer': ['active'],
  'answer-consultation': ['screening', 'active', 'aftercare'],
  'request-subsidy': ['active'],
} as const satisfies Record<string, readonly CaseStatus[]>;

// How a refusal names each command (the start of its message).
const WHAT: Record<keyof typeof COMMAND_PHASES, string> = {
  'record-sick-leave': 'Sick leave is recorded',
  'record-medical-status': 'The medical status is recorded',
  decide: 'Decisions are made',
  appeal: 'Appeals are recorded',
  'consult-insurer': 'The insurer is consulted',
  'answer-consultation': 'Consultations are answered',
  'request-subsidy': 'Subsidies are requested',
};

/** A command whose phase rule is listed above. */
export type PhasedCommand = keyof typeof COMMAND_PHASES;

/** Commands of the legal track: a job centre retention case (no injury case, no insurer) refuses them. */
const LEGAL_COMMANDS: readonly PhasedCommand[] = ['record-medical-status', 'decide', 'appeal', 'consult-insurer', 'answer-consultation', 'request-subsidy'];

/** Refuses (422 `case-kind`) a legal-track command on a retention case, then (422 `phase`) unless the case is in a status `command` is accepted in. */
export function requirePhase(state: Pick<CaseState, 'status' | 'kind'>, command: PhasedCommand): void {
  if (LEGAL_COMMANDS.includes(command)) requireWorkInjuryCase(state, WHAT[command]);
  const allowed: readonly CaseStatus[] = COMMAND_PHASES[command];
  if (!allowed.includes(state.status)) {
    throw new DomainRejection(422, 'phase', `${WHAT[command]} only while the case is ${allowed.join(' or ')}: the case is ${state.status}.`, {
      caseStatus: state.status,
    });
  }
}
