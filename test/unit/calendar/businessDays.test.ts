// Unit tests for Danish business days, with hand-checked holiday dates.
import {
  addBusinessDays,
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  businessDaysBetween,
  closedDays,
  easterSunday,
  isBusinessDay,
  nextOfficeInstant,
} from '../../../domain/calendar/businessDays';
import { CURRENT_POLICY, type Policy } from '../../../domain/kernel/policy';
import { policySchema } from '../../../domain/kernel/policy.schema';

const policy = CURRENT_POLICY;
const utc = (iso: string) => Date.parse(iso);
const variant = (calendar: Record<string, unknown>, version = '2026.9'): Policy =>
  policySchema.parse({ version, effectiveFrom: '2026-01-01', calendar });

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('closedDays', () => {
  it('matches the DOMAIN.md worked example for 2027', () => {
    expect(Object.fromEntries(closedDays(2027, policy))).toEqual({
      '2027-01-01': 'Nytårsdag',
      '2027-03-25': 'Skærtorsdag',
      '2027-03-26': 'Langfredag',
      '2027-03-28': 'Påskedag',
      '2027-03-29': '2. påskedag',
      '2027-05-06': 'Kristi himmelfartsdag',
      '2027-05-16': 'Pinsedag',
      '2027-05-17': '2. pinsedag',
      '2027-06-05': 'Grundlovsdag',
      '2027-12-24': 'Juleaftensdag',
      '2027-12-25': 'Juledag',
      '2027-12-26': '2. juledag',
      '2027-12-31': 'Nytårsaftensdag',
    });
  });

  it('includes Store bededag in 2023 but not from 2024', () => {
    expect(closedDays(2023, policy).get('2023-05-05')).toBe('Store bededag');
    expect(isBusinessDay('2023-05-05', policy)).toBe(false);
    expect(closedDays(2024, policy).has('2024-04-26')).toBe(false);
    expect(isBusinessDay('2024-04-26', policy)).toBe(true);
  });

  it('follows the policy settings for Great Prayer Day and office-closed days', () => {
    expect(isBusinessDay('2024-04-26', variant({ greatPrayerDayLastYear: 2024 }))).toBe(false);
    const open = variant({ closedDays: { constitutionDay: false, christmasEve: false, newYearsEve: false } }, '2026.8');
    const days = closedDays(2026, open);
    expect(days.has('2026-06-05')).toBe(false);
    expect(days.has('2026-12-24')).toBe(false);
    expect(days.has('2026-12-31')).toBe(false);
    expect(days.get('2026-12-25')).toBe('Juledag');
    // The default policy is not affected by the cached variant.
    expect(closedDays(2026, policy).get('2026-12-24')).toBe('Juleaftensdag');
  });

  it('names Whit Sunday, not Constitution Day, when they coincide (2022)', () => {
    expect(closedDays(2022, policy).get('2022-06-05')).toBe('Pinsedag');
  });

  it('returns a copy that cannot corrupt the cache', () => {
    closedDays(2027, policy).delete('2027-03-28');
    expect(isBusinessDay('2027-03-29', policy)).toBe(false);
    expect(closedDays(2027, policy).has('2027-03-28')).toBe(true);
  });
});

describe('business-day arithmetic', () => {
  it('skips weekends: Friday + 1 = Monday', () => {
    expect(addBusinessDays('2026-01-16', 1, policy)).toBe('2026-01-19');
    expect(addBusinessDays('2026-01-17', 1, policy)).toBe('2026-01-19');
    expect(addBusinessDays('2026-01-12', 5, policy)).toBe('2026-01-19');
    expect(addBusinessDays('2026-01-16', 0, policy)).toBe('2026-01-16');
    expect(() => addBusinessDays('2026-01-16', -1, policy)).toThrow();
  });

  it('skips Easter', () => {
    expect(addBusinessDays('2027-03-24', 1, policy)).toBe('2027-03-30');
    expect(addBusinessDays('2026-04-01', 1, policy)).toBe('2026-04-07');
    expect(addBusinessDays('2027-05-05', 1, policy)).toBe('2027-05-07');
    expect(addBusinessDays('2027-05-14', 1, policy)).toBe('2027-05-18');
  });

  it('skips Christmas and New Year', () => {
    expect(addBusinessDays('2026-12-23', 1, policy)).toBe('2026-12-28');
    expect(addBusinessDays('2026-12-23', 3, policy)).toBe('2026-12-30');
    expect(addBusinessDays('2026-12-23', 4, policy)).toBe('2027-01-04');
    expect(addBusinessDays('2026-12-23', 1, variant({ closedDays: { christmasEve: false } }, '2026.7'))).toBe('2026-12-24');
  });

  it('finds the business day on or after / on or before', () => {
    expect(businessDayOnOrAfter('2027-03-25', policy)).toBe('2027-03-30');
    expect(businessDayOnOrAfter('2027-03-24', policy)).toBe('2027-03-24');
    expect(businessDayOnOrBefore('2027-03-29', policy)).toBe('2027-03-24');
    expect(businessDayOnOrBefore('2027-01-03', policy)).toBe('2026-12-30');
  });

  it('counts business days in (a, b]', () => {
    expect(businessDaysBetween('2026-12-23', '2027-01-04', policy)).toBe(4);
    expect(businessDaysBetween('2027-01-04', '2026-12-23', policy)).toBe(-4);
    expect(businessDaysBetween('2026-01-16', '2026-01-19', policy)).toBe(1);
    expect(businessDaysBetween('2026-01-16', '2026-01-16', policy)).toBe(0);
    expect(businessDaysBetween('2027-03-24', '2027-03-30', policy)).toBe(1);
  });
});

describe('nextOfficeInstant', () => {
  it('keeps an instant inside office hours', () => {
    const t = utc('2026-12-03T09:00:00Z'); // 10:00 Copenhagen, Thursday
    expect(nextOfficeInstant(t, policy)).toBe(t);
    expect(nextOfficeInstant(utc('2026-12-03T13:59:59Z'), policy)).toBe(utc('2026-12-03T13:59:59Z'));
  });

  it('moves an early instant to opening time the same day', () => {
    expect(nextOfficeInstant(utc('2026-12-03T06:00:00Z'), policy)).toBe(utc('2026-12-03T08:00:00Z'));
    expect(nextOfficeInstant(utc('2026-07-01T05:00:00Z'), policy)).toBe(utc('2026-07-01T07:00:00Z'));
  });

  it('moves a late instant to opening time on the next business day', () => {
    expect(nextOfficeInstant(utc('2026-12-03T14:00:00Z'), policy)).toBe(utc('2026-12-04T08:00:00Z'));
    expect(nextOfficeInstant(utc('2026-12-04T15:00:00Z'), policy)).toBe(utc('2026-12-07T08:00:00Z'));
    expect(nextOfficeInstant(utc('2026-12-05T10:00:00Z'), policy)).toBe(utc('2026-12-07T08:00:00Z'));
  });

  it('skips holidays and crosses the DST switch', () => {
    expect(nextOfficeInstant(utc('2027-03-24T14:30:00Z'), policy)).toBe(utc('2027-03-30T07:00:00Z'));
    expect(nextOfficeInstant(utc('2026-03-27T15:00:00Z'), policy)).toBe(utc('2026-03-30T07:00:00Z'));
    expect(nextOfficeInstant(utc('2026-12-23T14:00:00Z'), policy)).toBe(utc('2026-12-28T08:00:00Z'));
  });
});
