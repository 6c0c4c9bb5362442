// How a subsidy keeps telling its case: a `subsidyChanged` signal the case did not take is retried on
// workflow timers with backoff, and a case workflow that stays gone makes the subsidy an orphan
// instead of the change being counted as delivered.

/**
 * Patch id of retrying undelivered signals (timers) and recording orphans: histories from before it
 * logged a failed signal and went on as if delivered, and replay that way.
 */
export const SUBSIDY_SIGNAL_RETRY_PATCH = 'subsidy-signal-retry';

/** Failed attempts in a row, all "not found", after which the case counts as gone (≈ 7 minutes of retries). */
export const SUBSIDY_ORPHANED_AFTER_ATTEMPTS = 4;

// A short first wait rides out a race (a case being reset or restarted by an operator); the cap keeps a
// case that exists but refuses signals from filling the history with timers.
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

/** Where telling the case stands: failed attempts in a row and when the next is due (epoch ms). */
export interface CaseDelivery {
  failures: number;
  /** Set while a retry waits on its timer; null when the next change may be told at once. */
  retryAt: number | null;
}

/** Nothing failed (also what a successful signal resets to). */
export const DELIVERED: CaseDelivery = { failures: 0, retryAt: null };

/**
 * Temporal answers a signal to a closed, terminated or never-started workflow with "not found"; other
 * failures (e.g. the case's signal limit) mean it exists and may take the signal later.
 */
export function caseIsGone(err: unknown): boolean {
  const message = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err);
  return /not found/i.test(message);
}

/** After a failed attempt at `now`: the next retry, or `orphaned` once the case has stayed gone long enough. */
export function afterFailedDelivery(d: CaseDelivery, gone: boolean, now: number): { delivery: CaseDelivery; orphaned: boolean } {
  const failures = d.failures + 1;
  if (gone && failures >= SUBSIDY_ORPHANED_AFTER_ATTEMPTS) return { delivery: DELIVERED, orphaned: true };
  const wait = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
  return { delivery: { failures, retryAt: now + wait }, orphaned: false };
}
