import { describe, expect, it } from 'vitest';
import { addYears, ageOn, formatSpan, formatYears, hasYearsThrough, spanThrough } from './durations.js';

describe('durations', () => {
  it.each([
    ['2015-01-01', '2024-12-31', '10年', true],
    ['2015-01-02', '2024-12-31', '9年11个月', false],
    ['2014-12-31', '2024-12-31', '10年', true],
    ['2019-09-30', '2024-12-31', '5年3个月', false],
    ['2024-12-31', '2024-12-31', '不足1个月', false],
  ])('from %s through %s is %s (10 years: %s)', (from, through, text, ten) => {
    expect(formatSpan(spanThrough(from, through))).toBe(text);
    expect(hasYearsThrough(from, through, 10)).toBe(ten);
  });

  it('counts ages on the birthday', () => {
    expect(ageOn('1964-03-15', '2024-03-15')).toBe(60);
    expect(ageOn('1964-03-15', '2024-03-14')).toBe(59);
    expect(ageOn('1974-12-31', '2024-12-31')).toBe(50);
    expect(ageOn('1975-01-01', '2024-12-31')).toBe(49);
  });

  it('adds years across leap days and formats fractions', () => {
    expect(addYears('2016-02-29', 1)).toBe('2017-03-01');
    expect(addYears('2015-06-30', 2.5)).toBe('2017-12-30');
    expect(formatYears(2.5)).toBe('2年6个月');
    expect(formatYears(0)).toBe('0年');
  });
});
