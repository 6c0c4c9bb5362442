// Calendar dates as plain `YYYY-MM-DD` strings (Europe/Copenhagen calendar days): pure Date.UTC
// arithmetic, deterministic in the workflow sandbox and free of zod (the schema: localDateSchema.ts).

/** A Copenhagen calendar day written `YYYY-MM-DD`; plain strings serialise cleanly through Temporal and JSON. */
export type LocalDate = string;

/** Why a string is not a LocalDate (API problem details and RangeErrors). */
export const DATE_MESSAGE = 'must be a date YYYY-MM-DD';
const MS_PER_DAY = 86_400_000;
// Years below 1000 are rejected: Date.UTC maps years 0–99 to 1900–1999, and no case date is that old.
const DATE_PATTERN = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;

// Dates already found valid: business-day loops check the same few hundred dates millions of times
// (31 % of the API's CPU in `npm run bench -- --profile`); bounded, and a pure memo of a pure check.
const knownValid = new Set<string>();

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  if (knownValid.has(s)) return true;
  if (!checkLocalDate(s)) return false;
  if (knownValid.size >= 20_000) knownValid.clear();
  knownValid.add(s);
  return true;
}

function checkLocalDate(s: string): boolean {
  const m = DATE_PATTERN.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  // Date.UTC silently rolls 2026-02-30 over into March; a round trip exposes that.
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

function parts(d: LocalDate): [number, number, number] {
  if (!isLocalDate(d)) throw new RangeError(`Invalid date "${String(d)}": ${DATE_MESSAGE}`);
  return [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Epoch milliseconds of 00:00 UTC on the given date (the date's arithmetic anchor, not a Copenhagen instant). */
export function toUtcMidnight(d: LocalDate): number {
  const [y, m, day] = parts(d);
  return Date.UTC(y, m - 1, day);
}

/** The UTC calendar date of an epoch-millisecond value, as `YYYY-MM-DD`. */
export function fromUtcMs(ms: number): LocalDate {
  const dt = new Date(ms);
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1, 2)}-${pad(dt.getUTCDate(), 2)}`;
}

/** The date `n` calendar days after `d` (negative `n` goes back). */
export function addDays(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  return fromUtcMs(Date.UTC(y, m - 1, day + n));
}

/** The date `n` weeks after `d`. */
export function addWeeks(d: LocalDate, n: number): LocalDate {
  return addDays(d, 7 * n);
}

/** The date `n` months after `d`, clamped to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  const monthIndex = m - 1 + n;
  // Day 0 of the following month is the last day of the target month.
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(y, monthIndex, Math.min(day, lastDay)));
}

/** Number of calendar days from `a` to `b` (b − a; negative when b is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMidnight(b) - toUtcMidnight(a)) / MS_PER_DAY);
}

/** -1, 0 or 1 as `a` is before, equal to or after `b`. */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  parts(a);
  parts(b);
  // Zero-padded ISO dates sort lexicographically in calendar order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The latest of the given dates. */
export function maxDate(...ds: LocalDate[]): LocalDate {
  if (ds.length === 0) throw new RangeError('maxDate needs at least one date');
  return ds.reduce((acc, d) => (compareDates(d, acc) > 0 ? d : acc));
}

/** The earliest of the given dates. */
export function minDate(...ds: LocalDate[]): LocalDate {
  if (ds.length === 0) throw new RangeError('minDate needs at least one date');
  return ds.reduce((acc, d) => (compareDates(d, acc) < 0 ? d : acc));
}

/** Day of the week: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: LocalDate): number {
  return new Date(toUtcMidnight(d)).getUTCDay();
}
