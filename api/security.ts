// Security headers on every response (no helmet: the few headers an API needs, set here): no
// sniffing, no framing, no referrer, a deny-all CSP for API answers, no caching of case data, HSTS on https.
import type { RequestHandler } from 'express';

/** CSP of JSON answers: they are never rendered, so nothing may load or run. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** CSP of the HTML docs page: inline styles only, no scripts. */
export const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** Baseline CSP for anything else (e.g. a dashboard served from this origin). */
export const PAGE_CSP = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

/** Options: `trustProxy` lets `X-Forwarded-Proto: https` from a TLS-terminating proxy count as https. */
export function securityHeaders(opts: { trustProxy?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const api = req.path === '/api' || req.path.startsWith('/api/') || req.path.startsWith('/codec');
    res.setHeader('Content-Security-Policy', api ? API_CSP : PAGE_CSP);
    if (api) {
      // Case data must not sit in browser or proxy caches.
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    }
    const forwarded = opts.trustProxy ? req.header('x-forwarded-proto')?.split(',')[0].trim() : undefined;
    if (req.secure || forwarded === 'https') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
