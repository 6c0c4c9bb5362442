// Maps what Temporal answers to a command into HTTP problems: domain rejections carry their
// status in the ApplicationFailure details; a finished workflow means the entity takes no more commands.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { problemOf, unavailable } from './problems';

// gRPC status RESOURCE_EXHAUSTED: Temporal refuses more in-flight updates on one workflow (10 by default).
const RESOURCE_EXHAUSTED = 8;

/** True when Temporal refused the call for load (e.g. too many updates waiting on one workflow). */
export function isResourceExhausted(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === RESOURCE_EXHAUSTED) return true;
  }
  return false;
}

/** The workflow has finished or never existed (matched by name too, as the error may come from another copy of the SDK). */
export const isWorkflowNotFound = (err: unknown): boolean =>
  err instanceof WorkflowNotFoundError || (err as Error)?.name === 'WorkflowNotFoundError';

/** Converts a failed update into the problem the domain asked for, or rethrows. */
export function problemFromTemporal(err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    // Temporal's own refusal of an update no worker took up (e.g. the workflow task that carried it ended
    // while a projection was retrying): nothing was applied, so the same command may simply be sent again.
    if (cause.type === 'UnprocessedUpdate') throw unavailable('The case could not take the command just now; retry with the same Idempotency-Key.', 2);
    const [details] = (cause.details ?? []) as Array<{ status?: number } & Record<string, unknown>>;
    const { status = 422, ...extra } = details ?? {};
    throw problemOf(status, cause.type ?? 'rejected', cause.message, extra);
  }
  if (isWorkflowNotFound(err)) throw problemOf(422, 'phase', 'The case is no longer open for changes.');
  if (isResourceExhausted(err)) throw unavailable('Too many commands are waiting on this case; retry with the same Idempotency-Key.', 5);
  throw err;
}
