// What the long-lived entity workflows (case, subsidy) share: the clock and policy of a change,
// domain commands run on a copy of the state (a rejection becomes an ApplicationFailure and leaves
// the state untouched), activity retry policies, and emails sent beside the main loop.
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { ActorRef } from '../domain/kernel/actor.schema';
import type { CommandInput } from './case/case.messages';
import type { ChangeContext } from '../domain/kernel/change';
import { DomainRejection } from '../domain/kernel/change';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { localDateInCopenhagen } from '../domain/calendar/copenhagenTime';
import { policyFor } from '../domain/kernel/policy';

/** Projection activities: Postgres may be down for a while, so keep trying and never drop a change. */
export const projections = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** The email activity: SMTP may be down for longer; the outbox makes retries safe. */
export const mail = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/** True when the SDK suggests continue-as-new, or the history is longer than a test's limit. */
export function continueAsNewDue(historyLengthLimit?: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (historyLengthLimit !== undefined && info.historyLength > historyLengthLimit);
}

/** A deep copy of JSON state. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Now (workflow time), the actor and the policy in force today in Copenhagen. */
export function contextFor(actor: ActorRef): ChangeContext {
  const now = Date.now();
  return { now, actor, policy: policyFor(localDateInCopenhagen(now)) };
}

/**
 * Runs a domain command on a change built over a copy of the state, so a rejection leaves the
 * entity untouched. The actor becomes the change's context here, once, so commands get only their
 * own input; a DomainRejection becomes a non-retryable ApplicationFailure carrying the HTTP status
 * the API answers with.
 */
export function runOnCopy<S, C, I extends CommandInput, R>(
  state: S,
  makeChange: (draft: S, ctx: ChangeContext) => C,
  input: I,
  command: (change: C, input: Omit<I, 'actor'>) => R,
): { change: C; result: R } {
  const { actor, ...own } = input;
  const change = makeChange(clone(state), contextFor(actor));
  try {
    return { change, result: command(change, own) };
  } catch (err) {
    if (err instanceof DomainRejection) {
      throw ApplicationFailure.create({
        type: err.code,
        message: err.message,
        nonRetryable: true,
        details: [{ status: err.status, ...err.extra }],
      });
    }
    throw err;
  }
}

/** Sends emails beside the main loop, so an SMTP outage never holds back projections or answers. */
export class EmailSender {
  private inFlight = 0;

  /** `onSettled` runs when an email activity finishes (to wake the main loop). */
  constructor(private readonly onSettled: () => void) {}

  /** Starts one activity per email. */
  send(batch: EmailIntent[]): void {
    for (const email of batch) {
      this.inFlight++;
      void mail.sendEmail(email).finally(() => {
        this.inFlight--;
        this.onSettled();
      });
    }
  }

  /** True while no email activity is running (a workflow may only continue as new then). */
  get idle(): boolean {
    return this.inFlight === 0;
  }
}
