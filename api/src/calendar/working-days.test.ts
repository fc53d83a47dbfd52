import { describe, expect, it } from 'vitest';
import { CalendarNotCovered, WorkingDayCalendar, builtInArrangements, weekdayOf } from './working-days.js';

const calendar = new WorkingDayCalendar();

describe('built-in arrangements', () => {
  it('cover 2004–2026 and nothing later', () => {
    const years = [...builtInArrangements().keys()];
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(calendar.covers(2026)).toBe(true);
    expect(calendar.covers(2027)).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it('knows the 2024 National Day holiday and its make-up Sunday and Saturday', () => {
    for (let d = 1; d <= 7; d++) expect(calendar.isWorkingDay(`2024-10-0${d}`)).toBe(false);
    expect(weekdayOf('2024-09-29')).toBe(0);
    expect(calendar.isWorkingDay('2024-09-29')).toBe(true);
    expect(weekdayOf('2024-10-12')).toBe(6);
    expect(calendar.isWorkingDay('2024-10-12')).toBe(true);
    expect(calendar.isWorkingDay('2024-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2024-10-13')).toBe(false);
  });

  it('knows the 2024 Spring Festival and its make-up days', () => {
    for (let d = 10; d <= 17; d++) expect(calendar.isWorkingDay(`2024-02-${d}`)).toBe(false);
    expect(calendar.isWorkingDay('2024-02-04')).toBe(true);
    expect(calendar.isWorkingDay('2024-02-18')).toBe(true);
    expect(calendar.isWorkingDay('2024-02-09')).toBe(true);
  });

  it('knows 2026 (built in), ordinary days and holidays', () => {
    expect(calendar.isWorkingDay('2026-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday, make-up day
    expect(calendar.isWorkingDay('2026-02-17')).toBe(false); // Spring Festival
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true); // an ordinary Monday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // an ordinary Saturday
  });

  it('refuses a day in 2027 with a clear error instead of guessing', () => {
    expect(() => calendar.isWorkingDay('2027-03-01')).toThrow(CalendarNotCovered);
    expect(() => calendar.isWorkingDay('2027-03-01')).toThrow(/2027年的节假日安排尚未录入/);
    // a period running into an uncovered year is refused as well
    expect(() => calendar.addWorkingDays('2026-12-28', 10)).toThrow(CalendarNotCovered);
    try {
      calendar.isWorkingDay('2027-01-04');
    } catch (error) {
      expect((error as CalendarNotCovered).status).toBe(422);
    }
  });

  it('rejects malformed days', () => {
    expect(() => calendar.isWorkingDay('2024-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2024/02/01')).toThrow(RangeError);
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('counts the start day when it is a working day', () => {
    expect(calendar.addWorkingDays('2026-03-02', 1)).toBe('2026-03-02');
    expect(calendar.addWorkingDays('2026-03-02', 5)).toBe('2026-03-06');
    // starts on a Saturday: the first working day is the Monday after
    expect(calendar.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(() => calendar.addWorkingDays('2026-03-02', 0)).toThrow(RangeError);
  });

  it('lets a 5-working-day publicity span the 2024 National Day holiday', () => {
    // Mon 09-30 is day 1; 10-01..10-07 are off; 10-08 (Tue) .. 10-11 (Fri) are days 2..5
    expect(calendar.addWorkingDays('2024-09-30', 5)).toBe('2024-10-11');
    // from Fri 09-27: 09-27, Sun 09-29 (make-up), 09-30, 10-08, 10-09
    expect(calendar.addWorkingDays('2024-09-27', 5)).toBe('2024-10-09');
    expect(calendar.workingDaysBetween('2024-09-27', '2024-10-09')).toBe(5);
    expect(calendar.workingDaysBetween('2024-10-01', '2024-10-07')).toBe(0);
    expect(calendar.workingDaysBetween('2024-10-09', '2024-09-27')).toBe(0);
  });

  it('spans the 2024 Spring Festival, counting the make-up Sunday 02-04 and Sunday 02-18', () => {
    // Fri 02-02, Sun 02-04, Mon 02-05 … Fri 02-09 = 7 days; then Sun 02-18 is the 8th
    expect(calendar.addWorkingDays('2024-02-02', 8)).toBe('2024-02-18');
    expect(calendar.workingDaysBetween('2024-02-10', '2024-02-17')).toBe(0);
  });

  it('is consistent: workingDaysBetween(start, addWorkingDays(start, n)) === n', () => {
    for (const start of ['2024-09-28', '2024-12-30', '2025-01-25', '2026-09-30'])
      for (const n of [1, 3, 5, 10, 20])
        expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n))).toBe(n);
  });
});

describe('entered years', () => {
  // an illustrative 2027 arrangement (not the real one)
  const entered2027 = {
    year: 2027,
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-08', '2027-02-09'],
    makeupWorkdays: ['2027-02-06'],
    source: '国务院办公厅关于2027年部分节假日安排的通知（示例）',
  };

  it('makes 2027 countable once the office has entered it', () => {
    const withEntry = new WorkingDayCalendar([entered2027]);
    expect(withEntry.covers(2027)).toBe(true);
    expect(withEntry.isWorkingDay('2027-01-01')).toBe(false);
    expect(withEntry.isWorkingDay('2027-02-06')).toBe(true); // Saturday make-up
    expect(withEntry.isWorkingDay('2027-02-08')).toBe(false); // Monday off
    expect(withEntry.isWorkingDay('2027-03-01')).toBe(true);
    expect(withEntry.addWorkingDays('2026-12-28', 10)).toBe('2027-01-11');
    expect(withEntry.arrangement(2027)?.origin).toBe('entered');
    expect(() => withEntry.isWorkingDay('2028-01-03')).toThrow(CalendarNotCovered);
  });

  it('overrides a built-in year with an entered correction', () => {
    const corrected = new WorkingDayCalendar([
      { year: 2026, holidays: ['2026-03-02'], makeupWorkdays: [], source: '更正（示例）' },
    ]);
    expect(corrected.isWorkingDay('2026-03-02')).toBe(false);
    expect(corrected.isWorkingDay('2026-01-01')).toBe(true); // the whole year is replaced
    expect(corrected.arrangement(2026)?.origin).toBe('entered');
    expect(calendar.arrangement(2026)?.origin).toBe('built_in');
  });
});
