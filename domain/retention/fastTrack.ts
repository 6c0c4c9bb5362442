// The fast track of a job centre retention case (the sick-pay act's fast track, docs/sick-pay-rules.md "Fast track"):
// the request with its three answers, the employee's answer, and the first follow-up conversation as
// tasks with the usual reminder and escalation; an employer's request after week 5 of absence is refused.
import type { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import type { Policy } from '../kernel/policy';
import { addDays, compareDates, type LocalDate } from '../calendar/localDate';
import { addBusinessDays } from '../calendar/businessDays';
import { requireRetentionCase } from '../case/caseKind';
import { closeTask, createTask } from '../tasks/tasks';
import type { CaseState } from '../case/caseState.schema';
import type { FastTrackRequest } from '../case/caseIntake.schema';
import type { FastTrack, FastTrackProgress, FastTrackRequestBody } from './retention.schema';

/** Last day of week `week` of absence, counting the first day of absence as day 1 of week 1. */
export const endOfAbsenceWeek = (firstSickDay: LocalDate, week: number): LocalDate => addDays(firstSickDay, 7 * week - 1);

/** The last day an employer may ask for the fast track: the end of week 5 of absence (policy). */
export const latestEmployerRequest = (firstSickDay: LocalDate, policy: Policy): LocalDate =>
  endOfAbsenceWeek(firstSickDay, policy.retention.fastTrackEmployerRequestWeeks);

/** Refuses a request dated before the absence, or an employer's request after week 5 of absence (422). */
export function checkFastTrackRequest(firstSickDay: LocalDate, requestedBy: 'employer' | 'employee', requestedOn: LocalDate, policy: Policy): void {
  if (compareDates(requestedOn, firstSickDay) < 0) {
    throw new DomainRejection(422, 'fast-track-date', `The fast-track request (${requestedOn}) is dated before the first day of absence (${firstSickDay}).`);
  }
  const latest = latestEmployerRequest(firstSickDay, policy);
  if (requestedBy === 'employer' && compareDates(requestedOn, latest) > 0) {
    const weeks = policy.retention.fastTrackEmployerRequestWeeks;
    throw new DomainRejection(
      422,
      'fast-track-too-late',
      `The employer may ask for the fast track only within the first ${weeks} weeks of absence (until ${latest}); the request of ${requestedOn} is too late. ` +
        `Arbejdsgiveren kan kun anmode om fast track inden for de første ${weeks} ugers fravær (senest ${latest}); anmodningen af ${requestedOn} er for sen.`,
      { latestRequestOn: latest },
    );
  }
}

/** When the first follow-up conversation is due: 2 weeks after the request, or by the end of week 8 of absence when the employee declines. */
export function firstConversationDueOn(ft: Pick<FastTrack, 'requestedOn' | 'employeeConsent'>, firstSickDay: LocalDate, policy: Policy): LocalDate {
  return ft.employeeConsent === false
    ? endOfAbsenceWeek(firstSickDay, policy.retention.fastTrackDeclinedConversationWeek)
    : addDays(ft.requestedOn, 7 * policy.retention.fastTrackConversationWeeks);
}

const caseworkerOwner = (s: CaseState) => ({ role: 'caseworker', ...s.caseworker });

function conversationTask(change: CaseChange, ft: FastTrack): void {
  const declined = ft.employeeConsent === false ? ' (medarbejderen har takket nej til fast track)' : '';
  createTask(change, {
    kind: 'first-conversation',
    title: `Hold første opfølgningssamtale efter anmodning om fast track${declined}`,
    owner: caseworkerOwner(change.state),
    dueOn: ft.firstConversationDueOn,
  });
}

/**
 * Rules that came after retention histories were recorded (patch markers, so a replay takes the path the
 * history took); each is asked only when it would change the outcome.
 */
export interface FastTrackRules {
  /** Whether the employer who asked is emailed (default: yes). */
  emailEmployer?: () => boolean;
}

/** Starts the fast track on a retention case: the record, the task for missing answers, the first-conversation task. */
export function startFastTrack(change: CaseChange, requestedBy: 'employer' | 'employee', request: FastTrackRequest, rules: FastTrackRules = {}): FastTrack {
  const s = change.state;
  const policy = change.ctx.policy;
  checkFastTrackRequest(s.sickLeave.firstSickDay, requestedBy, request.requestedOn, policy);
  const base = { requestedBy, requestedOn: request.requestedOn, answers: request.answers ?? null, employeeConsent: request.employeeConsent ?? null, firstConversationOn: null };
  const ft: FastTrack = { ...base, firstConversationDueOn: firstConversationDueOn(base, s.sickLeave.firstSickDay, policy) };
  s.fastTrack = ft;
  const who = requestedBy === 'employer' ? 'arbejdsgiveren' : 'medarbejderen';
  change.record('fast-track-requested', 'retention', `Anmodning om fast track fra ${who} den ${ft.requestedOn}; første opfølgningssamtale senest ${ft.firstConversationDueOn}.`);
  if (!ft.answers) {
    createTask(change, {
      kind: 'fast-track-answers',
      title: 'Få svar på de tre spørgsmål – ring til arbejdsgiveren',
      owner: caseworkerOwner(s),
      dueOn: addBusinessDays(change.today, policy.retention.fastTrackAnswersBusinessDays, policy),
    });
  }
  conversationTask(change, ft);
  if (requestedBy === 'employer' && s.employer && (rules.emailEmployer?.() ?? true)) {
    change.email({
      key: `fast-track-received:${s.caseId}`,
      template: 'fast-track-received-employer',
      to: { name: s.employer.name, email: s.employer.email },
      params: {
        caseId: s.caseId,
        employerName: s.employer.name,
        citizenName: s.citizen.name,
        requestedOn: ft.requestedOn,
        firstConversationDueOn: ft.firstConversationDueOn,
        answersMissing: ft.answers === null,
      },
    });
  }
  return ft;
}

/** `POST …/fast-track`: a fast-track request on a retention case that has none yet. */
export function requestFastTrack(change: CaseChange, input: FastTrackRequestBody, rules: FastTrackRules = {}): { fastTrack: FastTrack } {
  const s = change.state;
  requireRetentionCase(s, 'A fast track is requested');
  if (s.status !== 'active') {
    throw new DomainRejection(422, 'phase', `A fast track is requested only while the case is active: the case is ${s.status}.`, { caseStatus: s.status });
  }
  if (s.fastTrack) throw new DomainRejection(409, 'fast-track-exists', `The case already has a fast track requested on ${s.fastTrack.requestedOn}.`);
  return { fastTrack: startFastTrack(change, input.requestedBy, input, rules) };
}

/** `POST …/fast-track/progress`: the three answers, the employee's answer, or the first conversation held. */
export function recordFastTrackProgress(change: CaseChange, input: FastTrackProgress): { fastTrack: FastTrack } {
  const s = change.state;
  requireRetentionCase(s, 'A fast track is followed');
  const ft = s.fastTrack;
  if (!ft) throw new DomainRejection(422, 'no-fast-track', 'The case has no fast track: request one first (POST …/fast-track).');
  if (s.status !== 'active') {
    throw new DomainRejection(422, 'phase', `The fast track is followed only while the case is active: the case is ${s.status}.`, { caseStatus: s.status });
  }
  const open = (kind: string) => s.tasks.find((t) => t.kind === kind && t.status === 'open');
  if (input.answers) {
    ft.answers = input.answers;
    change.record('fast-track-answered', 'retention', 'Svarene på de tre spørgsmål er registreret.');
    const task = open('fast-track-answers');
    if (task) closeTask(change, task, 'done', 'Svarene er registreret.');
  }
  if (input.employeeConsent !== undefined && input.employeeConsent !== ft.employeeConsent) {
    ft.employeeConsent = input.employeeConsent;
    change.record('fast-track-consent', 'retention', input.employeeConsent ? 'Medarbejderen siger ja til fast track.' : 'Medarbejderen har takket nej til fast track.');
    const due = firstConversationDueOn(ft, s.sickLeave.firstSickDay, change.ctx.policy);
    if (due !== ft.firstConversationDueOn && ft.firstConversationOn === null) {
      ft.firstConversationDueOn = due;
      // A new task, so the reminder and escalation of the new date fire even if the old ones did.
      const task = open('first-conversation');
      if (task) closeTask(change, task, 'cancelled', `fristen er flyttet til ${due}`);
      conversationTask(change, ft);
    }
  }
  if (input.firstConversationOn) {
    if (ft.firstConversationOn !== null) {
      throw new DomainRejection(409, 'first-conversation-held', `The first conversation was recorded on ${ft.firstConversationOn}.`);
    }
    if (compareDates(input.firstConversationOn, ft.requestedOn) < 0 || compareDates(input.firstConversationOn, change.today) > 0) {
      throw new DomainRejection(422, 'fast-track-date', `The first conversation must be dated between the request (${ft.requestedOn}) and today (${change.today}).`);
    }
    ft.firstConversationOn = input.firstConversationOn;
    change.record('first-conversation-held', 'retention', `Første opfølgningssamtale er holdt den ${input.firstConversationOn}.`);
    const task = open('first-conversation');
    if (task) closeTask(change, task, 'done', `Holdt den ${input.firstConversationOn}.`);
  }
  return { fastTrack: ft };
}
