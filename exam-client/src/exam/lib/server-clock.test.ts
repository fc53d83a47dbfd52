import type { ExamClockView } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import { ServerClock, crossedWarnings, formatRemaining, shanghaiTime } from './server-clock';

function view(partial: Partial<ExamClockView>): ExamClockView {
  return {
    status: 'in_progress',
    serverNow: '2026-06-01T02:00:00.000Z',
    startedAt: '2026-06-01T01:30:00.000Z',
    endsAt: '2026-06-01T03:00:00.000Z',
    remainingMs: 3_600_000,
    extraSeconds: 0,
    closedAt: null,
    closedBy: null,
    locked: false,
    lockReason: null,
    ...partial,
  };
}

describe('ServerClock', () => {
  it('counts down by the server time, whatever this client clock says', () => {
    let mono = 50_000; // client monotonic ms, unrelated to the server's epoch
    const clock = new ServerClock(() => mono);
    clock.update(view({}));
    expect(clock.offset).toBe(Date.parse('2026-06-01T02:00:00.000Z') - 50_000);
    expect(clock.remainingMs()).toBe(3_600_000);
    mono += 61_500;
    expect(clock.remainingMs()).toBe(3_600_000 - 61_500);
    expect(clock.serverNow()).toBe(Date.parse('2026-06-01T02:01:01.500Z'));
  });

  it('re-anchors on every sync, so the offset follows the server', () => {
    let mono = 0;
    const clock = new ServerClock(() => mono);
    clock.update(view({}));
    mono = 30_000;
    // the server says only 29 s passed (the client clock ran fast): the countdown follows the server
    clock.update(view({ serverNow: '2026-06-01T02:00:29.000Z' }));
    expect(clock.remainingMs()).toBe(3_600_000 - 29_000);
  });

  it('never goes below zero and never decides anything at zero', () => {
    let mono = 0;
    const clock = new ServerClock(() => mono);
    clock.update(view({}));
    mono = 4_000_000;
    expect(clock.remainingMs()).toBe(0);
    expect(clock.current?.status).toBe('in_progress');
  });

  it('freezes while paused and shows the full duration before the start', () => {
    let mono = 0;
    const clock = new ServerClock(() => mono);
    clock.update(view({ status: 'paused', endsAt: null, remainingMs: 1_234_000 }));
    mono = 600_000;
    expect(clock.remainingMs()).toBe(1_234_000);
    clock.update(view({ status: 'ready', startedAt: null, endsAt: null, remainingMs: 5_400_000 }));
    mono = 900_000;
    expect(clock.remainingMs()).toBe(5_400_000);
  });

  it('takes extra time from the new end the server sends', () => {
    let mono = 0;
    const clock = new ServerClock(() => mono);
    clock.update(view({}));
    mono = 10_000;
    clock.update(
      view({ serverNow: '2026-06-01T02:00:10.000Z', endsAt: '2026-06-01T03:10:00.000Z', extraSeconds: 600 }),
    );
    expect(clock.remainingMs()).toBe(4_190_000);
  });

  it('has no remaining time once closed or before any view', () => {
    const clock = new ServerClock(() => 0);
    expect(clock.remainingMs()).toBeNull();
    clock.update(
      view({ status: 'submitted', endsAt: null, remainingMs: null, closedAt: '2026-06-01T02:00:00.000Z' }),
    );
    expect(clock.remainingMs()).toBeNull();
  });
});

describe('formatting', () => {
  it('rounds remaining time up to whole seconds', () => {
    expect(formatRemaining(0)).toBe('00:00');
    expect(formatRemaining(1)).toBe('00:01');
    expect(formatRemaining(59_001)).toBe('01:00');
    expect(formatRemaining(5_400_000)).toBe('1:30:00');
    expect(formatRemaining(-5)).toBe('00:00');
  });

  it('shows saved-at times in Beijing time', () => {
    expect(shanghaiTime(Date.parse('2026-06-01T17:05:09.000Z'))).toBe('01:05:09');
  });
});

describe('crossedWarnings', () => {
  it('fires each mark once, when the countdown passes it', () => {
    expect(crossedWarnings(15 * 60_000 + 100, 15 * 60_000 - 100)).toEqual([15]);
    expect(crossedWarnings(14 * 60_000, 13 * 60_000)).toEqual([]);
    expect(crossedWarnings(5 * 60_000 + 1, 5 * 60_000)).toEqual([5]);
    expect(crossedWarnings(null, 4 * 60_000)).toEqual([15, 5]);
    expect(crossedWarnings(1000, 0)).toEqual([]);
  });
});
