// `/api/session/codec`: lets a signed-in consultant's or supervisor's browser use the remote codec
// from the Temporal UI, which cannot send bearer tokens, by way of an HttpOnly cookie.
import { Router, type Request } from 'express';
import { requireRole } from '../auth';
import { HttpProblem } from '../problems';
import { EVERYONE, type ApiOperation } from '../openapi';
import { CODEC_COOKIE } from './codec';

export const sessionOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/session/codec',
    summary: 'Let this browser decode Temporal payloads in the Temporal UI (sets an HttpOnly cookie for /codec)',
    tags: ['Operations'],
    roles: ['consultant', 'supervisor'],
    responses: { 204: 'Cookie set.' },
  },
  {
    method: 'delete',
    path: '/api/session/codec',
    summary: 'Remove the codec cookie (sign-out)',
    tags: ['Operations'],
    roles: [...EVERYONE, 'citizen'],
    responses: { 204: 'Cookie removed.' },
  },
];

/**
 * Routes under /api/session/codec: `POST` (consultant, supervisor) sets the codec cookie for the
 * caller's token (HttpOnly, SameSite=Strict, Path=/codec, 8 hours), so the Temporal UI on the same
 * site can decode payloads with "include cross-origin credentials"; `DELETE` removes it (the dashboard does both).
 */
export function sessionRoutes(): Router {
  const r = Router();
  const cookie = (req: Request, value: string, maxAge: number) =>
    `${CODEC_COOKIE}=${encodeURIComponent(value)}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`;
  r.post('/', requireRole('consultant', 'supervisor'), (req, res) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!token) throw new HttpProblem(400, 'bearer-required', 'Bearer token required', 'Sign in with Authorization: Bearer <token>.');
    res.setHeader('Set-Cookie', cookie(req, token, 8 * 3600));
    res.status(204).end();
  });
  r.delete('/', (req, res) => {
    res.setHeader('Set-Cookie', cookie(req, '', 0));
    res.status(204).end();
  });
  return r;
}
