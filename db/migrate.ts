// Applies the SQL migrations in db/migrations in name order, each once, inside a transaction,
// under an advisory lock so concurrent starters (several API replicas) do not race.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { grantRuntimeRole, runtimeRoleName } from './roles';

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
const LOCK_ID = 727_001;

/**
 * Runs pending migrations; returns the names applied now. With nothing pending it only reads the
 * ledger, so the runtime role (which may not create tables) can call it at start; pending
 * migrations need the owner (DATABASE_MIGRATION_URL or `npm run migrate`), who then re-grants the
 * runtime role (db/roles.ts).
 */
export async function migrate(pool: Pool): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
  try {
    const ledger = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
    if (ledger.rows[0].t) {
      const seen = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
      if (files.every((f) => seen.has(f))) return [];
    }
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
        applied.push(file);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`);
      }
    }
    await grantRuntimeRole(client, runtimeRoleName());
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    client.release();
  }
  return applied;
}
