// Structured JSON log lines (one object per line) and the per-request access log: method, route
// template, status, duration, request id and actor id; never names, emails, bodies or queries.
import type { RequestHandler } from 'express';

/** Severity of a log line; `LOG_LEVEL` (default info) drops lines below it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where log lines go; tests swap `sink` to inspect them. */
export const logger = {
  sink: (line: string): void => {
    process.stdout.write(`${line}\n`);
  },
  enabled(level: LogLevel): boolean {
    const min = LEVELS[(process.env.LOG_LEVEL as LogLevel) ?? 'info'] ?? LEVELS.info;
    return LEVELS[level] >= min;
  },
  /** Writes one JSON line; `fields` must hold no personal data. */
  log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (this.enabled(level)) this.sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  },
};

// Path segments after these nouns are ids; replacing them gives a template that groups requests.
const ID_AFTER = new Set(['cases', 'tasks', 'subsidies', 'roundtables', 'decisions', 'appeals', 'promises', 'insurer-consultations']);
const ID_NAME: Record<string, string> = {
  cases: ':caseId',
  tasks: ':taskId',
  subsidies: ':subsidyId',
  roundtables: ':roundtableId',
  decisions: ':decisionId',
  appeals: ':appealId',
  promises: ':promiseId',
  'insurer-consultations': ':consultationId',
};

/**
 * The route template of a path (`/api/cases/c12/timeline` → `/api/cases/:caseId/timeline`), so logs
 * and audit group by operation; capped because unknown paths are attacker-chosen.
 */
export function routeTemplate(path: string): string {
  const segs = path.split('/');
  const out = segs.map((s, i) => (i > 0 && ID_AFTER.has(segs[i - 1]) && s !== '' && !(segs[i - 2] === 'insurer') ? ID_NAME[segs[i - 1]] : s));
  return out.join('/').slice(0, 200);
}

/** Writes one `request` line per finished (or aborted) request. */
export function requestLog(): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const path = req.path; // now: routers rewrite req.path (relative to their mount) while handling
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away first
      logger.log(status >= 500 ? 'error' : 'info', 'request', {
        method: req.method,
        route: routeTemplate(path),
        status,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        requestId: res.locals.requestId,
        actorId: (res.locals.actor as { actorId?: string } | undefined)?.actorId ?? null,
      });
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
