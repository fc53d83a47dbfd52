import type { ExamDayRoom } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import { roomProgress, sittingsOf } from './exam-day';

function room(over: Partial<ExamDayRoom>): ExamDayRoom {
  return {
    sittingId: 's1',
    sittingName: '理论',
    startsAt: '2026-05-10T01:00:00.000Z',
    endsAt: '2026-05-10T02:30:00.000Z',
    durationMinutes: 90,
    sittingStatus: 'open',
    roomId: 'r',
    roomName: '第1考场',
    roomStartedAt: null,
    candidates: 0,
    notStarted: 0,
    inProgress: 0,
    paused: 0,
    closed: 0,
    onDuty: false,
    ...over,
  };
}

describe('sittingsOf', () => {
  it('groups the rooms by sitting, sittings by start time, leaving out cancelled ones', () => {
    const list = sittingsOf([
      room({ sittingId: 'late', sittingName: '实操', startsAt: '2026-05-10T06:00:00.000Z', roomId: 'a' }),
      room({ sittingId: 'early', startsAt: '2026-05-09T23:30:00.000Z', roomId: 'b' }),
      room({ sittingId: 'late', sittingName: '实操', startsAt: '2026-05-10T06:00:00.000Z', roomId: 'c' }),
      room({ sittingId: 'off', sittingStatus: 'cancelled', roomId: 'd' }),
    ]);
    expect(list.map((s) => [s.sittingId, s.rooms.map((r) => r.roomId)])).toEqual([
      ['early', ['b']],
      ['late', ['a', 'c']],
    ]);
    expect(list[1]).toMatchObject({ sittingName: '实操', startsAt: '2026-05-10T06:00:00.000Z' });
  });

  it("puts the user's duty rooms first, then the rooms by name in number order", () => {
    const [sitting] = sittingsOf([
      room({ roomId: 'r10', roomName: '第10考场' }),
      room({ roomId: 'r2', roomName: '第2考场' }),
      room({ roomId: 'r7', roomName: '第7考场', onDuty: true }),
    ]);
    expect(sitting!.rooms.map((r) => r.roomId)).toEqual(['r7', 'r2', 'r10']);
  });

  it('is empty for no rooms', () => {
    expect(sittingsOf([])).toEqual([]);
  });
});

describe('roomProgress', () => {
  it('lists the stages that have candidates, in exam order', () => {
    expect(roomProgress(room({ notStarted: 2, inProgress: 5, closed: 1 }))).toBe(
      '未开考 2 · 答题中 5 · 已交卷 1',
    );
    expect(roomProgress(room({ paused: 1 }))).toBe('已暂停 1');
    expect(roomProgress(room({}))).toBe('—');
  });
});
