// Roundtable meetings (rundbordssamtaler): planning with purpose and agenda, rescheduling and
// cancelling (participants are told), the outcome whose agreed actions become tracked tasks, and the minutes.
import type { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import type { CaseState } from '../case/caseState.schema';
import type { TaskOwner } from '../tasks/tasks.schema';
import { centreOwner } from '../case/caseOpening';
import { addBusinessDays } from '../calendar/businessDays';
import { formatInstant } from '../calendar/copenhagenTime';
import { addWeeks, dayOfWeek, type LocalDate } from '../calendar/localDate';
import { EMPLOYER_NEEDS_CONSENT, employerWithoutConsent } from './roundtableConsent';
import type { Participant, RescheduleRoundtable, Roundtable, RoundtableOutcome, ScheduleRoundtable } from './roundtables.schema';
import { closeTask, createTask } from '../tasks/tasks';

const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** Copenhagen wall-clock time of an instant in Danish, e.g. "torsdag den 3. december 2026 kl. 10.00". */
export function danishDateTime(iso: string): string {
  const local = formatInstant(Date.parse(iso));
  const date: LocalDate = local.slice(0, 10);
  const [y, m, d] = [Number(local.slice(0, 4)), Number(local.slice(5, 7)), Number(local.slice(8, 10))];
  return `${WEEKDAYS[dayOfWeek(date)]} den ${d}. ${MONTHS[m - 1]} ${y} kl. ${local.slice(11, 13)}.${local.slice(14, 16)}`;
}

/** The Copenhagen calendar day of a roundtable. */
export function roundtableDay(rt: Roundtable): LocalDate {
  return formatInstant(Date.parse(rt.scheduledAt)).slice(0, 10);
}

/** A roundtable of the case, or 404. */
export function findRoundtable(s: CaseState, roundtableId: string): Roundtable {
  const rt = s.roundtables.find((r) => r.roundtableId === roundtableId);
  if (!rt) throw new DomainRejection(404, 'not-found', `no roundtable ${roundtableId} in this case`);
  return rt;
}

function requireOpenCase(s: CaseState): void {
  if (s.status !== 'active' && s.status !== 'aftercare') {
    throw new DomainRejection(422, 'phase', `roundtables need an active case; the case is ${s.status}`, { caseStatus: s.status });
  }
}

function requireScheduled(rt: Roundtable): void {
  if (rt.status !== 'scheduled') {
    throw new DomainRejection(409, 'roundtable-not-scheduled', `roundtable ${rt.roundtableId} is ${rt.status}`, { roundtableStatus: rt.status });
  }
}

function requireFuture(change: CaseChange, scheduledAt: string): void {
  if (Date.parse(scheduledAt) <= change.ctx.now) {
    throw new DomainRejection(400, 'validation', 'a roundtable must be scheduled in the future', {
      errors: [{ path: 'scheduledAt', message: 'must be in the future' }],
    });
  }
}

// Staff can follow a link into the case; citizens, doctors and employers read the email alone.
const hasCaseAccess = (p: Participant): boolean => p.role === 'consultant' || p.role === 'caseworker';

/** Emails every participant with a template; the key names the roundtable, the message and the recipient. */
function tellParticipants(
  change: CaseChange,
  rt: Roundtable,
  template: string,
  keyPrefix: string,
  extra: Record<string, unknown> = {},
  recipients: readonly Participant[] = rt.participants,
): void {
  for (const p of recipients) {
    change.email({
      key: `${keyPrefix}:${p.email.toLowerCase()}`,
      template,
      to: { name: p.name, email: p.email },
      // Only meeting facts: never injury, diagnosis or legal-track details (employers get these too).
      params: {
        name: p.name,
        when: danishDateTime(rt.scheduledAt),
        location: rt.location,
        purpose: rt.purpose,
        agenda: rt.agenda,
        caseId: change.state.caseId,
        showLink: hasCaseAccess(p),
        ...extra,
      },
    });
  }
}

/** Plans a roundtable and invites every participant with its purpose and agenda. */
export function scheduleRoundtable(change: CaseChange, input: ScheduleRoundtable): Roundtable {
  const s = change.state;
  requireOpenCase(s);
  // The API refuses this too; the domain keeps the rule for every other caller.
  if (employerWithoutConsent(input)) {
    throw new DomainRejection(400, 'validation', 'an employer takes part only with the citizen’s consent', {
      errors: [{ path: 'citizenConsentsToEmployer', message: EMPLOYER_NEEDS_CONSENT }],
    });
  }
  requireFuture(change, input.scheduledAt);
  const rt: Roundtable = {
    roundtableId: `${s.caseId}-R${s.roundtables.length + 1}`,
    scheduledAt: formatInstant(Date.parse(input.scheduledAt)),
    location: input.location,
    purpose: input.purpose,
    agenda: input.agenda,
    participants: input.participants,
    citizenConsentsToEmployer: input.citizenConsentsToEmployer,
    status: 'scheduled',
    version: 1,
    invitedAt: change.at,
    cancelReason: null,
    outcome: null,
    minutes: null,
    minutesSentAt: null,
  };
  s.roundtables.push(rt);
  change.record(
    'roundtable-scheduled',
    'retention',
    `Rundbordssamtale planlagt ${danishDateTime(rt.scheduledAt)}, ${rt.location}. Indkaldelse sendt til ${rt.participants.length} deltagere.`,
  );
  tellParticipants(change, rt, 'invitation', `rt-invite:${rt.roundtableId}:${rt.version}`);
  return rt;
}

/** Moves a planned roundtable; participants get the new time (and a new reminder). */
export function rescheduleRoundtable(change: CaseChange, input: RescheduleRoundtable & { roundtableId: string }): Roundtable {
  requireOpenCase(change.state);
  const rt = findRoundtable(change.state, input.roundtableId);
  requireScheduled(rt);
  requireFuture(change, input.scheduledAt);
  const previous = danishDateTime(rt.scheduledAt);
  rt.scheduledAt = formatInstant(Date.parse(input.scheduledAt));
  if (input.location) rt.location = input.location;
  rt.version += 1;
  rt.invitedAt = change.at;
  change.record('roundtable-rescheduled', 'retention', `Rundbordssamtalen er flyttet fra ${previous} til ${danishDateTime(rt.scheduledAt)}, ${rt.location}.`);
  tellParticipants(change, rt, 'roundtable-rescheduled', `rt-reschedule:${rt.roundtableId}:${rt.version}`, {
    previous,
    note: input.note ?? '',
  });
  return rt;
}

/** Cancels a planned roundtable with a reason; participants are told. */
export function cancelRoundtable(change: CaseChange, input: { roundtableId: string; reason: string }): Roundtable {
  const rt = findRoundtable(change.state, input.roundtableId);
  requireScheduled(rt);
  if (!input.reason?.trim()) {
    throw new DomainRejection(400, 'validation', 'a cancellation needs a reason', { errors: [{ path: 'reason', message: 'must not be empty' }] });
  }
  rt.status = 'cancelled';
  rt.cancelReason = input.reason.trim();
  change.record('roundtable-cancelled', 'retention', `Rundbordssamtalen ${danishDateTime(rt.scheduledAt)} er aflyst: ${rt.cancelReason}`);
  tellParticipants(change, rt, 'roundtable-cancelled', `rt-cancel:${rt.roundtableId}`, { reason: rt.cancelReason });
  return rt;
}

/** Records what a roundtable agreed: one task per action, the minutes task and, with an employer, a contact task. */
export function recordRoundtableOutcome(
  change: CaseChange,
  input: RoundtableOutcome & { roundtableId: string; recordedBy?: TaskOwner | null },
): { roundtableId: string; taskIds: string[] } {
  const s = change.state;
  const policy = change.ctx.policy;
  requireOpenCase(s);
  const rt = findRoundtable(s, input.roundtableId);
  requireScheduled(rt);
  if (input.heldOn > change.today) {
    throw new DomainRejection(400, 'validation', 'a roundtable cannot be held in the future', {
      errors: [{ path: 'heldOn', message: 'must not be after today' }],
    });
  }
  rt.status = 'held';
  change.record('roundtable-held', 'retention', `Rundbordssamtalen er afholdt ${input.heldOn}; ${input.actions.length} aftalte handlinger.`);
  const actions = input.actions.map((a) => {
    const task = createTask(change, { kind: 'action', title: a.title, owner: a.owner, dueOn: a.dueOn, ref: rt.roundtableId });
    return { ...a, taskId: task.taskId };
  });
  rt.outcome = { heldOn: input.heldOn, summary: input.summary, actions, recordedAt: change.at };
  const minutes = createTask(change, {
    kind: 'send-minutes',
    title: `Send referat af rundbordssamtalen ${input.heldOn} til deltagerne`,
    owner: input.recordedBy ?? centreOwner(s),
    dueOn: addBusinessDays(input.heldOn, policy.roundtables.minutesDeadlineBusinessDays, policy),
    ref: rt.roundtableId,
  });
  const taskIds = [...actions.map((a) => a.taskId), minutes.taskId];
  // DOMAIN.md: the employer lost contact after the meeting, so contacting it again is a promise too.
  if (rt.participants.some((p) => p.role === 'employer')) {
    const contact = createTask(change, {
      kind: 'contact-employer',
      title: `Kontakt arbejdsgiveren igen efter rundbordssamtalen ${input.heldOn}`,
      owner: centreOwner(s),
      dueOn: addWeeks(input.heldOn, policy.roundtables.contactEmployerWeeks),
      ref: rt.roundtableId,
    });
    taskIds.push(contact.taskId);
  }
  return { roundtableId: rt.roundtableId, taskIds };
}

/** Emails the minutes to every participant and completes the send-minutes task. */
/** Rules a running case decides by workflow patch (workflows/case/casePatches.ts); absent: today's rules. */
export interface MinutesRules {
  /** True: the minutes go to every party who may see the retention track, not only those present. */
  everyParty?: () => boolean;
}

/**
 * Who gets the minutes: the participants, and every other party who may see the retention track (the
 * citizen, the consultant, the caseworker with the citizen's consent, the insurer, a union with power of
 * attorney); an employer only as a participant, which needed the citizen's consent. One per address.
 */
export function minutesRecipients(s: CaseState, rt: Roundtable): Participant[] {
  const all: Participant[] = [
    ...rt.participants,
    { role: 'citizen', name: s.citizen.name, email: s.citizen.email },
    ...(s.consultant ? [{ role: 'consultant' as const, name: s.consultant.name, email: s.consultant.email }] : []),
    ...(s.consentToShareWithMunicipality ? [{ role: 'caseworker' as const, name: s.caseworker.name, email: s.caseworker.email }] : []),
    // A job centre retention case has no insurer.
    ...(s.insurer ? [{ role: 'insurer' as const, name: s.insurer.name, email: s.insurer.email }] : []),
    ...(s.union && s.union.powerOfAttorney !== 'none' ? [{ role: 'union' as const, name: s.union.name, email: s.union.email }] : []),
  ];
  const seen = new Set<string>();
  return all.filter((p) => {
    const key = p.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sendRoundtableMinutes(change: CaseChange, input: { roundtableId: string; text: string }, rules: MinutesRules = {}): { roundtableId: string } {
  const rt = findRoundtable(change.state, input.roundtableId);
  if (rt.status !== 'held') {
    throw new DomainRejection(409, 'roundtable-not-held', `roundtable ${rt.roundtableId} is ${rt.status}; record its outcome first`, {
      roundtableStatus: rt.status,
    });
  }
  if (rt.minutesSentAt) {
    throw new DomainRejection(409, 'minutes-sent', `the minutes of ${rt.roundtableId} were sent ${rt.minutesSentAt}`, { minutesSentAt: rt.minutesSentAt });
  }
  rt.minutes = input.text;
  rt.minutesSentAt = change.at;
  const extra = {
    heldOn: rt.outcome?.heldOn ?? '',
    minutes: input.text,
    actions: (rt.outcome?.actions ?? []).map((a) => `${a.title} (ansvarlig: ${a.owner.name}, frist ${a.dueOn})`),
  };
  if (rules.everyParty?.() ?? true) {
    const to = minutesRecipients(change.state, rt);
    rt.minutesRecipients = to.map((p) => ({ role: p.role, name: p.name, present: rt.participants.some((q) => q.email.toLowerCase() === p.email.toLowerCase()) }));
    change.record(
      'roundtable-minutes-sent',
      'retention',
      // Counts only: the retention track's readers include the employer, who must not learn of a union.
      `Referatet af rundbordssamtalen ${rt.outcome?.heldOn ?? ''} er sendt til ${to.length} parter ` +
        `(${rt.participants.length} deltagere og ${to.length - rt.participants.length} andre parter i sagen).`,
    );
    tellParticipants(change, rt, 'roundtable-minutes', `rt-minutes:${rt.roundtableId}`, extra, to);
  } else {
    change.record('roundtable-minutes-sent', 'retention', `Referatet af rundbordssamtalen ${rt.outcome?.heldOn ?? ''} er sendt til ${rt.participants.length} deltagere.`);
    tellParticipants(change, rt, 'roundtable-minutes', `rt-minutes:${rt.roundtableId}`, extra);
  }
  const task = change.state.tasks.find((t) => t.kind === 'send-minutes' && t.ref === rt.roundtableId && t.status === 'open');
  if (task) closeTask(change, task, 'done', 'Referatet er sendt.');
  return { roundtableId: rt.roundtableId };
}
