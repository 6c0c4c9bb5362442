// The legal track's decisions and appeals: the guards (phase, stationary, rule collision with the
// sick-pay extension, justification) and the commands, including revision tasks that keep every
// interim decision and safe minimum from being forgotten (input schemas: decisionsSchema.ts).
import type { z } from 'zod';
import { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import type { CaseState } from '../case/caseState.schema';
import type { Task } from '../tasks/tasks.schema';
import type { Policy } from '../kernel/policy';
import { centreOwner } from '../case/caseOpening';
import { requirePhase } from '../case/casePhase';
import { closeTask, createTask } from '../tasks/tasks';
import { addDays, addMonths, addWeeks, type LocalDate } from '../calendar/localDate';
import { computeSickPayClock } from '../sick-pay/sickPay';
import { EXTENSION_RULE, isEarningCapacityDecision } from '../sick-pay/sickPay.alarms';
import type { Appeal, Decision, DecisionKind } from './legal.schema';
import { DECISION_KIND_DA, notifyDecision } from './decisionNotices';
import type { appealInputSchema, decisionInputSchema } from './decisions.schema';

/** Kinds whose decision is provisional and must be revised. */
const REVISED_KINDS: readonly DecisionKind[] = ['interim', 'safe-minimum'];

/** Problems with a decision's fields that do not depend on the case (shared by the API schema and the domain guard). */
export function decisionFieldErrors(
  d: { kind: DecisionKind; earningCapacityLossPct?: number | null; permanentInjuryPct?: number | null; justification: string; revisionDueOn?: string | null },
  policy: Policy,
): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  const ec = typeof d.earningCapacityLossPct === 'number';
  const pi = typeof d.permanentInjuryPct === 'number';
  if (d.kind === 'interim' && !ec) errors.push({ path: 'earningCapacityLossPct', message: 'an interim decision is on loss of earning capacity: give the percentage' });
  if (d.kind === 'safe-minimum' && !pi) errors.push({ path: 'permanentInjuryPct', message: 'a safe minimum is a degree of permanent injury: give the percentage' });
  if ((d.kind === 'final' || d.kind === 'revision') && !ec && !pi) {
    errors.push({ path: 'earningCapacityLossPct', message: `a ${d.kind} decision needs earningCapacityLossPct or permanentInjuryPct` });
  }
  if (d.kind === 'treatment' && (ec || pi)) {
    errors.push({ path: 'kind', message: 'a treatment decision carries no percentages; use interim, final or safe-minimum' });
  }
  const min = policy.decisions.justificationMinLength;
  if (d.justification.trim().length < min) {
    errors.push({ path: 'justification', message: `must be at least ${min} characters: say why, in words the parties can appeal against` });
  }
  if (d.revisionDueOn != null && !REVISED_KINDS.includes(d.kind) && d.kind !== 'revision') {
    errors.push({ path: 'revisionDueOn', message: 'only interim, safe-minimum and revision decisions are revised' });
  }
  return errors;
}

/** Body of `POST …/decisions`; the justification minimum comes from the policy in force. */
export type DecisionInput = z.infer<ReturnType<typeof decisionInputSchema>>;

/** Body of `POST …/appeals`. */
export type AppealInput = z.infer<typeof appealInputSchema>;

const KIND_DA = DECISION_KIND_DA;

const PARTY_DA: Record<Appeal['by'], string> = { insurer: 'forsikringsselskabet', citizen: 'skadelidte', union: 'fagforeningen' };

function openRevisionTasks(s: CaseState): Task[] {
  return s.tasks.filter((t) => t.kind === 'revision' && t.status === 'open');
}

/** Rules a running case decides by workflow patch (workflows/case/casePatches.ts); absent: today's rules. */
export interface DecisionRules {
  /** True: the rule collision guards every earning-capacity decision while the extension ground is unused or running. */
  guardFromFirstDecision?: () => boolean;
  /** True: the decision notices go out (decisionNotices.ts); histories from before them sent none. */
  notifyParties?: () => boolean;
}

/**
 * The rule-collision guard: the collision an earning-capacity decision would cause now, or null. Any
 * interim, final or revision decision with a percentage removes the pending-injury extension ground
 * (DOMAIN.md), so it collides whenever that ground is unused or running, however far the limit is;
 * cases recorded before this rule keep the old window (`ruleCollisionWarningWeeks` before the limit).
 */
export function ruleCollision(
  s: CaseState,
  input: Pick<DecisionInput, 'kind' | 'earningCapacityLossPct'>,
  today: LocalDate,
  policy: Policy,
  rules: DecisionRules = {},
) {
  const ext = s.sickLeave.extension;
  if (!isEarningCapacityDecision(input) || ext.endedOn !== null) return null;
  const clock = computeSickPayClock(s.sickLeave, today, policy);
  const extensionActive = ext.active || clock.limitPassed;
  const fromFirst = rules.guardFromFirstDecision?.() ?? true;
  const warningFrom = addWeeks(clock.limitDate, -policy.sickPay.ruleCollisionWarningWeeks);
  if (!fromFirst && !extensionActive && today < warningFrom) return null;
  const extensionFrom = addDays(clock.limitDate, 1);
  const loses = extensionActive
    ? `The citizen loses the sick pay extended on the pending injury case from the decision date ${today}: sick pay beyond the limit ${clock.limitDate} stops.`
    : `The citizen loses, from the decision date ${today}, the right to have sick pay extended on the pending injury case beyond the limit ${clock.limitDate} ` +
      `(the extension would have started ${extensionFrom}); if the illness lasts past the limit, another extension ground or another income is needed.`;
  return {
    rule: EXTENSION_RULE,
    limitDate: clock.limitDate,
    extensionActive,
    warningWindowWeeks: policy.sickPay.ruleCollisionWarningWeeks,
    losesFrom: today,
    extensionFrom: extensionActive ? (ext.since ?? extensionFrom) : extensionFrom,
    loses,
  };
}

/** Makes a legal decision on an active case (consultant only; the API checks the role). */
export function decide(change: CaseChange, input: DecisionInput, rules: DecisionRules = {}): Decision {
  const s = change.state;
  const policy = change.ctx.policy;
  const today = change.today;
  requirePhase(s, 'decide');
  const fieldErrors = decisionFieldErrors(input, policy);
  if (fieldErrors.length > 0) {
    throw new DomainRejection(400, 'validation', 'The request body has invalid fields.', { errors: fieldErrors });
  }
  if (input.kind === 'final' && !s.medical.stationary) {
    throw new DomainRejection(
      422,
      'phase',
      'a final decision needs the injury to be stationary: record the medical status first, or make an interim decision',
      { stationary: false },
    );
  }

  // The revision a 'revision' decision closes: the one named, or the oldest open one.
  let revised: Decision | undefined;
  if (input.kind === 'revision') {
    const open = openRevisionTasks(s);
    const task = input.revisesDecisionId ? open.find((t) => t.ref === input.revisesDecisionId) : open[0];
    if (!task) {
      throw new DomainRejection(
        422,
        'not-under-revision',
        input.revisesDecisionId
          ? `decision ${input.revisesDecisionId} has no open revision on this case`
          : 'this case has no interim decision or safe minimum awaiting revision',
        { errors: [{ path: 'revisesDecisionId', message: 'no open revision to close' }] },
      );
    }
    revised = s.decisions.find((d) => d.decisionId === task.ref);
  }

  const revisionDueOn: LocalDate | null = REVISED_KINDS.includes(input.kind)
    ? (input.revisionDueOn ?? addMonths(today, policy.decisions.revisionDefaultMonths))
    : (input.revisionDueOn ?? null);
  if (revisionDueOn !== null && revisionDueOn <= today) {
    throw new DomainRejection(400, 'validation', 'The request body has invalid fields.', {
      errors: [{ path: 'revisionDueOn', message: `must be after the decision date ${today}` }],
    });
  }

  const collision = ruleCollision(s, input, today, policy, rules);
  if (collision && !(input.acknowledgeRuleCollision === true && input.nextIncomeBasis)) {
    throw new DomainRejection(
      409,
      'rule-collision',
      `This decision on loss of earning capacity would end the sick-pay extension resting on the pending injury case ` +
        `(${collision.rule}); the limit date is ${collision.limitDate}. ${collision.loses} Confirm with acknowledgeRuleCollision: true ` +
        `and the citizen's nextIncomeBasis.`,
      collision,
    );
  }

  const decisionId = `${s.caseId}-D${s.decisions.length + 1}`;
  const ec = input.earningCapacityLossPct ?? null;
  const pi = input.permanentInjuryPct ?? null;
  const decision: Decision = {
    decisionId,
    kind: input.kind,
    decidedOn: today,
    decidedBy: change.ctx.actor.name,
    earningCapacityLossPct: ec,
    permanentInjuryPct: pi,
    earningCapacityCompensation: ec !== null && ec >= policy.decisions.earningCapacityThresholdPct,
    permanentInjuryCompensation: pi !== null && pi >= policy.decisions.permanentInjuryThresholdPct,
    revisionDueOn,
    revisionTaskId: null,
    revisesDecisionId: revised?.decisionId ?? null,
    supersededBy: null,
    justification: input.justification.trim(),
    nextIncomeBasis: input.nextIncomeBasis ?? null,
    ruleCollision: collision
      ? { rule: collision.rule, limitDate: collision.limitDate, extensionActive: collision.extensionActive, acknowledgedBy: change.ctx.actor.name, nextIncomeBasis: input.nextIncomeBasis! }
      : null,
    endedExtension: false,
  };
  s.decisions.push(decision);
  const pcts = [ec !== null ? `erhvervsevnetab ${ec} %` : null, pi !== null ? `varigt mén ${pi} %` : null].filter(Boolean).join(', ');
  change.record('decision-made', 'legal', `${KIND_DA[input.kind]} truffet (${decisionId})${pcts ? `: ${pcts}` : ''}.`);
  if (collision) {
    change.record(
      'rule-collision-acknowledged',
      'legal',
      `Regelsammenstød kvitteret (${collision.rule}, varighedsbegrænsning ${collision.limitDate}); næste forsørgelsesgrundlag: ${input.nextIncomeBasis}.`,
    );
  }

  const effect = { endsExtension: false, extensionWasActive: false, limitDate: computeSickPayClock(s.sickLeave, today, policy).limitDate };
  if (isEarningCapacityDecision(decision) && s.sickLeave.extension.endedOn === null) {
    const wasActive = s.sickLeave.extension.active;
    Object.assign(effect, { endsExtension: true, extensionWasActive: wasActive });
    s.sickLeave.extension = { active: false, since: s.sickLeave.extension.since, endedOn: today, endedByDecisionId: decisionId };
    decision.endedExtension = true;
    change.record(
      'sick-pay-extension-ended',
      'legal',
      wasActive
        ? `Forlængelsen af sygedagpenge efter ${EXTENSION_RULE} ophører med afgørelse ${decisionId}.`
        : `Grundlaget for forlængelse efter ${EXTENSION_RULE} er bortfaldet med afgørelse ${decisionId}.`,
    );
  }

  if (revised) {
    revised.supersededBy = decisionId;
    const task = openRevisionTasks(s).find((t) => t.ref === revised!.decisionId)!;
    closeTask(change, task, 'done', `Revideret ved afgørelse ${decisionId}.`);
  }
  if (input.kind === 'final') {
    for (const task of openRevisionTasks(s)) {
      const old = s.decisions.find((d) => d.decisionId === task.ref);
      if (old) old.supersededBy = decisionId;
      closeTask(change, task, 'done', `Erstattet af endelig afgørelse ${decisionId}.`);
    }
  }
  if (revisionDueOn !== null) {
    const task = createTask(change, {
      kind: 'revision',
      title: `Revidér ${KIND_DA[input.kind].toLowerCase()} ${decisionId}`,
      owner: centreOwner(s),
      dueOn: revisionDueOn,
      ref: decisionId,
      track: 'legal',
    });
    decision.revisionTaskId = task.taskId;
  }
  if (rules.notifyParties?.() ?? true) notifyDecision(change, decision, effect);
  return decision;
}

/** Records an appeal against a decision by one of the parties. */
export function fileAppeal(change: CaseChange, input: AppealInput): Appeal {
  const s = change.state;
  requirePhase(s, 'appeal');
  const actor = change.ctx.actor;
  const decision = s.decisions.find((d) => d.decisionId === input.decisionId);
  if (!decision) {
    throw new DomainRejection(422, 'unknown-decision', `there is no decision ${input.decisionId} on this case`, {
      errors: [{ path: 'decisionId', message: 'no such decision on this case' }],
    });
  }
  // Insurers and unions appeal in their own name; the centre records appeals for any party.
  if ((actor.role === 'insurer' || actor.role === 'union') && input.by !== actor.role) {
    throw new DomainRejection(403, 'forbidden', `a ${actor.role} may file an appeal only as "${actor.role}"`);
  }
  if (input.filedOn < decision.decidedOn || input.filedOn > change.today) {
    throw new DomainRejection(422, 'filed-on', `filedOn must lie between the decision date ${decision.decidedOn} and today ${change.today}`, {
      errors: [{ path: 'filedOn', message: `must be from ${decision.decidedOn} to ${change.today}` }],
    });
  }
  const appeal: Appeal = {
    appealId: `${s.caseId}-A${s.appeals.length + 1}`,
    decisionId: decision.decisionId,
    filedOn: input.filedOn,
    by: input.by,
    note: input.note ?? null,
    recordedBy: actor.name,
    recordedAt: change.at,
  };
  s.appeals.push(appeal);
  change.record('appeal-filed', 'legal', `Klage over afgørelse ${decision.decisionId} fra ${PARTY_DA[input.by]}, indgivet ${input.filedOn}.`);
  return appeal;
}
