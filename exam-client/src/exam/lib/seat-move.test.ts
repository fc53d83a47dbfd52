import { describe, expect, it } from 'vitest';
import { recentMove, SEAT_MOVE_WINDOW_MS, seatMoveTarget } from './seat-move';

describe('seatMoveTarget', () => {
  it("reads the seat from the server's seat-move notice", () => {
    expect(seatMoveTarget('请到 03-05 号座位的考试机上重新登录，继续作答')).toBe('03-05');
    expect(seatMoveTarget('请到 B12 号座位的考试机上重新登录，继续作答')).toBe('B12');
  });

  it('is null for other notices', () => {
    expect(seatMoveTarget('监考老师已解锁，请继续作答')).toBeNull();
    expect(seatMoveTarget('请到 号座位')).toBeNull();
    expect(seatMoveTarget('')).toBeNull();
  });
});

describe('recentMove', () => {
  const now = 1_800_000_000_000;
  const stored = (move: unknown) => JSON.stringify(move);

  it('keeps a move noticed within the window', () => {
    expect(recentMove(stored({ seatLabel: '31', at: now - 5000 }), now)).toEqual({
      seatLabel: '31',
      at: now - 5000,
    });
  });

  it('drops an old move, one from the future, and anything unreadable', () => {
    expect(recentMove(stored({ seatLabel: '31', at: now - SEAT_MOVE_WINDOW_MS - 1 }), now)).toBeNull();
    expect(recentMove(stored({ seatLabel: '31', at: now + 60_000 }), now)).toBeNull();
    expect(recentMove(stored({ seatLabel: '', at: now }), now)).toBeNull();
    expect(recentMove(stored({ at: now }), now)).toBeNull();
    expect(recentMove('{not json', now)).toBeNull();
    expect(recentMove(null, now)).toBeNull();
  });
});
