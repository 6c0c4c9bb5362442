// The Idempotency-Key header: the one rule every endpoint that reads it applies, the update id a key
// becomes, and the header's OpenAPI declaration.
import type { Request } from 'express';
import { invalid } from './problems';

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

/** The Temporal update id of a keyed command, so a retry joins the first update instead of running again. */
export const updateIdFor = (prefix: string, key: string | undefined): string | undefined => (key === undefined ? undefined : `${prefix}:${key}`);

/** The header as an operation declares it for the OpenAPI document. */
export const idempotencyKeyHeader = (required: boolean) => ({
  'Idempotency-Key': {
    description: `${required ? 'Required: the same key and body return the recorded answer with no second effect.' : 'Optional: makes a retry return the first result.'} ${KEY_RULE}.`,
    required,
  },
});
