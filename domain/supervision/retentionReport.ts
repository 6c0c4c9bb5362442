// The numbers a job centre reports on its own retention cases, per municipality and month of opening
// (docs/supervision.md "Retention report"): cases opened by referral, the share back at work by week 13,
// the median days from a fast-track request to the first conversation, and the cases past that deadline.
import { addDays, compareDates, daysBetween, type LocalDate } from '../calendar/localDate';

/** What the report reads of one retention case (from the read model). */
export interface RetentionReportCase {
  municipalityCode: string;
  /** Month of opening in Copenhagen, `YYYY-MM`. */
  month: string;
  referralSource: string;
  firstSickDay: LocalDate;
  periods: ReadonlyArray<{ kind: string; date: LocalDate }>;
  fastTrack: { requestedOn: LocalDate; firstConversationDueOn: LocalDate; firstConversationOn: LocalDate | null } | null;
}

/** One row of the report: one municipality, one month. */
export interface RetentionReportRow {
  municipalityCode: string;
  month: string;
  opened: number;
  openedByReferral: Record<string, number>;
  /** Cases whose week 13 of absence has ended (the others cannot be judged yet), how many were back at work by then, and the share. */
  backAtWorkByWeek13: { judged: number; back: number; sharePct: number | null };
  /** Fast-track cases whose first conversation was held, and the median days from request to conversation. */
  firstConversation: { held: number; medianDays: number | null };
  /** Fast-track cases whose first conversation came (or, not held, is) after its deadline. */
  pastDeadline: number;
}

/** Last day of week 13 of absence (the first sick day is day 1). */
export const endOfWeek13 = (firstSickDay: LocalDate): LocalDate => addDays(firstSickDay, 13 * 7 - 1);

/** The median of a list of numbers (the mean of the middle two for an even count), null when empty. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rows by municipality and month, in that order. */
export function retentionReport(cases: readonly RetentionReportCase[], today: LocalDate): RetentionReportRow[] {
  const groups = new Map<string, RetentionReportCase[]>();
  for (const c of cases) {
    const key = `${c.municipalityCode}|${c.month}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const openedByReferral: Record<string, number> = {};
      for (const c of group) openedByReferral[c.referralSource] = (openedByReferral[c.referralSource] ?? 0) + 1;
      // Judged once week 13 is over; back when a full return to work is dated within it.
      const judged = group.filter((c) => compareDates(endOfWeek13(c.firstSickDay), today) < 0);
      const back = judged.filter((c) => c.periods.some((p) => p.kind === 'return-to-work' && compareDates(p.date, endOfWeek13(c.firstSickDay)) <= 0));
      const fast = group.flatMap((c) => (c.fastTrack ? [c.fastTrack] : []));
      const held = fast.flatMap((f) => (f.firstConversationOn ? [daysBetween(f.requestedOn, f.firstConversationOn)] : []));
      const pastDeadline = fast.filter((f) => compareDates(f.firstConversationOn ?? today, f.firstConversationDueOn) > 0).length;
      return {
        municipalityCode: group[0].municipalityCode,
        month: group[0].month,
        opened: group.length,
        openedByReferral,
        backAtWorkByWeek13: { judged: judged.length, back: back.length, sharePct: judged.length === 0 ? null : Math.round((back.length / judged.length) * 100) },
        firstConversation: { held: held.length, medianDays: median(held) },
        pastDeadline,
      };
    });
}
