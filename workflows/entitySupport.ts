// What the long-lived entity workflows (case, subsidy) share: the clock and policy of a change,
// domain commands run on a copy of the state (a rejection becomes an ApplicationFailure and leaves
// the state untouched), activity retry policies, and emails sent beside the main loop.
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { ActorRef } from '../domain/actor';
import type { ChangeContext } from '../domain/caseChange';
import { DomainRejection } from '../domain/caseChange';
import type { EmailIntent } from '../domain/caseState';
import { localDateInCopenhagen } from '../domain/copenhagenTime';
import { policyFor } from '../domain/policy';

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

/** A deep copy of JSON state. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Now (workflow time), the actor and the policy in force today in Copenhagen. */
export function contextFor(actor: ActorRef): ChangeContext {
  const now = Date.now();
  return { now, actor, policy: policyFor(localDateInCopenhagen(now)) };
}

/**
 * Runs a domain command on a change built over a copy of the state, so a rejection leaves the
 * entity untouched; a DomainRejection becomes a non-retryable ApplicationFailure carrying the HTTP
 * status the API answers with.
 */
export function runOnCopy<S, C, I extends { actor: ActorRef }, R>(
  state: S,
  makeChange: (draft: S, ctx: ChangeContext) => C,
  input: I,
  command: (change: C, input: I) => R,
): { change: C; result: R } {
  const change = makeChange(clone(state), contextFor(input.actor));
  try {
    return { change, result: command(change, input) };
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
