// Danish business days: weekends, public holidays (helligdage) and the policy's office-closed days are skipped,
// so reminders and deadlines never land on a day the office is shut.
import { copenhagenInstant, localDateInCopenhagen } from './copenhagenTime';
import { addDays, compareDates, dayOfWeek, fromUtcMs, type LocalDate } from './localDate';
import type { CalendarPolicy } from './calendar.schema';

/** Easter Sunday of the year (anonymous Gregorian algorithm). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromUtcMs(Date.UTC(year, month - 1, day));
}

const cache = new Map<string, Map<LocalDate, string>>();

// Keyed by the settings themselves, not just the version, so a test or what-if policy never reads a stale entry.
function cacheKey(year: number, policy: CalendarPolicy): string {
  const c = policy.calendar;
  return [
    year,
    c.greatPrayerDayLastYear,
    c.closedDays.constitutionDay,
    c.closedDays.christmasEve,
    c.closedDays.newYearsEve,
  ].join('|');
}

/** Closed days of the year (public holidays plus the policy's office-closed days), date → Danish name. */
export function closedDays(year: number, policy: CalendarPolicy): Map<LocalDate, string> {
  const key = cacheKey(year, policy);
  const hit = cache.get(key);
  if (hit) return new Map(hit);
  const y = String(year).padStart(4, '0');
  const easter = easterSunday(year);
  const days = new Map<LocalDate, string>();
  days.set(`${y}-01-01`, 'Nytårsdag');
  days.set(addDays(easter, -3), 'Skærtorsdag');
  days.set(addDays(easter, -2), 'Langfredag');
  days.set(easter, 'Påskedag');
  days.set(addDays(easter, 1), '2. påskedag');
  if (year <= policy.calendar.greatPrayerDayLastYear) days.set(addDays(easter, 26), 'Store bededag');
  days.set(addDays(easter, 39), 'Kristi himmelfartsdag');
  days.set(addDays(easter, 49), 'Pinsedag');
  days.set(addDays(easter, 50), '2. pinsedag');
  // Whitsun can fall on 5 June (e.g. 2022); the public-holiday name is the one worth showing.
  if (policy.calendar.closedDays.constitutionDay && !days.has(`${y}-06-05`)) days.set(`${y}-06-05`, 'Grundlovsdag');
  if (policy.calendar.closedDays.christmasEve) days.set(`${y}-12-24`, 'Juleaftensdag');
  days.set(`${y}-12-25`, 'Juledag');
  days.set(`${y}-12-26`, '2. juledag');
  if (policy.calendar.closedDays.newYearsEve) days.set(`${y}-12-31`, 'Nytårsaftensdag');
  cache.set(key, days);
  // Callers get a copy so they cannot corrupt the cache.
  return new Map(days);
}

/** Name of the closed day on `d` (e.g. "Påskedag"), or undefined when it is not a closed day. */
export function closedDayName(d: LocalDate, policy: CalendarPolicy): string | undefined {
  const key = cacheKey(Number(d.slice(0, 4)), policy);
  const days = cache.get(key) ?? closedDays(Number(d.slice(0, 4)), policy);
  return days.get(d);
}

/** True when `d` is a weekend day (Saturday or Sunday). */
export function isWeekend(d: LocalDate): boolean {
  const dow = dayOfWeek(d);
  return dow === 0 || dow === 6;
}

/** True when `d` is neither a weekend nor a closed day. */
export function isBusinessDay(d: LocalDate, policy: CalendarPolicy): boolean {
  return !isWeekend(d) && closedDayName(d, policy) === undefined;
}

/** The date `n` (≥ 0) business days after `d`; Friday + 1 = Monday, and `n = 0` returns `d` unchanged. */
export function addBusinessDays(d: LocalDate, n: number, policy: CalendarPolicy): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addBusinessDays needs a whole n ≥ 0, got ${n}`);
  let cur = d;
  let left = n;
  while (left > 0) {
    cur = addDays(cur, 1);
    if (isBusinessDay(cur, policy)) left -= 1;
  }
  return cur;
}

/** `d` itself when it is a business day, otherwise the next business day. */
export function businessDayOnOrAfter(d: LocalDate, policy: CalendarPolicy): LocalDate {
  let cur = d;
  while (!isBusinessDay(cur, policy)) cur = addDays(cur, 1);
  return cur;
}

/** `d` itself when it is a business day, otherwise the previous business day. */
export function businessDayOnOrBefore(d: LocalDate, policy: CalendarPolicy): LocalDate {
  let cur = d;
  while (!isBusinessDay(cur, policy)) cur = addDays(cur, -1);
  return cur;
}

/** Number of business days in (a, b]; negative (minus the count in (b, a]) when b is before a. */
export function businessDaysBetween(a: LocalDate, b: LocalDate, policy: CalendarPolicy): number {
  const order = compareDates(a, b);
  if (order === 0) return 0;
  if (order > 0) return -businessDaysBetween(b, a, policy);
  let n = 0;
  for (let cur = addDays(a, 1); compareDates(cur, b) <= 0; cur = addDays(cur, 1)) {
    if (isBusinessDay(cur, policy)) n += 1;
  }
  return n;
}

/** Earliest instant ≥ epochMs on a Copenhagen business day within office hours [startHour, endHour). */
export function nextOfficeInstant(epochMs: number, policy: CalendarPolicy): number {
  const { startHour, endHour } = policy.calendar.officeHours;
  const today = localDateInCopenhagen(epochMs);
  if (isBusinessDay(today, policy)) {
    const opens = copenhagenInstant(today, startHour);
    if (epochMs < opens) return opens;
    // endHour may be 24 (open until midnight); the next day's midnight is then the close.
    const closes = endHour >= 24 ? copenhagenInstant(addDays(today, 1), 0) : copenhagenInstant(today, endHour);
    if (epochMs < closes) return epochMs;
  }
  return copenhagenInstant(businessDayOnOrAfter(addDays(today, 1), policy), startHour);
}

/** The business day `n` business days before `d`. */
export function businessDaysBefore(d: LocalDate, n: number, policy: CalendarPolicy): LocalDate {
  let cur = d;
  let left = n;
  while (left > 0) {
    cur = addDays(cur, -1);
    if (isBusinessDay(cur, policy)) left -= 1;
  }
  return cur;
}
