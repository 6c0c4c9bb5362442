// `/api/session/codec`: lets a signed-in consultant's or supervisor's browser use the remote codec
// from the Temporal UI, which cannot send bearer tokens, by way of an HttpOnly cookie holding a
// short-lived codec-only session (api/codecSessions.ts), never the API token.
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../auth';
import type { AppDeps } from '../deps';
import { EVERYONE, type ApiOperation } from '../openapi';
import { codecSessionMinutes, createCodecSession, revokeCodecSessions } from '../codecSessions';
import { CODEC_COOKIE } from './codec';

export const sessionOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/session/codec',
    summary: 'Let this browser decode Temporal payloads in the Temporal UI (sets an HttpOnly cookie for /codec)',
    description: 'The cookie holds a codec-only session of CODEC_SESSION_MINUTES (default 60), not the token; `Secure` behind TLS.',
    tags: ['Operations'],
    roles: ['consultant', 'supervisor'],
    responses: { 204: 'Cookie set.' },
  },
  {
    method: 'delete',
    path: '/api/session/codec',
    summary: 'End the caller’s codec sessions and remove the cookie (sign-out)',
    tags: ['Operations'],
    roles: [...EVERYONE, 'citizen'],
    responses: { 204: 'Sessions revoked, cookie removed.' },
  },
];

/**
 * Routes under /api/session/codec: `POST` (consultant, supervisor) starts a codec session for the
 * caller's token and sets it as cookie (HttpOnly, SameSite=Strict, Path=/codec, Secure over https),
 * so the Temporal UI on the same site can decode payloads with "include cross-origin credentials";
 * `DELETE` revokes every codec session of the token at once and removes the cookie (the dashboard does both).
 */
export function sessionRoutes(deps: AppDeps): Router {
  const r = Router();
  const cookie = (req: Request, value: string, maxAge: number) =>
    `${CODEC_COOKIE}=${encodeURIComponent(value)}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`;
  r.post('/', requireRole('consultant', 'supervisor'), async (req, res) => {
    const minutes = codecSessionMinutes();
    const value = await createCodecSession(deps.pool, actorOf(res), String(res.locals.tokenId), minutes);
    res.setHeader('Set-Cookie', cookie(req, value, minutes * 60));
    res.status(204).end();
  });
  r.delete('/', async (req, res) => {
    await revokeCodecSessions(deps.pool, String(res.locals.tokenId));
    res.setHeader('Set-Cookie', cookie(req, '', 0));
    res.status(204).end();
  });
  return r;
}
