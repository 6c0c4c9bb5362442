# syntax=docker/dockerfile:1.7
# One image for both processes of the service: `npm run api` (default CMD) and `npm run worker`
# (compose overrides the command). TypeScript runs through tsx, a production dependency, exactly as
# the package scripts do, so the image runs the same code paths as `npm start` and the tests.
# Build: docker build -t retention-cases:0.1.0 .   (not built in this repository's CI: no engine)

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- build: every dependency, then the type check; a type error fails the image build ----------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: ci rejects lockfiles without other platforms' optional packages
# (same reason as scripts/ensure-deps.cjs).
RUN npm install --no-audit --no-fund
COPY tsconfig.json ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY api ./api
COPY worker ./worker
COPY infra ./infra
COPY db ./db
COPY scripts ./scripts
COPY test ./test
RUN npm run typecheck
# The workflow bundle, built once here, so workers load it instead of bundling at every start.
RUN npm run build

# --- prod-deps: production dependencies only ---------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime: no compiler, no test tools, no root ----------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/package.json /app/tsconfig.json ./
COPY --from=build --chown=root:root /app/domain ./domain
COPY --from=build --chown=root:root /app/workflows ./workflows
COPY --from=build --chown=root:root /app/activities ./activities
COPY --from=build --chown=root:root /app/api ./api
COPY --from=build --chown=root:root /app/worker ./worker
COPY --from=build --chown=root:root /app/infra ./infra
COPY --from=build --chown=root:root /app/db ./db
COPY --from=build --chown=root:root /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
# The token tool, so operators can issue tokens inside a running api container.
COPY --from=build --chown=root:root /app/scripts/token.ts ./scripts/token.ts
COPY --chown=root:root deploy/healthcheck.mjs ./deploy/healthcheck.mjs
# Code is owned by root and read-only for the process; the `node` user (uid 1000) only runs it.
USER node
EXPOSE 3000 8081 9464
# Both processes drain on SIGTERM (API: stop accepting, finish requests; worker: finish tasks).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "deploy/healthcheck.mjs"]
CMD ["node", "--import", "tsx", "api/main.ts"]
