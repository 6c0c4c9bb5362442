// Input and result of the supervisor digest workflow (started by the `supervisor-digest` Schedule;
// it takes no signals, updates or queries).
import type { LocalDate } from '../../domain/calendar/localDate';

/** Input: the day to report on; the Schedule passes none, so the day the run starts is used. */
export interface DigestWorkflowInput {
  date?: LocalDate;
}

/** What the run did: skipped on a closed day, or the activity's result. */
export type DigestWorkflowResult =
  | { date: LocalDate; skipped: string }
  | { date: LocalDate; newlyStuck: number; supervisors: number; emailsSent: number };
