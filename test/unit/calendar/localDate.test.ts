// Unit tests for calendar-date arithmetic on YYYY-MM-DD strings.
import { addDays, addMonths, addWeeks, compareDates, dayOfWeek, daysBetween, isLocalDate, maxDate, minDate } from '../../../domain/calendar/localDate';
import { localDateSchema } from '../../../domain/calendar/localDate.schema';

describe('localDateSchema', () => {
  it('accepts real dates, including 29 February in a leap year', () => {
    expect(localDateSchema.parse('2026-01-12')).toBe('2026-01-12');
    expect(localDateSchema.safeParse('2028-02-29').success).toBe(true);
  });

  it.each(['2026-02-30', '2026-1-5', '2027-02-29', '2026-13-01', '2026-00-10', '2026-01-00', '20260105', '', ' 2026-01-05'])(
    'rejects %p with a clear message',
    (bad) => {
      const r = localDateSchema.safeParse(bad);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues[0].message).toBe('must be a date YYYY-MM-DD');
    },
  );

  it('rejects non-strings', () => {
    expect(localDateSchema.safeParse(20260105).success).toBe(false);
    expect(isLocalDate(null)).toBe(false);
  });
});

describe('arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    // Across the DST switch the day count must not drift.
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('adds weeks', () => {
    expect(addWeeks('2026-02-02', 52)).toBe('2027-02-01');
    expect(addWeeks('2027-02-01', -8)).toBe('2026-12-07');
  });

  it('clamps addMonths to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-10', -1)).toBe('2025-12-10');
  });

  it('counts days between dates as b − a', () => {
    expect(daysBetween('2026-01-12', '2027-02-01')).toBe(385);
    expect(daysBetween('2026-03-02', '2026-03-16')).toBe(14);
    expect(daysBetween('2026-03-16', '2026-03-02')).toBe(-14);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('compares, max and min', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
    expect(maxDate('2026-05-01', '2027-01-01', '2026-12-31')).toBe('2027-01-01');
    expect(minDate('2026-05-01', '2027-01-01', '2026-04-30')).toBe('2026-04-30');
    expect(() => maxDate()).toThrow();
  });

  it('gives the day of the week with Sunday = 0', () => {
    expect(dayOfWeek('2026-01-12')).toBe(1); // Monday
    expect(dayOfWeek('2027-03-28')).toBe(0); // Easter Sunday
    expect(dayOfWeek('2027-03-27')).toBe(6); // Saturday
    expect(dayOfWeek('2026-12-24')).toBe(4); // Thursday
  });

  it('throws on malformed input instead of computing garbage', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/YYYY-MM-DD/);
  });
});
