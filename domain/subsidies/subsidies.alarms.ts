// Timers of a subsidy negotiation: the silent insurer is reminded, then the consultant is told, per
// round of questions, in office hours on business days.
import { addBusinessDays, nextOfficeInstant } from '../calendar/businessDays';
import { copenhagenInstant, dayOfInstant } from '../calendar/copenhagenTime';
import type { LocalDate } from '../calendar/localDate';
import { fireDue, unfiredAlarms, type Alarm } from '../kernel/alarms';
import type { Policy } from '../kernel/policy';
import { SUBSIDY_KIND_DA, subsidyEmailParams, type Subsidy, type SubsidyChange } from './subsidies';

/** A subsidy timer: fires once at `at`. */
export type SubsidyAlarm = Alarm<SubsidyChange>;

const officeStart = (day: LocalDate, policy: Policy) => nextOfficeInstant(copenhagenInstant(day, policy.calendar.officeHours.startHour), policy);

/** When a silent insurer is reminded: the policy's business days after it was (last) asked, in office hours. */
export function insurerReminderOn(s: Subsidy, policy: Policy): LocalDate {
  return addBusinessDays(dayOfInstant(s.askedAt)!, policy.subsidies.insurerReminderBusinessDays, policy);
}

/** When the consultant is told that the insurer is still silent: a second period after the reminder. */
export function insurerEscalationOn(s: Subsidy, policy: Policy): LocalDate {
  return addBusinessDays(insurerReminderOn(s, policy), policy.subsidies.insurerEscalationBusinessDays, policy);
}

/**
 * Reminder and escalation while the insurer owes an answer (per round, so a new question restarts both);
 * none once the case is gone: nobody would act on them, and the stuck list shows the subsidy instead.
 */
export function subsidyAlarms(s: Subsidy, policy: Policy): SubsidyAlarm[] {
  if (s.status !== 'requested' || s.orphaned) return [];
  return [
    {
      key: `insurer-reminder:${s.round}`,
      at: officeStart(insurerReminderOn(s, policy), policy),
      fire: (change) => {
        const x = change.state;
        x.insurerRemindedAt = change.at;
        change.record('subsidy-insurer-reminded', `Forsikringsselskabet ${x.insurer.name} er rykket for svar på anmodning om tilskud til ${SUBSIDY_KIND_DA[x.kind]}.`, {
          type: 'insurer-reminded',
        });
        change.email({
          key: `subsidy-insurer-reminder:${x.subsidyId}:${x.round}`,
          template: 'subsidy-insurer-reminder',
          to: { name: x.insurer.name, email: x.insurer.email },
          params: { ...subsidyEmailParams(x), askedOn: dayOfInstant(x.askedAt) },
        });
      },
    },
    {
      key: `insurer-escalation:${s.round}`,
      at: officeStart(insurerEscalationOn(s, policy), policy),
      fire: (change) => {
        const x = change.state;
        x.escalatedAt = change.at;
        change.record('subsidy-escalated', `Forsikringsselskabet har ikke svaret trods rykker; sagen er sendt til ${x.owner.name}.`, {
          type: 'escalated',
        });
        change.email({
          key: `subsidy-escalation:${x.subsidyId}:${x.round}`,
          template: 'subsidy-escalation',
          to: { name: x.owner.name, email: x.owner.email },
          params: { ...subsidyEmailParams(x), askedOn: dayOfInstant(x.askedAt), insurerName: x.insurer.name },
        });
      },
    },
  ];
}

/** Alarms not yet fired, earliest first. */
export function pendingSubsidyAlarms(s: Subsidy, policy: Policy): SubsidyAlarm[] {
  return unfiredAlarms(subsidyAlarms(s, policy), s.firedAlarms);
}

/** Fires every alarm due at `change.ctx.now`; returns how many fired. */
export function fireDueSubsidyAlarms(change: SubsidyChange): number {
  // The reminder and escalation can both be due after a long outage; they fire in order.
  return fireDue(change, pendingSubsidyAlarms, 5);
}
