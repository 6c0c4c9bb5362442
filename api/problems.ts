// RFC 9457 problem+json errors: the one error type and title mapping for every refusal (domain rejections
// included), and the Express handlers that turn anything thrown into a problem response.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { DomainRejection } from '../domain/kernel/change';

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

const TITLES: Record<number, string> = { 400: 'Invalid request', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 503: 'Service unavailable' };

/** A problem titled by its status; anything else the domain refuses (422) is "Not possible now". */
export function problemOf(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): HttpProblem {
  return new HttpProblem(status, code, TITLES[status] ?? 'Not possible now', detail, extra);
}

/** The problem a domain rejection asks for, whether it was thrown here or in a workflow. */
export const problemFromRejection = (r: DomainRejection): HttpProblem => problemOf(r.status, r.code, r.message, r.extra);

/** One entry per bad field, paths like `citizen.name`. */
export function fieldErrors(err: z.ZodError): Array<{ path: string; message: string }> {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** A 400 naming the bad fields; the same shape whatever was checked (body, query, header). */
export const invalid = (detail: string, errors: Array<{ path: string; message: string }>): HttpProblem =>
  problemOf(400, 'validation', detail, { errors });

/** Validates input against a schema or throws a 400 problem naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(`The request ${where} has invalid fields.`, fieldErrors(r.error));
  return r.data;
}

/**
 * 503 with Retry-After: a command waits on a busy case or a dependency that is down. It may still be
 * applied (it is durable once accepted), so the client retries with the same Idempotency-Key.
 */
export const unavailable = (detail: string, retryAfterSeconds: number): HttpProblem => problemOf(503, 'unavailable', detail, { retryAfterSeconds });

/** Shorthands for the common refusals. */
export const notFound = (what = 'case') => problemOf(404, 'not-found', `No such ${what}.`);
export const forbidden = (detail: string) => problemOf(403, 'forbidden', detail);

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
  const problem = err instanceof DomainRejection ? problemFromRejection(err) : err;
  if (problem instanceof HttpProblem) {
    if (typeof problem.extra.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.extra.retryAfterSeconds));
    send(res, problem.status, {
      type: `/problems/${problem.code}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      requestId,
      ...problem.extra,
    });
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
