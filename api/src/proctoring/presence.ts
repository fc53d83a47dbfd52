import type { Redis } from 'ioredis';

/**
 * Which attempts have a live candidate socket right now, and since when: fed by the candidate gateway's
 * connection events, read by the room snapshot. With Redis, shared by every API process (a console on one
 * process sees a candidate connected to another). A socket's departure counts only if it is still the
 * attempt's current socket (a reload may connect the new socket before the old one is gone).
 */
export interface Presence {
  up(attemptId: string, socketId: string, at: Date): Promise<void>;
  /** true if `socketId` was the attempt's current socket (the candidate is now gone) */
  down(attemptId: string, socketId: string): Promise<boolean>;
  /** the connected attempts among these, with the time their socket connected */
  connected(attemptIds: string[]): Promise<Map<string, string>>;
  /** keeps this process's live sockets present (a process that dies stops refreshing, and its entries expire) */
  refresh(entries: readonly { attemptId: string; socketId: string }[]): Promise<void>;
}

export const PRESENCE = Symbol('Presence');

export class InMemoryPresence implements Presence {
  private readonly sockets = new Map<string, { socketId: string; at: string }>();

  up(attemptId: string, socketId: string, at: Date): Promise<void> {
    this.sockets.set(attemptId, { socketId, at: at.toISOString() });
    return Promise.resolve();
  }

  down(attemptId: string, socketId: string): Promise<boolean> {
    if (this.sockets.get(attemptId)?.socketId !== socketId) return Promise.resolve(false);
    this.sockets.delete(attemptId);
    return Promise.resolve(true);
  }

  refresh(): Promise<void> {
    return Promise.resolve();
  }

  connected(attemptIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of attemptIds) {
      const s = this.sockets.get(id);
      if (s) out.set(id, s.at);
    }
    return Promise.resolve(out);
  }
}

/** Deletes the key only if it still holds this socket. */
const DOWN_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

/** Extends the key's life only if it still holds this socket (another may have taken the attempt over). */
const REFRESH_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then
  return redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/**
 * Presence keys live this long without a refresh; each process refreshes its live sockets every
 * PRESENCE_REFRESH_MS, so the candidates of an API process that died stop showing as connected within this.
 */
const PRESENCE_TTL_SECONDS = 180;
export const PRESENCE_REFRESH_MS = 60_000;

export class RedisPresence implements Presence {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'exam:presence',
  ) {}

  async up(attemptId: string, socketId: string, at: Date): Promise<void> {
    await this.redis.set(
      `${this.prefix}:${attemptId}`,
      `${socketId}|${at.toISOString()}`,
      'EX',
      PRESENCE_TTL_SECONDS,
    );
  }

  async refresh(entries: readonly { attemptId: string; socketId: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const e of entries)
      pipeline.eval(REFRESH_SCRIPT, 1, `${this.prefix}:${e.attemptId}`, e.socketId, PRESENCE_TTL_SECONDS);
    await pipeline.exec();
  }

  async down(attemptId: string, socketId: string): Promise<boolean> {
    return Number(await this.redis.eval(DOWN_SCRIPT, 1, `${this.prefix}:${attemptId}`, socketId)) === 1;
  }

  async connected(attemptIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (attemptIds.length === 0) return out;
    const values = await this.redis.mget(attemptIds.map((id) => `${this.prefix}:${id}`));
    values.forEach((v, i) => {
      if (v) out.set(attemptIds[i]!, v.slice(v.indexOf('|') + 1));
    });
    return out;
  }
}
