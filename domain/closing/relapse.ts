// A relapse in aftercare: the citizen is sick again after the return to work, so the case is reopened
// to `active` with its plan, tasks and history (not a new case); the aftercare check-ins still open are
// cancelled with the reason, and a pause on the sick-pay clock ends on the new first day of absence.
import type { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import { compareDates, type LocalDate } from '../calendar/localDate';
import { closeTask } from '../tasks/tasks';

/** Body of `POST …/relapse`: the first day of the new sick period, and what happened. */
export interface RelapseInput {
  sickFrom: LocalDate;
  note?: string;
}

/** Reopens a case in aftercare to `active` on a new sick period. */
export function recordRelapse(change: CaseChange, input: RelapseInput): void {
  const s = change.state;
  if (s.status !== 'aftercare') {
    throw new DomainRejection(422, 'phase', `A relapse is recorded only while the case is in aftercare: the case is ${s.status}.`, { caseStatus: s.status });
  }
  if (compareDates(input.sickFrom, change.today) > 0) {
    throw new DomainRejection(422, 'future-date', `sickFrom ${input.sickFrom} is in the future; record it when it has happened`, {
      errors: [{ path: 'sickFrom', message: `must not be after today (${change.today})` }],
    });
  }
  const periods = s.sickLeave.periods;
  const last = periods[periods.length - 1];
  if (last?.kind === 'return-to-work') {
    if (compareDates(input.sickFrom, last.date) <= 0) {
      throw new DomainRejection(422, 'invalid-period', `sickFrom: must be after the return to work on ${last.date}`, {
        errors: [{ path: 'sickFrom', message: `must be after the return to work on ${last.date}` }],
      });
    }
    // The pause on the clock ends: the sick-pay limit counts on from the new sick period.
    s.sickLeave.periods = [...periods, { kind: 'resumed', date: input.sickFrom }];
  }
  s.status = 'active';
  s.outcome = null;
  const note = input.note?.trim();
  change.record('case-reopened', 'case', `Tilbagefald i efterværnet: borgeren er sygemeldt igen fra ${input.sickFrom}${note ? ` (${note})` : ''}. Sagen er genåbnet med den hidtidige plan og historik.`);
  for (const t of s.tasks.filter((x) => x.kind === 'aftercare-check-in' && x.status === 'open')) {
    closeTask(change, t, 'cancelled', 'sagen er genåbnet efter tilbagefald');
  }
}
