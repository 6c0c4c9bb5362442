// The subsidy as callers see it: the API's view (no idempotency bookkeeping) and the summary the case keeps.
import { dayOfInstant } from '../calendar/copenhagenTime';
import type { Subsidy, SubsidySummary } from './subsidies';

/** The subsidy as the API shows it (no idempotency bookkeeping). */
export function subsidyView(s: Subsidy) {
  return {
    subsidyId: s.subsidyId,
    caseId: s.caseId,
    injuryCaseRef: s.injuryCaseRef,
    insurer: { id: s.insurer.id, name: s.insurer.name },
    kind: s.kind,
    description: s.description,
    amountDkk: s.amountDkk,
    justification: s.justification,
    expectedEffect: s.expectedEffect,
    status: s.status,
    approvedAmountDkk: s.approvedAmountDkk,
    decisionNote: s.decisionNote,
    round: s.round,
    requestedOn: dayOfInstant(s.requestedAt)!,
    requestedAt: s.requestedAt,
    askedAt: s.askedAt,
    answeredOn: dayOfInstant(s.answeredAt),
    insurerRemindedOn: dayOfInstant(s.insurerRemindedAt),
    escalatedOn: dayOfInstant(s.escalatedAt),
    paidOn: s.paidOn,
    paymentNote: s.paymentNote,
    withdrawnOn: dayOfInstant(s.withdrawnAt ?? null),
    withdrawalReason: s.withdrawalReason ?? null,
    // The day the subsidy found its case workflow gone (it is then on the supervisors' stuck list).
    orphanedOn: dayOfInstant(s.orphaned?.at ?? null),
    history: s.history,
    updatedAt: s.updatedAt,
  };
}
export type SubsidyView = ReturnType<typeof subsidyView>;

/** The case's copy of a subsidy. */
export function subsidySummary(s: Subsidy): SubsidySummary {
  return {
    subsidyId: s.subsidyId,
    kind: s.kind,
    description: s.description,
    amountDkk: s.amountDkk,
    approvedAmountDkk: s.approvedAmountDkk,
    status: s.status,
    requestedOn: dayOfInstant(s.requestedAt)!,
    answeredOn: dayOfInstant(s.answeredAt),
    insurerRemindedOn: dayOfInstant(s.insurerRemindedAt),
    escalatedOn: dayOfInstant(s.escalatedAt),
    paidOn: s.paidOn,
    withdrawnOn: dayOfInstant(s.withdrawnAt ?? null),
    seq: s.seq,
  };
}
