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
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ActorRef } from '../../domain/kernel/actor.schema';
import { SYSTEM_ACTOR } from '../../domain/kernel/actor';
import type { EmailIntent } from '../../domain/kernel/change.schema';
import { addSubsidyInformation, confirmSubsidyPayment, decideSubsidy, isFinal, openSubsidy, SubsidyChange, type Subsidy, type SubsidyCaseRef, type SubsidyEvent, type SubsidyRequest } from '../../domain/subsidies/subsidies';
import { fireDueSubsidyAlarms, pendingSubsidyAlarms } from '../../domain/subsidies/subsidies.alarms';
import { subsidySummary, subsidyView } from '../../domain/subsidies/subsidies.view';
import { addInformationUpdate, awaitSubsidyUpdate, confirmPaymentUpdate, getSubsidyQuery, insurerDecisionUpdate } from './subsidy.messages';
import { caseWorkflowId, subsidyChangedSignal, type CommandInput } from '../case/case.messages';
import { EmailSender, clone, contextFor, continueAsNewDue, projections, runOnCopy } from '../entity';

/** Input of the first run, or the carried state after continue-as-new. */
export interface SubsidyWorkflowInput {
  subsidyId: string;
  opening?: { caseRef: SubsidyCaseRef; request: SubsidyRequest; actor: ActorRef };
  carried?: { state: Subsidy; pendingEmails: EmailIntent[]; unsentEvents: SubsidyEvent[]; projectedSeq: number; notifiedSeq: number };
  /** Continue-as-new once the history is longer than this (tests; production follows the SDK's suggestion). */
  continueAsNewAfterHistoryLength?: number;
}

// ---- The workflow -------------------------------------------------------------------------------
export async function subsidyWorkflow(input: SubsidyWorkflowInput): Promise<Subsidy> {
  // ---- State: the negotiation, and what is not yet projected, sent or told to the case ----
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

  const shouldContinueAsNew = () => continueAsNewDue(input.continueAsNewAfterHistoryLength);

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

  // ---- Messages: updates run domain commands on a copy and answer once settled; a query reads ----
  // Runs a domain function on a copy of the state, so a rejection leaves the subsidy untouched.
  const run = <I extends CommandInput, R>(input: I, fn: (change: SubsidyChange, input: Omit<I, 'actor'>) => R) =>
    runOnCopy(state, (draft, ctx) => new SubsidyChange(draft, ctx), input, fn);

  // Answers only once the change is in Postgres and the case has it, so the caller's next read sees it.
  const settled = async () => {
    const seq = state.seq;
    await condition(() => projectedSeq >= seq && notifiedSeq >= seq);
  };

  /** Registers an update: the validator dry-runs it; the handler commits (when it changed something) and answers after settling. */
  const command = <I extends CommandInput, R>(def: UpdateDefinition<R, [I]>, fn: (change: SubsidyChange, input: Omit<I, 'actor'>) => R) => {
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
  command(insurerDecisionUpdate, decideSubsidy);
  command(addInformationUpdate, addSubsidyInformation);
  command(confirmPaymentUpdate, confirmSubsidyPayment);

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

  // ---- Main loop: fire due alarms, send emails, project, tell the case, then finish or continue as new ----
  for (;;) {
    const due = new SubsidyChange(clone(state), contextFor(SYSTEM_ACTOR));
    if (fireDueSubsidyAlarms(due) > 0) commit(due);
    const behind = () => projectedSeq < state.seq || notifiedSeq < state.seq;
    if (!wake && !behind()) {
      const next = pendingSubsidyAlarms(state, due.ctx.policy)[0];
      // Only an idle workflow can continue as new; waking for it while emails are in flight would spin without yielding.
      const woken = () => wake || (shouldContinueAsNew() && emails.idle);
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
    if (shouldContinueAsNew() && idle) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof subsidyWorkflow>({
        subsidyId: state.subsidyId,
        carried: { state, pendingEmails, unsentEvents, projectedSeq, notifiedSeq },
        continueAsNewAfterHistoryLength: input.continueAsNewAfterHistoryLength,
      });
    }
  }
}
