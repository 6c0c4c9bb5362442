// Seeds the Postgres read model with N synthetic cases (default 100,000) for the read-model benchmark:
// one INSERT … SELECT generate_series per table, deterministic spread of statuses, municipalities,
// sick-pay limits, activity, tasks, roundtables and subsidies, so a small share of cases is stuck.
// Only rows whose case_id starts with `rm-` are touched. Usage: DATABASE_URL=… tsx scripts/bench/seedReadModel.ts [cases]
import type { Pool } from 'pg';

/** What was seeded. */
export interface SeedResult {
  cases: number;
  tasks: number;
  events: number;
  subsidies: number;
  seconds: number;
}

/** Municipality codes the seed spreads cases over (Aarhus 751 among them). */
const MUNICIPALITIES = ['101', '147', '151', '153', '157', '159', '161', '165', '167', '169', '173', '175', '183', '185', '187', '190', '201', '461', '561', '751'];

/** Replaces the `rm-` cases (and their tasks, events, subsidies) with `cases` fresh ones, then ANALYZEs. */
export async function seedReadModel(pool: Pool, cases = 100_000): Promise<SeedResult> {
  const started = Date.now();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Bulk statements on 100,000 rows may outlast the pool's 15 s guard on a slow machine.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query(`DELETE FROM case_events WHERE case_id LIKE 'rm-%'`);
    await client.query(`DELETE FROM tasks WHERE case_id LIKE 'rm-%'`);
    await client.query(`DELETE FROM workflow_problems WHERE case_id LIKE 'rm-%'`);
    const hasSubsidies = (await client.query(`SELECT to_regclass('subsidies') IS NOT NULL AS ok`)).rows[0].ok as boolean;
    if (hasSubsidies) await client.query(`DELETE FROM subsidies WHERE case_id LIKE 'rm-%'`);
    await client.query(`DELETE FROM cases WHERE case_id LIKE 'rm-%'`);

    // Per case i: status by i % 20 (17 active, 1 screening, 1 aftercare, 1 closed); first sick day spread
    // over 380 days back, so limits fall over the next year; 3 % quiet for 60 days; 85 % of cases have a
    // roundtable planned (a plan for the limit).
    await client.query(
      `INSERT INTO cases (case_id, injury_case_ref, status, municipality_code, insurer_id, employer_cvr, union_id, union_poa, consent,
         first_sick_day, limit_date, seq, snapshot, created_at, updated_at, last_activity_at)
       SELECT 'rm-' || i, 'RM-' || lpad(i::text, 7, '0'), st, mun, 'insurer-' || (i % 7), lpad((10000000 + i % 5000)::text, 8, '0'),
              CASE WHEN i % 3 = 0 THEN 'union-' || (i % 4) END, CASE WHEN i % 3 = 0 THEN 'full' ELSE 'none' END, i % 10 <> 0,
              first_day, first_day + 385, 5,
              jsonb_build_object(
                'caseId', 'rm-' || i, 'injuryCaseRef', 'RM-' || lpad(i::text, 7, '0'), 'status', st, 'municipalityCode', mun,
                'caseworker', jsonb_build_object('name', 'Sagsbehandler ' || (i % 400), 'email', 'sb' || (i % 400) || '@kommune.bench'),
                'consultant', jsonb_build_object('name', 'Konsulent ' || (i % 15), 'email', 'k' || (i % 15) || '@fastholdelse.bench'),
                'citizen', jsonb_build_object('name', 'Borger ' || i, 'email', 'borger' || i || '@bench.local'),
                'injury', jsonb_build_object('kind', 'accident', 'description', 'Syntetisk skade'),
                'roundtables', CASE WHEN i % 20 < 17 THEN jsonb_build_array(jsonb_build_object(
                  'roundtableId', 'rm-' || i || '-R1', 'status', 'scheduled',
                  'scheduledAt', to_char((first_day + 330)::timestamp, 'YYYY-MM-DD"T"10:00:00"+01:00"'))) ELSE '[]'::jsonb END,
                'decisions', '[]'::jsonb, 'subsidies', '[]'::jsonb, 'tasks', '[]'::jsonb),
              now() - make_interval(days => 400 - i % 380), now() - make_interval(days => i % 13),
              CASE WHEN i % 33 = 0 THEN now() - interval '60 days' ELSE now() - make_interval(days => i % 10, hours => i % 24) END
       FROM (
         SELECT i,
                CASE WHEN i % 20 < 17 THEN 'active' WHEN i % 20 = 17 THEN 'screening' WHEN i % 20 = 18 THEN 'aftercare' ELSE 'closed' END AS st,
                ($2::text[])[1 + (i / 20) % ${MUNICIPALITIES.length}] AS mun, -- i / 20: independent of the status (i % 20)
                (current_date - (i % 380)) AS first_day
         FROM generate_series(1, $1::int) AS i
       ) s`,
      [cases, MUNICIPALITIES],
    );

    // Two tasks per open case: one due in the coming weeks, one done; 2 % of open cases have one overdue.
    // Each row's `data` is the task as the workflow projects it (the pages read it), not only its columns.
    const tasks = await client.query(
      `INSERT INTO tasks (task_id, case_id, kind, title, owner_role, owner_name, owner_email, due_on, status, track, seq, data)
       SELECT x.task_id, x.case_id, x.kind, x.title, 'caseworker', x.owner_name, x.owner_email, x.due_on, x.status, 'retention', 5,
              jsonb_build_object(
                'taskId', x.task_id, 'caseId', x.case_id, 'kind', x.kind, 'title', x.title,
                'owner', jsonb_build_object('role', 'caseworker', 'name', x.owner_name, 'email', x.owner_email),
                'dueOn', x.due_on, 'status', x.status, 'createdAt', to_char(now() - interval '30 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                'closedAt', CASE WHEN x.status = 'done' THEN to_char(now() - interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
                'note', NULL, 'ref', NULL, 'track', 'retention', 'remindedOn', NULL, 'escalatedOn', NULL)
       FROM (
         SELECT c.case_id || '-T' || n AS task_id, c.case_id,
                (ARRAY['action','send-minutes','contact-employer','revision','confirm-payment','other'])[1 + (c.i + n) % 6] AS kind,
                'Opfølgning ' || n AS title, 'Sagsbehandler ' || (c.i % 400) AS owner_name, 'sb' || (c.i % 400) || '@kommune.bench' AS owner_email,
                CASE WHEN n = 1 AND c.i % 50 = 0 THEN current_date - (c.i % 30) - 1 ELSE current_date + (c.i % 60) END AS due_on,
                CASE WHEN n = 1 THEN 'open' ELSE 'done' END AS status
         FROM (SELECT case_id, substr(case_id, 4)::int AS i FROM cases WHERE case_id LIKE 'rm-%' AND status <> 'closed') c,
              generate_series(1, 2) AS n
       ) x`,
    );

    const events = await client.query(
      `INSERT INTO case_events (case_id, seq, at, type, actor, track, summary)
       SELECT c.case_id, n, c.created_at + make_interval(days => n), (ARRAY['case-opened','case-accepted','task-created'])[n], 'Bench',
              'case', 'Syntetisk hændelse ' || n
       FROM cases c, generate_series(1, 3) AS n WHERE c.case_id LIKE 'rm-%'`,
    );

    let subsidies = 0;
    if (hasSubsidies) {
      // Every 10th case asked the insurer for a subsidy; a tenth of those has waited 30 days.
      const r = await client.query(
        `INSERT INTO subsidies (subsidy_id, case_id, insurer_id, status, kind, amount_dkk, requested_at, asked_at, seq, data)
         SELECT case_id || '-S1', case_id, insurer_id, CASE WHEN substr(case_id, 4)::int % 30 = 0 THEN 'approved' ELSE 'requested' END,
                'transport', 2500,
                CASE WHEN substr(case_id, 4)::int % 100 = 0 THEN now() - interval '30 days' ELSE now() - interval '2 days' END,
                CASE WHEN substr(case_id, 4)::int % 100 = 0 THEN now() - interval '30 days' ELSE now() - interval '2 days' END,
                1, '{}'::jsonb
         FROM cases WHERE case_id LIKE 'rm-%' AND substr(case_id, 4)::int % 10 = 0 AND status = 'active'`,
      );
      subsidies = r.rowCount ?? 0;
    }
    await client.query('COMMIT');
    // VACUUM too: a re-seed leaves the previous rows dead, which the bitmap scans would still visit.
    await client.query('SET statement_timeout = 0');
    for (const table of ['cases', 'tasks', 'case_events', ...(hasSubsidies ? ['subsidies'] : [])]) await client.query(`VACUUM ANALYZE ${table}`);
    await client.query('RESET statement_timeout');
    return { cases, tasks: tasks.rowCount ?? 0, events: events.rowCount ?? 0, subsidies, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function main() {
  const { createPool } = await import('../../infra/connections');
  const { migrate } = await import('../../db/migrate');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to the PostgreSQL to seed (never a production database)');
  const pool = createPool(url, 2);
  try {
    await migrate(pool);
    const result = await seedReadModel(pool, Number(process.argv[2] ?? 100_000));
    console.log(JSON.stringify(result));
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`✖ ${(err as Error).message}`);
    process.exit(1);
  });
}
