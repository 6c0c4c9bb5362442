// Codec sessions: the short-lived, codec-only value the Temporal UI's cookie carries instead of an API
// token. Created at dashboard sign-in, revoked at sign-out (or with the token), expiring on its own.
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { Actor } from '../domain/kernel/actor.schema';
import { hashToken, type ActorLookup } from './auth';

/** Minutes a codec session lives (CODEC_SESSION_MINUTES, default 60). */
export function codecSessionMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CODEC_SESSION_MINUTES ?? 60);
  if (!Number.isInteger(n) || n < 1 || n > 24 * 60) throw new Error('CODEC_SESSION_MINUTES must be a whole number of minutes from 1 to 1440');
  return n;
}

/** Starts a session for the caller's token; returns the cookie value (only its hash is stored). */
export async function createCodecSession(pool: Pool, actor: Actor, tokenId: string, minutes: number): Promise<string> {
  const value = `rc_${randomBytes(24).toString('base64url')}`;
  await pool.query(
    `INSERT INTO codec_sessions (session_hash, token_id, actor_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4::int))`,
    [hashToken(value), tokenId, actor.actorId, minutes],
  );
  return value;
}

/** Ends every open codec session of a token (sign-out: the cookie's path is /codec, so it does not come along). */
export async function revokeCodecSessions(pool: Pool, tokenId: string): Promise<number> {
  const { rowCount } = await pool.query('UPDATE codec_sessions SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL', [tokenId]);
  return rowCount ?? 0;
}

/** The actor of a live session whose token is itself still valid. */
export const codecSessionLookup =
  (pool: Pool): ActorLookup =>
  async (hash) => {
    const { rows } = await pool.query<Actor & { tokenId: string }>(
      `SELECT a.actor_id AS "actorId", a.role, a.organisation, a.name, a.email, a.token_id AS "tokenId"
       FROM codec_sessions s JOIN actors a ON a.token_id = s.token_id
       WHERE s.session_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND a.revoked_at IS NULL AND (a.expires_at IS NULL OR a.expires_at > now())`,
      [hash],
    );
    return rows[0] ?? null;
  };
