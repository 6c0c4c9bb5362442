// Rate limiting per bearer token (per client address without one): an in-memory token bucket per
// key; an empty bucket answers 429 problem+json with Retry-After. Per process: replicas limit separately.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpProblem } from './problems';

/** Settings: requests per minute (also the burst size), an injectable clock, a bound on tracked keys. */
export interface RateLimitOptions {
  perMinute: number;
  /** Requests not counted (e.g. load-balancer health checks). */
  skip?: (path: string) => boolean;
  now?: () => number;
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** `RATE_LIMIT_PER_MINUTE` from the environment (default 600). */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.RATE_LIMIT_PER_MINUTE ?? 600);
  if (!Number.isFinite(n) || n < 1) throw new Error('RATE_LIMIT_PER_MINUTE must be a positive number');
  return n;
}

/** The key a request is counted under: a hash of its token (tokens are not kept in memory), else its address. */
export function rateLimitKey(authorization: string | undefined, ip: string | undefined): string {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return m ? `t:${createHash('sha256').update(m[1]).digest('base64url').slice(0, 22)}` : `ip:${ip ?? 'unknown'}`;
}

/** The middleware. */
export function rateLimit(opts: RateLimitOptions): RequestHandler {
  const { perMinute, now = Date.now, maxKeys = 50_000, skip = () => false } = opts;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return (req, res, next) => {
    if (skip(req.path)) return next();
    const t = now();
    const key = rateLimitKey(req.header('authorization'), req.ip);
    let b = buckets.get(key);
    if (!b) {
      if (buckets.size >= maxKeys) {
        // Full buckets carry no information: dropping them forgets nothing.
        for (const [k, v] of buckets) if (v.tokens + (t - v.at) * perMs >= perMinute) buckets.delete(k);
        if (buckets.size >= maxKeys) buckets.clear();
      }
      b = { tokens: perMinute, at: t };
      buckets.set(key, b);
    }
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * perMs);
    b.at = t;
    res.setHeader('RateLimit-Limit', String(perMinute));
    if (b.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      res.setHeader('RateLimit-Remaining', '0');
      return next(
        new HttpProblem(429, 'rate-limited', 'Too many requests', `At most ${perMinute} requests a minute per token; retry after ${retryAfter} s.`, {
          retryAfterSeconds: retryAfter,
        }),
      );
    }
    b.tokens -= 1;
    res.setHeader('RateLimit-Remaining', String(Math.floor(b.tokens)));
    next();
  };
}
