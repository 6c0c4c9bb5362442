// Case ids: a keyed HMAC of the injury case reference (secret CASE_ID_SECRET), so an id seen in
// Temporal, a log or a URL cannot be turned back into the reference by trying the ~10⁶ references
// a year. Cases opened before carry the old unkeyed derivation and keep it (found by reference).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The development secret's file under a data directory (what `npm start` uses without CASE_ID_SECRET). */
export const devCaseIdSecretFile = (dataDir: string): string => path.join(dataDir, 'case-id-secret');

/** A new random secret (43 base64url characters, 256 bits). */
export const generateCaseIdSecret = (): string => randomBytes(32).toString('base64url');

/** The development secret under `dataDir`, created on first use and kept: ids must stay stable across restarts. */
export function ensureDevCaseIdSecret(dataDir: string): string {
  const file = devCaseIdSecretFile(dataDir);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = generateCaseIdSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** CASE_ID_SECRET (at least 32 characters); required in production, else the development secret under .data/. */
export function caseIdSecret(env: NodeJS.ProcessEnv = process.env): string {
  const s = env.CASE_ID_SECRET;
  if (s) {
    if (s.length < 32) throw new Error('CASE_ID_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)');
    return s;
  }
  if (env.NODE_ENV === 'production') throw new Error('CASE_ID_SECRET is required in production');
  return ensureDevCaseIdSecret(path.resolve(__dirname, '..', '.data'));
}

/** The id of a new case: `k` + 24 hex of HMAC-SHA-256(secret, reference in upper case). */
export const caseIdFor = (injuryCaseRef: string, secret: string = caseIdSecret()): string =>
  `k${createHmac('sha256', secret).update(injuryCaseRef.toUpperCase()).digest('hex').slice(0, 24)}`;

/** The unkeyed id cases opened before CASE_ID_SECRET carry (`c` + 15 hex of SHA-256): never given to new cases. */
export const legacyCaseIdFor = (injuryCaseRef: string): string =>
  `c${createHash('sha256').update(injuryCaseRef.toUpperCase()).digest('hex').slice(0, 15)}`;

/**
 * The id of a job centre retention case, which has no injury reference: the same keyed HMAC over the
 * municipality, the job centre's citizen reference and the first sick day, so a repeated intake of the same
 * sick period finds its case (409) and ids of the two kinds never meet (":" is not allowed in an injury reference).
 */
export const retentionCaseIdFor = (municipalityCode: string, citizenRef: string, firstSickDay: string, secret: string = caseIdSecret()): string =>
  caseIdFor(`retention:${municipalityCode}:${citizenRef.toUpperCase()}:${firstSickDay}`, secret);
