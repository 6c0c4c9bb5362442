// The one activity of the floor baseline: a single-row INSERT into PostgreSQL, idempotent like the
// service's projection (a replayed local activity inserts nothing twice).
import type { Pool } from 'pg';

/** Creates the baseline's table (once per bench database). */
export async function ensureFloorTable(pool: Pool): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_floor (workflow_id text NOT NULL, n integer NOT NULL, at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (workflow_id, n))');
}

export function floorActivities(pool: Pool) {
  return {
    async insertRow(workflowId: string, n: number): Promise<void> {
      await pool.query('INSERT INTO bench_floor (workflow_id, n) VALUES ($1, $2) ON CONFLICT DO NOTHING', [workflowId, n]);
    },
  };
}

export type FloorActivities = ReturnType<typeof floorActivities>;
