// Medical status (is the injury stationary yet?): the record command and the check-in alarm that
// asks the centre for an update at the policy interval while the injury is not stationary.
import type { z } from 'zod';
import type { Alarm, AlarmSource } from './caseAlarms';
import { CaseChange, DomainRejection } from './caseChange';
import type { CaseState } from './caseState';
import type { Policy } from './policy';
import { centreOwner } from './caseOpening';
import { nextOfficeInstant } from './businessDays';
import { copenhagenInstant, localDateInCopenhagen } from './copenhagenTime';
import { addMonths, maxDate, type LocalDate } from './localDate';
import type { medicalStatusInputSchema } from './medicalSchema';

/** Body of `POST …/medical-status`. */
export type MedicalStatusInput = z.infer<typeof medicalStatusInputSchema>;

/** Records a medical status; an assessment older than the one on record is refused, it would hide the newer one. */
export function recordMedicalStatus(change: CaseChange, input: MedicalStatusInput): void {
  const s = change.state;
  if (s.status !== 'screening' && s.status !== 'active') {
    throw new DomainRejection(422, 'phase', `medical status is recorded on open cases only: the case is ${s.status}`, { caseStatus: s.status });
  }
  if (input.assessedOn > change.today) {
    throw new DomainRejection(422, 'future-date', `assessedOn ${input.assessedOn} is in the future`, {
      errors: [{ path: 'assessedOn', message: `must not be after today (${change.today})` }],
    });
  }
  if (s.medical.assessedOn !== null && input.assessedOn < s.medical.assessedOn) {
    throw new DomainRejection(422, 'stale-assessment', `an assessment from ${s.medical.assessedOn} is already recorded; this one is older`, {
      errors: [{ path: 'assessedOn', message: `must not be before the recorded assessment (${s.medical.assessedOn})` }],
    });
  }
  const source = input.source ?? null;
  s.medical.stationary = input.stationary;
  s.medical.assessedOn = input.assessedOn;
  s.medical.source = source;
  s.medical.history.push({ stationary: input.stationary, assessedOn: input.assessedOn, source, recordedOn: change.today, recordedBy: change.ctx.actor.name });
  change.record(
    'medical-status-recorded',
    'legal',
    `Helbredsmæssig status registreret: skaden er ${input.stationary ? 'stationær' : 'endnu ikke stationær'} ` +
      `(vurderet ${input.assessedOn}${source ? `, kilde: ${source}` : ''}).`,
  );
}

/** Day the next check-in is due: the interval after the latest of case creation, last status and last check-in. */
export function nextCheckInOn(s: CaseState, policy: Policy): LocalDate {
  const created = localDateInCopenhagen(Date.parse(s.createdAt));
  const lastStatus = s.medical.history.length > 0 ? s.medical.history[s.medical.history.length - 1].recordedOn : created;
  const base = maxDate(created, lastStatus, s.medical.lastCheckInOn ?? created);
  return addMonths(base, policy.medical.checkInIntervalMonths);
}

/** The check-in alarm while the injury is not stationary and the case is open. */
export const medicalCheckInAlarms: AlarmSource = (state: CaseState, policy: Policy): Alarm[] => {
  if (state.medical.stationary || (state.status !== 'screening' && state.status !== 'active')) return [];
  const dueOn = nextCheckInOn(state, policy);
  return [
    {
      key: `medical-check-in:${dueOn}`,
      at: nextOfficeInstant(copenhagenInstant(dueOn, policy.calendar.officeHours.startHour), policy),
      fire: (change) => {
        const s = change.state;
        const owner = centreOwner(s);
        s.medical.lastCheckInOn = change.today;
        change.record('medical-check-in', 'legal', `Påmindelse sendt til ${owner.name}: opdatér skadens helbredsmæssige status.`);
        change.email({
          key: `medical-check-in:${s.caseId}:${dueOn}`,
          template: 'medical-check-in',
          to: { name: owner.name, email: owner.email },
          params: { caseId: s.caseId, injuryCaseRef: s.injuryCaseRef, name: owner.name, lastAssessedOn: s.medical.assessedOn },
        });
      },
    },
  ];
};
