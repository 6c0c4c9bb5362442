// Stuck-case rules for supervisors: given the facts the read model (and the Temporal check) holds
// about one case and today's date, why the case is stuck, since when. Pure; thresholds from policy.ts.
import { z } from 'zod';
import type { CaseStatus } from '../case/caseState.schema';
import type { TaskKind } from '../tasks/tasks.schema';
import { addBusinessDays, businessDaysBetween, isBusinessDay } from '../calendar/businessDays';
import { copenhagenEndOfDay, localDateInCopenhagen } from '../calendar/copenhagenTime';
import { addDays, addWeeks, compareDates, daysBetween, isLocalDate, type LocalDate } from '../calendar/localDate';
import type { Policy } from '../kernel/policy';

/** Why a case is listed as stuck (API.md "Supervision"). */
export const stuckCodeSchema = z.enum([
  'no-activity',
  'task-overdue',
  'insurer-silent',
  'minutes-overdue',
  'revision-overdue',
  'limit-approaching-without-plan',
  'workflow-failing',
  'email-bounced',
  'subsidy-orphaned',
]);
export type StuckCode = z.infer<typeof stuckCodeSchema>;

/** Danish label of each code, for the dashboard, CSV and the digest email. */
export const STUCK_LABELS: Record<StuckCode, string> = {
  'no-activity': 'Ingen aktivitet',
  'task-overdue': 'Opgave over fristen',
  'insurer-silent': 'Forsikringsselskabet svarer ikke',
  'minutes-overdue': 'Referat ikke sendt',
  'revision-overdue': 'Revision forfalden',
  'limit-approaching-without-plan': 'Varighedsbegrænsning nærmer sig uden plan',
  'workflow-failing': 'Sagsforløbet fejler i motoren',
  'email-bounced': 'E-mail kunne ikke leveres',
  'subsidy-orphaned': 'Tilskud uden sagsforløb',
};

/** One reason; `since` is the first day the case was stuck for it; `detail` is Danish and holds no health data. */
export interface StuckReason {
  code: StuckCode;
  since: LocalDate;
  detail: string;
}

/** An open task as the rules need it (titles are left out on purpose: they may hold personal details). */
export interface TaskFact {
  taskId: string;
  kind: TaskKind | string;
  dueOn: LocalDate;
  ownerName: string;
}

/** A subsidy request still waiting for the insurer's answer. */
export interface SubsidyRequestFact {
  subsidyId: string;
  /** Last day the insurer was asked (first request or a renewed request after more information). */
  askedOn: LocalDate;
}

/** What Temporal said about the case's workflow when last checked; null when healthy or unknown. */
export interface WorkflowProblemFact {
  since: LocalDate;
  detail: string;
}

/** An email of the case the outbox could not deliver (bounced, or failing past the policy's limit). */
export interface BouncedEmailFact {
  key: string;
  toName: string;
  bouncedOn: LocalDate;
  /** Status of the fix-the-address task (its ref is the outbox key); null while there is none. */
  taskStatus: string | null;
}

/** A subsidy not yet finished whose case workflow is gone, so no change of it reaches the case. */
export interface OrphanedSubsidyFact {
  subsidyId: string;
  /** Subsidy status (requested, info-requested or approved). */
  status: string;
  /** The day the subsidy found its case workflow gone. */
  orphanedOn: LocalDate;
}

/** Everything the rules look at for one case. */
export interface StuckFacts {
  caseId: string;
  status: CaseStatus | string;
  /** Last human activity (system reminders do not count), an ISO instant. */
  lastActivityAt: string;
  limitDate: LocalDate | null;
  /** Open tasks (the rules pick the overdue ones). */
  openTasks: TaskFact[];
  openSubsidyRequests: SubsidyRequestFact[];
  /** Days on which something counts as a plan for the sick-pay limit: roundtables, retention plan, decisions. */
  planDates: LocalDate[];
  workflowProblem: WorkflowProblemFact | null;
  /** Undeliverable emails of the case (absent: none). */
  bouncedEmails?: BouncedEmailFact[];
  /** Unfinished subsidies whose case workflow is gone (absent: none). */
  orphanedSubsidies?: OrphanedSubsidyFact[];
}

/** Statuses in which a case is being worked on, so silence means it is stuck. */
export const WORKED_STATUSES = ['screening', 'active'] as const;
/** Statuses of a case that is not finished (aftercare still has check-in tasks). */
export const OPEN_STATUSES = ['screening', 'active', 'aftercare'] as const;

const isWorked = (status: string) => (WORKED_STATUSES as readonly string[]).includes(status);
const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

/**
 * The latest day d such that (d, today] holds `n` business days: anything that last happened on or
 * before it is at least `n` business days old. The SQL pre-selection uses it as an index range bound.
 */
export function businessDayCutoff(today: LocalDate, n: number, policy: Policy): LocalDate {
  let d = today;
  let count = 0;
  while (count < n) {
    if (isBusinessDay(d, policy)) count += 1;
    d = addDays(d, -1);
  }
  return d;
}

/** Instants and dates the SQL pre-selection filters on, derived from the same policy numbers as the rules. */
export function stuckBounds(today: LocalDate, policy: Policy) {
  const s = policy.supervision;
  const activityCutoff = businessDayCutoff(today, s.noActivityBusinessDays, policy);
  const silentCutoff = businessDayCutoff(today, policy.subsidies.insurerReminderBusinessDays, policy);
  return {
    today,
    /** Cases whose last activity is before this instant have been quiet long enough. */
    activityBefore: new Date(copenhagenEndOfDay(activityCutoff)).toISOString(),
    /** Subsidy requests asked before this instant are unanswered long enough. */
    askedBefore: new Date(copenhagenEndOfDay(silentCutoff)).toISOString(),
    /** Last day of the limit-approaching window. */
    limitWindowEnd: addWeeks(today, s.limitApproachingWindowWeeks),
  };
}

/** The Copenhagen day of an ISO instant, or null when it is not one. */
export function dayOfInstant(iso: unknown): LocalDate | null {
  if (typeof iso !== 'string') return null;
  if (isLocalDate(iso)) return iso;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : localDateInCopenhagen(ms);
}

const record = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const records = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.map(record).filter((r): r is Record<string, unknown> => r !== null) : [];

/**
 * Days that count as a plan for the sick-pay limit, read from the snapshot parts the features own:
 * roundtables (scheduled, held or planned; cancelled ones do not count), a retention plan, decisions.
 * Defensive on purpose: the parts are typed by their own modules and may grow.
 */
export function planDatesOf(parts: { roundtables?: unknown; decisions?: unknown; retentionPlan?: unknown; retentionPlans?: unknown }): LocalDate[] {
  const days: (LocalDate | null)[] = [];
  for (const r of records(parts.roundtables)) {
    if (r.status === 'cancelled') continue;
    days.push(dayOfInstant(r.scheduledAt), dayOfInstant(r.heldOn), dayOfInstant(r.createdAt));
  }
  const plans = [...records(parts.retentionPlans), ...(record(parts.retentionPlan) ? [record(parts.retentionPlan)!] : [])];
  for (const p of plans) days.push(dayOfInstant(p.agreedOn), dayOfInstant(p.createdAt), dayOfInstant(p.updatedAt));
  for (const d of records(parts.decisions)) days.push(dayOfInstant(d.decidedOn), dayOfInstant(d.createdAt));
  return days.filter((d): d is LocalDate => d !== null);
}

const overdue = (tasks: TaskFact[], today: LocalDate, kinds: (k: string) => boolean) =>
  tasks.filter((t) => kinds(t.kind) && compareDates(t.dueOn, today) < 0).sort((a, b) => compareDates(a.dueOn, b.dueOn));

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// The cutoffs depend only on (today, policy): computed once per list, not once per case.
const cutoffCache = new WeakMap<Policy, Map<LocalDate, { activity: LocalDate; silent: LocalDate }>>();
function cutoffs(today: LocalDate, policy: Policy) {
  let byDay = cutoffCache.get(policy);
  if (!byDay) cutoffCache.set(policy, (byDay = new Map()));
  let c = byDay.get(today);
  if (!c) {
    if (byDay.size > 16) byDay.clear();
    c = {
      activity: businessDayCutoff(today, policy.supervision.noActivityBusinessDays, policy),
      silent: businessDayCutoff(today, policy.subsidies.insurerReminderBusinessDays, policy),
    };
    byDay.set(today, c);
  }
  return c;
}

// Walking the calendar day by day is the slow part of the rules; many cases share a last-activity day.
const quietCache = new WeakMap<Policy, Map<string, { since: LocalDate; days: number }>>();
function quiet(last: LocalDate, today: LocalDate, policy: Policy) {
  let memo = quietCache.get(policy);
  if (!memo) quietCache.set(policy, (memo = new Map()));
  const key = `${last}|${today}`;
  let q = memo.get(key);
  if (!q) {
    if (memo.size > 5000) memo.clear();
    q = { since: addBusinessDays(last, policy.supervision.noActivityBusinessDays, policy), days: businessDaysBetween(last, today, policy) };
    memo.set(key, q);
  }
  return q;
}

/** Why the case is stuck today, one reason per code, oldest first; empty when it is not stuck. */
export function stuckReasons(f: StuckFacts, today: LocalDate, policy: Policy): StuckReason[] {
  const reasons: StuckReason[] = [];
  const s = policy.supervision;
  const cut = cutoffs(today, policy);

  if (isWorked(f.status)) {
    const last = dayOfInstant(f.lastActivityAt);
    // last ≤ cutoff ⇔ at least N business days in (last, today] (see businessDayCutoff).
    if (last !== null && compareDates(last, cut.activity) <= 0) {
      const q = quiet(last, today, policy);
      reasons.push({ code: 'no-activity', since: q.since, detail: `Ingen aktivitet siden ${last} (${q.days} arbejdsdage).` });
    }
  }

  if (isOpen(f.status)) {
    const plain = overdue(f.openTasks, today, (k) => k !== 'send-minutes' && k !== 'revision');
    if (plain.length > 0) {
      reasons.push({
        code: 'task-overdue',
        since: addDays(plain[0].dueOn, 1),
        detail: `${plural(plain.length, 'opgave', 'opgaver')} over fristen; ældste frist ${plain[0].dueOn} (ansvarlig: ${plain[0].ownerName}).`,
      });
    }
    const minutes = overdue(f.openTasks, today, (k) => k === 'send-minutes');
    if (minutes.length > 0) {
      reasons.push({
        code: 'minutes-overdue',
        since: addDays(minutes[0].dueOn, 1),
        detail: `Referat fra rundbordssamtale ikke sendt; frist ${minutes[0].dueOn} (ansvarlig: ${minutes[0].ownerName}).`,
      });
    }
    const revisions = overdue(f.openTasks, today, (k) => k === 'revision');
    if (revisions.length > 0) {
      reasons.push({
        code: 'revision-overdue',
        since: addDays(revisions[0].dueOn, 1),
        detail: `Revision af afgørelse forfaldt ${revisions[0].dueOn} (ansvarlig: ${revisions[0].ownerName}).`,
      });
    }
    const silentDays = policy.subsidies.insurerReminderBusinessDays;
    const silent = f.openSubsidyRequests
      .filter((r) => compareDates(r.askedOn, cut.silent) <= 0)
      .sort((a, b) => compareDates(a.askedOn, b.askedOn));
    if (silent.length > 0) {
      reasons.push({
        code: 'insurer-silent',
        since: addBusinessDays(silent[0].askedOn, silentDays, policy),
        detail: `${plural(silent.length, 'tilskudsanmodning', 'tilskudsanmodninger')} uden svar fra forsikringsselskabet; spurgt ${silent[0].askedOn}.`,
      });
    }
  }

  if (isWorked(f.status) && f.limitDate !== null) {
    const windowOpened = addWeeks(f.limitDate, -s.limitApproachingWindowWeeks);
    const inWindow = compareDates(today, windowOpened) >= 0 && compareDates(f.limitDate, today) >= 0;
    const planned = f.planDates.some((d) => compareDates(d, windowOpened) >= 0);
    if (inWindow && !planned) {
      reasons.push({
        code: 'limit-approaching-without-plan',
        since: windowOpened,
        detail: `Varighedsbegrænsningen ${f.limitDate} (om ${daysBetween(today, f.limitDate)} dage) uden rundbordssamtale, fastholdelsesplan eller afgørelse siden ${windowOpened}.`,
      });
    }
  }

  if (f.workflowProblem && isOpen(f.status)) {
    reasons.push({ code: 'workflow-failing', since: f.workflowProblem.since, detail: f.workflowProblem.detail });
  }

  const bounced = unresolvedBounces(f, today, policy);
  if (bounced.length > 0) {
    const last = bounced[bounced.length - 1];
    reasons.push({
      code: 'email-bounced',
      since: bounced[0].bouncedOn,
      detail: `${plural(bounced.length, 'e-mail', 'e-mails')} kunne ikke leveres; senest til ${last.toName} (${last.bouncedOn}).`,
    });
  }

  // Whatever the case's status: a closed case is exactly where an unfinished subsidy is lost.
  const orphans = [...(f.orphanedSubsidies ?? [])].sort((a, b) => compareDates(a.orphanedOn, b.orphanedOn) || a.subsidyId.localeCompare(b.subsidyId));
  if (orphans.length > 0) {
    reasons.push({
      code: 'subsidy-orphaned',
      since: orphans[0].orphanedOn,
      detail:
        `${plural(orphans.length, 'tilskud', 'tilskud')} (${orphans.map((o) => SUBSIDY_STATUS_DA[o.status] ?? o.status).join(', ')}) ` +
        `kan ikke meldes til sagen, fordi sagsforløbet er lukket eller findes ikke; siden ${orphans[0].orphanedOn}. ` +
        'Træk tilskuddet tilbage, eller følg det til udbetaling.',
    });
  }

  return reasons.sort((a, b) => compareDates(a.since, b.since) || a.code.localeCompare(b.code));
}

// Danish names of the subsidy statuses an orphan can have.
const SUBSIDY_STATUS_DA: Record<string, string> = { requested: 'afventer svar', 'info-requested': 'afventer oplysninger', approved: 'godkendt, ikke udbetalt' };

/**
 * Bounces nobody has dealt with, oldest first: on an open case until its fix-the-address task is closed; a
 * finished case takes no task, so its bounces are listed for `email.closedCaseBounceListedDays` days.
 */
function unresolvedBounces(f: StuckFacts, today: LocalDate, policy: Policy): BouncedEmailFact[] {
  const handled = (b: BouncedEmailFact) => b.taskStatus !== null && b.taskStatus !== 'open';
  const listed = (f.bouncedEmails ?? []).filter((b) => {
    if (handled(b)) return false;
    if (isOpen(f.status)) return true;
    return compareDates(addDays(b.bouncedOn, policy.email.closedCaseBounceListedDays), today) >= 0;
  });
  return listed.sort((a, b) => compareDates(a.bouncedOn, b.bouncedOn) || a.key.localeCompare(b.key));
}

/** Whole days a case has been stuck: from its oldest reason to today. */
export function stuckAgeDays(reasons: StuckReason[], today: LocalDate): number {
  if (reasons.length === 0) return 0;
  return Math.max(0, daysBetween(reasons[0].since, today));
}
