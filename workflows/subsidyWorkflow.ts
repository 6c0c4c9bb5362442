// The subsidy negotiation workflow (id `subsidy-<subsidyId>`): one request to the insurer, followed
// through answers, information rounds, reminders and escalation until it is rejected or paid. Every
// change is projected to Postgres and told to the case (signal) before an update answers.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ActorRef } from '../domain/actor';
import { SYSTEM_ACTOR } from '../domain/systemActor';
import type { EmailIntent } from '../domain/caseState';
import {
  addSubsidyInformation,
  confirmSubsidyPayment,
  decideSubsidy,
  fireDueSubsidyAlarms,
  isFinal,
  openSubsidy,
  pendingSubsidyAlarms,
  SubsidyChange,
  subsidySummary,
  subsidyView,
  type Subsidy,
  type SubsidyCaseRef,
  type SubsidyEvent,
  type SubsidyRequest,
} from '../domain/subsidies';
import {
  addInformationUpdate,
  awaitSubsidyUpdate,
  caseWorkflowId,
  confirmPaymentUpdate,
  getSubsidyQuery,
  insurerDecisionUpdate,
  subsidyChangedSignal,
  type CommandInput,
} from './messages';
import { EmailSender, clone, contextFor, projections, runOnCopy } from './entitySupport';

/** Input of the first run, or the carried state after continue-as-new. */
export interface SubsidyWorkflowInput {
  subsidyId: string;
  opening?: { caseRef: SubsidyCaseRef; request: SubsidyRequest; actor: ActorRef };
  carried?: { state: Subsidy; pendingEmails: EmailIntent[]; unsentEvents: SubsidyEvent[]; projectedSeq: number; notifiedSeq: number };
}


export async function subsidyWorkflow(input: SubsidyWorkflowInput): Promise<Subsidy> {
  let state: Subsidy;
  let pendingEmails: EmailIntent[] = [];
  // Timeline events the case has not been told yet; sent with the next `subsidyChanged` signal.
  let unsentEvents: SubsidyEvent[] = [];
  let projectedSeq = 0;
  let notifiedSeq = 0;
  let wake = false;
  const emails = new EmailSender(() => (wake = true));
  // Who made the newest change: the case's timeline names them (the system for timers).
  let lastActor: ActorRef = input.opening?.actor ?? SYSTEM_ACTOR;

  const commit = (change: SubsidyChange) => {
    state = change.state;
    lastActor = change.ctx.actor;
    unsentEvents.push(...change.events);
    pendingEmails.push(...change.emails);
    wake = true;
  };

  if (input.carried) {
    ({ state, pendingEmails, unsentEvents, projectedSeq, notifiedSeq } = input.carried);
  } else if (input.opening) {
    const { caseRef, request, actor } = input.opening;
    const change = openSubsidy(input.subsidyId, caseRef, request, contextFor(actor));
    state = change.state;
    commit(change);
  } else {
    throw ApplicationFailure.nonRetryable('subsidy workflow started without a request or carried state', 'BadInput');
  }

  // Runs a domain function on a copy of the state, so a rejection leaves the subsidy untouched.
  const run = <I extends CommandInput, R>(input: I, fn: (change: SubsidyChange, input: I) => R) =>
    runOnCopy(state, (draft, ctx) => new SubsidyChange(draft, ctx), input, fn);

  // Answers only once the change is in Postgres and the case has it, so the caller's next read sees it.
  const settled = async () => {
    const seq = state.seq;
    await condition(() => projectedSeq >= seq && notifiedSeq >= seq);
  };

  /** Registers an update: the validator dry-runs it; the handler commits (when it changed something) and answers after settling. */
  const command = <I extends CommandInput, R>(def: UpdateDefinition<R, [I]>, fn: (change: SubsidyChange, input: I) => R) => {
    setHandler(
      def,
      async (input: I) => {
        const { change, result } = run(input, fn);
        if (change.changed) commit(change);
        await settled();
        return result;
      },
      { validator: (input: I) => void run(input, fn) },
    );
  };

  setHandler(getSubsidyQuery, () => state);
  setHandler(awaitSubsidyUpdate, async () => {
    await settled();
    return subsidyView(state);
  });
  command(insurerDecisionUpdate, (change, { actor: _a, ...decision }) => decideSubsidy(change, decision));
  command(addInformationUpdate, (change, { actor: _a, ...info }) => addSubsidyInformation(change, info));
  command(confirmPaymentUpdate, (change, { actor: _a, ...payment }) => confirmSubsidyPayment(change, payment));

  const tellCase = async () => {
    const seq = state.seq;
    // A copy: an update may add events while the signal is in flight; those must stay unsent.
    const events = [...unsentEvents];
    try {
      await getExternalWorkflowHandle(caseWorkflowId(state.caseId)).signal(subsidyChangedSignal, {
        actor: lastActor,
        subsidy: subsidySummary(state),
        events,
      });
    } catch (err) {
      // A finished case cannot hear it; the subsidy's own row in Postgres still records the change.
      log.warn('case did not take the subsidy change', { caseId: state.caseId, error: String(err) });
    }
    unsentEvents = unsentEvents.filter((e) => !events.includes(e));
    notifiedSeq = Math.max(notifiedSeq, seq);
  };

  for (;;) {
    const due = new SubsidyChange(clone(state), contextFor(SYSTEM_ACTOR));
    if (fireDueSubsidyAlarms(due) > 0) commit(due);
    const behind = () => projectedSeq < state.seq || notifiedSeq < state.seq;
    if (!wake && !behind()) {
      const next = pendingSubsidyAlarms(state, due.ctx.policy)[0];
      // Only an idle workflow can continue as new; waking for it while emails are in flight would spin without yielding.
      const woken = () => wake || (workflowInfo().continueAsNewSuggested && emails.idle);
      if (next === undefined) await condition(woken);
      else await condition(woken, Math.max(next.at - Date.now(), 1));
    }
    wake = false;

    if (pendingEmails.length > 0) emails.send(pendingEmails.splice(0));
    if (projectedSeq < state.seq) {
      const seq = state.seq;
      await projections.projectSubsidy({ subsidy: state });
      projectedSeq = Math.max(projectedSeq, seq);
    }
    if (notifiedSeq < state.seq) await tellCase();

    const idle = !behind() && pendingEmails.length === 0 && emails.idle;
    if (isFinal(state) && idle) {
      await condition(allHandlersFinished);
      if (!behind() && pendingEmails.length === 0) return state;
    }
    if (workflowInfo().continueAsNewSuggested && idle) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof subsidyWorkflow>({
        subsidyId: state.subsidyId,
        carried: { state, pendingEmails, unsentEvents, projectedSeq, notifiedSeq },
      });
    }
  }
}
