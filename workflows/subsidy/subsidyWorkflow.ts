// The subsidy negotiation workflow (id `subsidy-<subsidyId>`): one request to the insurer, followed
// through answers, information rounds, reminders and escalation until it is rejected, paid or
// withdrawn. Every change is projected to Postgres and told to the case (signal, retried until the
// case takes it or turns out to be gone) before an update answers; runs with the patch
// patches-folded-2026-12 answer once the signal is sent, and the API waits for the case's read model.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ActorRef } from '../../domain/kernel/actor.schema';
import { SYSTEM_ACTOR } from '../../domain/kernel/actor';
import type { EmailIntent } from '../../domain/kernel/change.schema';
import {
  addSubsidyInformation,
  confirmSubsidyPayment,
  decideSubsidy,
  isFinal,
  openSubsidy,
  orphanSubsidy,
  SubsidyChange,
  withdrawSubsidy,
  type Subsidy,
  type SubsidyCaseRef,
  type SubsidyEvent,
  type SubsidyRequest,
} from '../../domain/subsidies/subsidies';
import { fireDueSubsidyAlarms, pendingSubsidyAlarms } from '../../domain/subsidies/subsidies.alarms';
import { subsidySummary, subsidyView } from '../../domain/subsidies/subsidies.view';
import { addInformationUpdate, awaitSubsidyUpdate, confirmPaymentUpdate, getSubsidyQuery, insurerDecisionUpdate, withdrawSubsidyUpdate } from './subsidy.messages';
import { afterFailedDelivery, caseIsGone, DELIVERED, SUBSIDY_SIGNAL_RETRY_PATCH, type CaseDelivery } from './caseDelivery';
import { caseWorkflowId, subsidyChangedSignal, type CommandInput } from '../case/case.messages';
import { AlarmTimer, EMAIL_OUTBOX_PATCH, EmailSender, clone, contextFor, continueAsNewDue, patchesFolded, project, recordedAnswer, runOnCopy, withAnswer } from '../entity';

/** Input of the first run, or the carried state after continue-as-new. */
export interface SubsidyWorkflowInput {
  subsidyId: string;
  opening?: { caseRef: SubsidyCaseRef; request: SubsidyRequest; actor: ActorRef };
  carried?: {
    state: Subsidy;
    pendingEmails: EmailIntent[];
    unsentEvents: SubsidyEvent[];
    projectedSeq: number;
    notifiedSeq: number;
    /** A retry of telling the case that was waiting; absent from older runs: none. */
    delivery?: CaseDelivery;
  };
  /** Continue-as-new once the history is longer than this (tests; production follows the SDK's suggestion). */
  continueAsNewAfterHistoryLength?: number;
}

// ---- The workflow -------------------------------------------------------------------------------
export async function subsidyWorkflow(input: SubsidyWorkflowInput): Promise<Subsidy> {
  // First, before any other command: a run started on this code records one marker for all earlier patches.
  const folded = patchesFolded();
  // ---- State: the negotiation, and what is not yet projected, sent or told to the case ----
  let state: Subsidy;
  let pendingEmails: EmailIntent[] = [];
  // Timeline events the case has not been told yet; sent with the next `subsidyChanged` signal.
  let unsentEvents: SubsidyEvent[] = [];
  let projectedSeq = 0;
  let notifiedSeq = 0;
  // The newest change whose signal to the case is sent (perhaps still in flight); from notifiedSeq after continue-as-new.
  let sentSeq = 0;
  // Telling the case: failed attempts in a row and the retry timer (caseDelivery.ts).
  let delivery: CaseDelivery = input.carried?.delivery ?? DELIVERED;
  let wake = false;
  const emails = new EmailSender(() => (wake = true));
  const alarmTimer = new AlarmTimer();
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
    sentSeq = notifiedSeq;
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
  const run = <I extends CommandInput, R>(input: I, fn: (change: SubsidyChange, input: Omit<I, 'actor' | 'idempotencyKey'>) => R) =>
    runOnCopy(state, (draft, ctx) => new SubsidyChange(draft, ctx), input, fn);

  // The case has not taken the newest change yet and still may (an orphan tells no one any more).
  const undelivered = () => notifiedSeq < state.seq && !state.orphaned;

  // Answers only once the change is in Postgres and the case has it, so the caller's next read sees it;
  // while the case does not take it (a retry waits, or it is gone) the caller is not held up. Runs with
  // PATCHES_FOLDED_PATCH answer once the signal is sent, in the same workflow task: the API then waits for
  // the case's read model to show the change (api/caseCatchUp.ts) instead of for the signal's completion,
  // which cost the subsidy a second workflow task per command.
  const settled = async () => {
    const seq = state.seq;
    const told = () => notifiedSeq >= seq || (folded && sentSeq >= seq);
    await condition(() => projectedSeq >= seq && (told() || delivery.retryAt !== null || Boolean(state.orphaned)));
  };

  /**
   * Registers an update: the validator dry-runs it; the handler commits (when it changed something) and answers after settling.
   * Under an Idempotency-Key the answer is kept in the state, so a retry, also after continue-as-new, gets it unchanged.
   */
  const command = <I extends CommandInput, R>(def: UpdateDefinition<R, [I]>, fn: (change: SubsidyChange, input: Omit<I, 'actor' | 'idempotencyKey'>) => R) => {
    const recorded = (input: I) => recordedAnswer<R>(state.idempotencyKeys, def.name, input);
    setHandler(
      def,
      async (input: I) => {
        // Checked again here: an update with another body under the same key may have passed its validator first.
        const replay = recorded(input);
        if (replay !== undefined) {
          await settled();
          return replay;
        }
        const { change, result } = run(input, fn);
        if (input.idempotencyKey !== undefined) change.state.idempotencyKeys = withAnswer(change.state.idempotencyKeys, def.name, input, result, change.ctx);
        if (change.changed) commit(change);
        // A keyed command that changed nothing still keeps its key (nothing to project or tell the case).
        else if (input.idempotencyKey !== undefined) state = change.state;
        await settled();
        return result;
      },
      {
        validator: (input: I) => {
          if (recorded(input) === undefined) run(input, fn);
        },
      },
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
  command(withdrawSubsidyUpdate, withdrawSubsidy);

  const tellCase = async () => {
    const seq = state.seq;
    // A copy: an update may add events while the signal is in flight; those must stay unsent.
    const events = [...unsentEvents];
    sentSeq = Math.max(sentSeq, seq);
    try {
      await getExternalWorkflowHandle(caseWorkflowId(state.caseId)).signal(subsidyChangedSignal, {
        actor: lastActor,
        subsidy: subsidySummary(state),
        events,
      });
      delivery = DELIVERED;
    } catch (err) {
      if (folded || patched(SUBSIDY_SIGNAL_RETRY_PATCH)) {
        // Not delivered, so not counted as told: the events stay unsent and a timer retries. A case that
        // stays gone would never create the payment task or hear of the answer: the subsidy says so instead.
        const attempts = delivery.failures + 1;
        const failed = afterFailedDelivery(delivery, caseIsGone(err), Date.now());
        delivery = failed.delivery;
        log.warn('case did not take the subsidy change', { caseId: state.caseId, attempts, orphaned: failed.orphaned, error: String(err) });
        if (failed.orphaned) {
          const change = new SubsidyChange(clone(state), contextFor(SYSTEM_ACTOR));
          orphanSubsidy(change, `Sagen ${state.caseId} tager ikke imod ændringer af tilskuddet: sagsforløbet er lukket eller findes ikke.`);
          commit(change);
          unsentEvents = [];
        }
        return;
      }
      // Histories from before the patch: a finished case could not hear it, and it counted as told.
      log.warn('case did not take the subsidy change', { caseId: state.caseId, error: String(err) });
    }
    unsentEvents = unsentEvents.filter((e) => !events.includes(e));
    notifiedSeq = Math.max(notifiedSeq, seq);
  };

  // ---- Main loop: fire due alarms, send emails, project, tell the case, then finish or continue as new ----
  for (;;) {
    const due = new SubsidyChange(clone(state), contextFor(SYSTEM_ACTOR));
    if (fireDueSubsidyAlarms(due) > 0) commit(due);
    // Work to do now; an undelivered change whose retry waits on its timer is not.
    const behind = () => projectedSeq < state.seq || (undelivered() && delivery.retryAt === null);
    if (!wake && !behind()) {
      const next = pendingSubsidyAlarms(state, due.ctx.policy)[0];
      const retryAt = undelivered() ? delivery.retryAt : null;
      const at = Math.min(next?.at ?? Infinity, retryAt ?? Infinity);
      // Only an idle workflow can continue as new; waking for it while emails are in flight would spin without yielding.
      const woken = () => wake || (shouldContinueAsNew() && emails.idle);
      if (folded) await alarmTimer.wait(woken, at === Infinity ? null : at);
      else if (at === Infinity) await condition(woken);
      else await condition(woken, Math.max(at - Date.now(), 1));
    }
    wake = false;

    // Emails go to the outbox in the projection's transaction, so none is ever in flight here; histories
    // from before the patch start a `sendEmail` activity per email, as they recorded.
    if (pendingEmails.length > 0 && !folded && !patched(EMAIL_OUTBOX_PATCH)) emails.send(pendingEmails.splice(0));
    if (projectedSeq < state.seq || pendingEmails.length > 0) {
      const seq = state.seq;
      // A copy: an update may queue new emails while the projection runs; those must stay pending.
      const outgoing = [...pendingEmails];
      await project('projectSubsidy', outgoing.length > 0 ? { subsidy: state, emails: outgoing } : { subsidy: state }, folded);
      pendingEmails = pendingEmails.filter((e) => !outgoing.includes(e));
      projectedSeq = Math.max(projectedSeq, seq);
    }
    if (undelivered() && (delivery.retryAt === null || Date.now() >= delivery.retryAt)) await tellCase();

    const idle = !behind() && pendingEmails.length === 0 && emails.idle;
    // A final change (e.g. a withdrawal, which cancels the payment task) must reach the case before the end.
    if (isFinal(state) && idle && !undelivered()) {
      await condition(allHandlersFinished);
      if (!behind() && !undelivered() && pendingEmails.length === 0) return state;
    }
    if (shouldContinueAsNew() && idle) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof subsidyWorkflow>({
        subsidyId: state.subsidyId,
        carried: { state, pendingEmails, unsentEvents, projectedSeq, notifiedSeq, delivery },
        continueAsNewAfterHistoryLength: input.continueAsNewAfterHistoryLength,
      });
    }
  }
}
