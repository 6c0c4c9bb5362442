// Token administration for `npm run token`: list, revoke and rotate by token id. Revocation is
// immediate on every replica because the API looks every token up in the database (api/auth.ts).
import type { Pool } from 'pg';
import { createToken } from './auth';
import { revokeCodecSessions } from './codecSessions';
import type { Role } from '../domain/kernel/actor.schema';

/** One token as `npm run token -- list` shows it (never the token or its hash). */
export interface TokenInfo {
  tokenId: string;
  actorId: string;
  role: Role;
  organisation: string;
  name: string;
  email: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

/** Every token, newest first. */
export async function listTokens(pool: Pool): Promise<TokenInfo[]> {
  const { rows } = await pool.query<{
    token_id: string; actor_id: string; role: Role; organisation: string; name: string; email: string;
    created_at: Date; expires_at: Date | null; revoked_at: Date | null; expired: boolean;
  }>(
    `SELECT token_id, actor_id, role, organisation, name, email, created_at, expires_at, revoked_at,
            (expires_at IS NOT NULL AND expires_at <= now()) AS expired
     FROM actors ORDER BY created_at DESC, token_id`,
  );
  return rows.map((r) => ({
    tokenId: r.token_id,
    actorId: r.actor_id,
    role: r.role,
    organisation: r.organisation,
    name: r.name,
    email: r.email,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    state: r.revoked_at ? 'revoked' : r.expired ? 'expired' : 'active',
  }));
}

/** Revokes a token (and its codec sessions); false when no active token has that id. */
export async function revokeToken(pool: Pool, tokenId: string): Promise<boolean> {
  const { rowCount } = await pool.query('UPDATE actors SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL', [tokenId]);
  await revokeCodecSessions(pool, tokenId);
  return (rowCount ?? 0) > 0;
}

/** A new token for the same actor (same actor id, fresh expiry), the old one revoked at once; null when the id is not an active token. */
export async function rotateToken(pool: Pool, tokenId: string, ttlDays?: number): Promise<{ token: string; tokenId: string; expiresAt: string | null } | null> {
  const { rows } = await pool.query<{ actor_id: string; role: Role; organisation: string; name: string; email: string }>(
    'SELECT actor_id, role, organisation, name, email FROM actors WHERE token_id = $1 AND revoked_at IS NULL',
    [tokenId],
  );
  if (rows.length === 0) return null;
  const a = rows[0];
  const created = await createToken(pool, { role: a.role, organisation: a.organisation, name: a.name, email: a.email, actorId: a.actor_id, ttlDays });
  await pool.query('UPDATE actors SET rotated_to = $2 WHERE token_id = $1', [tokenId, created.tokenId]);
  await revokeToken(pool, tokenId);
  return { token: created.token, tokenId: created.tokenId, expiresAt: created.expiresAt };
}
