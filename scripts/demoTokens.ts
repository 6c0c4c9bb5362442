// One demo token per role for the local stack, created on the first `npm start` and kept in
// .data/demo-tokens.json (local development only) so every start can print them again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { createToken, hashToken, type NewActor } from '../api/auth';

/** The demo actors: a consultant, a caseworker in Aarhus (751), a supervisor, an insurer, a union, an employer. */
export const DEMO_ACTORS: NewActor[] = [
  { role: 'consultant', organisation: 'fastholdelsescentret', name: 'Karen Konsulent', email: 'konsulent@fastholdelse.local' },
  { role: 'caseworker', organisation: '751', name: 'Søren Sagsbehandler', email: 'sagsbehandler@aarhus.local' },
  { role: 'supervisor', organisation: 'fastholdelsescentret', name: 'Lise Leder', email: 'leder@fastholdelse.local' },
  { role: 'insurer', organisation: 'insurer-a', name: 'Forsikring A', email: 'skade@forsikring-a.local' },
  { role: 'union', organisation: 'union-3f', name: 'Fagforening 3F', email: 'raadgiver@3f.local' },
  { role: 'employer', organisation: '12345678', name: 'Byg & Co ApS', email: 'hr@bygco.local' },
];

/** Returns role → token, creating tokens that are missing (e.g. after the database was reset). */
export async function ensureDemoTokens(pool: Pool, dataDir: string): Promise<Record<string, string>> {
  const file = path.join(dataDir, 'demo-tokens.json');
  const saved: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const actor of DEMO_ACTORS) {
    const token = saved[actor.role];
    const known = token ? (await pool.query('SELECT 1 FROM actors WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())', [hashToken(token)])).rowCount : 0;
    if (!known) saved[actor.role] = (await createToken(pool, { ...actor, demo: true })).token;
  }
  writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  return saved;
}
