// Medical check-ins: while the injury is not stationary, the centre is asked for an update of the
// medical status at the policy interval, in office hours on a business day.
import type { Alarm, AlarmSource } from '../case/alarmSource';
import type { CaseState } from '../case/caseState.schema';
import { centreOwner } from '../case/caseOpening';
import type { Policy } from '../kernel/policy';
import { isRetentionCase } from '../case/caseKind';
import { nextOfficeInstant } from '../calendar/businessDays';
import { copenhagenInstant, localDateInCopenhagen } from '../calendar/copenhagenTime';
import { addMonths, maxDate, type LocalDate } from '../calendar/localDate';

/** Day the next check-in is due: the interval after the latest of case creation, last status and last check-in. */
export function nextCheckInOn(s: CaseState, policy: Policy): LocalDate {
  const created = localDateInCopenhagen(Date.parse(s.createdAt));
  const lastStatus = s.medical.history.length > 0 ? s.medical.history[s.medical.history.length - 1].recordedOn : created;
  const base = maxDate(created, lastStatus, s.medical.lastCheckInOn ?? created);
  return addMonths(base, policy.medical.checkInIntervalMonths);
}

/** The check-in alarm while the injury is not stationary and the case is open. */
export const medicalCheckInAlarms: AlarmSource = (state: CaseState, policy: Policy): Alarm[] => {
  // A job centre retention case has no injury whose medical status the centre follows.
  if (isRetentionCase(state) || state.medical.stationary || (state.status !== 'screening' && state.status !== 'active')) return [];
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
