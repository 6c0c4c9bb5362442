// What the worker makes sure exists in its Temporal namespace before it runs: the case workflow's
// custom search attributes, and the `supervisor-digest` Schedule (07:00 Copenhagen, Monday–Friday).
// Both idempotent, so every worker start (and several workers) may call them.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/case/searchAttributes';

/** Id of the daily digest Schedule. */
export const DIGEST_SCHEDULE_ID = 'supervisor-digest';

/** Anything with Temporal's operator service: a client Connection or the worker's NativeConnection. */
interface OperatorConnection {
  operatorService: {
    listSearchAttributes(r: { namespace: string }): Promise<{ customAttributes?: Record<string, unknown> | null }>;
    addSearchAttributes(r: { namespace: string; searchAttributes: Record<string, number> }): Promise<unknown>;
  };
}

/**
 * Registers the case search attributes that the namespace lacks. Without them every case workflow's
 * upsert would fail its workflow task, so a namespace where they cannot be added stops the worker
 * with the command an operator must run (e.g. Temporal Cloud, or a token without operator rights).
 */
export async function ensureCaseSearchAttributes(connection: OperatorConnection, namespace: string): Promise<string[]> {
  let known: Record<string, unknown> = {};
  try {
    known = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    // The time-skipping test server cannot list them (gRPC 12 UNIMPLEMENTED) but can add them.
    if ((err as { code?: number }).code !== 12) throw err;
  }
  const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !(k.name in known));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
    });
  } catch (err) {
    const cmds = missing
      .map((k) => `temporal operator search-attribute create --namespace ${namespace} --name ${k.name} --type ${k.type === 'DATETIME' ? 'Datetime' : k.type === 'BOOL' ? 'Bool' : 'Keyword'}`)
      .join('\n  ');
    throw new Error(`search attributes ${missing.map((k) => k.name).join(', ')} are not registered and could not be added (${(err as Error).message}); run:\n  ${cmds}`);
  }
  return missing.map((k) => k.name);
}

/** The digest Schedule: 07:00 Europe/Copenhagen, Monday–Friday; holidays are skipped by the workflow. */
export function digestScheduleOptions(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: DIGEST_SCHEDULE_ID,
    spec: {
      calendars: [{ hour: 7, minute: 0, dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY' }], comment: 'hverdage kl. 07:00' }],
      timezone: 'Europe/Copenhagen',
    },
    action: { type: 'startWorkflow', workflowType: 'supervisorDigestWorkflow', workflowId: DIGEST_SCHEDULE_ID, taskQueue, args: [{}] },
    // One digest at a time; after an outage, catch up on the same day only (a stale digest is noise).
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '6 hours' },
  };
}

/** Creates the digest Schedule, or brings an existing one up to date (task queue, time); returns which. */
export async function ensureDigestSchedule(client: Client, taskQueue: string): Promise<'created' | 'updated'> {
  const options = digestScheduleOptions(taskQueue);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(DIGEST_SCHEDULE_ID).update((prev) => ({
    ...prev,
    spec: options.spec,
    action: options.action,
    policies: { ...prev.policies, ...options.policies },
  }));
  return 'updated';
}
