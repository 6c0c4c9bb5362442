// Maps what Temporal answers to a command into HTTP problems: domain rejections carry their
// status in the ApplicationFailure details; a finished workflow means the case is closed.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { HttpProblem } from './problems';

/** Converts a failed update into the problem the domain asked for, or rethrows. */
export function problemFromTemporal(err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    const [details] = (cause.details ?? []) as Array<{ status?: number } & Record<string, unknown>>;
    const { status = 422, ...extra } = details ?? {};
    throw new HttpProblem(status, cause.type ?? 'rejected', titleFor(status), cause.message, extra);
  }
  if (err instanceof WorkflowNotFoundError || (err as Error)?.name === 'WorkflowNotFoundError') {
    throw new HttpProblem(422, 'phase', 'Not possible now', 'The case is no longer open for changes.');
  }
  throw err;
}

function titleFor(status: number): string {
  switch (status) {
    case 400:
      return 'Invalid request';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    case 409:
      return 'Conflict';
    default:
      return 'Not possible now';
  }
}
