// The OpenAPI 3.1 document of the operations the route modules declare with the zod schemas they validate
// with: `GET /api/openapi.json`, and `GET /api/docs` as a plain HTML page (no scripts, no CDN).
import { Router } from 'express';
import { z } from 'zod';
import { roleSchema, type Role } from '../domain/kernel/actor.schema';
import { DOCS_CSP } from './security';

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One operation as a route module declares it. */
export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/cases/{caseId}/timeline`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Roles that may call it, or `public` (no token). */
  roles: Role[] | 'public';
  /** Descriptions of path parameters (defaults name them). */
  params?: Record<string, string>;
  /** Query parameters: a zod object (the one the route parses with). */
  query?: z.ZodObject;
  /** Request body (JSON): the zod schema the route parses with. */
  body?: z.ZodType;
  /** Request headers the operation reads, e.g. `Idempotency-Key`. */
  headers?: Record<string, { description: string; required?: boolean }>;
  /** Answers by status: a description, optionally with a zod schema of the JSON body. */
  responses: Record<number, string | { description: string; schema?: z.ZodType }>;
}

/**
 * Every role but the citizen's: for operations anyone with a token may call (access to the case itself
 * still applies). A citizen's token reaches only what names 'citizen' (api/routes/citizen.ts, citizenScope).
 */
export const EVERYONE: Role[] = roleSchema.options.filter((r) => r !== 'citizen');

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), as the client sends it (`io: input`). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const problemRef = { $ref: '#/components/schemas/Problem' };
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });

function responsesOf(op: ApiOperation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const paramNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (op.body || op.query) out['400'] = problem('Invalid input: one `errors` entry per bad field.');
  if (op.roles !== 'public') {
    out['401'] = problem('Missing, unknown or revoked token.');
    if (op.roles.length < EVERYONE.length) out['403'] = problem(`Known resource, but the action is for: ${op.roles.join(', ')}.`);
    out['429'] = problem('Rate limit per client address or per actor exceeded; see `Retry-After`.');
  }
  if (paramNames.length) out['404'] = problem('Unknown, or not visible to the caller (never 403 for that).');
  if (op.body) {
    out['413'] = problem('Body over the size limit.');
    out['415'] = problem('Body is not `application/json`.');
  }
  for (const [status, r] of Object.entries(op.responses)) {
    const { description, schema } = typeof r === 'string' ? { description: r, schema: undefined } : r;
    out[status] =
      Number(status) >= 400
        ? problem(description)
        : { description, ...(schema ? { content: { 'application/json': { schema: jsonSchemaOf(schema) } } } : {}) };
  }
  return out;
}

function operationObject(op: ApiOperation): Record<string, unknown> {
  const parameters: unknown[] = [];
  for (const m of op.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name: m[1], in: 'path', required: true, description: op.params?.[m[1]] ?? m[1], schema: { type: 'string' } });
  }
  if (op.query) {
    const q = jsonSchemaOf(op.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
    }
  }
  for (const [name, h] of Object.entries(op.headers ?? {})) {
    parameters.push({ name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string' } });
  }
  const roles = op.roles === 'public' ? 'public (no token)' : op.roles.join(', ');
  return {
    operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: op.summary,
    description: [op.description, `Roles: ${roles}.`].filter(Boolean).join('\n\n'),
    tags: op.tags,
    'x-roles': op.roles,
    ...(op.roles === 'public' ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(op.body) } } } } : {}),
    responses: responsesOf(op),
  };
}

/** The OpenAPI 3.1 document of the given operations, in their order. */
export function openApiDocument(ops: readonly ApiOperation[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Retention cases API',
      version: '1',
      description:
        'Retention cases of injured, sick-listed workers. Bodies are JSON; errors are `application/problem+json`; ' +
        'every answer carries `X-Request-Id`. A case the caller may not know answers 404, a forbidden action on a known case 403.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from `npm run token -- create …`.' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON Schema is open-ended

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(typeOf).join(' | ');
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  return Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
}

function constraintsOf(s: Schema): string {
  const parts: string[] = [];
  for (const [k, label] of [
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minimum', '≥'],
    ['maximum', '≤'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
    ['pattern', 'pattern'],
    ['format', 'format'],
    ['default', 'default'],
  ] as const) {
    if (k === 'pattern' && s.format) continue; // the format says it more readably
    if (s[k] !== undefined) parts.push(`${label} ${typeof s[k] === 'string' ? s[k] : JSON.stringify(s[k])}`);
  }
  if (s.description) parts.unshift(s.description);
  return parts.join('; ');
}

/** Flattens a schema into rows `path, type, required, constraints`, nested objects as `a.b`. */
function fieldRows(s: Schema, prefix = '', required = true, out: string[] = []): string[] {
  const nested = (s.anyOf ?? s.oneOf)?.find((a: Schema) => a.type === 'object') ?? (s.type === 'object' ? s : undefined);
  if (prefix) out.push(`<tr><td><code>${esc(prefix)}</code></td><td>${esc(typeOf(s))}</td><td>${required ? 'yes' : ''}</td><td>${esc(constraintsOf(s))}</td></tr>`);
  if (nested?.properties) {
    for (const [name, child] of Object.entries(nested.properties as Record<string, Schema>)) {
      fieldRows(child, prefix ? `${prefix}.${name}` : name, (nested.required ?? []).includes(name), out);
    }
  } else if (s.type === 'array' && s.items?.type === 'object') {
    fieldRows(s.items, `${prefix}[]`, true, out);
  }
  return out;
}

function fieldTable(s: Schema): string {
  const rows = fieldRows(s);
  if (!rows.length) return `<p>${esc(typeOf(s))}</p>`;
  return `<table><tr><th>field</th><th>type</th><th>required</th><th>rules</th></tr>${rows.join('')}</table>`;
}

/** The document as a readable HTML page: one section per operation with roles, inputs and answers. */
export function docsHtml(doc: Schema): string {
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as Schema[];
      const body = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      const responses = Object.entries(op.responses as Record<string, Schema>)
        .map(([status, r]) => `<li><b>${esc(status)}</b> ${esc(r.description)}</li>`)
        .join('');
      sections.push(`<section id="${esc(op.operationId)}">
<h2><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>
<p><b>${esc(op.summary)}</b></p>${String(op.description ?? '')
        .split('\n\n')
        .map((p) => `<p>${esc(p)}</p>`)
        .join('')}
${params.length ? `<h3>Parameters</h3><table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>rules</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema ?? {}))}</td><td>${p.required ? 'yes' : ''}</td><td>${esc(p.description && p.description !== p.name ? p.description : constraintsOf(p.schema ?? {}))}</td></tr>`).join('')}</table>` : ''}
${body ? `<h3>Body (application/json)</h3>${fieldTable(body)}` : ''}
<h3>Answers</h3><ul>${responses}</ul>
</section>`);
    }
  }
  const toc = Object.entries(doc.paths as Record<string, Record<string, Schema>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => `<li><a href="#${esc(op.operationId)}">${esc(m.toUpperCase())} ${esc(path)}</a> ${esc(op.summary)}</li>`))
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
section{border-top:1px solid #ccc;margin-top:1.5rem}.m{font-family:monospace;padding:.1em .4em;border-radius:3px;color:#fff;background:#555}.get{background:#2a6}.post{background:#26a}</style></head>
<body><h1>${esc(doc.info.title)} <small>v${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p><ul>${toc}</ul>${sections.join('\n')}</body></html>`;
}

/** The document's own operations. */
export const openApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI document',
    tags: ['Operations'],
    roles: 'public',
    responses: { 200: 'The OpenAPI 3.1 document, generated from the zod schemas the routes validate with.' },
  },
  {
    method: 'get',
    path: '/api/docs',
    summary: 'This document as an HTML page',
    tags: ['Operations'],
    roles: 'public',
    responses: { 200: 'HTML.' },
  },
];

/** `GET /openapi.json` and `GET /docs` of the given operations, mounted under /api before authentication. */
export function openApiRoutes(ops: readonly ApiOperation[]): Router {
  const r = Router();
  // Built on first use, not per request: the operations do not change while the app runs.
  let doc: Record<string, unknown> | undefined;
  const document = () => (doc ??= openApiDocument(ops));
  r.get('/openapi.json', (_req, res) => {
    res.json(document());
  });
  r.get('/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(docsHtml(document()));
  });
  return r;
}
