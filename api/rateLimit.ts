// Rate limiting with express-rate-limit: requests a minute per key; beyond that 429 problem+json with
// Retry-After. Two instances guard the API (api/app.ts): per client address before authentication
// (so invented tokens share their sender's count) and per actor after it. Per process: replicas limit separately.
import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit as expressRateLimit, type RateLimitInfo, type RateLimitRequestHandler } from 'express-rate-limit';
import type { Actor } from '../domain/kernel/actor.schema';
import { HttpProblem } from './problems';

const WINDOW_MS = 60_000;

/** Settings: requests per minute, the key of a request, the paths not counted, the unit named in the 429. */
export interface RateLimitOptions {
  perMinute: number;
  /** The count a request goes against; null: not counted (e.g. no actor yet). */
  key: (req: Request, res: Response) => string | null;
  /** Requests not counted (e.g. load-balancer health checks). */
  skip?: (path: string) => boolean;
  /** Names the unit in the 429 detail ("per client address", "per actor"). */
  per?: string;
}

/** A positive whole number of requests a minute from `name` in the environment, or `fallback`. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env, name = 'RATE_LIMIT_PER_MINUTE', fallback = 600): number {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
}

/**
 * The client address a request is counted under (behind a trusted proxy: the address the proxy saw, see
 * `trust proxy`). IPv6 addresses count per /56 network, so one host cannot spread over its many addresses.
 */
export const clientAddressKey = (req: Request): string => `ip:${req.ip ? ipKeyGenerator(req.ip) : 'unknown'}`;

/** The actor a request is counted under once authenticated; null before. */
export const actorKey = (_req: Request, res: Response): string | null => {
  const actor = res.locals.actor as Actor | undefined;
  return actor ? `a:${actor.actorId}` : null;
};

/** The 429 of an exhausted count: problem+json through the problem handler, Retry-After until the window ends. */
export function rateLimited(perMinute: number, per: string, resetTime: Date | undefined, now = Date.now()): HttpProblem {
  const retryAfter = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - now) / 1000)) : WINDOW_MS / 1000;
  return new HttpProblem(429, 'rate-limited', 'Too many requests', `At most ${perMinute} requests a minute${per ? ` ${per}` : ''}; retry after ${retryAfter} s.`, {
    retryAfterSeconds: retryAfter,
  });
}

/**
 * The middleware: a fixed one-minute window per key in the library's MemoryStore. That store keeps only
 * the keys seen in the current and the previous window and drops the rest in bulk each minute, so memory
 * follows the keys active within a minute and no flood of new keys can reset a counted one (the old
 * hand-written limiter cleared every bucket at its key bound). `resetKey` ends a key's window (tests).
 */
export function rateLimit(opts: RateLimitOptions): RateLimitRequestHandler {
  const { perMinute, key, skip = () => false, per = '' } = opts;
  return expressRateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    // RateLimit-Limit/-Remaining/-Reset/-Policy on every counted answer; no X-RateLimit-* duplicates.
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    skip: (req, res) => skip(req.path) || key(req, res) === null,
    keyGenerator: (req, res) => key(req, res) ?? '',
    handler: (req, _res, next) => next(rateLimited(perMinute, per, (req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime)),
  });
}
