// Closing a case: refused while any promise (task, planned roundtable, open subsidy) is open; a return
// to work leads to aftercare (efterværn) with check-in tasks, and the case closes itself once the last
// of them is closed.
import type { z } from 'zod';
import type { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import type { CaseState } from '../case/caseState.schema';
import { centreOwner } from '../case/caseOpening';
import { addMonths } from '../calendar/localDate';
import { createTask, openTasks } from '../tasks/tasks';
import { openSubsidies } from '../subsidies/caseSubsidies';
import type { caseOutcomeSchema, closeCaseSchema } from './closing.schema';

/** How a retention case ended (DOMAIN.md "Outcomes"). */
export type CaseOutcome = z.infer<typeof caseOutcomeSchema>;

/** Outcomes in which the citizen returns to work, and so gets aftercare. */
export const RETURN_TO_WORK_OUTCOMES: readonly CaseOutcome[] = ['same-employer', 'same-employer-part-time', 'new-employer', 'flexjob', 'education'];

/** Body of `POST /api/cases/{id}/close`. */
export type CloseCase = z.infer<typeof closeCaseSchema>;

const OUTCOME_TEXT: Record<CaseOutcome, string> = {
  'same-employer': 'fastholdt hos samme arbejdsgiver',
  'same-employer-part-time': 'fastholdt på nedsat tid hos samme arbejdsgiver',
  'new-employer': 'job hos ny arbejdsgiver',
  flexjob: 'fleksjob',
  education: 'omskoling/uddannelse',
  'other-benefit': 'anden forsørgelse',
  'no-result': 'intet resultat',
};

/**
 * How the workflow applies rules that came after some running cases had recorded their history (patch
 * markers, so a replay takes the path the history took); each is asked only when it would change the outcome.
 */
export interface ClosingRules {
  /** Whether an open or approved-but-unpaid subsidy blocks closing (default: yes). */
  waitForSubsidies?: () => boolean;
}

/** Closes a case, or moves it to aftercare; 409 listing what is still open while any promise is. */
export function closeCase(change: CaseChange, input: CloseCase, rules: ClosingRules = {}): { outcome: CaseOutcome } {
  const s = change.state;
  if (s.status !== 'active') {
    throw new DomainRejection(422, 'phase', `only an active case can be closed; the case is ${s.status}`, { caseStatus: s.status });
  }
  const open = openTasks(s.tasks);
  if (open.length > 0) {
    throw new DomainRejection(409, 'open-tasks', `the case has ${open.length} open task(s); complete or cancel them first`, {
      openTasks: open.map((t) => ({ taskId: t.taskId, kind: t.kind, title: t.title, owner: t.owner, dueOn: t.dueOn })),
    });
  }
  const planned = s.roundtables.filter((r) => r.status === 'scheduled');
  if (planned.length > 0) {
    throw new DomainRejection(409, 'open-roundtables', 'the case has planned roundtables; record their outcome or cancel them first', {
      openRoundtables: planned.map((r) => ({ roundtableId: r.roundtableId, scheduledAt: r.scheduledAt })),
    });
  }
  // A closed case cannot hear the insurer's answer: an approval would create no payment task, and the
  // subsidy would wait for good. So every negotiation ends (rejected, paid or withdrawn) first.
  const subsidies = openSubsidies(s.subsidies);
  if (subsidies.length > 0 && (rules.waitForSubsidies?.() ?? true)) {
    throw new DomainRejection(409, 'open-subsidies', 'the case has open subsidies; wait for the insurer and the payment, or withdraw them first', {
      openSubsidies: subsidies.map((x) => ({ subsidyId: x.subsidyId, kind: x.kind, status: x.status })),
    });
  }
  s.outcome = input.outcome;
  // The free-text note may say anything about the citizen: it goes to the legal track, which no employer reads.
  const recordNote = () => {
    if (input.note) change.record('closing-note', 'legal', `Note ved afslutning: ${input.note}`);
  };
  if (!RETURN_TO_WORK_OUTCOMES.includes(input.outcome)) {
    s.status = 'closed';
    change.record('case-closed', 'case', `Sagen er afsluttet: ${OUTCOME_TEXT[input.outcome]}.`);
    recordNote();
    return { outcome: input.outcome };
  }
  s.status = 'aftercare';
  change.record('aftercare-started', 'case', `Borgeren er vendt tilbage til arbejde (${OUTCOME_TEXT[input.outcome]}); efterværn begynder.`);
  recordNote();
  for (const months of change.ctx.policy.aftercare.checkInOffsetsMonths) {
    createTask(change, {
      kind: 'aftercare-check-in',
      title: `Efterværn: følg op hos borgeren ${months} ${months === 1 ? 'måned' : 'måneder'} efter tilbagevenden til arbejde`,
      owner: centreOwner(s),
      dueOn: addMonths(change.today, months),
    });
  }
  finishAftercareWhenDone(change);
  return { outcome: input.outcome };
}

/** Closes a case in aftercare once no task is open any more; returns whether it closed. */
export function finishAftercareWhenDone(change: CaseChange): boolean {
  const s = change.state;
  if (s.status !== 'aftercare' || openTasks(s.tasks).length > 0) return false;
  s.status = 'closed';
  change.record('case-closed', 'case', 'Efterværnet er afsluttet, og sagen er lukket.');
  return true;
}
