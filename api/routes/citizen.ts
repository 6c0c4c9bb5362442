// The citizen's own view: per-case tokens the consultant creates (sent to the citizen by email as a
// link), lists and revokes, and the citizen's read of their case; `citizenScope` keeps a citizen's
// token to the few operations that name the role.
import { Router, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import { actorOf, createToken } from '../auth';
import { todayOf, type AppDeps } from '../deps';
import { forbidden, notFound } from '../problems';
import { loadCase, loadCaseFor } from '../caseRepository';
import type { ApiOperation } from '../openapi';
import { renderCitizenView } from '../../domain/case/citizen.view';
import { renderEmail } from '../../domain/email/emailTemplates';
import { policyFor } from '../../domain/kernel/policy';

export const citizenOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/cases/{caseId}/citizen-tokens',
    summary: "Create the citizen's own token for this case and email it to the citizen as a link",
    description:
      "The token is not in the answer: it goes only to the citizen's email address (template `citizen-access`). It reads this case's citizen view and nothing else; revoke it with `…/citizen-tokens/{tokenId}/revoke`.",
    tags: ['Citizen'],
    roles: ['consultant'],
    responses: { 201: '`{ tokenId, caseId, sentTo, createdAt, expiresAt }`' },
  },
  {
    method: 'get',
    path: '/api/cases/{caseId}/citizen-tokens',
    summary: "The citizen tokens of this case (without the tokens), revoked ones included",
    tags: ['Citizen'],
    roles: ['consultant'],
    responses: { 200: '`{ items: [{ tokenId, createdAt, revokedAt, expiresAt }] }`' },
  },
  {
    method: 'post',
    path: '/api/cases/{caseId}/citizen-tokens/{tokenId}/revoke',
    summary: "Revoke a citizen's token (at once; again is harmless)",
    tags: ['Citizen'],
    roles: ['consultant'],
    responses: { 200: '`{ tokenId, revokedAt }`', 404: 'No such token on this case.' },
  },
  {
    method: 'get',
    path: '/api/citizen/case',
    summary: "The citizen's own case in plain Danish: status, plan, next steps, promises with owner and due date, meetings, decisions with appeal deadline, subsidies",
    tags: ['Citizen'],
    roles: ['citizen'],
    responses: { 200: 'The citizen view.' },
  },
];

// What a citizen's token may call; everything else is 404 on case data (not even its own case's other
// resources are disclosed as existing to it) and 403 elsewhere.
const CITIZEN_ALLOWED: Array<[string, RegExp]> = [
  ['GET', /^\/api\/cases\/[^/]+\/?$/],
  ['GET', /^\/api\/citizen\/case\/?$/],
  ['GET', /^\/api\/me(\/cases)?\/?$/],
  ['DELETE', /^\/api\/session\/codec\/?$/],
];

/** Keeps a citizen's token to its own view (mounted after authentication). */
export const citizenScope: RequestHandler = (req, res, next) => {
  if (actorOf(res).role !== 'citizen') return next();
  const path = req.originalUrl.split('?')[0];
  // An allowed path with another method goes on to the routes: no route (404) or the route's own role check.
  if (CITIZEN_ALLOWED.some(([, re]) => re.test(path))) return next();
  if (/^\/api\/(cases|tasks|subsidies)(\/|$)/.test(path) && path.split('/').length > 3) return next(notFound('case'));
  next(forbidden('A citizen reads only their own case: GET /api/citizen/case.'));
};

async function queueCitizenEmail(pool: Pool, key: string, caseId: string, to: { name: string; email: string }, params: Record<string, unknown>, publicUrl: string) {
  const { subject, text } = renderEmail('citizen-access', params, publicUrl);
  await pool.query(
    `INSERT INTO email_outbox (key, case_id, to_email, to_name, template, subject, body) VALUES ($1,$2,$3,$4,'citizen-access',$5,$6)
     ON CONFLICT (key) DO NOTHING`,
    [key, caseId, to.email, to.name, subject, text],
  );
}

/** Routes for the citizen's tokens (under /api/cases) and view (/api/citizen). */
export function citizenRoutes(deps: AppDeps): { cases: Router; citizen: Router } {
  const cases = Router();
  const citizen = Router();
  const refusal = "Only the Retention Centre gives the citizen access to their case.";

  cases.post('/:caseId/citizen-tokens', async (req, res) => {
    const { state } = await loadCaseFor(deps.pool, actorOf(res), req.params.caseId, 'invite-citizen', refusal);
    const { token, tokenId, expiresAt } = await createToken(deps.pool, {
      role: 'citizen',
      organisation: state.caseId,
      caseId: state.caseId,
      name: state.citizen.name,
      email: state.citizen.email,
    });
    await queueCitizenEmail(
      deps.pool,
      `citizen-access:${state.caseId}:${tokenId}`,
      state.caseId,
      { name: state.citizen.name, email: state.citizen.email },
      { name: state.citizen.name, injuryCaseRef: state.injuryCaseRef, token },
      deps.publicUrl ?? process.env.PUBLIC_URL ?? 'http://localhost:3000',
    );
    res.status(201).json({ tokenId, caseId: state.caseId, sentTo: state.citizen.email, createdAt: new Date().toISOString(), expiresAt });
  });

  cases.get('/:caseId/citizen-tokens', async (req, res) => {
    const { state } = await loadCaseFor(deps.pool, actorOf(res), req.params.caseId, 'invite-citizen', refusal);
    const { rows } = await deps.pool.query<{ token_id: string; created_at: Date; revoked_at: Date | null; expires_at: Date | null }>(
      `SELECT token_id, created_at, revoked_at, expires_at FROM actors WHERE role = 'citizen' AND case_id = $1 ORDER BY created_at, token_id`,
      [state.caseId],
    );
    res.json({
      items: rows.map((r) => ({
        tokenId: r.token_id,
        createdAt: r.created_at.toISOString(),
        revokedAt: r.revoked_at?.toISOString() ?? null,
        expiresAt: r.expires_at?.toISOString() ?? null,
      })),
    });
  });

  cases.post('/:caseId/citizen-tokens/:tokenId/revoke', async (req, res) => {
    const { state } = await loadCaseFor(deps.pool, actorOf(res), req.params.caseId, 'invite-citizen', refusal);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(req.params.tokenId)) throw notFound('citizen token');
    const { rows } = await deps.pool.query<{ revoked_at: Date }>(
      `UPDATE actors SET revoked_at = COALESCE(revoked_at, now()) WHERE role = 'citizen' AND case_id = $1 AND token_id = $2 RETURNING revoked_at`,
      [state.caseId, req.params.tokenId],
    );
    if (rows.length === 0) throw notFound('citizen token');
    res.json({ tokenId: req.params.tokenId, revokedAt: rows[0].revoked_at.toISOString() });
  });

  citizen.get('/case', async (_req, res) => {
    const actor = actorOf(res);
    if (actor.role !== 'citizen') throw forbidden('This is the citizen’s own view; staff and parties read GET /api/cases/{caseId}.');
    const { state } = await loadCase(deps.pool, actor, actor.organisation);
    const day = todayOf(deps);
    res.json(renderCitizenView(state, day, policyFor(day)));
  });

  return { cases, citizen };
}
