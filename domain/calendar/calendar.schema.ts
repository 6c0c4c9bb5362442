// Zod schema of the calendar settings of a policy version (kernel/policy.schema.ts embeds it), kept in
// calendar/ so business days depend on nothing above them.
import { z } from 'zod';

/** The calendar part of a policy version: office hours, closed days and the Great Prayer Day cut-over. */
export const calendarSchema = z
  .object({
    // Copenhagen office hours [startHour, endHour) in which outgoing contact is scheduled.
    officeHours: z
      .object({ startHour: z.number().int().min(0).max(23).default(9), endHour: z.number().int().min(1).max(24).default(15) })
      .refine((h) => h.startHour < h.endHour, { message: 'startHour must be before endHour' })
      .prefault({}),
    // Days that are not public holidays but on which public offices usually close.
    closedDays: z
      .object({
        constitutionDay: z.boolean().default(true),
        christmasEve: z.boolean().default(true),
        newYearsEve: z.boolean().default(true),
      })
      .prefault({}),
    // Last year in which Great Prayer Day (Store bededag) was a public holiday; abolished from 2024.
    greatPrayerDayLastYear: z.number().int().min(0).default(2023),
  })
  .prefault({});

/** The calendar settings of a policy version. */
export type CalendarSettings = z.infer<typeof calendarSchema>;

/** What calendar rules need of a policy (every policy version has it). */
export interface CalendarPolicy {
  calendar: CalendarSettings;
}
