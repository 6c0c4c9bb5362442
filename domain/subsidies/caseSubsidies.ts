// The case's side of subsidy negotiation: keeps the case's copy of each subsidy, records its timeline
// events, turns an approval into a confirm-payment task that only payment (or a withdrawal) closes, and
// names the subsidies still open (they block closing).
import type { CaseChange } from '../case/caseChange';
import { centreOwner } from '../case/caseOpening';
import { addBusinessDays } from '../calendar/businessDays';
import { formatDkk, isFinal, SUBSIDY_KIND_DA, type SubsidyEvent, type SubsidySummary } from './subsidies';
import { closeTask, createTask } from '../tasks/tasks';
import type { Track } from '../kernel/change.schema';

/**
 * Subsidy events and payment tasks are shown with the legal track: the negotiation is between the
 * centre and the insurer (parties), and a subsidy may name a treatment, which an employer must
 * never learn (DOMAIN.md "The actors").
 */
const SUBSIDY_TRACK: Track = 'legal';

/** What a subsidy workflow tells its case after every change (signal `subsidyChanged`, which also names the actor). */
export interface SubsidyChangedInput {
  subsidy: SubsidySummary;
  /** Timeline events since the last message the case accepted. */
  events: SubsidyEvent[];
}

/**
 * Applies a subsidy's new state to the case. Stale or repeated messages (seq not newer) change nothing,
 * and the payment task is keyed by the subsidy id (task ref), so it is created once whatever arrives twice.
 */
export function applySubsidyChange(change: CaseChange, input: SubsidyChangedInput): boolean {
  const s = change.state;
  const incoming = input.subsidy;
  const i = s.subsidies.findIndex((x) => x.subsidyId === incoming.subsidyId);
  if (i >= 0 && s.subsidies[i].seq >= incoming.seq) return false;
  if (i >= 0) s.subsidies[i] = incoming;
  else s.subsidies.push(incoming);
  for (const e of input.events) change.record(e.type, SUBSIDY_TRACK, e.summary).actor = e.actor;
  // Every accepted change needs a timeline entry, or the case would not project the new copy.
  if (input.events.length === 0) change.record('subsidy-updated', SUBSIDY_TRACK, `Tilskud til ${SUBSIDY_KIND_DA[incoming.kind]} er opdateret.`);

  const task = s.tasks.find((t) => t.kind === 'confirm-payment' && t.ref === incoming.subsidyId);
  if (incoming.status === 'approved' && !task) {
    const amount = formatDkk(incoming.approvedAmountDkk ?? incoming.amountDkk);
    createTask(change, {
      kind: 'confirm-payment',
      title: `Bekræft udbetaling af tilskud til ${SUBSIDY_KIND_DA[incoming.kind]} (${amount} bevilget)`,
      owner: centreOwner(s),
      dueOn: addBusinessDays(change.today, change.ctx.policy.subsidies.paymentDueBusinessDays, change.ctx.policy),
      ref: incoming.subsidyId,
      track: SUBSIDY_TRACK,
    });
  }
  if (incoming.status === 'paid' && task) {
    closeTask(change, task, 'done', `Udbetaling bekræftet ${incoming.paidOn ?? ''}.`.trim());
  }
  if (incoming.status === 'withdrawn' && task) {
    closeTask(change, task, 'cancelled', 'tilskuddet er trukket tilbage');
  }
  return true;
}

/** The case's subsidies still under negotiation or approved but unpaid: the case must not close on them. */
export function openSubsidies(subsidies: readonly SubsidySummary[]): SubsidySummary[] {
  return subsidies.filter((x) => !isFinal(x));
}
