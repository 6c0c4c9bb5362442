// Converts instants to and from Copenhagen wall-clock time with the fixed EU summer-time rule,
// so no Intl or tz database is needed (neither is available deterministically in the workflow sandbox).
import { addDays, fromUtcMs, isLocalDate, type LocalDate } from './localDate';

const MS_PER_MINUTE = 60_000;
const CET_MINUTES = 60;
const CEST_MINUTES = 120;

// EU rule: summer time switches at 01:00 UTC on the last Sunday of March and of October.
function lastSundayUtcAt0100(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, monthIndex, sunday, 1);
}

/** Copenhagen's UTC offset in minutes at the instant: 120 in summer time (CEST), otherwise 60 (CET). */
export function copenhagenOffsetMinutes(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const start = lastSundayUtcAt0100(year, 2);
  const end = lastSundayUtcAt0100(year, 9);
  return epochMs >= start && epochMs < end ? CEST_MINUTES : CET_MINUTES;
}

// Shifting by the offset lets the UTC getters read Copenhagen wall-clock fields.
function wallClock(epochMs: number): Date {
  return new Date(epochMs + copenhagenOffsetMinutes(epochMs) * MS_PER_MINUTE);
}

/** The Copenhagen calendar day on which the instant falls. */
export function localDateInCopenhagen(epochMs: number): LocalDate {
  return fromUtcMs(epochMs + copenhagenOffsetMinutes(epochMs) * MS_PER_MINUTE);
}

/** Copenhagen wall-clock hour (0–23) of the instant. */
export function copenhagenHour(epochMs: number): number {
  return wallClock(epochMs).getUTCHours();
}

/**
 * Epoch ms of the given Copenhagen wall-clock time. A time in the spring-forward gap is read
 * with the winter offset (02:30 becomes 03:30 CEST); an ambiguous autumn time takes its first (CEST) occurrence.
 */
export function copenhagenInstant(date: LocalDate, hour: number, minute = 0): number {
  if (!isLocalDate(date)) throw new RangeError(`Invalid date "${String(date)}": must be a date YYYY-MM-DD`);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`Invalid hour ${hour}`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new RangeError(`Invalid minute ${minute}`);
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute);
  const asSummer = wall - CEST_MINUTES * MS_PER_MINUTE;
  if (copenhagenOffsetMinutes(asSummer) === CEST_MINUTES) return asSummer;
  return wall - CET_MINUTES * MS_PER_MINUTE;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO-8601 with the Copenhagen offset, e.g. `2026-12-03T10:00:00+01:00` (milliseconds only when non-zero). */
export function formatInstant(epochMs: number): string {
  const offset = copenhagenOffsetMinutes(epochMs);
  const w = new Date(epochMs + offset * MS_PER_MINUTE);
  const ms = w.getUTCMilliseconds();
  const frac = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`;
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${fromUtcMs(w.getTime())}T${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}:${pad2(w.getUTCSeconds())}${frac}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** Epoch ms of Copenhagen midnight starting the given day (convenience for day-range queries). */
export function copenhagenStartOfDay(date: LocalDate): number {
  return copenhagenInstant(date, 0, 0);
}

/** Epoch ms of Copenhagen midnight ending the given day (start of the next day). */
export function copenhagenEndOfDay(date: LocalDate): number {
  return copenhagenInstant(addDays(date, 1), 0, 0);
}

/** The Copenhagen date of an instant written with the Copenhagen offset (formatInstant): its first ten characters. */
export const dayOfInstant = (instant: string | null): LocalDate | null => (instant === null ? null : instant.slice(0, 10));
