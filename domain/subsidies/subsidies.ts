// Subsidies negotiated with the insurer (DOMAIN.md): the request, the insurer's answer, the
// information loop, payment, withdrawal by the centre and a case that is gone, as pure rules on one subsidy.
import type { z } from 'zod';
import { DomainRejection, EntityChange, type ChangeContext } from '../kernel/change';
import { dayOfInstant, formatInstant } from '../calendar/copenhagenTime';
import { compareDates, type LocalDate } from '../calendar/localDate';
import { subsidyView, type SubsidyView } from './subsidies.view';
import type {
  subsidyCaseRefSchema,
  subsidyDecisionKindSchema,
  subsidyDecisionSchema,
  subsidyExchangeSchema,
  subsidyInformationSchema,
  subsidyKindSchema,
  subsidyPaymentSchema,
  subsidyRequestSchema,
  subsidySchema,
  subsidyStatusSchema,
  subsidySummarySchema,
  subsidyWithdrawalSchema,
} from './subsidies.schema';

/** What the insurer is asked to fund (API.md `kind`). */
export type SubsidyKind = z.infer<typeof subsidyKindSchema>;
/** Where a subsidy stands (API.md `Subsidy.status`). */
export type SubsidyStatus = z.infer<typeof subsidyStatusSchema>;
/** The insurer's possible answers. */
export type SubsidyDecisionKind = z.infer<typeof subsidyDecisionKindSchema>;
/** Body of `POST /api/cases/{caseId}/subsidies`, as validated and as sent. */
export type SubsidyRequest = z.infer<typeof subsidyRequestSchema>;
export type SubsidyRequestInput = z.input<typeof subsidyRequestSchema>;
/** Body of `POST /api/subsidies/{id}/decision`. */
export type SubsidyDecision = z.infer<typeof subsidyDecisionSchema>;
/** Body of `POST /api/subsidies/{id}/information`. */
export type SubsidyInformation = z.infer<typeof subsidyInformationSchema>;
/** Body of `POST /api/subsidies/{id}/payment`. */
export type SubsidyPayment = z.infer<typeof subsidyPaymentSchema>;
/** Body of `POST /api/subsidies/{id}/withdraw`. */
export type SubsidyWithdrawal = z.infer<typeof subsidyWithdrawalSchema>;
/** What the subsidy needs to know about its case when it starts. */
export type SubsidyCaseRef = z.infer<typeof subsidyCaseRefSchema>;
/** One step of the negotiation, for the history insurers' systems and consultants read. */
export type SubsidyExchange = z.infer<typeof subsidyExchangeSchema>;
/** The whole negotiation as its workflow holds it (and the read model stores in `subsidies.data`). */
export type Subsidy = z.infer<typeof subsidySchema>;
/** What the case keeps and shows of each subsidy. */
export type SubsidySummary = z.infer<typeof subsidySummarySchema>;

/** A timeline entry the subsidy asks its case to record (Danish summary; shown with the legal track, see caseSubsidies.ts). */
export interface SubsidyEvent {
  type: string;
  summary: string;
  /** Name of whoever caused it (the insurer, the consultant, or the system for timers). */
  actor: string;
}

/** Danish names of the kinds, for emails and the timeline. */
export const SUBSIDY_KIND_DA: Record<SubsidyKind, string> = {
  aids: 'hjælpemidler',
  transport: 'transport',
  treatment: 'behandling',
  retraining: 'omskoling',
  'workplace-adaptation': 'indretning af arbejdspladsen',
  other: 'andet',
};

/** Whole kroner the Danish way: 12.000 kr. */
export function formatDkk(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} kr.`;
}

/** One change to a subsidy: collects the case timeline events and the emails it causes. */
export class SubsidyChange extends EntityChange<Subsidy> {
  readonly events: SubsidyEvent[] = [];
  private bumped = false;

  /** True when the change did something (and so must be projected and told to the case). */
  get changed(): boolean {
    return this.bumped;
  }

  /** Marks the subsidy changed (bumps `seq` once per change), so it is projected. */
  touch(): void {
    if (!this.bumped) {
      this.state.seq += 1;
      this.bumped = true;
    }
    this.state.updatedAt = this.at;
  }

  /** Records an event for the case timeline and the subsidy's history; the first one bumps `seq`. */
  record(type: string, summary: string, exchange: Omit<SubsidyExchange, 'round' | 'at' | 'actor'>): void {
    this.touch();
    this.state.history.push({ round: this.state.round, at: this.at, actor: this.ctx.actor.name, ...exchange });
    this.events.push({ type, summary, actor: this.ctx.actor.name });
  }
}


/** Nothing more can happen to a rejected, paid or withdrawn subsidy. */
export const isFinal = (s: Pick<Subsidy, 'status'>): boolean => s.status === 'rejected' || s.status === 'paid' || s.status === 'withdrawn';

/** A stable fingerprint of a decision body: the same Idempotency-Key with another body is refused. */
export function decisionFingerprint(d: SubsidyDecision): string {
  return JSON.stringify([d.decision, d.approvedAmountDkk ?? null, d.note ?? null]);
}

/** What every subsidy email may name: references, kind and amount (never the description). */
export const subsidyEmailParams = (s: Subsidy) => ({
  caseId: s.caseId,
  subsidyId: s.subsidyId,
  injuryCaseRef: s.injuryCaseRef,
  kind: SUBSIDY_KIND_DA[s.kind],
  amount: formatDkk(s.amountDkk),
  round: s.round,
});

// The insurer is asked by email; kind and amount only, never the description or justification (they may hold health details).
function askInsurer(change: SubsidyChange): void {
  const s = change.state;
  change.email({
    key: `subsidy-request:${s.subsidyId}:${s.round}`,
    template: 'subsidy-request',
    to: { name: s.insurer.name, email: s.insurer.email },
    params: { ...subsidyEmailParams(s), again: s.round > 1 },
  });
}

/** Starts a negotiation: the request is recorded and the insurer emailed. */
export function openSubsidy(subsidyId: string, ref: SubsidyCaseRef, request: SubsidyRequest, ctx: ChangeContext): SubsidyChange {
  const at = formatInstant(ctx.now);
  const state: Subsidy = {
    ...ref,
    subsidyId,
    kind: request.kind,
    description: request.description,
    amountDkk: request.amountDkk,
    justification: request.justification,
    expectedEffect: request.expectedEffect,
    status: 'requested',
    approvedAmountDkk: null,
    decisionNote: null,
    requestedBy: ctx.actor,
    requestedAt: at,
    round: 1,
    askedAt: at,
    answeredAt: null,
    insurerRemindedAt: null,
    escalatedAt: null,
    paidOn: null,
    paymentNote: null,
    history: [],
    answersByKey: {},
    firedAlarms: [],
    seq: 0,
    updatedAt: at,
  };
  const change = new SubsidyChange(state, ctx);
  change.record(
    'subsidy-requested',
    `Forsikringsselskabet ${ref.insurer.name} er anmodet om tilskud til ${SUBSIDY_KIND_DA[request.kind]} (${formatDkk(request.amountDkk)}).`,
    { type: 'requested' },
  );
  askInsurer(change);
  return change;
}

/** What a decision answered: `replayed` when it changed nothing (a repeat of an earlier answer). */
export interface SubsidyAnswer {
  subsidy: SubsidyView;
  replayed: boolean;
}

/** Input of a decision: who answers, under which Idempotency-Key, and what. */
export interface DecisionInput {
  insurerId: string;
  key: string;
  decision: SubsidyDecision;
}

const DECISION_DA: Record<SubsidyDecisionKind, string> = {
  approved: 'godkendt',
  rejected: 'afvist',
  'info-requested': 'bedt om flere oplysninger til',
};

/** True when a decision repeats the answer the subsidy already holds (no second effect). */
function repeatsCurrentAnswer(s: Subsidy, d: SubsidyDecision): boolean {
  switch (d.decision) {
    case 'approved':
      return (s.status === 'approved' || s.status === 'paid') && (d.approvedAmountDkk ?? s.amountDkk) === s.approvedAmountDkk;
    case 'rejected':
      return s.status === 'rejected';
    case 'info-requested':
      return s.status === 'info-requested';
  }
}

/**
 * The insurer's answer. A repeated Idempotency-Key returns the recorded answer (another body under it is 422);
 * repeating the current answer under a new key changes nothing; any other answer after a final one is 409.
 * While the insurer's own question is open it may still approve or reject.
 */
export function decideSubsidy(change: SubsidyChange, input: DecisionInput): SubsidyAnswer {
  const s = change.state;
  const d = input.decision;
  if (input.insurerId !== s.insurer.id) throw new DomainRejection(404, 'not-found', 'No such subsidy.');
  const fingerprint = decisionFingerprint(d);
  // Own keys only: a key such as 'constructor' must not find what every plain object inherits.
  const recorded = Object.hasOwn(s.answersByKey, input.key) ? s.answersByKey[input.key] : undefined;
  if (recorded) {
    if (recorded.fingerprint !== fingerprint) {
      throw new DomainRejection(422, 'idempotency-key-reused', 'This Idempotency-Key was used with a different decision.', {
        subsidyId: s.subsidyId,
      });
    }
    return { subsidy: recorded.answer as SubsidyView, replayed: true };
  }
  if (repeatsCurrentAnswer(s, d)) return { subsidy: subsidyView(s), replayed: true };
  if (s.status === 'withdrawn') {
    throw new DomainRejection(409, 'withdrawn', 'The centre has withdrawn this request; there is nothing to answer.', {
      subsidyId: s.subsidyId,
      withdrawnOn: dayOfInstant(s.withdrawnAt ?? null),
    });
  }
  if (s.status !== 'requested' && !(s.status === 'info-requested' && d.decision !== 'info-requested')) {
    throw new DomainRejection(409, 'decision-conflict', `The subsidy is already ${s.status}; a different decision is not possible.`, {
      subsidyId: s.subsidyId,
      currentStatus: s.status,
      approvedAmountDkk: s.approvedAmountDkk,
    });
  }
  s.status = d.decision;
  s.approvedAmountDkk = d.decision === 'approved' ? (d.approvedAmountDkk ?? s.amountDkk) : null;
  s.decisionNote = d.note ?? null;
  s.answeredAt = change.at;
  const amount = d.decision === 'approved' ? ` (${formatDkk(s.approvedAmountDkk!)})` : '';
  change.record(
    `subsidy-${d.decision}`,
    `Forsikringsselskabet har ${DECISION_DA[d.decision]} tilskud til ${SUBSIDY_KIND_DA[s.kind]}${amount}.`,
    {
      type: 'answered',
      decision: d.decision,
      ...(s.approvedAmountDkk !== null ? { approvedAmountDkk: s.approvedAmountDkk } : {}),
      ...(d.note ? { text: d.note } : {}),
    },
  );
  change.email({
    key: `subsidy-answered:${s.subsidyId}:${s.round}:${d.decision}`,
    template: 'subsidy-answered',
    to: { name: s.owner.name, email: s.owner.email },
    params: {
      ...subsidyEmailParams(s),
      decision: DECISION_DA[d.decision],
      approvedAmount: s.approvedAmountDkk === null ? null : formatDkk(s.approvedAmountDkk),
    },
  });
  const answer = subsidyView(s);
  // defineProperty, not assignment: assigning '__proto__' would replace the object's prototype instead.
  Object.defineProperty(s.answersByKey, input.key, { value: { fingerprint, answer }, enumerable: true, writable: true, configurable: true });
  return { subsidy: answer, replayed: false };
}

/** The consultant answers the insurer's question; the insurer is asked again and its clock restarts. */
export function addSubsidyInformation(change: SubsidyChange, input: SubsidyInformation): SubsidyView {
  const s = change.state;
  if (s.status !== 'info-requested') {
    throw new DomainRejection(422, 'phase', `Information can be added only when the insurer asked for it; the subsidy is ${s.status}.`, {
      currentStatus: s.status,
    });
  }
  s.round += 1;
  s.status = 'requested';
  s.askedAt = change.at;
  s.answeredAt = null;
  s.insurerRemindedAt = null;
  s.escalatedAt = null;
  change.record(
    'subsidy-information-added',
    `Flere oplysninger er sendt, og forsikringsselskabet er spurgt igen om tilskud til ${SUBSIDY_KIND_DA[s.kind]}.`,
    { type: 'information-added', text: input.information },
  );
  askInsurer(change);
  return subsidyView(s);
}

/** Confirms that an approved subsidy was paid or delivered; confirming again changes nothing. */
export function confirmSubsidyPayment(change: SubsidyChange, input: SubsidyPayment): SubsidyView {
  const s = change.state;
  if (s.status === 'paid') return subsidyView(s);
  if (s.status !== 'approved') {
    throw new DomainRejection(422, 'phase', `Only an approved subsidy can be paid; this one is ${s.status}.`, { currentStatus: s.status });
  }
  if (compareDates(input.confirmedOn, change.today) > 0) {
    throw new DomainRejection(422, 'date-in-future', 'confirmedOn cannot be after today.', { confirmedOn: input.confirmedOn });
  }
  if (compareDates(input.confirmedOn, dayOfInstant(s.requestedAt)!) < 0) {
    throw new DomainRejection(422, 'date-before-request', 'confirmedOn cannot be before the subsidy was requested.', {
      confirmedOn: input.confirmedOn,
    });
  }
  s.status = 'paid';
  s.paidOn = input.confirmedOn;
  s.paymentNote = input.note ?? null;
  change.record(
    'subsidy-paid',
    `Udbetaling af tilskud til ${SUBSIDY_KIND_DA[s.kind]} (${formatDkk(s.approvedAmountDkk ?? s.amountDkk)}) er bekræftet ${input.confirmedOn}.`,
    { type: 'paid', ...(input.note ? { text: input.note } : {}) },
  );
  return subsidyView(s);
}

/**
 * The consultant withdraws the request, with a reason: an open one (the insurer need not answer) or an
 * approved, unpaid one (the measure is no longer needed). The insurer is told; the case cancels the
 * payment task. Withdrawing again changes nothing.
 */
export function withdrawSubsidy(change: SubsidyChange, input: SubsidyWithdrawal): SubsidyView {
  const s = change.state;
  if (s.status === 'withdrawn') return subsidyView(s);
  if (isFinal(s)) {
    throw new DomainRejection(422, 'phase', `Only an open or approved subsidy can be withdrawn; this one is ${s.status}.`, { currentStatus: s.status });
  }
  const wasApproved = s.status === 'approved';
  s.status = 'withdrawn';
  s.withdrawnAt = change.at;
  s.withdrawalReason = input.reason;
  change.record('subsidy-withdrawn', `Anmodningen om tilskud til ${SUBSIDY_KIND_DA[s.kind]} er trukket tilbage. Begrundelse: ${input.reason}`, {
    type: 'withdrawn',
    text: input.reason,
  });
  // The reason stays behind the link, like the justification: it may describe the citizen's situation.
  change.email({
    key: `subsidy-withdrawn:${s.subsidyId}`,
    template: 'subsidy-withdrawn',
    to: { name: s.insurer.name, email: s.insurer.email },
    params: { ...subsidyEmailParams(s), wasApproved },
  });
  return subsidyView(s);
}

/**
 * Records that the subsidy's case workflow is gone (closed, finished or unknown), so nothing the subsidy
 * does reaches the case: its reminders stop, and the projection puts it on the supervisors' stuck list
 * (`subsidy-orphaned`) until it is withdrawn, rejected or paid. Once only.
 */
export function orphanSubsidy(change: SubsidyChange, detail: string): void {
  const s = change.state;
  if (s.orphaned) return;
  s.orphaned = { at: change.at, detail };
  change.touch();
}
