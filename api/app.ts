// The Express app factory: JSON only, problem+json errors, bearer auth on /api, request ids.
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { authenticate } from './auth';
import type { AppDeps } from './deps';
import { HttpProblem, problemHandler, unknownRoute } from './problems';
import { caseRoutes } from './routes/cases';
import { healthRoutes } from './routes/health';

/** Builds the app; it holds no state of its own beyond its dependencies. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const requestId = /^[A-Za-z0-9-]{8,64}$/.test(req.header('x-request-id') ?? '') ? req.header('x-request-id')! : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    next();
  });
  app.use((req, _res, next) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'DELETE' && Number(req.header('content-length') ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      return next(new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'Send JSON with Content-Type: application/json.'));
    }
    next();
  });
  app.use(express.json({ limit: '256kb' }));

  app.use('/api/health', healthRoutes(deps));
  app.use('/api', authenticate(deps.pool));
  app.use('/api/cases', caseRoutes(deps));
  app.use(unknownRoute);
  app.use(problemHandler);
  return app;
}
