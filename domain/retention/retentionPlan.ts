// The retention plan as promises: each milestone (partial return with its hours, work trial, relocation,
// coaching, aids, the GP's possibility statement requested or received) has an owner and a date and is a
// `plan-milestone` task with the usual reminder and escalation; progress is recorded per milestone, and the
// plan and its changes are on the timeline. The stuck rule "limit approaching without plan" reads this plan.
import type { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import { compareDates } from '../calendar/localDate';
import { closeTask, createTask } from '../tasks/tasks';
import type { AddMilestone, MilestoneKind, MilestoneProgressInput, PlanMilestone } from './retention.schema';

/** How the plan names each kind of milestone (Danish: caseworkers, employers and citizens read it). */
export const MILESTONE_TEXT: Record<MilestoneKind, string> = {
  'partial-return': 'Delvis tilbagevenden',
  'work-trial': 'Arbejdsprøvning',
  relocation: 'Omplacering',
  coaching: 'Coachingsamtale',
  aids: 'Hjælpemidler',
  'gp-statement-requested': 'Mulighedserklæring bestilt hos lægen',
  'gp-statement-received': 'Mulighedserklæring modtaget fra lægen',
};

const OPEN_PHASES = ['screening', 'active', 'aftercare'];

/** `POST …/retention-plan/milestones`: a new promise in the plan (the plan itself is made with the first one). */
export function addPlanMilestone(change: CaseChange, input: AddMilestone): { milestone: PlanMilestone } {
  const s = change.state;
  if (!OPEN_PHASES.includes(s.status)) {
    throw new DomainRejection(422, 'phase', `The retention plan is changed only while the case is open: the case is ${s.status}.`, { caseStatus: s.status });
  }
  if (compareDates(input.dueOn, change.today) < 0) {
    throw new DomainRejection(422, 'past-date', `dueOn ${input.dueOn} is in the past; a promise is due today or later`, {
      errors: [{ path: 'dueOn', message: `must not be before today (${change.today})` }],
    });
  }
  const plan = (s.retentionPlan ??= { agreedOn: change.today, createdAt: change.at, updatedAt: change.at, milestones: [] });
  plan.updatedAt = change.at;
  const hours = input.kind === 'partial-return' && input.hoursPerWeek !== undefined ? input.hoursPerWeek : null;
  const title = input.title ?? `${MILESTONE_TEXT[input.kind]}${hours !== null ? `: ${hours} timer om ugen fra ${input.dueOn}` : ''}`;
  const milestoneId = `${s.caseId}-M${plan.milestones.length + 1}`;
  const task = createTask(change, { kind: 'plan-milestone', title: `Fastholdelsesplan: ${title}`, owner: input.owner, dueOn: input.dueOn, ref: milestoneId });
  const milestone: PlanMilestone = { milestoneId, kind: input.kind, title, owner: input.owner, dueOn: input.dueOn, hoursPerWeek: hours, status: 'open', progress: [], taskId: task.taskId };
  plan.milestones.push(milestone);
  change.record('plan-milestone-added', 'retention', `Fastholdelsesplanen: ${title} (ansvarlig: ${input.owner.name}, senest ${input.dueOn}).`);
  return { milestone };
}

/** `POST …/retention-plan/progress`: progress on one milestone; `kept` keeps the promise and closes its task. */
export function recordMilestoneProgress(change: CaseChange, input: MilestoneProgressInput): { milestone: PlanMilestone } {
  const s = change.state;
  const milestone = s.retentionPlan?.milestones.find((m) => m.milestoneId === input.milestoneId);
  // In the body, not the path: an unknown id is an invalid request (422), not a hidden resource.
  if (!milestone) throw new DomainRejection(422, 'unknown-milestone', `no milestone ${input.milestoneId} in this case's retention plan`, { errors: [{ path: 'milestoneId', message: 'unknown milestone' }] });
  if (milestone.status !== 'open') throw new DomainRejection(409, 'milestone-closed', `milestone ${milestone.milestoneId} is already ${milestone.status}`);
  milestone.progress.push({ on: change.today, by: change.ctx.actor.name, note: input.note });
  s.retentionPlan!.updatedAt = change.at;
  if (input.kept) {
    milestone.status = 'kept';
    const task = s.tasks.find((t) => t.taskId === milestone.taskId);
    if (task) closeTask(change, task, 'done', input.note);
  }
  change.record('plan-milestone-progress', 'retention', `Fastholdelsesplanen, ${milestone.title}: ${input.kept ? 'gennemført' : 'fremdrift'} – ${input.note}`);
  return { milestone };
}

/** A milestone's task cancelled through the task list (with its reason): the milestone is cancelled with it. */
export function cancelMilestoneOfTask(change: CaseChange, taskId: string, reason: string): void {
  const milestone = change.state.retentionPlan?.milestones.find((m) => m.taskId === taskId && m.status === 'open');
  if (!milestone) return;
  milestone.status = 'cancelled';
  change.state.retentionPlan!.updatedAt = change.at;
  change.record('plan-milestone-cancelled', 'retention', `Fastholdelsesplanen, ${milestone.title}: udgår (${reason}).`);
}
