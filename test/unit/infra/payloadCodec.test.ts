// The payload codec: AES-256-GCM round trip, key rotation by id, clear errors, and the key settings.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, generatePayloadKeySpec, parsePayloadKeys } from '../../../infra/payloadCodec';
import { payloadKeySpec } from '../../../infra/dataConverter';

const k = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const citizen = { name: 'Jens Jensen', injury: 'Knust hånd i presse' };
const plain = (): Payload => defaultPayloadConverter.toPayload(citizen)!;

test('encrypts: no clear text, encoding and key id in the metadata, and decodes back to the same payload', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(k('k1')));
  const [enc] = await codec.encode([plain()]);
  expect(text(enc.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(text(enc.metadata![KEY_ID_METADATA])).toBe('k1');
  expect(text(enc.data)).not.toContain('Jens');
  expect(Buffer.from(enc.data!).toString('base64')).not.toContain(Buffer.from('Jens Jensen').toString('base64'));
  const [dec] = await codec.decode([enc]);
  expect(defaultPayloadConverter.fromPayload(dec)).toEqual(citizen);
  expect(text(dec.metadata!.encoding)).toBe('json/plain');
  // A fresh nonce per payload: the same value never encrypts to the same bytes.
  const [again] = await codec.encode([plain()]);
  expect(Buffer.from(again.data!).equals(Buffer.from(enc.data!))).toBe(false);
});

test('key rotation: data encrypted with k1 decodes after k2 becomes the primary; new data uses k2', async () => {
  const k1 = k('k1');
  const old = new EncryptionCodec(parsePayloadKeys(k1));
  const [byK1] = await old.encode([plain()]);
  const rotated = new EncryptionCodec(parsePayloadKeys(`${k('k2')},${k1}`));
  expect(rotated.primaryKeyId).toBe('k2');
  expect(defaultPayloadConverter.fromPayload((await rotated.decode([byK1]))[0])).toEqual(citizen);
  const [byK2] = await rotated.encode([plain()]);
  expect(text(byK2.metadata![KEY_ID_METADATA])).toBe('k2');
  await expect(old.decode([byK2])).rejects.toThrow(/key "k2", which is not in PAYLOAD_KEYS/);
});

test('refuses what it cannot trust: unknown key id, missing key id, tampered data, a relabelled key id', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(`${k('a')},${k('b')}`));
  const [enc] = await codec.encode([plain()]);
  await expect(codec.decode([{ ...enc, metadata: { encoding: enc.metadata!.encoding } }])).rejects.toThrow(/no encryption-key-id/);
  const tampered = Buffer.from(enc.data!);
  tampered[20] ^= 1;
  await expect(codec.decode([{ ...enc, data: tampered }])).rejects.toThrow();
  const relabelled = { ...enc, metadata: { ...enc.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
  await expect(codec.decode([relabelled])).rejects.toThrow();
});

test('payloads that were never encrypted pass through decode unchanged', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(k('k1')));
  const p = plain();
  expect(await codec.decode([p])).toEqual([p]);
});

test('PAYLOAD_KEYS: parsed with readable errors that never echo key material', () => {
  expect(parsePayloadKeys(generatePayloadKeySpec('x1')).map((x) => x.id)).toEqual(['x1']);
  expect(() => parsePayloadKeys('k1:c2hvcnQ=')).toThrow(/must be 32 bytes/);
  expect(() => parsePayloadKeys('no-colon')).toThrow(/expected <key id>:<base64 key>/);
  const dup = k('k1');
  expect(() => parsePayloadKeys(`${dup},${dup}`)).toThrow(/listed twice/);
  expect(() => parsePayloadKeys(' , ')).toThrow(/no key/);
  try {
    parsePayloadKeys('k1:c2hvcnQ=');
  } catch (err) {
    expect((err as Error).message).not.toContain('c2hvcnQ');
  }
});

test('a missing key is a startup error in production', () => {
  expect(() => payloadKeySpec({ NODE_ENV: 'production' })).toThrow(/PAYLOAD_KEYS is not set/);
  const spec = k('p1');
  expect(payloadKeySpec({ NODE_ENV: 'production', PAYLOAD_KEYS: spec })).toBe(spec);
});
