import { describe, expect, it } from 'vitest';
import { ATTEMPT_STATUSES, SAVE_GRACE_MS, type AttemptStatus } from '@exam/contracts';
import {
  ATTEMPT_ACTIONS,
  addExtraTime,
  clockView,
  endsAtFrom,
  isExpired,
  isTimeUp,
  lateEntryAllowed,
  pauseClock,
  remainingAt,
  resumeClock,
  transition,
  type AttemptAction,
  type ClockState,
} from './attempt-state.js';

/** The allowed moves, written out once more by hand: every other (status, action) pair must be refused. */
const ALLOWED: Record<AttemptAction, Partial<Record<AttemptStatus, AttemptStatus>>> = {
  checkIn: { not_started: 'checked_in' },
  ready: { checked_in: 'ready' },
  start: { ready: 'in_progress' },
  pause: { in_progress: 'paused', disconnected: 'paused' },
  resume: { paused: 'in_progress' },
  extraTime: {
    not_started: 'not_started',
    checked_in: 'checked_in',
    ready: 'ready',
    in_progress: 'in_progress',
    disconnected: 'disconnected',
    paused: 'paused',
  },
  submit: { in_progress: 'submitted', disconnected: 'submitted' },
  timeUp: { in_progress: 'submitted', disconnected: 'submitted' },
  forceSubmit: { in_progress: 'force_submitted', disconnected: 'force_submitted', paused: 'force_submitted' },
  void: {
    not_started: 'voided',
    checked_in: 'voided',
    ready: 'voided',
    in_progress: 'voided',
    disconnected: 'voided',
    paused: 'voided',
    submitted: 'voided',
    force_submitted: 'voided',
  },
};

const T0 = new Date('2026-03-02T01:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function state(overrides: Partial<ClockState>): ClockState {
  return {
    status: 'in_progress',
    durationMinutes: 90,
    startedAt: T0,
    endsAt: at(90 * 60_000),
    remainingMs: null,
    pausedAt: null,
    pausedMsTotal: 0,
    extraSeconds: 0,
    closedAt: null,
    closedBy: null,
    ...overrides,
  };
}

describe('attempt transitions', () => {
  for (const action of ATTEMPT_ACTIONS) {
    for (const from of ATTEMPT_STATUSES) {
      const to = ALLOWED[action][from];
      it(`${action} from ${from}: ${to ? `→ ${to}` : 'refused'}`, () => {
        const result = transition(from, action);
        if (to) expect(result).toEqual({ ok: true, to });
        else {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.message).toMatch(/不能/);
        }
      });
    }
  }

  it('explains a refusal in Chinese', () => {
    expect(transition('submitted', 'resume')).toEqual({ ok: false, message: '已交卷的考试不能继续' });
    expect(transition('ready', 'pause')).toEqual({ ok: false, message: '考试尚未开始，不能暂停' });
    expect(transition('paused', 'submit')).toEqual({ ok: false, message: '考试已暂停，不能交卷' });
    expect(transition('voided', 'void')).toEqual({ ok: false, message: '已判为无效的考试不能判为无效' });
  });
});

describe('the clock', () => {
  it('counts down while running and never below zero', () => {
    const s = state({});
    expect(remainingAt(s, T0)).toBe(90 * 60_000);
    expect(remainingAt(s, at(60_000))).toBe(89 * 60_000);
    expect(remainingAt(s, at(90 * 60_000))).toBe(0);
    expect(remainingAt(s, at(90 * 60_000 + 5000))).toBe(0);
    expect(remainingAt(state({ status: 'disconnected' }), at(1000))).toBe(90 * 60_000 - 1000);
  });

  it('gives the whole time (with planned extra time) before the start, and 0 once closed', () => {
    const before = state({ status: 'ready', startedAt: null, endsAt: null, extraSeconds: 600 });
    expect(remainingAt(before, at(123_456))).toBe(100 * 60_000);
    expect(remainingAt(state({ status: 'submitted', closedAt: at(1000) }), at(2000))).toBe(0);
  });

  it('pauses with the time left kept, and resumes with exactly that time from the resume', () => {
    const running = state({});
    const paused = { ...running, status: 'paused' as const, ...pauseClock(running, at(10 * 60_000)) };
    expect(paused).toMatchObject({ remainingMs: 80 * 60_000, pausedAt: at(10 * 60_000), endsAt: null });
    expect(remainingAt(paused, at(60 * 60_000))).toBe(80 * 60_000);
    const resumed = resumeClock(paused, at(13 * 60_000));
    expect(resumed).toEqual({
      endsAt: at(93 * 60_000),
      remainingMs: null,
      pausedAt: null,
      pausedMsTotal: 3 * 60_000,
    });
  });

  it('pausing after the end keeps 0, not a negative time', () => {
    expect(pauseClock(state({}), at(91 * 60_000)).remainingMs).toBe(0);
  });

  it('adds extra time to the end while running, to the kept time while paused, and plans it before the start', () => {
    expect(addExtraTime(state({ extraSeconds: 60 }), 300)).toEqual({
      extraSeconds: 360,
      endsAt: at(95 * 60_000),
    });
    expect(addExtraTime(state({ status: 'paused', endsAt: null, remainingMs: 1000 }), 60)).toEqual({
      extraSeconds: 60,
      remainingMs: 61_000,
    });
    expect(addExtraTime(state({ status: 'ready', startedAt: null, endsAt: null }), 600)).toEqual({
      extraSeconds: 600,
    });
  });

  it('ends from the room start with the duration and extra time', () => {
    expect(endsAtFrom(T0, 90, 120)).toEqual(at(92 * 60_000));
  });

  it('is up at the end, and expired for the server only after the grace', () => {
    const s = state({});
    const end = 90 * 60_000;
    expect(isTimeUp(s, at(end - 1))).toBe(false);
    expect(isTimeUp(s, at(end))).toBe(true);
    expect(isExpired(s, at(end + SAVE_GRACE_MS - 1))).toBe(false);
    expect(isExpired(s, at(end + SAVE_GRACE_MS))).toBe(true);
    expect(isExpired(state({ status: 'paused', endsAt: null, remainingMs: 0 }), at(end * 2))).toBe(false);
    expect(isExpired(state({ status: 'submitted' }), at(end * 2))).toBe(false);
  });

  it('admits late entry up to 15 minutes after the room started', () => {
    expect(lateEntryAllowed(T0, at(15 * 60_000))).toBe(true);
    expect(lateEntryAllowed(T0, at(15 * 60_000 + 1))).toBe(false);
  });

  it('shows the clock as the client needs it', () => {
    expect(clockView(state({ extraSeconds: 30 }), at(1000))).toEqual({
      status: 'in_progress',
      serverNow: at(1000).toISOString(),
      startedAt: T0.toISOString(),
      endsAt: at(90 * 60_000).toISOString(),
      remainingMs: 90 * 60_000 - 1000,
      extraSeconds: 30,
      closedAt: null,
      closedBy: null,
      locked: false,
      lockReason: null,
    });
    expect(clockView(state({ lockedAt: at(500), lockReason: '切屏超过 3 次' }), at(1000))).toMatchObject({
      locked: true,
      lockReason: '切屏超过 3 次',
    });
    expect(clockView(state({ status: 'submitted', lockedAt: at(500) }), at(1000))).toMatchObject({
      locked: false,
    });
    expect(
      clockView(state({ status: 'paused', endsAt: null, remainingMs: 5000, pausedAt: T0 }), at(1000)),
    ).toMatchObject({ endsAt: null, remainingMs: 5000 });
  });
});
