import { describe, expect, it } from 'vitest';
import { parseCount, parsePoints, pointsFixed, pointsText } from './points';

describe('points ↔ tenths', () => {
  it('shows tenths as points', () => {
    expect(pointsText(25)).toBe('2.5');
    expect(pointsText(20)).toBe('2');
    expect(pointsText(0)).toBe('0');
    expect(pointsText(1000)).toBe('100');
    expect(pointsFixed(20)).toBe('2.0');
    expect(pointsFixed(873)).toBe('87.3');
    expect(pointsFixed(null)).toBe('—');
  });

  it('reads points as tenths', () => {
    expect(parsePoints('7.5')).toEqual({ ok: true, tenths: 75 });
    expect(parsePoints(' 10 ')).toEqual({ ok: true, tenths: 100 });
    expect(parsePoints('0')).toEqual({ ok: true, tenths: 0 });
    expect(parsePoints('0.1')).toEqual({ ok: true, tenths: 1 });
    expect(parsePoints('10', 100)).toEqual({ ok: true, tenths: 100 });
  });

  it('refuses what is not a score', () => {
    expect(parsePoints('')).toMatchObject({ ok: false, message: '请填写分数' });
    expect(parsePoints('abc')).toMatchObject({ ok: false });
    expect(parsePoints('1e2')).toMatchObject({ ok: false });
    expect(parsePoints('-1')).toMatchObject({ ok: false, message: '分数不能为负' });
    expect(parsePoints('2.25')).toMatchObject({ ok: false, message: '分数最多保留一位小数' });
    expect(parsePoints('10.5', 100)).toMatchObject({ ok: false, message: '分数不能超过本题满分 10 分' });
  });

  it('reads counts', () => {
    expect(parseCount('12')).toBe(12);
    expect(parseCount(' 3 ')).toBe(3);
    expect(parseCount('1.5')).toBeNull();
    expect(parseCount('')).toBeNull();
    expect(parseCount('-2')).toBeNull();
  });
});
