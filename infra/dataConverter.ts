// The one Temporal DataConverter of the service (client, worker, workflow bundle and tests): the
// AES-256-GCM payload codec with keys from PAYLOAD_KEYS, and failure attributes encoded.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, generatePayloadKeySpec, parsePayloadKeys } from './payloadCodec';

/** Module the SDK loads the failure converter from; the workflow bundle must be built with it too. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

/** Where `npm start` keeps the generated development key (never used in production). */
export const devKeyFile = (dataDir: string): string => path.join(dataDir, 'payload-keys');

/**
 * The development key under `dataDir`, created on first use; persisted because workflows written
 * with it must stay readable across restarts.
 */
export function ensureDevPayloadKeys(dataDir: string): string {
  const file = devKeyFile(dataDir);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const spec = generatePayloadKeySpec('dev1');
  writeFileSync(file, `${spec}\n`, { mode: 0o600 });
  return spec;
}

/**
 * The key list from the environment. Without PAYLOAD_KEYS: a startup error in production; in
 * development the persisted key under .data/ (what `npm start` uses).
 */
export function payloadKeySpec(env: NodeJS.ProcessEnv = process.env): string {
  const spec = env.PAYLOAD_KEYS?.trim();
  if (spec) return spec;
  if (env.NODE_ENV === 'production') {
    throw new Error('PAYLOAD_KEYS is not set: production needs the payload encryption keys (e.g. PAYLOAD_KEYS=k1:<base64 32 bytes>)');
  }
  return ensureDevPayloadKeys(path.resolve(__dirname, '..', '.data'));
}

const cache = new Map<string, EncryptionCodec>();

/**
 * PAYLOAD_REQUIRE_ENCRYPTION: `1` refuses unencrypted inbound payloads, `0` lets them pass (reading
 * histories from before encryption); default on in production (NODE_ENV=production), off elsewhere.
 */
export function requireEncryption(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.PAYLOAD_REQUIRE_ENCRYPTION;
  if (v === undefined || v === '') return env.NODE_ENV === 'production';
  if (v !== '0' && v !== '1') throw new Error('PAYLOAD_REQUIRE_ENCRYPTION must be 0 or 1');
  return v === '1';
}

/** The codec for the configured keys (one instance per key list and mode); `strict` false: let plain payloads through (the UI's /codec). */
export function payloadCodec(env: NodeJS.ProcessEnv = process.env, strict = true): EncryptionCodec {
  const spec = payloadKeySpec(env);
  const required = strict && requireEncryption(env);
  const cacheKey = `${required ? 'strict' : 'lenient'}|${spec}`;
  let codec = cache.get(cacheKey);
  if (!codec) {
    codec = new EncryptionCodec(parsePayloadKeys(spec), { requireEncryption: required });
    cache.set(cacheKey, codec);
  }
  return codec;
}

/** The DataConverter for `new Client`, `Worker.create` and the test environments. */
export function dataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  return { payloadCodecs: [payloadCodec(env)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
