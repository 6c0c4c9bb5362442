// Idempotency-Keys kept in an entity's own state (case, subsidy) with the answer given under each, so a
// retried command answers what it answered the first time, for the policy's bound and across continue-as-new.
import { DomainRejection } from './change';
import type { Policy } from './policy';
import type { IdempotencyRecord } from './idempotency.schema';
import { formatInstant } from '../calendar/copenhagenTime';

export type { IdempotencyRecord };

const DAY_MS = 86_400_000;

// Object keys sorted, recursively: two inputs that serialise the same give the same text.
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortedKeys(o[k])]));
}

/**
 * JSON with sorted keys and without undefined fields: the input as it looks after crossing Temporal's
 * JSON payloads, so the API (before sending) and the workflow (after receiving) compute the same text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(JSON.parse(JSON.stringify(value ?? null))));
}

// 128-bit cyrb128 hash (public domain): deterministic and dependency-free, as workflow code needs. Not
// cryptographic; it only tells a retry from another body under the same key, and keeps the state small.
function hash128(text: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * What a key is bound to: the command's name and its own input (the caller leaves out the actor and
 * the key), so the same key with another body, or on another command, is told apart.
 */
export function commandFingerprint(command: string, input: unknown): string {
  return `${command}:${hash128(canonicalJson(input))}`;
}

// A key is kept for the policy's number of days from its answer; after that it is new again.
const live = (r: IdempotencyRecord, now: number, policy: Policy): boolean => now - Date.parse(r.at) < policy.idempotency.keyRetentionDays * DAY_MS;

/**
 * The answer recorded under `key`, or undefined when the key is new (or has outlived the policy's bound).
 * The same key with another fingerprint is refused: 422 `idempotency-key-reused`.
 */
export function lookupKey(keys: readonly IdempotencyRecord[] | undefined, key: string, fingerprint: string, now: number, policy: Policy): { answer: unknown } | undefined {
  const r = keys?.find((k) => k.key === key && live(k, now, policy));
  if (!r) return undefined;
  if (r.fingerprint !== fingerprint) {
    throw new DomainRejection(422, 'idempotency-key-reused', 'This Idempotency-Key was used with another request; send a new key for a new request.', {
      errors: [{ path: 'Idempotency-Key', message: 'already used with another request' }],
    });
  }
  return { answer: r.answer };
}

/** The keys without those that have outlived the policy's bound (a new list; `keys` is not changed). */
export function pruneKeys(keys: readonly IdempotencyRecord[] | undefined, now: number, policy: Policy): IdempotencyRecord[] {
  return (keys ?? []).filter((k) => live(k, now, policy));
}

/**
 * The keys with `answer` recorded under `key` (replacing an expired record of the same key) and the
 * expired ones dropped, so the list stays bounded by age; a new list, `keys` is not changed.
 */
export function recordKey(
  keys: readonly IdempotencyRecord[] | undefined,
  key: string,
  fingerprint: string,
  answer: unknown,
  now: number,
  policy: Policy,
): IdempotencyRecord[] {
  return [...pruneKeys(keys, now, policy).filter((k) => k.key !== key), { key, fingerprint, at: formatInstant(now), answer }];
}
