import type { SittingRoomView, SittingView } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import { roomsOf, sittingsOfDay } from './exam-day';

function room(over: Partial<SittingRoomView>): SittingRoomView {
  return {
    roomId: 'r',
    name: '第一考场',
    venueName: '考点',
    position: 0,
    seats: 30,
    spareSeats: 2,
    disabledSeats: 0,
    assigned: 28,
    invigilators: [],
    ...over,
  };
}

function sitting(over: Partial<SittingView>): SittingView {
  return {
    id: 's',
    batchId: 'b',
    component: 'theory',
    subject: null,
    occupationId: null,
    level: null,
    name: '理论',
    startsAt: '2026-05-10T01:00:00.000Z',
    endsAt: '2026-05-10T02:30:00.000Z',
    durationMinutes: 90,
    status: 'published',
    rooms: [],
    assignments: 0,
    ...over,
  };
}

describe('sittingsOfDay', () => {
  it('takes the Beijing day of the start, not the UTC day, and leaves out cancelled sittings', () => {
    const list = [
      sitting({ id: 'late', startsAt: '2026-05-10T06:00:00.000Z' }),
      // 2026-05-10 07:30 in Beijing, still 2026-05-09 in UTC
      sitting({ id: 'early', startsAt: '2026-05-09T23:30:00.000Z' }),
      // 2026-05-11 00:30 in Beijing
      sitting({ id: 'next', startsAt: '2026-05-10T16:30:00.000Z' }),
      sitting({ id: 'off', status: 'cancelled' }),
    ];
    expect(sittingsOfDay(list, '2026-05-10').map((s) => s.id)).toEqual(['early', 'late']);
    expect(sittingsOfDay(list, '2026-05-12')).toEqual([]);
  });
});

describe('roomsOf', () => {
  it('puts the rooms the user is on duty in first, then by position', () => {
    const s = sitting({
      rooms: [
        room({ roomId: 'a', position: 0 }),
        room({ roomId: 'b', position: 1, invigilators: [{ userId: 'me', displayName: '我', chief: false }] }),
        room({ roomId: 'c', position: 2 }),
      ],
    });
    expect(roomsOf(s, 'me').map((r) => [r.room.roomId, r.onDuty])).toEqual([
      ['b', true],
      ['a', false],
      ['c', false],
    ]);
  });
});
