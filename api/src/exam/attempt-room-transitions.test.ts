import { describe, expect, it } from 'vitest';
import { ATTEMPT_STATUSES, type AttemptStatus } from '@exam/contracts';
import { ROOM_ACTIONS, locksAfterSwitch, transition, type RoomAction } from './attempt-state.js';

/** The room's actions, written out by hand: every other (status, action) pair must be refused. */
const OPEN = ['not_started', 'checked_in', 'ready', 'in_progress', 'paused', 'disconnected'] as const;
const same = (list: readonly AttemptStatus[]) => Object.fromEntries(list.map((s) => [s, s]));
const ALLOWED: Record<RoomAction, Partial<Record<AttemptStatus, AttemptStatus>>> = {
  // 两证 are checked before the start and again during the exam
  confirmIdentity: {
    not_started: 'checked_in',
    ...same(['checked_in', 'ready', 'in_progress', 'paused', 'disconnected']),
  },
  admit: { checked_in: 'ready' },
  disconnect: { in_progress: 'disconnected' },
  reconnect: { disconnected: 'in_progress' },
  moveSeat: same(OPEN),
  lock: same(['in_progress', 'paused', 'disconnected']),
  unlock: same(OPEN),
  warn: same(OPEN),
};

describe('room actions on attempts', () => {
  for (const action of ROOM_ACTIONS)
    for (const from of ATTEMPT_STATUSES) {
      const to = ALLOWED[action][from];
      it(`${action} from ${from}: ${to ? `→ ${to}` : 'refused'}`, () => {
        const result = transition(from, action);
        if (to) expect(result).toEqual({ ok: true, to });
        else expect(result).toEqual({ ok: false, message: expect.stringMatching(/不能/) as string });
      });
    }

  it('explains refusals in Chinese', () => {
    expect(transition('submitted', 'moveSeat')).toEqual({ ok: false, message: '已交卷的考试不能换座' });
    expect(transition('in_progress', 'admit')).toEqual({ ok: false, message: '考试正在进行，不能准许入场' });
    expect(transition('voided', 'warn')).toEqual({ ok: false, message: '已判为无效的考试不能警告' });
  });

  it('locks above the limit; a limit of 0 never locks', () => {
    expect(locksAfterSwitch(3, 3)).toBe(false);
    expect(locksAfterSwitch(4, 3)).toBe(true);
    expect(locksAfterSwitch(50, 0)).toBe(false);
  });
});
