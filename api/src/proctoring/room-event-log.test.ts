import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomEventPayload } from '@exam/contracts';
import { RedisPresence } from './presence.js';
import { InMemoryRoomEventLog, RedisRoomEventLog, type RoomEventLog } from './room-event-log.js';

const A = {
  sittingId: '00000000-0000-4000-8000-00000000000a',
  roomId: '00000000-0000-4000-8000-0000000000a1',
};
const B = {
  sittingId: '00000000-0000-4000-8000-00000000000a',
  roomId: '00000000-0000-4000-8000-0000000000b1',
};
const AT = new Date('2026-03-02T01:00:00.000Z');
const tile = (n: number): RoomEventPayload => ({ kind: 'tile', attemptId: `a${n}`, patch: { answered: n } });

function behaves(name: string, make: (limit: number) => Promise<RoomEventLog>) {
  describe(name, () => {
    it('numbers events per room from 1 without gaps, each room on its own', async () => {
      const log = await make(100);
      const first = await log.append(A, [tile(1), tile(2)], AT);
      const other = await log.append(B, [tile(9)], AT);
      const next = await log.append(A, [tile(3)], AT);
      expect(first.map((e) => e.seq)).toEqual([1, 2]);
      expect(next.map((e) => e.seq)).toEqual([3]);
      expect(other.map((e) => e.seq)).toEqual([1]);
      expect(first[0]).toEqual({ seq: 1, at: AT.toISOString(), ...A, payload: tile(1) });
      expect(await log.lastSeq(A)).toBe(3);
      expect(await log.append(A, [], AT)).toEqual([]);
    });

    it('replays exactly the events after a seq, none when up to date, null when asked beyond the end', async () => {
      const log = await make(100);
      await log.append(A, [tile(1), tile(2), tile(3), tile(4)], AT);
      expect((await log.since(A, 2))!.map((e) => e.seq)).toEqual([3, 4]);
      expect((await log.since(A, 2))![0]!.payload).toEqual(tile(3));
      expect((await log.since(A, 0))!.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(await log.since(A, 4)).toEqual([]);
      expect(await log.since(A, 9)).toBeNull();
    });

    it('answers null (take a snapshot) once the asked events are no longer kept', async () => {
      const log = await make(10);
      // Redis trims (MAXLEN ~) whole stream nodes of 100 entries: 300 events drop at least the first 100
      for (let i = 0; i < 30; i++)
        await log.append(
          A,
          Array.from({ length: 10 }, (_, j) => tile(i * 10 + j)),
          AT,
        );
      expect(await log.since(A, 0)).toBeNull();
      const recent = (await log.since(A, 295))!;
      expect(recent.map((e) => e.seq)).toEqual([296, 297, 298, 299, 300]);
    });

    it('keeps one order when appends overlap', async () => {
      const log = await make(1000);
      const batches = await Promise.all(
        Array.from({ length: 20 }, (_, i) => log.append(A, [tile(i), tile(i)], AT)),
      );
      const seqs = batches
        .flat()
        .map((e) => e.seq)
        .sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect((await log.since(A, 0))!.map((e) => e.seq)).toEqual(seqs);
    });
  });
}

behaves('in-memory room event log', (limit) => Promise.resolve(new InMemoryRoomEventLog(limit)));

let redis: Redis | null = null;
beforeAll(async () => {
  const probe = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    redis = probe;
  } catch {
    probe.disconnect();
  }
});
afterAll(async () => {
  const keys = (await redis?.keys(`test:proctor:${process.pid}:*`)) ?? [];
  if (keys.length > 0) await redis?.del(...keys);
  await redis?.quit();
});

let counter = 0;
const redisAnswers = await (async () => {
  const probe = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
})();

describe.skipIf(!redisAnswers)('Redis (skipped without Redis at 127.0.0.1:6379)', () => {
  behaves('Redis room event log', (limit) =>
    Promise.resolve(
      new RedisRoomEventLog(redis!, limit, `test:proctor:${process.pid}:${Date.now()}:${++counter}`),
    ),
  );

  it('shares one sequence between two connections (two API processes)', async (ctx) => {
    if (!redis) return ctx.skip();
    const other = redis.duplicate();
    const prefix = `test:proctor:${process.pid}:shared:${Date.now()}`;
    const one = new RedisRoomEventLog(redis, 100, prefix);
    const two = new RedisRoomEventLog(other, 100, prefix);
    const a = await Promise.all([
      one.append(A, [tile(1)], AT),
      two.append(A, [tile(2)], AT),
      one.append(A, [tile(3)], AT),
    ]);
    expect(
      a
        .flat()
        .map((e) => e.seq)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect((await two.since(A, 0))!.map((e) => e.seq)).toEqual([1, 2, 3]);
    await other.quit();
  });
});

describe.skipIf(!redisAnswers)('Redis presence (skipped without Redis at 127.0.0.1:6379)', () => {
  it('expires unless its process refreshes it, and refreshes only the socket that still holds it', async () => {
    const prefix = `test:proctor:${process.pid}:presence:${Date.now()}`;
    const presence = new RedisPresence(redis!, prefix);
    await presence.up('a1', 'sock-1', new Date('2026-03-02T01:00:00Z'));
    await presence.up('a2', 'sock-2', new Date('2026-03-02T01:00:00Z'));
    const ttl = await redis!.ttl(`${prefix}:a1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(180);
    // a2 was taken over by another socket (a reload on another process): the old one's refresh leaves it
    await presence.up('a2', 'sock-3', new Date('2026-03-02T01:01:00Z'));
    await redis!.expire(`${prefix}:a1`, 5);
    await redis!.expire(`${prefix}:a2`, 5);
    await presence.refresh([
      { attemptId: 'a1', socketId: 'sock-1' },
      { attemptId: 'a2', socketId: 'sock-2' },
    ]);
    expect(await redis!.ttl(`${prefix}:a1`)).toBeGreaterThan(100);
    expect(await redis!.ttl(`${prefix}:a2`)).toBeLessThanOrEqual(5);
    expect(await presence.connected(['a1', 'a2', 'a3'])).toEqual(
      new Map([
        ['a1', '2026-03-02T01:00:00.000Z'],
        ['a2', '2026-03-02T01:01:00.000Z'],
      ]),
    );
  });
});
