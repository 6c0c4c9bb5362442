// The two database roles: the owner (runs migrations, owns every table and the audit log's
// triggers) and the runtime login the API and worker connect as, with only the grants they need.
import { escapeIdentifier, escapeLiteral } from 'pg';
import type { Pool, PoolClient } from 'pg';

/** Default name of the runtime login (RUNTIME_DB_ROLE overrides it). */
export const RUNTIME_ROLE = 'retention_app';

/** The runtime role's name from the environment, checked to be a plain identifier. */
export function runtimeRoleName(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.RUNTIME_DB_ROLE || RUNTIME_ROLE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`RUNTIME_DB_ROLE must be a lower-case identifier, not ${JSON.stringify(name)}`);
  return name;
}

/**
 * Grants the runtime role what the service needs on every table of the current schema, and no more
 * on the audit log (read and append) and the migration ledger (read, so a replica can see nothing is
 * pending). Not owning the tables, it can neither drop nor disable the audit log's triggers.
 * Idempotent; run by the owner after each migration run.
 */
export async function grantRuntimeRole(db: Pool | PoolClient, role: string): Promise<boolean> {
  const exists = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) return false;
  const r = escapeIdentifier(role);
  await db.query(`
    DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${r}', current_schema()); END $$;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${r};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${r};
  `);
  return true;
}

/**
 * Creates (or updates the password of) the runtime login and grants it; for the embedded stack and
 * the tests, whose owner is the cluster's superuser. In compose the init script creates the login.
 */
export async function ensureRuntimeLogin(pool: Pool, role: string, password: string): Promise<void> {
  const r = escapeIdentifier(role);
  const exists = await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = exists.rowCount === 0 ? 'CREATE' : 'ALTER';
  await pool.query(`${verb} ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${escapeLiteral(password)}`);
  await grantRuntimeRole(pool, role);
}

/** The owner's connection URL with the runtime login's user and password instead. */
export function runtimeUrl(ownerUrl: string, role: string, password: string): string {
  const u = new URL(ownerUrl);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}
