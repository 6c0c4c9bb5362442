// The Idempotency-Key header: the one rule every endpoint that reads it applies, how a keyed command
// is sent (key in the input, update id) and answered again from the stored state, and its OpenAPI declaration.
import type { Request } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import { invalid } from './problems';
import { localDateInCopenhagen } from '../domain/calendar/copenhagenTime';
import { commandFingerprint, lookupKey, type IdempotencyRecord } from '../domain/kernel/idempotency';
import { policyFor } from '../domain/kernel/policy';

/**
 * A key is 1-255 visible ASCII characters (0x21-0x7E: no spaces, no control or non-ASCII
 * characters), which fits the UUIDs, ULIDs and random strings clients generate.
 */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const KEY_RULE = '1-255 visible ASCII characters';

/** The Idempotency-Key header; a 400 naming it when it is malformed, or missing where required. */
export function idempotencyKey(req: Request, required: true): string;
export function idempotencyKey(req: Request, required: false): string | undefined;
export function idempotencyKey(req: Request, required: boolean): string | undefined {
  const key = req.header('idempotency-key');
  if (key === undefined && !required) return undefined;
  if (key === undefined || !KEY_PATTERN.test(key)) {
    throw invalid(`Send an Idempotency-Key header (${KEY_RULE}).`, [{ path: 'Idempotency-Key', message: key === undefined ? 'required' : `must be ${KEY_RULE}` }]);
  }
  return key;
}

/** A command to an entity workflow (case, subsidy) as sent under the request's optional Idempotency-Key. */
export interface KeyedCommand<R, I> {
  /** The input with the key, which the workflow keeps in the entity's state with its answer. */
  input: I & { idempotencyKey?: string };
  /**
   * The Temporal update id: command, body and key, so concurrent duplicates in one run join one update,
   * while another body under the key is a new update the workflow refuses (the id alone would join it).
   */
  updateId: string | undefined;
  /**
   * The answer the entity's stored state (the read model) already keeps under the key: a retry whose first
   * attempt took effect is answered with it, before the route's own checks, which may refuse it by now (a
   * task since done, a workflow since finished).
   */
  recorded: R | undefined;
}

/**
 * Reads the optional Idempotency-Key (400 when malformed) and prepares command `def` with `input` under it,
 * looking the key up in `stored`, the entity's keys as the read model has them: the key used with another
 * command or body → 422 `idempotency-key-reused`.
 */
export function keyedCommand<R, I extends { actor: unknown }>(
  req: Request,
  def: UpdateDefinition<R, [I]>,
  input: I,
  stored: readonly IdempotencyRecord[] | undefined,
  now: number,
): KeyedCommand<R, I> {
  const key = idempotencyKey(req, false);
  if (key === undefined) return { input, updateId: undefined, recorded: undefined };
  // The same fingerprint as the workflow's own check: the command and its input without actor and key.
  const { actor: _actor, ...own } = input;
  const fingerprint = commandFingerprint(def.name, own);
  return {
    input: { ...input, idempotencyKey: key },
    updateId: `${fingerprint}:${key}`,
    recorded: lookupKey(stored, key, fingerprint, now, policyFor(localDateInCopenhagen(now)))?.answer as R | undefined,
  };
}

/** The header as an operation declares it for the OpenAPI document. */
export const idempotencyKeyHeader = (required: boolean) => ({
  'Idempotency-Key': {
    description: `${required ? 'Required' : 'Optional'}: the same key and body return the recorded answer with no second effect (kept at least 30 days, policy \`idempotency.keyRetentionDays\`); the key with another body → 422 \`idempotency-key-reused\`. ${KEY_RULE}.`,
    required,
  },
});
