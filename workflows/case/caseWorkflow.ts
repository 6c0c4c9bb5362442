// The retention case workflow (id `case-<caseId>`): owns the case's state, clocks and promises for
// its whole life. Handlers run domain commands transactionally; the main loop fires alarms,
// projects every change (with its emails, into the outbox) to Postgres, and continues-as-new when suggested.
import { ApplicationFailure, condition, continueAsNew, patched, setHandler, allHandlersFinished } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ActorRef } from '../../domain/kernel/actor.schema';
import { SYSTEM_ACTOR } from '../../domain/kernel/actor';
import type { ResolvedIntake, ResolvedRetentionIntake } from '../../domain/case/caseIntake.schema';
import type { CaseEvent, CaseState } from '../../domain/case/caseState.schema';
import type { EmailIntent } from '../../domain/kernel/change.schema';
import { CaseChange } from '../../domain/case/caseChange';
import { openCase, openRetentionCase } from '../../domain/case/caseOpening';
import { fireDueAlarms, pendingAlarms } from '../../domain/case/case.alarms';
import { awaitProjectionUpdate, getCaseQuery, type CommandInput, type CommandResult } from './case.messages';
import { CASE_COMMANDS, CASE_SIGNALS, type OwnInput } from './caseCommands';
import { FAST_TRACK_EMPLOYER_EMAIL_PATCH, currentCaseRules } from './casePatches';
import { publishCaseSearchAttributes } from './searchAttributes';
import { AlarmTimer, EMAIL_OUTBOX_PATCH, EmailSender, clone, contextFor, continueAsNewDue, patchesFolded, project, recordedAnswer, runOnCopy, withAnswer } from '../entity';

/** Input of the first run, or the carried state after continue-as-new. */
export interface CaseWorkflowInput {
  caseId: string;
  opening?: { intake: ResolvedIntake | ResolvedRetentionIntake; actor: ActorRef };
  carried?: { state: CaseState; pendingEvents: CaseEvent[]; pendingEmails: EmailIntent[] };
  /** Continue-as-new once the history is longer than this (tests; production follows the SDK's suggestion). */
  continueAsNewAfterHistoryLength?: number;
}

// ---- The workflow -------------------------------------------------------------------------------
export async function retentionCaseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  // First, before any other command: a run started on this code records one marker for all earlier patches.
  const folded = patchesFolded();
  // ---- State: the case, and what is not yet projected or sent ----
  let state: CaseState;
  let pendingEvents: CaseEvent[] = [];
  let pendingEmails: EmailIntent[] = [];
  let projectedSeq = 0;
  let wake = false;
  const emails = new EmailSender(() => (wake = true));
  let searchAttributes = '';
  const alarmTimer = new AlarmTimer();

  const shouldContinueAsNew = () => continueAsNewDue(input.continueAsNewAfterHistoryLength);

  const commit = (change: CaseChange) => {
    state = change.state;
    pendingEvents.push(...change.events);
    pendingEmails.push(...change.emails);
    wake = true;
  };

  if (input.carried) {
    state = input.carried.state;
    pendingEvents = input.carried.pendingEvents;
    pendingEmails = input.carried.pendingEmails;
    projectedSeq = pendingEvents.length > 0 ? pendingEvents[0].seq - 1 : state.seq;
  } else if (input.opening) {
    const { intake, actor } = input.opening;
    // Only a retention intake says `kind: 'retention'`; recorded work-injury intakes may carry no kind at all.
    const change =
      intake.kind === 'retention'
        ? openRetentionCase(input.caseId, intake, contextFor(actor), { emailEmployer: () => folded || patched(FAST_TRACK_EMPLOYER_EMAIL_PATCH) })
        : openCase(input.caseId, intake, contextFor(actor));
    state = change.state;
    commit(change);
  } else {
    throw ApplicationFailure.nonRetryable('case workflow started without an intake or carried state', 'BadInput');
  }

  // ---- Messages: updates run domain commands on a copy; queries read; signals from other workflows ----
  // Runs a domain command on a copy of the state, so a rejection leaves the case untouched.
  const run = <I extends CommandInput, R>(input: I, command: (change: CaseChange, input: OwnInput<I>) => R) =>
    runOnCopy(state, (draft, ctx) => new CaseChange(draft, ctx), input, command);

  /**
   * Registers an update whose validator dry-runs the command and whose handler answers after projection.
   * Under an Idempotency-Key the answer is kept in the state: a retry (in this run or a later one) gets it
   * without running the command again, and another body under the key is refused by the validator.
   */
  const command = <I extends CommandInput, R>(
    def: UpdateDefinition<R & CommandResult, [I]>,
    fn: (change: CaseChange, input: OwnInput<I>) => R,
  ) => {
    const recorded = (input: I) => recordedAnswer<R & CommandResult>(state.idempotencyKeys, def.name, input);
    setHandler(
      def,
      async (input: I) => {
        // Checked again here: an update with another body under the same key may have passed its validator first.
        const replay = recorded(input);
        if (replay !== undefined) {
          await condition(() => projectedSeq >= replay.seq);
          return replay;
        }
        const { change, result } = run(input, fn);
        if (input.idempotencyKey === undefined) {
          commit(change);
          const seq = state.seq;
          await condition(() => projectedSeq >= seq);
          return { ...result, status: state.status, seq } as R & CommandResult;
        }
        // A keyed answer is fixed when the change commits, so the first answer and every retry's are the same.
        const answer = { ...result, status: change.state.status, seq: change.state.seq } as R & CommandResult;
        change.state.idempotencyKeys = withAnswer(change.state.idempotencyKeys, def.name, input, answer, change.ctx);
        commit(change);
        await condition(() => projectedSeq >= answer.seq);
        return answer;
      },
      {
        validator: (input: I) => {
          if (recorded(input) === undefined) run(input, fn);
        },
      },
    );
  };

  setHandler(getCaseQuery, () => state);
  setHandler(awaitProjectionUpdate, async () => {
    const seq = state.seq;
    await condition(() => projectedSeq >= seq);
    return { status: state.status, seq };
  });
  // Patched rules, decided here and in the main loop (never in a validator; see casePatches.ts).
  let rules = currentCaseRules(folded);
  for (const c of CASE_COMMANDS) command(c.def, (change, input) => c.run(change, input, rules));
  // Signals from other workflows (e.g. subsidies): applied like commands; a rejection changes nothing.
  for (const sig of CASE_SIGNALS) {
    setHandler(sig.def, (input: CommandInput) => {
      try {
        commit(run(input, sig.run).change);
      } catch (err) {
        if (!(err instanceof ApplicationFailure)) throw err;
      }
    });
  }

  // ---- Main loop: fire due alarms, send emails, project, publish, then finish or continue as new ----
  for (;;) {
    rules = currentCaseRules(folded);
    const due = new CaseChange(clone(state), contextFor(SYSTEM_ACTOR));
    if (fireDueAlarms(due) > 0) commit(due);
    const policy = due.ctx.policy;
    if (!wake && pendingEvents.length === 0) {
      const next = pendingAlarms(state, policy)[0];
      // Only an idle workflow can continue as new; waking for it earlier would spin without yielding.
      const woken = () => wake || (shouldContinueAsNew() && emails.idle);
      if (folded) await alarmTimer.wait(woken, next?.at ?? null);
      else if (next === undefined) await condition(woken);
      else await condition(woken, Math.max(next.at - Date.now(), 1));
    }
    wake = false;

    // Emails go to the outbox in the projection's transaction, so none is ever in flight here; histories
    // from before the patch start a `sendEmail` activity per email, as they recorded.
    if (pendingEmails.length > 0 && !folded && !patched(EMAIL_OUTBOX_PATCH)) emails.send(pendingEmails.splice(0));
    if (pendingEvents.length > 0 || pendingEmails.length > 0) {
      // Copies: a handler may push new events and emails while the projection runs; those must stay pending.
      const events = [...pendingEvents];
      const outgoing = [...pendingEmails];
      await project('projectCase', outgoing.length > 0 ? { snapshot: state, events, emails: outgoing } : { snapshot: state, events }, folded);
      pendingEvents = pendingEvents.filter((e) => !events.includes(e));
      pendingEmails = pendingEmails.filter((e) => !outgoing.includes(e));
      if (events.length > 0) projectedSeq = Math.max(projectedSeq, events[events.length - 1].seq);
    }
    // Operators filter on these in the Temporal UI/CLI (phase, municipality, next deadline, stuck).
    searchAttributes = publishCaseSearchAttributes(state, policy, searchAttributes, folded);

    const finished = state.status === 'closed' || state.status === 'rejected';
    const idle = pendingEvents.length === 0 && pendingEmails.length === 0 && emails.idle;
    if (finished && idle && pendingAlarms(state, policy).length === 0) {
      await condition(allHandlersFinished);
      if (pendingEvents.length === 0 && pendingEmails.length === 0) return state;
    }
    if (shouldContinueAsNew() && idle) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof retentionCaseWorkflow>({
        caseId: state.caseId,
        carried: { state, pendingEvents, pendingEmails },
        continueAsNewAfterHistoryLength: input.continueAsNewAfterHistoryLength,
      });
    }
  }
}
