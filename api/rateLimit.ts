// Rate limiting: an in-memory token bucket per key; an empty bucket answers 429 problem+json with
// Retry-After. Two instances guard the API (api/app.ts): per client address before authentication
// (so invented tokens share their sender's bucket) and per actor after it. Per process: replicas limit separately.
import type { Request, RequestHandler, Response } from 'express';
import { HttpProblem } from './problems';

/** Settings: requests per minute (also the burst size), the key of a request, an injectable clock, a bound on tracked keys. */
export interface RateLimitOptions {
  perMinute: number;
  /** The bucket a request counts against; null: not counted (e.g. no actor yet). */
  key: (req: Request, res: Response) => string | null;
  /** Requests not counted (e.g. load-balancer health checks). */
  skip?: (path: string) => boolean;
  /** Names the unit in the 429 detail ("per client address", "per actor"). */
  per?: string;
  now?: () => number;
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A positive whole number of requests a minute from `name` in the environment, or `fallback`. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env, name = 'RATE_LIMIT_PER_MINUTE', fallback = 600): number {
  const n = Number(env[name] ?? fallback);
  if (!Number.isFinite(n) || n < 1) throw new Error(`${name} must be a positive number`);
  return n;
}

/** The client address a request is counted under (behind a trusted proxy: the address the proxy saw, see `trust proxy`). */
export const clientAddressKey = (req: Request): string => `ip:${req.ip ?? 'unknown'}`;

/** The middleware. */
export function rateLimit(opts: RateLimitOptions): RequestHandler {
  const { perMinute, key, now = Date.now, maxKeys = 50_000, skip = () => false, per = '' } = opts;
  const perMs = perMinute / 60_000;
  // Insertion order = least recently used first (a used bucket is re-inserted), so eviction drops the stalest.
  const buckets = new Map<string, Bucket>();
  return (req, res, next) => {
    if (skip(req.path)) return next();
    const k = key(req, res);
    if (k === null) return next();
    const t = now();
    let b = buckets.get(k);
    if (b) {
      buckets.delete(k);
    } else {
      if (buckets.size >= maxKeys) {
        // Buckets (nearly) full again carry (almost) no information: drop those in one sweep, so a flood
        // of one-request keys cannot push out a drained bucket; only then the least recently used.
        for (const [bk, v] of buckets) if (v.tokens + (t - v.at) * perMs >= perMinute - 1) buckets.delete(bk);
        while (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
      }
      b = { tokens: perMinute, at: t };
    }
    buckets.set(k, b);
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * perMs);
    b.at = t;
    res.setHeader('RateLimit-Limit', String(perMinute));
    if (b.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      res.setHeader('RateLimit-Remaining', '0');
      return next(
        new HttpProblem(429, 'rate-limited', 'Too many requests', `At most ${perMinute} requests a minute${per ? ` ${per}` : ''}; retry after ${retryAfter} s.`, {
          retryAfterSeconds: retryAfter,
        }),
      );
    }
    b.tokens -= 1;
    res.setHeader('RateLimit-Remaining', String(Math.floor(b.tokens)));
    next();
  };
}
