import { describe, expect, it } from 'vitest';
import { demoExamLine, demoExamPlan, widenedWindow } from './demo-exam-plan.js';

describe('demo exam plan', () => {
  it('schedules today (Beijing) five minutes back, rounded down to five minutes', () => {
    // 2026-03-02 10:07:30 in Beijing
    const plan = demoExamPlan(new Date('2026-03-02T02:07:30Z'), 60);
    expect(plan.day).toBe('2026-03-02');
    expect(plan.startsAt.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(plan.endsAt.toISOString()).toBe('2026-03-02T03:00:00.000Z');
    expect(plan.dayStart.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(plan.dayEnd.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(plan.name).toContain('2026-03-02');
  });

  it('takes the Beijing day, not the UTC day, and never starts before its midnight', () => {
    // 2026-03-03 00:02 in Beijing is still 2026-03-02 in UTC
    const plan = demoExamPlan(new Date('2026-03-02T16:02:00Z'), 45);
    expect(plan.day).toBe('2026-03-03');
    expect(plan.startsAt.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(plan.durationMinutes).toBe(45);
  });

  it('creates an exam window from the day for a year, and widens one that does not hold the sitting', () => {
    const plan = demoExamPlan(new Date('2026-03-02T02:07:30Z'), 60);
    const created = widenedWindow(null, plan)!;
    expect(created.opensAt).toEqual(plan.dayStart);
    expect(created.closesAt.getTime() - created.opensAt.getTime()).toBe(365 * 86_400_000);
    expect(widenedWindow(created, plan)).toBeNull();
    const later = demoExamPlan(new Date('2027-06-01T02:00:00Z'), 60);
    const widened = widenedWindow(created, later)!;
    expect(widened.opensAt).toEqual(created.opensAt);
    expect(widened.closesAt.getTime()).toBeGreaterThanOrEqual(later.endsAt.getTime());
    const earlier = demoExamPlan(new Date('2026-01-01T02:00:00Z'), 60);
    expect(widenedWindow(created, earlier)!.opensAt).toEqual(earlier.dayStart);
  });

  it('prints one line to try it', () => {
    expect(demoExamLine('demo-exam000001', '410702197805160011')).toBe(
      '演示考试：/exam/ 准考证号 demo-exam000001 身份证号 410702197805160011（监考账号 invigilator 在管理端开考）',
    );
  });
});
