// Sends a command to a case workflow as an Update and waits for its answer (which arrives after
// the change is in the read model), turning domain rejections into problems.
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId } from '../workflows/case/case.messages';
import { problemFromTemporal } from './temporalErrors';

/** Runs an update on the case workflow; `updateId` makes client retries idempotent. */
export async function runCaseCommand<R, I>(
  client: Client,
  caseId: string,
  def: UpdateDefinition<R, [I]>,
  input: I,
  updateId?: string,
): Promise<R> {
  try {
    return await client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(def, { args: [input], updateId });
  } catch (err) {
    problemFromTemporal(err);
  }
}
