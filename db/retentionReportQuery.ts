// The read-model query behind the retention report: the job centre's retention cases opened in a period,
// with what domain/supervision/retentionReport.ts counts.
import type { Pool } from 'pg';
import type { RetentionReportCase } from '../domain/supervision/retentionReport';
import type { LocalDate } from '../domain/calendar/localDate';

/** Retention cases opened from `from` to `to` (Copenhagen days, both included), optionally of one municipality. */
export async function retentionReportCases(pool: Pool, q: { from: LocalDate; to: LocalDate; municipality?: string }): Promise<RetentionReportCase[]> {
  const { rows } = await pool.query<{
    municipality_code: string;
    month: string;
    referral_source: string;
    first_sick_day: string;
    periods: RetentionReportCase['periods'] | null;
    fast_track: RetentionReportCase['fastTrack'];
  }>(
    `SELECT municipality_code, to_char(created_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM') AS month, referral_source,
            to_char(first_sick_day, 'YYYY-MM-DD') AS first_sick_day, snapshot->'sickLeave'->'periods' AS periods,
            snapshot->'fastTrack' AS fast_track
     FROM cases
     WHERE kind = 'retention'
       AND created_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Copenhagen')
       AND created_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
       AND ($3::text IS NULL OR municipality_code = $3)`,
    [q.from, q.to, q.municipality ?? null],
  );
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    month: r.month,
    referralSource: r.referral_source,
    firstSickDay: r.first_sick_day,
    periods: r.periods ?? [],
    fastTrack: r.fast_track && r.fast_track.requestedOn ? r.fast_track : null,
  }));
}
