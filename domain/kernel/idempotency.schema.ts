// Zod schema of the Idempotency-Keys an entity (case, subsidy) keeps in its own state with the answer
// given under each; the rules are in idempotency.ts (workflows import this file only as types).
import { z } from 'zod';

/** One key: which command and body it was used with (fingerprint), when, and what it answered. */
export const idempotencyRecordSchema = z.object({
  key: z.string(),
  /** `<command>:<hash of its own input>`: the same key with another command or body is refused. */
  fingerprint: z.string(),
  /** When the answer was recorded (instant with the Copenhagen offset); the policy bounds a key's life from here. */
  at: z.string(),
  /** The command's answer, returned again to a retry. */
  answer: z.unknown(),
});
export type IdempotencyRecord = z.infer<typeof idempotencyRecordSchema>;

/** An entity's keys, oldest first. An array, not a record: a key may be any visible ASCII, `__proto__` too. */
export const idempotencyKeysSchema = z.array(idempotencyRecordSchema);
