// `npm run migrate`: applies pending migrations as the database owner (DATABASE_MIGRATION_URL, else
// DATABASE_URL) and re-grants the runtime role; compose runs it once before the API and workers start.
import { createPool } from '../infra/connections';
import { migrate } from './migrate';

async function main() {
  const url = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_MIGRATION_URL (or DATABASE_URL) to the owner of the database');
  const pool = createPool(url, 1);
  try {
    const applied = await migrate(pool);
    console.log(JSON.stringify({ level: 'info', msg: 'migrations', applied }));
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  console.error(`migrate failed: ${(err as Error).message}`);
  process.exit(1);
});
