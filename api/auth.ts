// Bearer tokens: each names one actor; only a SHA-256 hash is stored. The middleware puts the
// actor on `res.locals.actor` and answers 401 for a missing or unknown token.
import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import type { Actor, Role } from '../domain/kernel/actor.schema';
import { HttpProblem, forbidden } from './problems';

/** Hash under which a token is stored. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Fields of a new token's actor. */
export interface NewActor {
  role: Role;
  organisation: string;
  name: string;
  email: string;
  demo?: boolean;
  /** A citizen's token: the one case it is for (also its organisation). */
  caseId?: string;
}

/** Creates a token for an actor and stores its hash; returns the token (shown once). */
export async function createToken(pool: Pool, a: NewActor): Promise<{ token: string; actorId: string }> {
  const token = `rt_${randomBytes(24).toString('base64url')}`;
  const actorId = `${a.role}-${randomBytes(6).toString('hex')}`;
  await pool.query(
    'INSERT INTO actors (token_hash, actor_id, role, organisation, name, email, demo, case_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
    [hashToken(token), actorId, a.role, a.organisation, a.name, a.email, a.demo ?? false, a.caseId ?? null],
  );
  return { token, actorId };
}

/** The authenticated actor of a request. */
export const actorOf = (res: Response): Actor => res.locals.actor as Actor;

/** The token in a named cookie of the request, if any. */
export function cookieToken(cookieHeader: string | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name && v.length > 0) return decodeURIComponent(v.join('='));
  }
  return null;
}

/**
 * Authenticates requests by bearer token, or (where `cookieName` is given, i.e. for the Temporal
 * UI's codec calls, which cannot send a bearer token) by that cookie. Token look-ups are cached
 * briefly so hot paths skip Postgres.
 */
export function authenticate(pool: Pool, cacheMs = 30_000, cookieName?: string): RequestHandler {
  const cache = new Map<string, { actor: Actor; until: number }>();
  return async (req, res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    const token = m?.[1] ?? (cookieName ? cookieToken(req.header('cookie'), cookieName) : null);
    if (!token) return next(new HttpProblem(401, 'unauthorized', 'Unauthorized', 'Send Authorization: Bearer <token>.'));
    const hash = hashToken(token);
    const hit = cache.get(hash);
    if (hit && hit.until > Date.now()) {
      res.locals.actor = hit.actor;
      return next();
    }
    try {
      const { rows } = await pool.query<Actor>(
        `SELECT actor_id AS "actorId", role, organisation, name, email FROM actors WHERE token_hash = $1 AND revoked_at IS NULL`,
        [hash],
      );
      if (rows.length === 0) return next(new HttpProblem(401, 'unauthorized', 'Unauthorized', 'Unknown or revoked token.'));
      if (cache.size > 10_000) cache.clear();
      // A citizen's token is revoked by the consultant through the API: never cached, so a revocation holds at once.
      if (rows[0].role !== 'citizen') cache.set(hash, { actor: rows[0], until: Date.now() + cacheMs });
      res.locals.actor = rows[0];
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Refuses callers whose role is not listed (403: they know the endpoint exists). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const actor = actorOf(res);
    if (!roles.includes(actor.role)) return next(forbidden(`This action is for: ${roles.join(', ')}.`));
    next();
  };
}
