// Reads one case from the read model in Postgres and decides access for the calling actor; every
// route that touches one case goes through `loadCase`, so a hidden case is always a 404.
import type { Pool } from 'pg';
import type { Actor } from '../domain/kernel/actor.schema';
import { caseAccess, type CaseAccess, type CaseAccessFacts, type CaseAction } from '../domain/case/access';
import type { CaseState } from '../domain/case/caseState.schema';
import { forbidden, notFound } from './problems';

interface CaseRow {
  case_id: string;
  status: string;
  municipality_code: string;
  consent: boolean;
  insurer_id: string | null;
  employer_cvr: string | null;
  employer_consent: boolean;
  union_id: string | null;
  union_poa: CaseAccessFacts['unionPowerOfAttorney'];
  /** Absent in queries that do not select it: a work-injury case. */
  kind?: 'work-injury' | 'retention';
  snapshot: CaseState;
}

/** A case with the caller's access to it. */
export interface LoadedCase {
  state: CaseState;
  access: CaseAccess;
}

/** The access facts of a read-model row. */
export function factsOf(row: Omit<CaseRow, 'snapshot' | 'status'>): CaseAccessFacts {
  return {
    caseId: row.case_id,
    municipalityCode: row.municipality_code,
    consentToShareWithMunicipality: row.consent,
    insurerId: row.insurer_id,
    employerCvr: row.employer_cvr,
    employerConsent: row.employer_consent,
    unionId: row.union_id,
    unionPowerOfAttorney: row.union_poa,
    kind: row.kind,
  };
}

/**
 * Loads a case the actor may know about, or throws 404 (never 403: its existence is not disclosed).
 * `what` names the thing asked for, so a task or subsidy on a hidden case is as unknown as a missing one.
 */
export async function loadCase(pool: Pool, actor: Actor, caseId: string, what = 'case'): Promise<LoadedCase> {
  const loaded = await loadCaseAccess(pool, actor, caseId, what);
  if (!loaded.access.visible) throw notFound(what);
  return loaded;
}

// The case and the actor's access, visible or not (404 only when there is no such case).
async function loadCaseAccess(pool: Pool, actor: Actor, caseId: string, what: string): Promise<LoadedCase> {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(caseId)) throw notFound(what);
  const { rows } = await pool.query<CaseRow>(
    `SELECT case_id, status, municipality_code, consent, insurer_id, employer_cvr, employer_consent, union_id, union_poa, kind, snapshot
     FROM cases WHERE case_id = $1`,
    [caseId],
  );
  if (rows.length === 0) throw notFound(what);
  return { state: rows[0].snapshot, access: caseAccess(actor, factsOf(rows[0])) };
}

/** Loads a case for an action: 404 as `loadCase`, then 403 with `refusal` when the actor may see but not act. */
export async function loadCaseFor(pool: Pool, actor: Actor, caseId: string, action: CaseAction, refusal: string): Promise<LoadedCase> {
  const loaded = await loadCaseAccess(pool, actor, caseId, 'case');
  // A hidden case may still allow an action (a municipality without consent records sick leave): never 403.
  if (!loaded.access.visible && !loaded.access.can(action)) throw notFound('case');
  if (!loaded.access.can(action)) throw forbidden(refusal);
  return loaded;
}

/** True when the read model holds a case with this id. */
export async function caseExists(pool: Pool, caseId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM cases WHERE case_id = $1', [caseId]);
  return (rowCount ?? 0) > 0;
}

/** The existing case id for an injury case reference, if any. */
export async function caseIdForRef(pool: Pool, injuryCaseRef: string): Promise<string | null> {
  const { rows } = await pool.query<{ case_id: string }>('SELECT case_id FROM cases WHERE injury_case_ref = $1', [injuryCaseRef]);
  return rows[0]?.case_id ?? null;
}

/** One timeline entry as the API answers it. */
export interface TimelineEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  track: string;
  summary: string;
}

/** A case's timeline, oldest first; legal-track events only for those who see the legal track. */
export async function caseTimeline(pool: Pool, caseId: string, legalTrack: boolean): Promise<TimelineEvent[]> {
  const { rows } = await pool.query<Omit<TimelineEvent, 'at'> & { at: Date }>(
    `SELECT seq, at, type, actor, track, summary FROM case_events
     WHERE case_id = $1 AND ($2 OR track <> 'legal') ORDER BY seq`,
    [caseId, legalTrack],
  );
  return rows.map((e) => ({ ...e, at: e.at.toISOString() }));
}

/** A consultation waiting for the insurer's answer, with its case (the insurer's inbox). */
export interface OpenConsultation {
  caseId: string;
  injuryCaseRef: string;
  consultationId: string;
  question: string;
  askedOn: string;
  askedBy: string;
}

/** Unanswered insurer consultations on the open cases of one insurer the actor may answer, oldest first. */
export async function insurerOpenConsultations(pool: Pool, actor: Actor, limit: number): Promise<OpenConsultation[]> {
  const { rows } = await pool.query<Omit<CaseRow, 'snapshot' | 'status'> & { injury_case_ref: string; q: OpenConsultation }>(
    `SELECT c.case_id, c.injury_case_ref, c.municipality_code, c.consent, c.insurer_id, c.employer_cvr, c.union_id, c.union_poa, q
     FROM cases c, jsonb_array_elements(c.snapshot->'insurerConsultations') q
     WHERE c.insurer_id = $1 AND c.status IN ('screening', 'active', 'aftercare') AND q->>'answer' IS NULL
     ORDER BY q->>'askedOn', c.case_id LIMIT $2`,
    [actor.organisation, limit],
  );
  return rows
    .filter((r) => caseAccess(actor, factsOf(r)).can('answer-consultation'))
    .map((r) => ({
      caseId: r.case_id,
      injuryCaseRef: r.injury_case_ref,
      consultationId: r.q.consultationId,
      question: r.q.question,
      askedOn: r.q.askedOn,
      askedBy: r.q.askedBy,
    }));
}
