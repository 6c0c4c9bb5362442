// Timer of a planned roundtable: every participant is reminded a policy number of business days
// before the meeting, at the start of office hours; a reschedule makes a new reminder.
import type { Alarm, AlarmSource } from '../case/alarmSource';
import type { CaseState } from '../case/caseState.schema';
import type { Policy } from '../kernel/policy';
import { businessDaysBefore } from '../calendar/businessDays';
import { copenhagenInstant } from '../calendar/copenhagenTime';
import type { Roundtable } from './roundtables.schema';
import { danishDateTime, roundtableDay } from './roundtables';

/** When the participants of a roundtable are reminded. */
export function roundtableReminderAt(rt: Roundtable, policy: Policy): number {
  const day = businessDaysBefore(roundtableDay(rt), policy.roundtables.reminderBusinessDaysBefore, policy);
  return copenhagenInstant(day, policy.calendar.officeHours.startHour);
}

/** Reminder alarms of planned roundtables in an open case. */
export const roundtableAlarms: AlarmSource = (state: CaseState, policy: Policy): Alarm[] => {
  if (state.status === 'closed' || state.status === 'rejected') return [];
  return state.roundtables
    .filter((rt) => rt.status === 'scheduled')
    .map((rt) => ({ rt, at: roundtableReminderAt(rt, policy) }))
    // A meeting planned for tomorrow morning needs no reminder right after its invitation.
    .filter(({ rt, at }) => at > Date.parse(rt.invitedAt) && at < Date.parse(rt.scheduledAt))
    .map(({ rt, at }) => ({
      key: `rt-reminder:${rt.roundtableId}:${rt.version}`,
      at,
      fire: (change) => {
        const r = change.state.roundtables.find((x) => x.roundtableId === rt.roundtableId)!;
        change.record('roundtable-reminded', 'retention', `Påmindelse om rundbordssamtalen ${danishDateTime(r.scheduledAt)} er sendt til deltagerne.`);
        for (const p of r.participants) {
          change.email({
            key: `rt-reminder:${r.roundtableId}:${r.version}:${p.email.toLowerCase()}`,
            template: 'roundtable-reminder',
            to: { name: p.name, email: p.email },
            params: { name: p.name, when: danishDateTime(r.scheduledAt), location: r.location, purpose: r.purpose, agenda: r.agenda },
          });
        }
      },
    }));
};
