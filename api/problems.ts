// RFC 9457 problem+json errors: one error type for every refusal, and the Express handlers that
// turn anything thrown (zod errors, bad JSON, oversized bodies, bugs) into a problem response.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

/** A refusal the API answers with; `code` becomes the end of the problem `type`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

/** One entry per bad field, paths like `citizen.name`. */
export function fieldErrors(err: z.ZodError): Array<{ path: string; message: string }> {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** Validates input against a schema or throws a 400 problem naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new HttpProblem(400, 'validation', 'Invalid request', `The request ${where} has invalid fields.`, {
      errors: fieldErrors(r.error),
    });
  }
  return r.data;
}

/** Shorthands for the common refusals. */
export const notFound = (what = 'case') => new HttpProblem(404, 'not-found', 'Not found', `No such ${what}.`);
export const forbidden = (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail);

function send(res: Parameters<RequestHandler>[1], status: number, body: Record<string, unknown>) {
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

/** 404 for routes that do not exist. */
export const unknownRoute: RequestHandler = (req, res) => {
  send(res, 404, { type: '/problems/not-found', title: 'Not found', status: 404, detail: `No route ${req.method} ${req.path}.` });
};

/** The last error handler: maps every error to problem+json and never leaks internals. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = res.locals.requestId as string | undefined;
  if (err instanceof HttpProblem) {
    send(res, err.status, { type: `/problems/${err.code}`, title: err.title, status: err.status, detail: err.detail, requestId, ...err.extra });
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    send(res, 400, { type: '/problems/bad-json', title: 'Malformed JSON', status: 400, detail: 'The body is not valid JSON.', requestId });
    return;
  }
  if (e.type === 'entity.too.large') {
    send(res, 413, { type: '/problems/too-large', title: 'Body too large', status: 413, detail: 'The body exceeds the size limit.', requestId });
    return;
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    send(res, e.status, { type: '/problems/bad-request', title: 'Bad request', status: e.status, detail: e.message, requestId });
    return;
  }
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', requestId, path: req.path, error: String(err?.stack ?? err) }));
  send(res, 500, { type: '/problems/internal', title: 'Internal error', status: 500, detail: 'Something went wrong; it has been logged.', requestId });
};
