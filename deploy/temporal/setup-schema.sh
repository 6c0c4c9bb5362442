#!/bin/sh
# One-shot (temporalio/admin-tools in docker-compose.yml; the embedded cluster engine runs the same
# script with its own tool and schema paths): creates Temporal's databases on PostgreSQL and applies
# its versioned schema with temporal-sql-tool. Safe to run on every start: existing databases are kept
# and update-schema only applies versions newer than the recorded one (this is also the upgrade step
# when the server version is raised; see docs/operations.md).
set -eu
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}"
SQL_HOST="${SQL_HOST:-postgres}"
SQL_PORT="${SQL_PORT:-5432}"
SQL_USER="${SQL_USER:-temporal}"
SCHEMA_ROOT="${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"
SQL_TOOL="${SQL_TOOL:-temporal-sql-tool}"

if command -v nc >/dev/null 2>&1; then
  until nc -z "$SQL_HOST" "$SQL_PORT"; do echo "waiting for PostgreSQL at $SQL_HOST:$SQL_PORT"; sleep 1; done
fi

tool() { "$SQL_TOOL" --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"; }

for pair in temporal:temporal temporal_visibility:visibility; do
  db="${pair%%:*}"
  dir="${pair##*:}"
  # --db is the tool's global flag: it goes before the command.
  tool --db "$db" create || echo "database $db exists"
  tool --db "$db" setup-schema -v 0.0
  tool --db "$db" update-schema -d "$SCHEMA_ROOT/$dir/versioned"
done
echo "Temporal schema is up to date"
