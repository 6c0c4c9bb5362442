// The audit log: one append-only row per request that touches case data or decodes Temporal payloads
// (refusals included), written by the middleware here, and the read of one case's trail.
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Actor } from '../domain/kernel/actor.schema';
import { logger, routeTemplate } from './requestLog';

/** Path prefixes whose requests are audited. */
export const AUDITED_PREFIXES = ['/api/cases', '/api/citizen', '/api/tasks', '/api/subsidies', '/api/insurer', '/api/supervisor', '/codec'];

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
  outcome: AuditOutcome;
  status: number;
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

/** Appends one row; exported for tests of the append-only rule. */
export async function writeAudit(pool: Pool, r: AuditRecord): Promise<void> {
  await pool.query(
    `INSERT INTO audit_log (request_id, actor_id, role, organisation, action, method, path, case_id, outcome, status)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [r.requestId, r.actorId, r.role, r.organisation, r.action, r.method, r.path, r.caseId, r.outcome, r.status],
  );
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
     FROM audit_log WHERE case_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3`,
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

/** The middleware; mount it before authentication so 401s are recorded too. */
export function auditLog(pool: Pool): RequestHandler {
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
      const r: AuditRecord = {
        requestId: String(res.locals.requestId ?? 'none'),
        actorId: actor?.actorId ?? null,
        role: actor?.role ?? null,
        organisation: actor?.organisation ?? null,
        action: `${req.method} ${routeTemplate(fullPath)}`,
        method: req.method,
        path,
        caseId: caseIdOf(fullPath, answer),
        outcome: res.writableFinished ? outcomeOf(res.statusCode) : 'aborted',
        status: res.statusCode,
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
