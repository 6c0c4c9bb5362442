// The shape of a roundtable meeting (rundbordssamtale) as the case state keeps it, and the inputs
// that plan and record one. Imports only zod, dates and the consent rule, so caseState.ts can use it without a cycle.
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.schema';
import { EMPLOYER_NEEDS_CONSENT, employerWithoutConsent } from './roundtableConsent';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Who takes part in a roundtable; an `employer` only at the citizen's wish. */
export const participantRoleSchema = z.enum(['citizen', 'caseworker', 'consultant', 'employer', 'union', 'doctor', 'insurer', 'other']);
export type ParticipantRole = z.infer<typeof participantRoleSchema>;

/** One invited person: every participant gets the invitation, reminder, changes and minutes. */
export const participantSchema = z.object({
  role: participantRoleSchema,
  name: text(200),
  email: z.email('must be an email address'),
});
export type Participant = z.infer<typeof participantSchema>;

/** Whoever owns an agreed action (same shape as a task owner). */
export const actionOwnerSchema = z.object({
  role: text(40),
  name: text(200),
  email: z.email('must be an email address'),
});

/** An action agreed at the meeting: becomes one follow-up task. */
export const agreedActionSchema = z.object({
  title: text(300),
  owner: actionOwnerSchema,
  dueOn: localDateSchema,
});
export type AgreedAction = z.infer<typeof agreedActionSchema>;

/** An ISO-8601 instant with an explicit offset, e.g. 2026-12-03T10:00:00+01:00. */
export const instantSchema = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with offset' });

/** Body of `POST /api/cases/{id}/roundtables`. */
export const scheduleRoundtableSchema = z
  .object({
    scheduledAt: instantSchema,
    location: text(300),
    purpose: text(2000),
    agenda: z.array(text(500)).min(1, 'give at least one agenda item').max(30),
    participants: z.array(participantSchema).min(1, 'give at least one participant').max(30),
    citizenConsentsToEmployer: z.boolean().default(false),
  })
  .superRefine((b, ctx) => {
    if (employerWithoutConsent(b)) {
      ctx.addIssue({ code: 'custom', path: ['citizenConsentsToEmployer'], message: EMPLOYER_NEEDS_CONSENT });
    }
    // One email per participant: the outbox key is per recipient, so a duplicate would get nothing.
    const seen = new Set<string>();
    b.participants.forEach((p, i) => {
      const e = p.email.toLowerCase();
      if (seen.has(e)) ctx.addIssue({ code: 'custom', path: ['participants', i, 'email'], message: 'appears twice' });
      seen.add(e);
    });
  });
export type ScheduleRoundtable = z.infer<typeof scheduleRoundtableSchema>;

/** Body of `POST …/roundtables/{id}/reschedule`. */
export const rescheduleRoundtableSchema = z.object({
  scheduledAt: instantSchema,
  location: text(300).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type RescheduleRoundtable = z.infer<typeof rescheduleRoundtableSchema>;

/** Body of `POST …/roundtables/{id}/cancel`. */
export const cancelRoundtableSchema = z.object({ reason: text(2000) });

/** Body of `POST …/roundtables/{id}/outcome`. */
export const roundtableOutcomeSchema = z.object({
  heldOn: localDateSchema,
  summary: text(10000),
  actions: z.array(agreedActionSchema).max(50).default([]),
});
export type RoundtableOutcome = z.infer<typeof roundtableOutcomeSchema>;

/** Body of `POST …/roundtables/{id}/minutes`. */
export const roundtableMinutesSchema = z.object({ text: text(50000) });

/** A roundtable in the case state. */
export const roundtableSchema = z.object({
  roundtableId: z.string(),
  scheduledAt: z.string(),
  location: z.string(),
  purpose: z.string(),
  agenda: z.array(z.string()),
  participants: z.array(participantSchema),
  citizenConsentsToEmployer: z.boolean(),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  /** Bumped by every reschedule, so invitations and reminders of the new time are new messages. */
  version: z.number().int().positive(),
  /** When the current invitations went out (a reminder due before that is pointless). */
  invitedAt: z.string(),
  cancelReason: z.string().nullable(),
  outcome: z
    .object({
      heldOn: localDateSchema,
      summary: z.string(),
      actions: z.array(agreedActionSchema.extend({ taskId: z.string() })),
      recordedAt: z.string(),
    })
    .nullable(),
  minutes: z.string().nullable(),
  minutesSentAt: z.string().nullable(),
  /** Who received the minutes (participants and absent parties); absent on minutes sent before every party got them. */
  minutesRecipients: z.array(z.object({ role: participantRoleSchema, name: z.string(), present: z.boolean() })).optional(),
});
export type Roundtable = z.infer<typeof roundtableSchema>;
