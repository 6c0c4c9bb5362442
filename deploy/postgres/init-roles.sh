#!/bin/sh
# First start of the PostgreSQL container only (docker-entrypoint-initdb.d): one login role per
# consumer. `retention` owns the service's database and runs its migrations (the `migrate` one-shot);
# `retention_app` is the runtime login of the API and workers, granted by the migrations only what
# they need (read and append on the audit log, never change it; db/roles.ts); `temporal` may create
# Temporal's two databases (temporal, temporal_visibility), which the temporal-schema one-shot then sets up.
set -eu
: "${APP_DB_PASSWORD:?APP_DB_PASSWORD must be set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"
: "${APP_RUNTIME_DB_PASSWORD:?APP_RUNTIME_DB_PASSWORD must be set}"
# Passwords go in as psql variables (:'name' quotes them), never spliced into SQL text.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_pw="$APP_DB_PASSWORD" -v runtime_pw="$APP_RUNTIME_DB_PASSWORD" -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE retention LOGIN PASSWORD :'app_pw';
CREATE DATABASE retention OWNER retention;
CREATE ROLE retention_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'runtime_pw';
GRANT CONNECT ON DATABASE retention TO retention_app;
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_pw';
SQL
