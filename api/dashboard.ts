// Serves the web workbench (api/public: plain HTML, CSS and ES modules, no build step) at /, and the
// Det Fælles Designsystem (npm dkfds) dist files at /vendor/dkfds/ (css, js, fonts, icons; no CDN).
// Scripts and styles are separate files so the pages work under a strict `script-src 'self'` CSP.
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';

/** Directory of the workbench's static files. */
export const PUBLIC_DIR = path.join(__dirname, 'public');
/** The designsystem's built files, straight from node_modules (the installed version is pinned in package.json). */
export const DKFDS_DIST = path.join(path.dirname(require.resolve('dkfds')), '..');

/** Static middleware for the workbench; revalidated on every load so a deploy shows at once. */
export function dashboardStatic(): RequestHandler {
  const r = Router();
  r.use('/vendor/dkfds', express.static(DKFDS_DIST, { index: false, maxAge: '1h', etag: true, fallthrough: true, redirect: false }));
  r.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0, etag: true, fallthrough: true, redirect: false }));
  return r;
}
