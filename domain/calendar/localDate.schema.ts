// Zod schema of a LocalDate for the API and the read model; kept apart from localDate.ts so the
// workflow bundle, which needs only the date arithmetic, does not load zod.
import { z } from 'zod';
import { DATE_MESSAGE, isLocalDate } from './localDate';

/** Zod schema for a real calendar date `YYYY-MM-DD` (rejects 2026-02-30 and 2026-1-5). */
export const localDateSchema = z.string({ error: DATE_MESSAGE }).refine(isLocalDate, { error: DATE_MESSAGE });
