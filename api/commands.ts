// Sends a command to a case workflow as an Update and waits for its answer (which arrives after
// the change is in the read model), turning domain rejections into problems and a wait past the
// limit (a dependency down, a busy case) into 503 with Retry-After instead of a hanging request.
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId } from '../workflows/case/case.messages';
import { problemFromTemporal } from './temporalErrors';
import { unavailable } from './problems';

/** How long a command waits for its answer before the API answers 503 (COMMAND_WAIT_SECONDS, default 20). */
export function commandWaitMs(): number {
  const seconds = Number(process.env.COMMAND_WAIT_SECONDS ?? 20);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 20_000;
}

/**
 * The answer of a command, or 503 once it has waited `commandWaitMs()`. Then the client stops waiting
 * and retrying (its calls are aborted, so nothing keeps polling in the background); a command the
 * workflow had accepted is durable and applied in full when the dependency returns, so a retry with
 * the same Idempotency-Key gets its answer and changes nothing twice.
 */
export async function answerWithin<R>(client: Client, ask: () => Promise<R>): Promise<R> {
  const waitMs = commandWaitMs();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(unavailable(`No answer within ${waitMs / 1000} s: a service the case depends on is slow or down. Retry with the same Idempotency-Key.`, Math.ceil(waitMs / 1000)));
    }, waitMs);
  });
  const answer = client.connection.withAbortSignal(abort.signal, ask);
  // After a 503 the aborted call fails too; nobody waits for it any more.
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs an update on the case workflow; `updateId` makes client retries idempotent. */
export async function runCaseCommand<R, I>(
  client: Client,
  caseId: string,
  def: UpdateDefinition<R, [I]>,
  input: I,
  updateId?: string,
): Promise<R> {
  try {
    return await answerWithin(client, () => client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(def, { args: [input], updateId }));
  } catch (err) {
    problemFromTemporal(err);
  }
}
