import type { Redis } from 'ioredis';
import type { RoomEvent, RoomEventPayload } from '@exam/contracts';

/** One room of one sitting: the unit of sequence numbers, replay and broadcast. */
export interface RoomKey {
  sittingId: string;
  roomId: string;
}

export const roomKeyOf = (k: RoomKey) => `${k.sittingId}:${k.roomId}`;

/** Events kept per room for a console that reconnects and asks for what it missed. */
export const ROOM_REPLAY_LIMIT = 5000;

/**
 * The rooms' event sequence: each appended event gets the next seq of its room (1, 2, 3 …, no gaps), and
 * the last ROOM_REPLAY_LIMIT events are kept so a console can ask for those after the seq it saw.
 * `since` answers null when some of the asked events are no longer kept (the console takes a snapshot).
 */
export interface RoomEventLog {
  append(room: RoomKey, payloads: RoomEventPayload[], at: Date): Promise<RoomEvent[]>;
  since(room: RoomKey, sinceSeq: number): Promise<RoomEvent[] | null>;
  lastSeq(room: RoomKey): Promise<number>;
  close(): Promise<void>;
}

export const ROOM_EVENT_LOG = Symbol('RoomEventLog');

function event(room: RoomKey, seq: number, at: Date, payload: RoomEventPayload): RoomEvent {
  return { seq, at: at.toISOString(), sittingId: room.sittingId, roomId: room.roomId, payload };
}

/** One process: counters and ring buffers in memory. */
export class InMemoryRoomEventLog implements RoomEventLog {
  private readonly rooms = new Map<string, { seq: number; events: RoomEvent[] }>();

  constructor(private readonly limit = ROOM_REPLAY_LIMIT) {}

  private room(key: RoomKey) {
    const id = roomKeyOf(key);
    let room = this.rooms.get(id);
    if (!room) this.rooms.set(id, (room = { seq: 0, events: [] }));
    return room;
  }

  append(key: RoomKey, payloads: RoomEventPayload[], at: Date): Promise<RoomEvent[]> {
    const room = this.room(key);
    const out = payloads.map((p) => event(key, ++room.seq, at, p));
    room.events.push(...out);
    if (room.events.length > this.limit) room.events.splice(0, room.events.length - this.limit);
    return Promise.resolve(out);
  }

  since(key: RoomKey, sinceSeq: number): Promise<RoomEvent[] | null> {
    const room = this.room(key);
    if (sinceSeq > room.seq) return Promise.resolve(null);
    if (sinceSeq === room.seq) return Promise.resolve([]);
    const first = room.events[0]?.seq ?? room.seq + 1;
    if (first > sinceSeq + 1) return Promise.resolve(null);
    return Promise.resolve(room.events.filter((e) => e.seq > sinceSeq));
  }

  lastSeq(key: RoomKey): Promise<number> {
    return Promise.resolve(this.room(key).seq);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * INCRBY reserves the batch's seqs and XADD (MAXLEN ~ limit) keeps each event under stream id `seq-0`, in
 * one script: atomic, so two processes appending to one room never interleave out of order, and one round
 * trip per batch. Keys expire a day after the room's last event.
 */
const APPEND_SCRIPT = `
local n = tonumber(ARGV[1])
local last = redis.call('INCRBY', KEYS[1], n)
for i = 1, n do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], (last - n + i) .. '-0', 'at', ARGV[3], 'p', ARGV[3 + i])
end
redis.call('EXPIRE', KEYS[1], 86400)
redis.call('EXPIRE', KEYS[2], 86400)
return last`;

/** Several processes: one sequence and one replay stream per room in Redis. */
export class RedisRoomEventLog implements RoomEventLog {
  constructor(
    private readonly redis: Redis,
    private readonly limit = ROOM_REPLAY_LIMIT,
    private readonly prefix = 'exam:proctor',
  ) {}

  private keys(room: RoomKey) {
    const id = roomKeyOf(room);
    return { seq: `${this.prefix}:seq:${id}`, stream: `${this.prefix}:events:${id}` };
  }

  async append(room: RoomKey, payloads: RoomEventPayload[], at: Date): Promise<RoomEvent[]> {
    if (payloads.length === 0) return [];
    const keys = this.keys(room);
    const stamp = at.toISOString();
    const last = Number(
      await this.redis.eval(
        APPEND_SCRIPT,
        2,
        keys.seq,
        keys.stream,
        payloads.length,
        this.limit,
        stamp,
        ...payloads.map((p) => JSON.stringify(p)),
      ),
    );
    return payloads.map((p, i) => event(room, last - payloads.length + 1 + i, at, p));
  }

  async since(room: RoomKey, sinceSeq: number): Promise<RoomEvent[] | null> {
    const keys = this.keys(room);
    const results = (await this.redis
      .pipeline()
      .get(keys.seq)
      .xrange(keys.stream, '-', '+', 'COUNT', 1)
      .xrange(keys.stream, `${sinceSeq + 1}-0`, '+')
      .exec()) as [Error | null, unknown][];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
    const last = Number((results[0]![1] as string | null) ?? 0);
    const first = results[1]![1] as [string, string[]][];
    const entries = results[2]![1] as [string, string[]][];
    if (sinceSeq > last) return null;
    if (sinceSeq === last) return [];
    const firstSeq = first[0] ? Number(first[0][0].split('-')[0]) : last + 1;
    if (firstSeq > sinceSeq + 1) return null;
    return entries.map(([id, fields]) => {
      const [stamp, json] = [fields[1]!, fields[3]!];
      return event(room, Number(id.split('-')[0]), new Date(stamp), JSON.parse(json) as RoomEventPayload);
    });
  }

  async lastSeq(room: RoomKey): Promise<number> {
    return Number((await this.redis.get(this.keys(room).seq)) ?? 0);
  }

  async close(): Promise<void> {
    // the connection is owned by the provider that made it
  }
}
