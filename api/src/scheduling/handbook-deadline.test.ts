import { describe, expect, it } from 'vitest';
import { CalendarNotCovered, WorkingDayCalendar } from '../calendar/working-days.js';
import {
  daysBetween,
  deadlineMessage,
  deadlineState,
  handbookDeadline,
  monthsBefore,
  publishedLate,
  workingDaysBefore,
} from './handbook-deadline.js';

const calendar = new WorkingDayCalendar();
const at = (s: string) => new Date(`${s}+08:00`);

describe('months', () => {
  it('is the same calendar day N months earlier, clamped to a shorter month', () => {
    expect(monthsBefore('2026-06-15', 1)).toBe('2026-05-15');
    expect(monthsBefore('2026-01-10', 1)).toBe('2025-12-10');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2026-05-31', 2)).toBe('2026-03-31');
    expect(monthsBefore('2026-02-15', 14)).toBe('2024-12-15');
  });

  it('counts from the exam day in Asia/Shanghai, not in UTC', () => {
    // 00:30 on 15 June in Beijing is still 14 June in UTC
    expect(handbookDeadline({ unit: 'months', value: 1 }, at('2026-06-15T00:30:00'), calendar)).toBe(
      '2026-05-15',
    );
  });

  it('needs no working-day calendar (a year beyond it is fine)', () => {
    expect(handbookDeadline({ unit: 'months', value: 1 }, at('2031-06-15T09:00:00'), calendar)).toBe(
      '2031-05-15',
    );
  });
});

describe('working days', () => {
  it('is the N-th working day before the exam day', () => {
    // Monday 15 June 2026 → Monday 8 June (8, 9, 10, 11, 12 June are the five)
    expect(handbookDeadline({ unit: 'working_days', value: 5 }, at('2026-06-15T09:00:00'), calendar)).toBe(
      '2026-06-08',
    );
    // Wednesday 10 June → Wednesday 3 June
    expect(workingDaysBefore('2026-06-10', 5, calendar)).toBe('2026-06-03');
  });

  it('skips public holidays and counts 调休 make-up working days', () => {
    // 2026 National Day: 1–7 October off, Sunday 27 September and Saturday 10 October are working days
    const arrangement = calendar.arrangement(2026)!;
    expect(arrangement.holidays).toContain('2026-10-05');
    expect(arrangement.makeupWorkdays).toContain('2026-10-10');
    // exam Monday 12 Oct: Sat 10 Oct (调休), Fri 9, Thu 8, then 30 Sep, 29 Sep
    expect(workingDaysBefore('2026-10-12', 5, calendar)).toBe('2026-09-29');
  });

  it('refuses a year the calendar does not cover', () => {
    expect(() =>
      handbookDeadline({ unit: 'working_days', value: 5 }, at('2031-06-15T09:00:00'), calendar),
    ).toThrow(CalendarNotCovered);
    // the exam year is covered but the count reaches back into an uncovered one
    const only2026 = new WorkingDayCalendar(
      [],
      new Map([[2026, { year: 2026, holidays: [], makeupWorkdays: [], source: 'test' }]]),
    );
    expect(() => workingDaysBefore('2026-01-02', 5, only2026)).toThrow(/2025年的节假日安排尚未录入/);
  });
});

describe('warning', () => {
  const deadline = '2026-05-15';

  it('is none far ahead, near within 7 days, due on the day, overdue after', () => {
    expect(deadlineState(deadline, at('2026-05-07T10:00:00'), false)).toEqual({
      daysLeft: 8,
      warning: 'none',
    });
    expect(deadlineState(deadline, at('2026-05-08T10:00:00'), false)).toEqual({
      daysLeft: 7,
      warning: 'near',
    });
    expect(deadlineState(deadline, at('2026-05-14T23:59:00'), false)).toEqual({
      daysLeft: 1,
      warning: 'near',
    });
    expect(deadlineState(deadline, at('2026-05-15T00:00:00'), false)).toEqual({
      daysLeft: 0,
      warning: 'due',
    });
    expect(deadlineState(deadline, at('2026-05-16T00:00:00'), false)).toEqual({
      daysLeft: -1,
      warning: 'overdue',
    });
  });

  it('uses the Shanghai day of now', () => {
    // 16:30 UTC on 14 May is 00:30 on 15 May in Beijing
    expect(deadlineState(deadline, new Date('2026-05-14T16:30:00Z'), false).warning).toBe('due');
  });

  it('is none once a current version is published, however late', () => {
    expect(deadlineState(deadline, at('2026-05-20T10:00:00'), true)).toEqual({
      daysLeft: -5,
      warning: 'none',
    });
  });

  it('says what to do, in Chinese', () => {
    const lead = { unit: 'working_days' as const, value: 5 };
    expect(deadlineMessage(lead, deadline, { daysLeft: 3, warning: 'near' }, 'none')).toBe(
      '按政策须于考前 5 个工作日发布考务手册，发布时限为 2026-05-15，还剩 3 天；考务手册尚未发布。',
    );
    expect(deadlineMessage(lead, deadline, { daysLeft: -2, warning: 'overdue' }, 'outdated')).toContain(
      '已超过 2 天；考务安排已变更，请重新发布考务手册',
    );
  });

  it('marks a publication after the deadline day as late, on the day as on time', () => {
    expect(publishedLate(at('2026-05-15T23:59:00'), deadline)).toBe(false);
    expect(publishedLate(at('2026-05-16T00:01:00'), deadline)).toBe(true);
    expect(publishedLate(at('2026-05-16T00:01:00'), null)).toBe(false);
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
  });
});
