// Bearer tokens: each names one actor; only a SHA-256 hash is stored, with an id (to list, revoke and
// rotate it) and an expiry. The middleware puts the actor on `res.locals.actor` and answers 401 for a
// missing, unknown, expired or revoked token.
import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import type { Actor, Role } from '../domain/kernel/actor.schema';
import { HttpProblem, forbidden } from './problems';

/** Hash under which a token is stored. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Days a token lives unless created with another lifetime: people 90 days, insurer systems a year (TOKEN_TTL_DAYS, TOKEN_TTL_DAYS_INSURER). */
export function tokenTtlDays(role: Role, env: NodeJS.ProcessEnv = process.env): number {
  const raw = role === 'insurer' ? (env.TOKEN_TTL_DAYS_INSURER ?? '365') : (env.TOKEN_TTL_DAYS ?? '90');
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new Error(`token lifetime must be 1–3650 days, not ${JSON.stringify(raw)}`);
  return n;
}

/** Fields of a new token's actor. */
export interface NewActor {
  role: Role;
  organisation: string;
  name: string;
  email: string;
  demo?: boolean;
  /** A citizen's token: the one case it is for (also its organisation). */
  caseId?: string;
  /** Lifetime in days (default: tokenTtlDays of the role); demo tokens never expire. */
  ttlDays?: number;
  /** Keep this actor id (rotation: the new token names the same actor). */
  actorId?: string;
}

/** Creates a token for an actor and stores its hash; returns the token (shown once). */
export async function createToken(pool: Pool, a: NewActor): Promise<{ token: string; actorId: string; tokenId: string; expiresAt: string | null }> {
  const token = `rt_${randomBytes(24).toString('base64url')}`;
  const actorId = a.actorId ?? `${a.role}-${randomBytes(6).toString('hex')}`;
  const tokenId = `tok_${randomBytes(8).toString('hex')}`;
  const days = a.demo ? null : (a.ttlDays ?? tokenTtlDays(a.role));
  const { rows } = await pool.query<{ expires_at: Date | null }>(
    `INSERT INTO actors (token_hash, actor_id, role, organisation, name, email, demo, token_id, expires_at, case_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8, CASE WHEN $9::int IS NULL THEN NULL ELSE now() + make_interval(days => $9::int) END, $10)
     RETURNING expires_at`,
    [hashToken(token), actorId, a.role, a.organisation, a.name, a.email, a.demo ?? false, tokenId, days, a.caseId ?? null],
  );
  return { token, actorId, tokenId, expiresAt: rows[0].expires_at?.toISOString() ?? null };
}

/** The authenticated actor of a request. */
export const actorOf = (res: Response): Actor => res.locals.actor as Actor;

/** The value of a named cookie of the request, if any (a value that is not valid percent-encoding counts as none). */
export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name && v.length > 0) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** An actor looked up by token (or codec session) hash, or null. */
export type ActorLookup = (hash: string) => Promise<(Actor & { tokenId: string }) | null>;

/** Looks a token up in the database on every request: a revoked or expired token stops working at once on every replica. */
export const tokenLookup =
  (pool: Pool): ActorLookup =>
  async (hash) => {
    const { rows } = await pool.query<Actor & { tokenId: string }>(
      `SELECT actor_id AS "actorId", role, organisation, name, email, token_id AS "tokenId" FROM actors
       WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hash],
    );
    return rows[0] ?? null;
  };

/** Options of `authenticate`. */
export interface AuthOptions {
  /** How to find the actor of a credential (default: the token table). */
  lookup?: ActorLookup;
  /** A second credential: this cookie, looked up its own way (the Temporal UI's codec calls cannot send a bearer token). */
  cookie?: { name: string; lookup: ActorLookup };
  /** How long a failed look-up is remembered, so random credentials cost no database round trip. */
  failedCacheMs?: number;
  now?: () => number;
}

/**
 * Authenticates requests by bearer token (or by `cookie`). Successful look-ups are never cached
 * (revocation is immediate); failed ones are, briefly and bounded, so a flood of invented tokens
 * reaches PostgreSQL once per value and minute at most.
 */
export function authenticate(pool: Pool, opts: AuthOptions = {}): RequestHandler {
  const { lookup = tokenLookup(pool), cookie, failedCacheMs = 60_000, now = Date.now } = opts;
  const failed = new Map<string, number>();
  const MAX_FAILED = 20_000;
  return async (req, res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    const fromCookie = !m && cookie ? cookieValue(req.header('cookie'), cookie.name) : null;
    const token = m?.[1] ?? fromCookie;
    if (!token) return next(new HttpProblem(401, 'unauthorized', 'Unauthorized', 'Send Authorization: Bearer <token>.'));
    const hash = (fromCookie ? 'c:' : 't:') + hashToken(token);
    const t = now();
    const until = failed.get(hash);
    if (until !== undefined && until > t) return next(new HttpProblem(401, 'unauthorized', 'Unauthorized', 'Unknown, expired or revoked token.'));
    try {
      const actor = await (fromCookie ? cookie!.lookup : lookup)(hash.slice(2));
      if (!actor) {
        // Oldest first out (a Map keeps insertion order): the bound holds without forgetting recent failures.
        if (failed.size >= MAX_FAILED) failed.delete(failed.keys().next().value as string);
        failed.delete(hash);
        failed.set(hash, t + failedCacheMs);
        return next(new HttpProblem(401, 'unauthorized', 'Unauthorized', 'Unknown, expired or revoked token.'));
      }
      const { tokenId, ...rest } = actor;
      res.locals.actor = rest;
      res.locals.tokenId = tokenId;
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
