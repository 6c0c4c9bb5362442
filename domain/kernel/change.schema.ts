// Zod schemas of what every change to a long-lived entity records: the track of a timeline event
// (employers never see the legal track) and the emails it queues.
import { z } from 'zod';

/** Which track an event or fact belongs to: employers never see the legal track. */
export const trackSchema = z.enum(['case', 'legal', 'retention']);
export type Track = z.infer<typeof trackSchema>;

/** An email the workflow wants sent; `key` makes it unique in the outbox so retries send nothing twice. */
export const emailIntentSchema = z.object({
  key: z.string(),
  template: z.string(),
  to: z.object({ name: z.string(), email: z.string() }),
  params: z.record(z.string(), z.unknown()),
});
export type EmailIntent = z.infer<typeof emailIntentSchema>;
