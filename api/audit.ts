// The audit log: one append-only row per request that touches case data or decodes Temporal payloads
// (refusals included), written by the middleware here, and the read of one case's trail.
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Actor } from '../domain/kernel/actor.schema';
import { logger, routeTemplate } from './requestLog';

/** Path prefixes whose requests are audited. */
export const AUDITED_PREFIXES = ['/api/cases', '/api/citizen', '/api/tasks', '/api/subsidies', '/api/insurer', '/api/supervisor', '/api/me/cases', '/api/session/codec', '/codec'];

/** At most this many case ids of a list answer are recorded on its audit row (a page is at most 500 rows). */
export const MAX_AUDITED_CASE_IDS = 500;

/** Rows of refusals without an actor (401, per-address 429) written per client address a minute; the rest are counted into the next row's `suppressed`. */
export const REFUSED_AUTH_ROWS_PER_MINUTE = 10;

/** How a request ended, as the audit log records it. */
export type AuditOutcome = 'ok' | 'denied' | 'not-found' | 'invalid' | 'rejected' | 'error' | 'aborted';

/** The outcome of an HTTP status: refusals are kept apart from bad input and domain rejections. */
export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 422) return 'rejected';
  if (status < 500) return 'invalid';
  return 'error';
}

/** One audit row. */
export interface AuditRecord {
  requestId: string;
  actorId: string | null;
  role: string | null;
  organisation: string | null;
  action: string;
  method: string;
  path: string;
  caseId: string | null;
  /** The cases a list answer disclosed (bounded), else null. */
  caseIds?: string[] | null;
  outcome: AuditOutcome;
  status: number;
  /** Refused-authentication rows left out (rate limit) since the last row of this address. */
  suppressed?: number;
}

const CASE_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The case a request is about: the path's case id, else a `caseId` in the answer (intake, tasks, subsidies). */
function caseIdOf(path: string, body: unknown): string | null {
  const m = /^\/api\/cases\/([^/]+)/.exec(path);
  if (m) {
    let id: string;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      return null;
    }
    return CASE_ID.test(id) ? id : null;
  }
  const fromBody = (body as { caseId?: unknown } | null)?.caseId;
  return typeof fromBody === 'string' && CASE_ID.test(fromBody) ? fromBody : null;
}

/** The case ids in a list answer (any `caseId` in its arrays, a few levels deep), unique, at most MAX_AUDITED_CASE_IDS. */
export function caseIdsOf(body: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (found.size >= MAX_AUDITED_CASE_IDS || depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const id = (v as { caseId?: unknown }).caseId;
    if (typeof id === 'string' && CASE_ID.test(id) && depth > 0) found.add(id);
    for (const x of Object.values(v)) if (x !== null && typeof x === 'object') walk(x, depth + 1);
  };
  walk(body, 0);
  return [...found].slice(0, MAX_AUDITED_CASE_IDS);
}

/** Appends one row; exported for tests of the append-only rule. */
export async function writeAudit(pool: Pool, r: AuditRecord): Promise<void> {
  await pool.query(
    `INSERT INTO audit_log (request_id, actor_id, role, organisation, action, method, path, case_id, outcome, status, case_ids, suppressed)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [r.requestId, r.actorId, r.role, r.organisation, r.action, r.method, r.path, r.caseId, r.outcome, r.status, r.caseIds?.length ? r.caseIds : null, r.suppressed ?? 0],
  );
}

/**
 * Per client address: rows of refusals without an actor (401, the per-address 429) are written up to
 * REFUSED_AUTH_ROWS_PER_MINUTE a minute; the rest are counted and the count goes on the next written row.
 */
function refusalGate(perMinute: number, now: () => number) {
  const windows = new Map<string, { start: number; written: number; dropped: number }>();
  return (address: string): { write: boolean; suppressed: number } => {
    const t = now();
    let w = windows.get(address);
    if (!w || t - w.start >= 60_000) {
      const carried = w?.dropped ?? 0;
      if (windows.size >= 50_000) windows.delete(windows.keys().next().value as string);
      windows.delete(address);
      w = { start: t, written: 0, dropped: carried };
      windows.set(address, w);
    }
    if (w.written >= perMinute) {
      w.dropped += 1;
      return { write: false, suppressed: 0 };
    }
    w.written += 1;
    const suppressed = w.dropped;
    w.dropped = 0;
    return { write: true, suppressed };
  };
}

/** One audit row as the API answers it; `id` is also the cursor of the next page. */
export interface AuditEntry extends Omit<AuditRecord, 'caseId'> {
  id: string;
  at: string;
}

/** A case's audit rows after the `after` id (a bigint as text), oldest first, at most `limit`. */
export async function auditTrail(pool: Pool, caseId: string, after: string, limit: number): Promise<AuditEntry[]> {
  const { rows } = await pool.query<{
    id: string;
    at: Date;
    request_id: string;
    actor_id: string | null;
    role: string | null;
    organisation: string | null;
    action: string;
    method: string;
    path: string;
    outcome: AuditOutcome;
    status: number;
  }>(
    `SELECT id::text, at, request_id, actor_id, role, organisation, action, method, path, outcome, status
     FROM audit_log WHERE (case_id = $1 OR case_ids @> ARRAY[$1::text]) AND id > $2::bigint ORDER BY id LIMIT $3`,
    [caseId, after, limit],
  );
  return rows.map((a) => ({
    id: a.id,
    at: a.at.toISOString(),
    requestId: a.request_id,
    actorId: a.actor_id,
    role: a.role,
    organisation: a.organisation,
    action: a.action,
    method: a.method,
    path: a.path,
    outcome: a.outcome,
    status: a.status,
  }));
}

/** The middleware; mount it before authentication so 401s are recorded too. `refusedPerMinute` and `now` are for tests. */
export function auditLog(pool: Pool, opts: { refusedPerMinute?: number; now?: () => number } = {}): RequestHandler {
  const refusals = refusalGate(opts.refusedPerMinute ?? REFUSED_AUTH_ROWS_PER_MINUTE, opts.now ?? Date.now);
  return (req, res, next) => {
    const fullPath = req.path; // now: routers rewrite req.path (relative to their mount) while handling
    if (req.method === 'OPTIONS' || !AUDITED_PREFIXES.some((p) => fullPath === p || fullPath.startsWith(`${p}/`))) return next();
    // Keep the answer's caseId (only the id) for requests whose path names no case.
    let answer: unknown;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      answer = body;
      return json(body);
    };
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      // Problems are sent as strings (e.g. 409 duplicate-case names the existing caseId).
      if (answer === undefined && typeof body === 'string' && res.statusCode >= 400 && body.length < 16_384) {
        try {
          answer = JSON.parse(body);
        } catch {
          // not JSON: no case id to take
        }
      }
      return send(body);
    };
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const actor = res.locals.actor as Actor | undefined;
      const path = fullPath.slice(0, 300);
      const status = res.statusCode;
      let suppressed = 0;
      // Refusals before anyone is known (401, or the per-address 429): a flood must not become a flood of rows.
      if ((status === 401 || status === 429) && !actor) {
        const gate = refusals(req.ip ?? 'unknown');
        if (!gate.write) return;
        suppressed = gate.suppressed;
      }
      const caseId = caseIdOf(fullPath, answer);
      const listed = status < 400 ? [...new Set([...((res.locals.auditCaseIds as string[] | undefined) ?? []), ...caseIdsOf(answer)])] : [];
      const r: AuditRecord = {
        requestId: String(res.locals.requestId ?? 'none'),
        actorId: actor?.actorId ?? null,
        role: actor?.role ?? null,
        organisation: actor?.organisation ?? null,
        action: `${req.method} ${routeTemplate(fullPath)}`,
        method: req.method,
        path,
        caseId,
        caseIds: caseId === null && listed.length > 0 ? listed.slice(0, MAX_AUDITED_CASE_IDS) : null,
        outcome: res.writableFinished ? outcomeOf(status) : 'aborted',
        status,
        suppressed,
      };
      writeAudit(pool, r).catch((err: Error) => {
        // Not fatal for the caller (the answer is out), but never silent: the record goes to the log.
        logger.log('error', 'audit write failed', { error: err.message, audit: r });
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
