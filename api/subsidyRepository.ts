// Reads subsidies from the read model in Postgres: one subsidy as its case's access allows (a
// subsidy on a case the caller may not know is a 404, like the case), and an insurer's list.
import type { Pool } from 'pg';
import type { Actor } from '../domain/kernel/actor.schema';
import type { CaseState } from '../domain/case/caseState.schema';
import type { CaseAccess } from '../domain/case/access';
import type { Subsidy, SubsidyStatus } from '../domain/subsidies/subsidies';
import { loadCase } from './caseRepository';
import { notFound } from './problems';

/** A subsidy with the caller's access to its case. */
export interface LoadedSubsidy {
  subsidy: Subsidy;
  access: CaseAccess;
  caseState: CaseState;
}

/** The subsidy as last projected, whoever asks, or null. */
export async function findSubsidy(pool: Pool, subsidyId: string): Promise<{ caseId: string; subsidy: Subsidy } | null> {
  const { rows } = await pool.query<{ case_id: string; data: Subsidy }>('SELECT case_id, data FROM subsidies WHERE subsidy_id = $1', [subsidyId]);
  return rows.length ? { caseId: rows[0].case_id, subsidy: rows[0].data } : null;
}

/** A subsidy the actor may know about (through its case), or 404. */
export async function loadSubsidy(pool: Pool, actor: Actor, subsidyId: string): Promise<LoadedSubsidy> {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(subsidyId)) throw notFound('subsidy');
  const found = await findSubsidy(pool, subsidyId);
  if (!found) throw notFound('subsidy');
  const { state, access } = await loadCase(pool, actor, found.caseId, 'subsidy');
  // An insurer answers only subsidies addressed to it.
  if (actor.role === 'insurer' && found.subsidy.insurer.id !== actor.organisation) throw notFound('subsidy');
  return { subsidy: found.subsidy, access, caseState: state };
}

/** Subsidies addressed to an insurer on cases where it is (still) the insurer, oldest question first. */
export async function insurerSubsidies(pool: Pool, insurerId: string, f: { status?: SubsidyStatus; limit: number }): Promise<Subsidy[]> {
  const params: unknown[] = [insurerId];
  if (f.status) params.push(f.status);
  params.push(f.limit);
  const { rows } = await pool.query<{ data: Subsidy }>(
    `SELECT s.data FROM subsidies s JOIN cases c ON c.case_id = s.case_id
     WHERE s.insurer_id = $1 AND c.insurer_id = $1 ${f.status ? 'AND s.status = $2' : ''}
     ORDER BY s.asked_at, s.subsidy_id LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => r.data);
}
