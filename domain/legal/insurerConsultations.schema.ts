// Zod schemas of the insurer-consultation bodies, for the API; the commands are in
// insurerConsultations.ts, which the workflow bundle loads without zod.
import { z } from 'zod';

/** Body of `POST …/insurer-consultations`. */
export const consultationInputSchema = z.object({
  question: z.string().trim().min(10, 'must be at least 10 characters').max(10_000),
});

/** Body of `POST …/insurer-consultations/{consultationId}/answer`. */
export const consultationAnswerInputSchema = z.object({
  answer: z.string().trim().min(2, 'must not be empty').max(10_000),
});
