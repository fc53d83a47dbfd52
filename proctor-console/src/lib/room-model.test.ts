import type { CandidateTile, IncidentView, RoomEvent, RoomSnapshot } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import {
  ago,
  filterCounts,
  formatDuration,
  fromSnapshot,
  isOffline,
  matchesFilter,
  matchesSearch,
  mergeEvents,
  nextSelection,
  serverOffset,
  ticketTail,
  timeLeftMs,
  upsertIncidents,
} from './room-model';

const SITTING = '11111111-1111-4111-8111-111111111111';
const ROOM = '22222222-2222-4222-8222-222222222222';
const A1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const A2 = 'aaaaaaaa-0000-4000-8000-000000000002';

function tile(over: Partial<CandidateTile> = {}): CandidateTile {
  return {
    attemptId: A1,
    applicationId: 'app-1',
    seatId: 'seat-1',
    seatLabel: '01',
    row: 1,
    column: 1,
    machineId: null,
    name: '张三',
    ticketNumber: '2026050100123',
    status: 'in_progress',
    connected: true,
    lastSeenAt: null,
    answered: 3,
    itemCount: 50,
    lastSaveAt: null,
    lastSeq: 3,
    startedAt: '2026-05-01T01:00:00.000Z',
    endsAt: '2026-05-01T02:30:00.000Z',
    remainingMs: null,
    extraSeconds: 0,
    screenSwitches: 0,
    screenSwitchLimit: 3,
    warnings: 0,
    locked: false,
    closedBy: null,
    ...over,
  };
}

function snapshot(over: Partial<RoomSnapshot> = {}): RoomSnapshot {
  return {
    sittingId: SITTING,
    roomId: ROOM,
    sittingName: '驾驶员 理论',
    roomName: '第一考场',
    startsAt: '2026-05-01T01:00:00.000Z',
    durationMinutes: 90,
    roomStartedAt: null,
    serverNow: '2026-05-01T01:10:00.000Z',
    seq: 10,
    rows: 2,
    columns: 2,
    seats: [],
    candidates: [tile(), tile({ attemptId: A2, seatId: 'seat-2', name: '李四', column: 2 })],
    invigilators: [],
    timeline: [
      {
        seq: 4,
        at: '2026-05-01T01:01:00.000Z',
        label: '登录',
        actor: null,
        attemptId: A1,
        candidateName: '张三',
        reason: null,
      },
      {
        seq: 9,
        at: '2026-05-01T01:05:00.000Z',
        label: '切屏',
        actor: null,
        attemptId: A2,
        candidateName: '李四',
        reason: null,
      },
    ],
    ...over,
  };
}

function event(seq: number, payload: RoomEvent['payload'], over: Partial<RoomEvent> = {}): RoomEvent {
  return { seq, at: '2026-05-01T01:11:00.000Z', sittingId: SITTING, roomId: ROOM, payload, ...over };
}

const patch = (seq: number, p: Partial<CandidateTile>, attemptId = A1) =>
  event(seq, { kind: 'tile', attemptId, patch: p });

function incident(over: Partial<IncidentView> = {}): IncidentView {
  return {
    id: 'inc-1',
    sittingId: SITTING,
    roomId: ROOM,
    roomName: '第一考场',
    category: 'technical_failure',
    occurredAt: '2026-05-01T01:20:00.000Z',
    recordedAt: '2026-05-01T01:21:00.000Z',
    recordedBy: '王监考',
    candidates: [],
    narrative: '考试机蓝屏',
    actionTaken: null,
    attachments: [],
    amendedAt: null,
    ...over,
  };
}

describe('fromSnapshot', () => {
  it('keys tiles by attempt and orders the timeline newest first', () => {
    const state = fromSnapshot(snapshot());
    expect(Object.keys(state.tiles)).toEqual([A1, A2]);
    expect(state.timeline.map((e) => e.seq)).toEqual([9, 4]);
    expect(state.seq).toBe(10);
  });
});

describe('mergeEvents', () => {
  it('applies consecutive events in seq order, whatever order they arrive in', () => {
    const result = mergeEvents(fromSnapshot(snapshot()), [
      patch(12, { answered: 5 }),
      patch(11, { answered: 4, status: 'paused' }),
    ]);
    expect(result).toMatchObject({ applied: 2, ignored: 0, gap: false });
    expect(result.state.seq).toBe(12);
    expect(result.state.tiles[A1]).toMatchObject({ answered: 5, status: 'paused' });
  });

  it('ignores events at or below the last seq (no duplicates after a reconnect)', () => {
    const state = fromSnapshot(snapshot());
    const once = mergeEvents(state, [
      patch(11, { answered: 4 }),
      event(12, { kind: 'timeline', entry: { ...snapshot().timeline[0]!, label: '暂停' } }),
    ]).state;
    const again = mergeEvents(once, [
      patch(10, { answered: 99 }),
      patch(11, { answered: 98 }),
      event(12, { kind: 'timeline', entry: { ...snapshot().timeline[0]!, label: '暂停' } }),
    ]);
    expect(again).toMatchObject({ applied: 0, ignored: 3, gap: false });
    expect(again.state.tiles[A1]!.answered).toBe(4);
    expect(again.state.timeline.filter((e) => e.label === '暂停')).toHaveLength(1);
  });

  it('stops at a missing seq and reports the gap without applying later events', () => {
    const result = mergeEvents(fromSnapshot(snapshot()), [
      patch(11, { answered: 4 }),
      patch(13, { answered: 6 }),
    ]);
    expect(result).toMatchObject({ applied: 1, gap: true });
    expect(result.state.seq).toBe(11);
    expect(result.state.tiles[A1]!.answered).toBe(4);
  });

  it('ignores events of another room or sitting', () => {
    const result = mergeEvents(
      fromSnapshot(snapshot()),
      [patch(11, { answered: 40 })].map((e) => ({ ...e, roomId: '33333333-3333-4333-8333-333333333333' })),
    );
    expect(result).toMatchObject({ applied: 0, ignored: 1, gap: false });
    expect(result.state.seq).toBe(10);
  });

  it('adds timeline entries newest first with the event seq', () => {
    const entry = {
      at: '2026-05-01T01:11:00.000Z',
      label: '延时 10 分钟',
      actor: '王监考',
      attemptId: A1,
      candidateName: '张三',
      reason: '技术故障损失的时间',
    };
    const result = mergeEvents(fromSnapshot(snapshot()), [event(11, { kind: 'timeline', entry })]);
    expect(result.state.timeline[0]).toEqual({ ...entry, seq: 11 });
    expect(result.state.timeline).toHaveLength(3);
  });

  it('records the room start and incidents, replacing an amended incident', () => {
    const state = fromSnapshot(snapshot());
    const result = mergeEvents(state, [
      event(11, { kind: 'room', roomStartedAt: '2026-05-01T01:02:00.000Z' }),
      event(12, { kind: 'incident', incident: incident() }),
      event(13, {
        kind: 'incident',
        incident: incident({ narrative: '考试机蓝屏，已换机', amendedAt: 'x' }),
      }),
    ]);
    expect(result.state.roomStartedAt).toBe('2026-05-01T01:02:00.000Z');
    expect(result.state.snapshot.roomStartedAt).toBe('2026-05-01T01:02:00.000Z');
    expect(result.state.incidents).toHaveLength(1);
    expect(result.state.incidents[0]!.narrative).toBe('考试机蓝屏，已换机');
  });

  it('adds a tile it did not know only when the patch is a whole tile', () => {
    const state = fromSnapshot(snapshot({ candidates: [] }));
    const partial = mergeEvents(state, [patch(11, { answered: 1 })]);
    expect(partial.state.tiles).toEqual({});
    expect(partial.state.seq).toBe(11);
    const whole = mergeEvents(state, [patch(11, tile())]);
    expect(whole.state.tiles[A1]!.name).toBe('张三');
  });

  it('does not change the state it was given', () => {
    const state = fromSnapshot(snapshot());
    mergeEvents(state, [patch(11, { answered: 7 })]);
    expect(state.tiles[A1]!.answered).toBe(3);
    expect(state.seq).toBe(10);
  });
});

describe('upsertIncidents', () => {
  it('keeps only this room’s incidents, newest occurrence first', () => {
    const state = upsertIncidents(fromSnapshot(snapshot()), [
      incident({ id: 'a', occurredAt: '2026-05-01T01:05:00.000Z' }),
      incident({ id: 'b', occurredAt: '2026-05-01T01:30:00.000Z' }),
      incident({ id: 'c', roomId: 'other' }),
    ]);
    expect(state.incidents.map((i) => i.id)).toEqual(['b', 'a']);
  });
});

describe('clock', () => {
  const now = Date.parse('2026-05-01T02:00:00.000Z');

  it('measures the server offset', () => {
    expect(serverOffset('2026-05-01T02:00:05.000Z', now)).toBe(5000);
    expect(serverOffset('not a date', now)).toBe(0);
  });

  it('counts down from endsAt corrected by the offset while in progress', () => {
    const t = tile({ endsAt: '2026-05-01T02:30:00.000Z' });
    expect(timeLeftMs(t, now, 0)).toBe(30 * 60_000);
    // the server is 1 minute ahead of this machine
    expect(timeLeftMs(t, now, 60_000)).toBe(29 * 60_000);
    expect(timeLeftMs(t, now + 3_600_000, 0)).toBe(0);
  });

  it('shows the frozen remaining time while paused, and none once closed', () => {
    expect(timeLeftMs(tile({ status: 'paused', remainingMs: 600_000 }), now, 0)).toBe(600_000);
    expect(timeLeftMs(tile({ status: 'not_started', endsAt: null, remainingMs: 5_400_000 }), now, 0)).toBe(
      5_400_000,
    );
    expect(timeLeftMs(tile({ status: 'submitted' }), now, 0)).toBeNull();
    expect(timeLeftMs(tile({ status: 'ready', endsAt: null, remainingMs: null }), now, 0)).toBeNull();
  });

  it('formats durations and ages', () => {
    expect(formatDuration(3_909_000)).toBe('1:05:09');
    expect(formatDuration(45 * 60_000 + 7000)).toBe('45:07');
    expect(formatDuration(8_400)).toBe('0:09');
    expect(ago('2026-05-01T01:59:48.000Z', now, 0)).toBe('12 秒前');
    expect(ago('2026-05-01T01:57:00.000Z', now, 0)).toBe('3 分钟前');
    expect(ago('2026-05-01T02:00:01.000Z', now, 0)).toBe('刚刚');
  });
});

describe('filters', () => {
  const tiles = [
    tile({ attemptId: '1', status: 'not_started', connected: false }),
    tile({ attemptId: '2' }),
    tile({ attemptId: '3', status: 'disconnected', connected: false }),
    tile({ attemptId: '4', connected: false }),
    tile({ attemptId: '5', screenSwitches: 4 }),
    tile({ attemptId: '6', status: 'submitted', connected: false }),
    tile({ attemptId: '7', status: 'voided' }),
  ];

  it('counts each filter', () => {
    expect(filterCounts(tiles)).toEqual({
      all: 7,
      not_started: 1,
      in_progress: 3,
      disconnected: 2,
      over_limit: 1,
      closed: 2,
    });
  });

  it('treats a closed or not-started attempt without a connection as not offline', () => {
    expect(isOffline(tiles[0]!)).toBe(false);
    expect(isOffline(tiles[5]!)).toBe(false);
    expect(matchesFilter(tiles[3]!, 'disconnected')).toBe(true);
  });

  it('is at the limit, not over it, at n = limit', () => {
    expect(matchesFilter(tile({ screenSwitches: 3 }), 'over_limit')).toBe(false);
  });

  it('searches by name or any part of the ticket number', () => {
    expect(matchesSearch(tile(), '张')).toBe(true);
    expect(matchesSearch(tile(), '00123')).toBe(true);
    expect(matchesSearch(tile(), ' ')).toBe(true);
    expect(matchesSearch(tile(), '王')).toBe(false);
  });

  it('shortens a ticket number to its tail', () => {
    expect(ticketTail('2026050100123')).toBe('…100123');
    expect(ticketTail('12345')).toBe('12345');
  });
});

describe('nextSelection', () => {
  const order = ['a', 'b', 'c', 'd'];
  const plain = { shift: false, toggle: false };

  it('selects one on a plain click and clears it on a second', () => {
    expect([...nextSelection(new Set(['a', 'b']), order, 'c', 'a', plain)]).toEqual(['c']);
    expect([...nextSelection(new Set(['c']), order, 'c', 'c', plain)]).toEqual([]);
  });

  it('toggles with ctrl/⌘ and adds a range with shift', () => {
    expect([...nextSelection(new Set(['a']), order, 'c', 'a', { shift: false, toggle: true })]).toEqual([
      'a',
      'c',
    ]);
    expect([...nextSelection(new Set(['a', 'c']), order, 'c', 'a', { shift: false, toggle: true })]).toEqual([
      'a',
    ]);
    expect(
      [...nextSelection(new Set(['d']), order, 'b', 'd', { shift: true, toggle: false })].sort(),
    ).toEqual(['b', 'c', 'd']);
  });
});
