// The remote codec of the Temporal UI (`POST /codec/encode`, `POST /codec/decode`): decrypts
// payloads for consultants and supervisors only, with CORS for the UI's origin (TEMPORAL_UI_ORIGIN).
import { Router, type RequestHandler } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { authenticate, requireRole } from '../auth';
import { codecSessionLookup } from '../codecSessions';
import type { AppDeps } from '../deps';
import { HttpProblem, parseInput } from '../problems';
import type { ApiOperation } from '../openapi';
import { payloadCodec } from '../../infra/dataConverter';

const base64 = z.string().max(4_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** The UI's wire format: payloads as in Temporal's JSON protobuf, bytes in base64. */
export const codecBodySchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string().max(200), base64).optional(), data: base64.optional() })).max(1000),
});
type WirePayload = z.infer<typeof codecBodySchema>['payloads'][number];

const fromWire = (p: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toWire = (p: Payload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * The cookie that lets a signed-in consultant's or supervisor's browser use the codec from the
 * Temporal UI, which cannot send our bearer tokens (set by `POST /api/session/codec`, routes/session.ts).
 * It carries a codec session (api/codecSessions.ts), never an API token.
 */
export const CODEC_COOKIE = 'rt_codec';

/** The UI origin allowed to call the codec from the browser (default: the dev server's UI). */
export const temporalUiOrigin = (env: NodeJS.ProcessEnv = process.env): string => env.TEMPORAL_UI_ORIGIN ?? 'http://localhost:8233';

function cors(origin: string): RequestHandler {
  return (req, res, next) => {
    if (req.header('origin') === origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

export const codecOperations: ApiOperation[] = (['encode', 'decode'] as const).map((op) => ({
  method: 'post',
  path: `/codec/${op}`,
  summary: `${op === 'encode' ? 'Encrypt' : 'Decrypt'} Temporal payloads (Temporal UI remote codec)`,
  description: 'Body and answer `{ payloads: [{ metadata: {key: base64}, data: base64 }] }`. CORS allows the origin in TEMPORAL_UI_ORIGIN.',
  tags: ['Operations'],
  roles: ['consultant', 'supervisor'],
  body: codecBodySchema,
  responses: { 200: { description: 'The payloads, transformed in order.', schema: codecBodySchema } },
}));

/** Routes under /codec; `codec` defaults to the service's payload codec; `afterAuth` runs once the caller is known (the per-actor limit). */
export function codecRoutes(deps: AppDeps, codec: PayloadCodec = payloadCodec(process.env, false), afterAuth: RequestHandler[] = []): Router {
  const r = Router();
  r.use(cors(temporalUiOrigin()));
  r.use(authenticate(deps.pool, { cookie: { name: CODEC_COOKIE, lookup: codecSessionLookup(deps.pool) } }), ...afterAuth);
  r.use(requireRole('consultant', 'supervisor'));
  for (const op of ['encode', 'decode'] as const) {
    r.post(`/${op}`, async (req, res) => {
      const body = parseInput(codecBodySchema, req.body);
      let out: Payload[];
      try {
        out = await codec[op](body.payloads.map(fromWire));
      } catch (err) {
        throw new HttpProblem(400, 'undecodable', 'Cannot transform payloads', (err as Error).message);
      }
      res.json({ payloads: out.map(toWire) });
    });
  }
  return r;
}
