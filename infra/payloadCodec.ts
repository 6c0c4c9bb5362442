// Temporal payload codec that encrypts every payload with AES-256-GCM, so the Temporal database
// holds no readable personal or health data. Keys rotate by id: the first key encrypts, all decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

/** `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key that encrypted a payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** One AES-256 key with its id (ids go into every payload, so they must never be reused for another key). */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/**
 * Parses `PAYLOAD_KEYS` (`k2:<base64 32 bytes>,k1:<base64 32 bytes>`): the first key encrypts, every
 * listed key decrypts. Throws one readable line for a malformed list; never echoes key material.
 */
export function parsePayloadKeys(spec: string): PayloadKey[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const sep = entry.indexOf(':');
      const id = sep > 0 ? entry.slice(0, sep).trim() : '';
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error(`PAYLOAD_KEYS entry ${i + 1}: expected <key id>:<base64 key>`);
      const key = Buffer.from(entry.slice(sep + 1).trim(), 'base64');
      if (key.length !== 32) throw new Error(`PAYLOAD_KEYS key "${id}": must be 32 bytes in base64 (AES-256), got ${key.length}`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('PAYLOAD_KEYS: no key given');
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('PAYLOAD_KEYS: a key id is listed twice');
  return keys;
}

/** A new random key in the `PAYLOAD_KEYS` format. */
export function generatePayloadKeySpec(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** The codec: encrypts the whole encoded payload (metadata and data) and decrypts by key id. */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly primary: PayloadKey;

  /**
   * `requireEncryption`: refuse payloads that are not encrypted (PAYLOAD_REQUIRE_ENCRYPTION), so whoever
   * reaches the Temporal frontend without the key cannot send commands or inputs the worker would act on.
   */
  constructor(
    keys: PayloadKey[],
    private readonly opts: { requireEncryption?: boolean } = {},
  ) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    this.primary = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** Id of the key new payloads are encrypted with. */
  get primaryKeyId(): string {
    return this.primary.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decrypt(p));
  }

  private encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.primary.key, iv);
    // The key id is authenticated data: moving a payload to another key id makes it undecryptable.
    cipher.setAAD(utf8.encode(this.primary.id));
    const plain = encodePayload(payload);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(this.primary.id) },
      data: Buffer.concat([iv, body, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    // Payloads written before encryption was switched on (or by other codecs) pass through, unless refused.
    if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) {
      if (this.opts.requireEncryption) throw new Error('unencrypted payload refused (PAYLOAD_REQUIRE_ENCRYPTION=1)');
      return payload;
    }
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!idBytes) throw new Error(`encrypted payload has no ${KEY_ID_METADATA} metadata`);
    const keyId = fromUtf8.decode(idBytes);
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`payload encrypted with key "${keyId}", which is not in PAYLOAD_KEYS`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(utf8.encode(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    return decodePayload(plain);
  }
}

// The inner payload is serialised as JSON with base64 fields: small, dependency-free and stable.
function encodePayload(p: Payload): Buffer {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return Buffer.from(JSON.stringify({ m: metadata, d: Buffer.from(p.data ?? new Uint8Array()).toString('base64') }), 'utf8');
}

function decodePayload(b: Buffer): Payload {
  const { m, d } = JSON.parse(b.toString('utf8')) as { m: Record<string, string>; d: string };
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(m)) metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(d, 'base64')) };
}
