// What the long-lived entity workflows (case, subsidy) share: the clock and policy of a change, domain
// commands run on a copy of the state (a rejection becomes an ApplicationFailure and leaves the state
// untouched), the Idempotency-Keys kept in it, activity retry policies, and emails sent beside the main loop.
import { ApplicationFailure, CancellationScope, condition, isCancellation, patched, proxyActivities, proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { ActorRef } from '../domain/kernel/actor.schema';
import type { CommandInput } from './case/case.messages';
import type { ChangeContext } from '../domain/kernel/change';
import { DomainRejection } from '../domain/kernel/change';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { localDateInCopenhagen } from '../domain/calendar/copenhagenTime';
import { policyFor } from '../domain/kernel/policy';
import { commandFingerprint, lookupKey, recordKey, type IdempotencyRecord } from '../domain/kernel/idempotency';

/** Projection activities: Postgres may be down for a while, so keep trying and never drop a change. */
export const projections = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * Patch id of projecting with a local activity first: it runs in the workflow task that made the change, so
 * a command answers without an activity task's schedule, poll and completion and a second workflow task.
 * Histories from before it schedule the `projections` activity, and replay that way.
 */
export const PROJECTION_LOCAL_ACTIVITY_PATCH = 'projection-local-activity';

// A few quick attempts inside the workflow task; a longer outage falls back to `projections`, whose retries
// last as long as the outage and whose attempts the supervisor's workflow check sees (local ones it cannot).
// The workflow task waits while they run, and updates that arrive meanwhile wait with it: keep it short.
const localProjections = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 2 },
});

/**
 * Patch id of projecting with the regular activity again. Under updates that kept arriving while a local
 * projection ran, a case's replay met a patch marker its code did not reach at that point (a non-determinism
 * error in the e-mail-bounce workflow test, intermittently), so runs between this patch and
 * PATCHES_FOLDED_PATCH schedule the activity task as before PROJECTION_LOCAL_ACTIVITY_PATCH. Understood since
 * (see project()): the workflow tests ran without a sticky cache, so every local projection lost its run and
 * finished in a later workflow task, where a lazily asked patch answered differently on replay.
 */
export const PROJECTION_ACTIVITY_AGAIN_PATCH = 'projection-activity-again';

/**
 * Patch id of the workflow code as of December 2026: one marker at the start of a run stands for every patch id
 * declared before it (all in force), instead of one marker per id. The SDK records each patch marker together
 * with an upsert of the `TemporalChangeVersion` search attribute (a visibility write), so a new case recorded
 * nine markers and nine upserts for its patches; now one of each. Runs recorded before it have no such marker
 * at their start and keep asking the individual ids, as they recorded.
 */
export const PATCHES_FOLDED_PATCH = 'patches-folded-2026-12';

/**
 * Whether this run started on code with PATCHES_FOLDED_PATCH. Asked once, as the first thing a workflow run
 * does (so a replay meets the marker where it was recorded); the answer holds for the whole run. A patch id
 * declared after it is asked on its own as usual.
 */
export function patchesFolded(): boolean {
  return patched(PATCHES_FOLDED_PATCH);
}

type Projections = Pick<CaseActivities, 'projectCase' | 'projectSubsidy'>;

/**
 * The main loop's wait for its next alarm, in runs with PATCHES_FOLDED_PATCH: one standing timer per alarm
 * instant, kept across wake-ups while the instant stays the same. `condition(fn, timeout)` started a timer at
 * every wait and cancelled it at every wake-up (two history events per command on an entity with a pending
 * alarm, which is nearly every case); runs recorded before the patch keep doing that.
 */
export class AlarmTimer {
  private timer: { at: number; scope: CancellationScope } | null = null;
  private rang = false;

  /** Waits until `woken()` holds or the instant `at` (epoch ms; null: no alarm pending) has come. */
  async wait(woken: () => boolean, at: number | null): Promise<void> {
    if (this.timer && this.timer.at !== at) {
      this.timer.scope.cancel();
      this.timer = null;
    }
    if (at !== null && this.timer === null) this.start(at);
    // A timer that rang while the loop was busy was for an alarm the loop has fired since (it fires due
    // alarms at the top of every turn), so only a ring during this wait wakes it.
    this.rang = false;
    await condition(() => woken() || this.rang);
  }

  private start(at: number): void {
    const timer = { at, scope: new CancellationScope() };
    this.timer = timer;
    timer.scope
      .run(() => sleep(Math.max(at - Date.now(), 1)))
      .then(
        () => {
          if (this.timer !== timer) return;
          this.timer = null;
          this.rang = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }
}

/**
 * Runs projection `name`: as a local activity falling back to the regular one in runs with PATCHES_FOLDED_PATCH
 * (`folded`, the run's patchesFolded()) and in histories recorded between PROJECTION_LOCAL_ACTIVITY_PATCH and
 * PROJECTION_ACTIVITY_AGAIN_PATCH; as the regular activity in other runs past PROJECTION_ACTIVITY_AGAIN_PATCH and
 * in histories from before PROJECTION_LOCAL_ACTIVITY_PATCH. Called from the main loops only (a patch marker must
 * not be recorded in a validator).
 *
 * The non-determinism that withdrew the local projection was a patch asked lazily after it (the search
 * attributes' patch, asked only when they changed): a replay resolves a local activity from its marker, in
 * another workflow task than the one that waited for it live, and `patched()` answers from the markers of the
 * task it runs in. A run with PATCHES_FOLDED_PATCH asks no patch after its start.
 */
export function project<K extends keyof Projections>(name: K, input: Parameters<Projections[K]>[0], folded: boolean): Promise<void> {
  const run = (via: Projections) => (via[name] as (i: typeof input) => Promise<void>)(input);
  // The activity's own promise, not an async wrapper's: a replayed history must see its completion in the
  // same microtask turn as when it was recorded, or handlers and the main loop interleave differently.
  if (!folded && (patched(PROJECTION_ACTIVITY_AGAIN_PATCH) || !patched(PROJECTION_LOCAL_ACTIVITY_PATCH))) return run(projections);
  // A local activity's last failure arrives as the activity's own failure (not wrapped in an ActivityFailure).
  return run(localProjections).catch((err: unknown) => {
    if (isCancellation(err)) throw err;
    return run(projections);
  });
}

/**
 * Patch id of handing emails to the outbox with the projection (same PostgreSQL transaction) instead of one
 * `sendEmail` activity per email: histories recorded before it replay their `sendEmail` activities unchanged.
 */
export const EMAIL_OUTBOX_PATCH = 'email-outbox-in-projection';

/** The email activity of histories from before EMAIL_OUTBOX_PATCH (it now only queues into the outbox). */
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

/** A DomainRejection as the non-retryable ApplicationFailure that carries its HTTP status to the API; anything else unchanged. */
function asFailure(err: unknown): unknown {
  if (!(err instanceof DomainRejection)) return err;
  return ApplicationFailure.create({
    type: err.code,
    message: err.message,
    nonRetryable: true,
    details: [{ status: err.status, ...err.extra }],
  });
}

/** A command's own input: what its domain function gets and what its key's fingerprint covers (no actor, no key). */
export function ownInput<I extends CommandInput>(input: I): Omit<I, 'actor' | 'idempotencyKey'> {
  const { actor: _actor, idempotencyKey: _key, ...own } = input;
  return own;
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
  command: (change: C, input: Omit<I, 'actor' | 'idempotencyKey'>) => R,
): { change: C; result: R } {
  const change = makeChange(clone(state), contextFor(input.actor));
  try {
    return { change, result: command(change, ownInput(input)) };
  } catch (err) {
    throw asFailure(err);
  }
}

/**
 * The answer kept in the entity's state under the input's Idempotency-Key for command `name`, so a retry
 * (also after continue-as-new, where the update id is new again) changes nothing twice. Undefined without
 * a key or for a new one; a key used with another command or body fails as 422 `idempotency-key-reused`.
 * Validators call it too, so that refusal leaves no event in the history.
 */
export function recordedAnswer<R>(keys: readonly IdempotencyRecord[] | undefined, name: string, input: CommandInput): R | undefined {
  if (input.idempotencyKey === undefined) return undefined;
  const { now, policy } = contextFor(input.actor);
  try {
    return lookupKey(keys, input.idempotencyKey, commandFingerprint(name, ownInput(input)), now, policy)?.answer as R | undefined;
  } catch (err) {
    throw asFailure(err);
  }
}

/**
 * The keys with `answer` kept under the input's Idempotency-Key (a copy: the answer may share objects with
 * the state) and keys past the policy's bound dropped; the keys unchanged when the input has no key.
 */
export function withAnswer(
  keys: IdempotencyRecord[] | undefined,
  name: string,
  input: CommandInput,
  answer: unknown,
  ctx: ChangeContext,
): IdempotencyRecord[] | undefined {
  if (input.idempotencyKey === undefined) return keys;
  return recordKey(keys, input.idempotencyKey, commandFingerprint(name, ownInput(input)), clone(answer), ctx.now, ctx.policy);
}

/**
 * Sends emails beside the main loop through `sendEmail` activities: only for histories recorded before
 * EMAIL_OUTBOX_PATCH (new code hands emails to the projection, and nothing is ever in flight).
 */
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
