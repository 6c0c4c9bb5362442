// The Express app factory: JSON only, problem+json errors, bearer auth on /api, request ids, and the
// OpenAPI document of every operation the routes serve.
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { authenticate } from './auth';
import type { AppDeps } from './deps';
import { mountMetrics } from './metrics';
import { HttpProblem, problemHandler, unknownRoute } from './problems';
import { securityHeaders } from './security';
import { requestLog } from './requestLog';
import { auditLog } from './audit';
import { actorKey, clientAddressKey, rateLimit, rateLimitFromEnv } from './rateLimit';
import { openApiOperations, openApiRoutes, type ApiOperation } from './openapi';
import { auditOperations, auditRoutes } from './routes/audit';
import { caseOperations, caseRoutes } from './routes/cases';
import { closingOperations, closingRoutes } from './routes/closing';
import { codecOperations, codecRoutes } from './routes/codec';
import { consentOperations, consentRoutes } from './routes/consents';
import { citizenOperations, citizenRoutes, citizenScope } from './routes/citizen';
import { healthOperations, healthRoutes } from './routes/health';
import { legalOperations, legalRoutes } from './routes/legal';
import { meOperations, meRoutes } from './routes/me';
import { roundtableOperations, roundtableRoutes } from './routes/roundtables';
import { sessionOperations, sessionRoutes } from './routes/session';
import { sickPayOperations, sickPayRoutes } from './routes/sick-pay';
import { subsidyOperations, subsidyRoutes } from './routes/subsidies';
import { supervisionOperations, supervisionRoutes } from './routes/supervision';
import { taskOperations, taskRoutes } from './routes/tasks';
import { retentionOperations, retentionRoutes } from './routes/retention';
import { dashboardStatic } from './dashboard';

/** Every operation the app serves, sorted by path then method (the OpenAPI document's order). */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...openApiOperations,
  ...healthOperations,
  ...caseOperations,
  ...sickPayOperations,
  ...legalOperations,
  ...roundtableOperations,
  ...closingOperations,
  ...auditOperations,
  ...taskOperations,
  ...subsidyOperations,
  ...supervisionOperations,
  ...meOperations,
  ...sessionOperations,
  ...codecOperations,
  ...consentOperations,
  ...citizenOperations,
  ...retentionOperations,
].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));

/** Builds the app; it holds no state of its own beyond its dependencies. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Answers are no-store case data: no ETags, and conditional headers are dropped so that
  // `If-None-Match: *` cannot turn an answer into an empty 304 (found by the fuzz suite).
  app.set('etag', false);
  app.use((req, _res, next) => {
    if (/^\/(api|codec)(\/|$)/.test(req.path)) {
      delete req.headers['if-none-match'];
      delete req.headers['if-modified-since'];
    }
    next();
  });
  app.set('query parser', 'simple');
  // Behind the shipped nginx (one hop) `TRUST_PROXY=1`: req.ip is the client's address from
  // X-Forwarded-For (per-address limits, refused-auth audit) and req.secure follows X-Forwarded-Proto.
  const proxyHops = Number(process.env.TRUST_PROXY ?? 0);
  if (Number.isInteger(proxyHops) && proxyHops > 0) app.set('trust proxy', proxyHops);
  // First, so every request is counted and timed; GET /metrics sits outside the bearer auth of /api.
  mountMetrics(app, { pool: deps.pool, token: deps.metricsToken });
  app.use((req, res, next) => {
    const requestId = /^[A-Za-z0-9-]{8,64}$/.test(req.header('x-request-id') ?? '') ? req.header('x-request-id')! : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    next();
  });
  // Headers, one log line per request and audit rows come before the limiter, so refusals are logged and audited too.
  app.use(securityHeaders({ trustProxy: process.env.TRUST_PROXY === '1' }));
  app.use(requestLog());
  app.use(auditLog(deps.pool));
  // Per client address before authentication: invented tokens cannot open fresh counts, and the
  // liveness check is counted too (it is cheap, but not free to flood).
  app.use(
    rateLimit({
      perMinute: rateLimitFromEnv(process.env, 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 1200),
      key: clientAddressKey,
      per: 'per client address',
      skip: (p) => !/^\/(api|codec)(\/|$)/.test(p),
    }),
  );
  // Per actor after authentication (mounted behind each authenticate below).
  const perActor = rateLimit({
    perMinute: rateLimitFromEnv(),
    key: actorKey,
    per: 'per actor',
  });
  app.use((req, _res, next) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Number(req.header('content-length') ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      return next(new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'Send JSON with Content-Type: application/json.'));
    }
    next();
  });
  app.use(express.json({ limit: '256kb' }));
  // The dashboard's static files at / (no token needed to load them; the data calls carry it).
  app.use(dashboardStatic());

  app.use('/api/health', healthRoutes(deps));
  app.use('/api', openApiRoutes(API_OPERATIONS));
  app.use('/codec', codecRoutes(deps, undefined, [perActor]));
  app.use('/api', authenticate(deps.pool), perActor);
  app.use('/api', citizenScope);
  const citizen = citizenRoutes(deps);
  app.use('/api/cases', auditRoutes(deps));
  app.use('/api/cases', caseRoutes(deps));
  app.use('/api/cases', roundtableRoutes(deps));
  app.use('/api/cases', closingRoutes(deps));
  app.use('/api/cases', retentionRoutes(deps));
  app.use('/api/cases', sickPayRoutes(deps));
  app.use('/api/cases', legalRoutes(deps));
  app.use('/api/cases', consentRoutes(deps));
  app.use('/api/cases', citizen.cases);
  app.use('/api/citizen', citizen.citizen);
  app.use('/api/tasks', taskRoutes(deps));
  app.use('/api', subsidyRoutes(deps));
  app.use('/api/supervisor', supervisionRoutes(deps));
  app.use('/api/me', meRoutes(deps));
  app.use('/api/session/codec', sessionRoutes(deps));
  app.use(unknownRoute);
  app.use(problemHandler);
  return app;
}
