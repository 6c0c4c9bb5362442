// Serves the web dashboard (api/public: plain HTML, CSS and ES modules, no build step) at /.
// Scripts and styles are separate files so the page works under a strict `script-src 'self'` CSP.
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/** Directory of the dashboard's static files. */
export const PUBLIC_DIR = path.join(__dirname, 'public');

/** Static middleware for the dashboard; revalidated on every load so a deploy shows at once. */
export function dashboardStatic(): RequestHandler {
  return express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0, etag: true, fallthrough: true, redirect: false });
}
