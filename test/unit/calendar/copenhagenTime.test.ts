// Unit tests for instants ↔ Copenhagen wall-clock time with the EU summer-time rule.
import {
  copenhagenHour,
  copenhagenInstant,
  copenhagenOffsetMinutes,
  formatInstant,
  localDateInCopenhagen,
} from '../../../domain/calendar/copenhagenTime';

const utc = (iso: string) => Date.parse(iso);

describe('copenhagenOffsetMinutes', () => {
  it('is CET in winter and CEST in summer', () => {
    expect(copenhagenOffsetMinutes(utc('2026-01-15T12:00:00Z'))).toBe(60);
    expect(copenhagenOffsetMinutes(utc('2026-07-15T12:00:00Z'))).toBe(120);
  });

  it('switches to summer time at 01:00 UTC on 2026-03-29', () => {
    expect(copenhagenOffsetMinutes(utc('2026-03-29T00:59:59Z'))).toBe(60);
    expect(copenhagenOffsetMinutes(utc('2026-03-29T01:00:00Z'))).toBe(120);
  });

  it('switches back at 01:00 UTC on 2026-10-25', () => {
    expect(copenhagenOffsetMinutes(utc('2026-10-25T00:59:59Z'))).toBe(120);
    expect(copenhagenOffsetMinutes(utc('2026-10-25T01:00:00Z'))).toBe(60);
  });
});

describe('localDateInCopenhagen and copenhagenHour', () => {
  it('rolls over the date at Copenhagen midnight, not UTC midnight', () => {
    expect(localDateInCopenhagen(utc('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
    expect(localDateInCopenhagen(utc('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(localDateInCopenhagen(utc('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
    expect(localDateInCopenhagen(utc('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
  });

  it('reads the wall-clock hour on DST switch days', () => {
    expect(copenhagenHour(utc('2026-03-29T00:59:00Z'))).toBe(1);
    expect(copenhagenHour(utc('2026-03-29T01:00:00Z'))).toBe(3);
    expect(copenhagenHour(utc('2026-10-25T00:30:00Z'))).toBe(2);
    expect(copenhagenHour(utc('2026-10-25T01:30:00Z'))).toBe(2);
    expect(copenhagenHour(utc('2026-10-25T02:00:00Z'))).toBe(3);
  });
});

describe('copenhagenInstant', () => {
  it('converts winter and summer wall-clock times', () => {
    expect(copenhagenInstant('2026-12-03', 10)).toBe(utc('2026-12-03T09:00:00Z'));
    expect(copenhagenInstant('2026-07-01', 9, 30)).toBe(utc('2026-07-01T07:30:00Z'));
  });

  it('handles the DST switch days', () => {
    expect(copenhagenInstant('2026-03-29', 1)).toBe(utc('2026-03-29T00:00:00Z'));
    expect(copenhagenInstant('2026-03-29', 9)).toBe(utc('2026-03-29T07:00:00Z'));
    // 02:30 does not exist on 29 March; it is read with the winter offset (= 03:30 CEST).
    expect(copenhagenInstant('2026-03-29', 2, 30)).toBe(utc('2026-03-29T01:30:00Z'));
    expect(copenhagenInstant('2026-10-25', 9)).toBe(utc('2026-10-25T08:00:00Z'));
    // 02:30 happens twice on 25 October; the first (CEST) occurrence is chosen.
    expect(copenhagenInstant('2026-10-25', 2, 30)).toBe(utc('2026-10-25T00:30:00Z'));
    expect(copenhagenInstant('2026-10-25', 0)).toBe(utc('2026-10-24T22:00:00Z'));
  });

  it('round-trips with localDateInCopenhagen and copenhagenHour', () => {
    const t = copenhagenInstant('2027-03-28', 23, 59);
    expect(localDateInCopenhagen(t)).toBe('2027-03-28');
    expect(copenhagenHour(t)).toBe(23);
  });

  it('rejects invalid input', () => {
    expect(() => copenhagenInstant('2026-02-30', 9)).toThrow();
    expect(() => copenhagenInstant('2026-02-03', 24)).toThrow();
    expect(() => copenhagenInstant('2026-02-03', 9, 60)).toThrow();
  });
});

describe('formatInstant', () => {
  it('prints ISO-8601 with the Copenhagen offset', () => {
    expect(formatInstant(utc('2026-12-03T09:00:00Z'))).toBe('2026-12-03T10:00:00+01:00');
    expect(formatInstant(utc('2026-07-01T07:30:05Z'))).toBe('2026-07-01T09:30:05+02:00');
    expect(formatInstant(utc('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30:00+01:00');
    expect(formatInstant(utc('2026-12-03T09:00:00.250Z'))).toBe('2026-12-03T10:00:00.250+01:00');
  });

  it('prints both sides of the DST switches', () => {
    expect(formatInstant(utc('2026-03-29T00:59:00Z'))).toBe('2026-03-29T01:59:00+01:00');
    expect(formatInstant(utc('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(formatInstant(utc('2026-10-25T00:59:00Z'))).toBe('2026-10-25T02:59:00+02:00');
    expect(formatInstant(utc('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00+01:00');
  });

  it('produces strings Date.parse reads back to the same instant', () => {
    const t = utc('2026-10-25T01:15:00Z');
    expect(Date.parse(formatInstant(t))).toBe(t);
  });
});
