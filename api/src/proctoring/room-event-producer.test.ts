import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '@exam/contracts';
import { SystemClock } from '../common/clock.js';
import type { RoomActionsService } from '../exam/room-actions.service.js';
import { ExamEvents } from '../exam/exam-events.js';
import { InMemoryPresence } from './presence.js';
import { RoomDirectory } from './room-directory.js';
import { InMemoryRoomEventLog } from './room-event-log.js';
import { RoomEventProducer, SAVE_COALESCE_MS } from './room-event-producer.js';
import type { AttemptPlaceRow, RoomSnapshotRepository } from './room-snapshot.repository.js';

const SITTING = '00000000-0000-4000-8000-00000000000a';
const ROOM = '00000000-0000-4000-8000-0000000000a1';
const attemptId = (n: number) => `00000000-0000-4000-8000-00000000010${n}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function placeOf(id: string): AttemptPlaceRow {
  return {
    attemptId: id,
    sittingId: SITTING,
    roomId: ROOM,
    seatId: `seat-${id}`,
    seatLabel: '01-01',
    row: 1,
    column: 1,
    machineId: null,
    name: '考生',
  };
}

/**
 * A repository whose progress queries take the times given in turn (the first slow, the next fast: a
 * database under load), counting the queries of each kind.
 */
function fakeRepository(delays: number[]) {
  const calls = { places: [] as string[][], progress: [] as string[][] };
  let answered = 0;
  const repository = {
    places(ids: string[]) {
      calls.places.push(ids);
      return Promise.resolve(ids.map(placeOf));
    },
    async progress(ids: string[]) {
      calls.progress.push(ids);
      const count = ++answered;
      await sleep(delays.shift() ?? 0);
      return new Map(ids.map((id) => [id, { answered: count, lastSaveAt: null }]));
    },
  };
  return { repository: repository as unknown as RoomSnapshotRepository, calls };
}

let producer: RoomEventProducer | null = null;

function start(delays: number[]) {
  const events = new ExamEvents();
  const { repository, calls } = fakeRepository(delays);
  producer = new RoomEventProducer(
    events,
    new RoomDirectory(repository),
    repository,
    {} as RoomActionsService,
    new InMemoryRoomEventLog(),
    new InMemoryPresence(),
    new SystemClock(),
  );
  producer.onModuleInit();
  const broadcast: RoomEvent[] = [];
  producer.setBroadcast((_room, list) => broadcast.push(...list));
  const save = (n: number, seq: number) =>
    events.emit({ type: 'saved', attemptId: attemptId(n), seq, position: seq, at: new Date().toISOString() });
  return { producer, save, broadcast, calls };
}

afterEach(() => {
  producer?.onModuleDestroy();
  producer = null;
});

const patches = (events: RoomEvent[]) =>
  events.map((e) => (e.payload.kind === 'tile' ? { id: e.payload.attemptId, ...e.payload.patch } : null));

describe('RoomEventProducer: progress of saves', () => {
  it("appends an attempt's progress patches in the order of its saves even when an earlier flush is slower", async () => {
    // the first window's query takes 120 ms, the second's none: the second must still come after the first
    const { producer, save, broadcast } = start([120, 0]);
    save(1, 1);
    await sleep(SAVE_COALESCE_MS + 15);
    save(1, 2);
    await sleep(SAVE_COALESCE_MS + 15);
    await producer.settled();
    expect(patches(broadcast).map((p) => p && { lastSeq: p.lastSeq, answered: p.answered })).toEqual([
      { lastSeq: 1, answered: 1 },
      { lastSeq: 2, answered: 2 },
    ]);
    expect(broadcast.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('coalesces the saves of a window into one patch per attempt, with the highest seq, and two queries at most', async () => {
    const { producer, save, broadcast, calls } = start([0]);
    save(1, 1);
    save(2, 1);
    save(1, 3);
    save(1, 2); // a late event of an earlier save does not lower the seq
    save(3, 1);
    await sleep(SAVE_COALESCE_MS + 15);
    await producer.settled();
    expect(patches(broadcast).map((p) => p && { id: p.id, lastSeq: p.lastSeq })).toEqual([
      { id: attemptId(1), lastSeq: 3 },
      { id: attemptId(2), lastSeq: 1 },
      { id: attemptId(3), lastSeq: 1 },
    ]);
    // one query for the three places, one for the three counts
    expect(calls.places).toEqual([[attemptId(1), attemptId(2), attemptId(3)]]);
    expect(calls.progress).toHaveLength(1);

    // the places are cached: the next window queries only the counts
    save(2, 2);
    await sleep(SAVE_COALESCE_MS + 15);
    await producer.settled();
    expect(calls.places).toHaveLength(1);
    expect(calls.progress).toHaveLength(2);
    expect(broadcast.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('saves that arrive while a flush runs go out in the next one, none lost', async () => {
    const { producer, save, broadcast } = start([80, 0]);
    save(1, 1);
    await sleep(SAVE_COALESCE_MS + 10); // the first flush is running (80 ms)
    save(2, 1);
    save(3, 1);
    await sleep(10);
    await producer.settled();
    const shown = patches(broadcast).map((p) => p?.id);
    expect(shown).toEqual([attemptId(1), attemptId(2), attemptId(3)]);
  });
});
