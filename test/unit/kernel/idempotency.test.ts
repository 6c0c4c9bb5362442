// Idempotency-Keys kept in an entity's state: the same key and body find the recorded answer, another
// body or command under the key is refused, and keys older than the policy's bound are pruned.
import { canonicalJson, commandFingerprint, lookupKey, pruneKeys, recordKey } from '../../../domain/kernel/idempotency';
import { DomainRejection } from '../../../domain/kernel/change';
import { CURRENT_POLICY as policy } from '../../../domain/kernel/policy';
import { policySchema } from '../../../domain/kernel/policy.schema';

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 10, 23, 10);
const days = policy.idempotency.keyRetentionDays;
const body = { scheduledAt: '2026-12-03T10:00:00+01:00', agenda: ['Status'], participants: [{ role: 'citizen', name: 'Jens', email: 'j@b.dk' }] };
const fp = commandFingerprint('scheduleRoundtable', body);

const rejection = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as DomainRejection;
  }
  throw new Error('expected a rejection');
};

test('the policy keeps keys 30 days by default', () => {
  expect(days).toBe(30);
  expect(policySchema.parse({ version: '2027.1', effectiveFrom: '2027-01-01' }).idempotency.keyRetentionDays).toBe(30);
  expect(policySchema.safeParse({ version: '2027.1', effectiveFrom: '2027-01-01', idempotency: { keyRetentionDays: 0 } }).success).toBe(false);
});

test('a fingerprint ignores key order and absent fields but not values or the command', () => {
  const reordered = { participants: [{ email: 'j@b.dk', name: 'Jens', role: 'citizen' }], agenda: ['Status'], scheduledAt: '2026-12-03T10:00:00+01:00', note: undefined };
  expect(commandFingerprint('scheduleRoundtable', reordered)).toBe(fp);
  expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  expect(commandFingerprint('scheduleRoundtable', { ...body, agenda: ['Status', 'Plan'] })).not.toBe(fp);
  expect(commandFingerprint('rescheduleRoundtable', body)).not.toBe(fp);
  expect(fp).toMatch(/^scheduleRoundtable:[0-9a-f]{32}$/);
});

test('a recorded key returns its answer; another body under it is 422 idempotency-key-reused', () => {
  const keys = recordKey(undefined, 'k-1', fp, { roundtableId: 'c1-R1', seq: 4 }, t0, policy);
  expect(lookupKey(keys, 'k-1', fp, t0 + DAY, policy)).toEqual({ answer: { roundtableId: 'c1-R1', seq: 4 } });
  expect(lookupKey(keys, 'k-2', fp, t0 + DAY, policy)).toBeUndefined();
  expect(lookupKey(undefined, 'k-1', fp, t0, policy)).toBeUndefined();
  const r = rejection(() => lookupKey(keys, 'k-1', commandFingerprint('scheduleRoundtable', { ...body, agenda: [] }), t0 + DAY, policy));
  expect(r).toBeInstanceOf(DomainRejection);
  expect(r).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
});

test('keys that look like Object.prototype members are ordinary keys', () => {
  for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    expect(lookupKey([], key, fp, t0, policy)).toBeUndefined();
    const keys = recordKey([], key, fp, { ok: true }, t0, policy);
    expect(lookupKey(JSON.parse(JSON.stringify(keys)), key, fp, t0, policy)).toEqual({ answer: { ok: true } });
  }
});

test('a key is kept for the policy bound, then pruned and new again', () => {
  const keys = recordKey(undefined, 'old', fp, { n: 1 }, t0, policy);
  const later = recordKey(keys, 'new', fp, { n: 2 }, t0 + 10 * DAY, policy);
  expect(later.map((k) => k.key)).toEqual(['old', 'new']);

  // Just inside the bound: still answered.
  expect(lookupKey(later, 'old', fp, t0 + days * DAY - 1, policy)).toEqual({ answer: { n: 1 } });
  // At the bound: treated as new, and dropped by the next record or prune.
  expect(lookupKey(later, 'old', fp, t0 + days * DAY, policy)).toBeUndefined();
  expect(pruneKeys(later, t0 + days * DAY, policy).map((k) => k.key)).toEqual(['new']);
  const pruned = recordKey(later, 'newest', fp, { n: 3 }, t0 + (days + 11) * DAY, policy);
  expect(pruned.map((k) => k.key)).toEqual(['newest']);
  // An expired key may be used again, even with another body.
  const other = commandFingerprint('scheduleRoundtable', { ...body, agenda: [] });
  expect(lookupKey(pruned, 'old', other, t0 + (days + 11) * DAY, policy)).toBeUndefined();
});

test('recording never changes the store it is given (the workflow keeps it until the change commits)', () => {
  const keys = recordKey(undefined, 'a', fp, { n: 1 }, t0, policy);
  const copy = JSON.parse(JSON.stringify(keys));
  recordKey(keys, 'b', fp, { n: 2 }, t0, policy);
  pruneKeys(keys, t0 + 100 * DAY, policy);
  expect(keys).toEqual(copy);
});

test('recording a key again replaces its record (a key expired and reused)', () => {
  const keys = recordKey(undefined, 'a', fp, { n: 1 }, t0, policy);
  const again = recordKey(keys, 'a', fp, { n: 2 }, t0 + 40 * DAY, policy);
  expect(again).toHaveLength(1);
  expect(lookupKey(again, 'a', fp, t0 + 40 * DAY, policy)).toEqual({ answer: { n: 2 } });
});
