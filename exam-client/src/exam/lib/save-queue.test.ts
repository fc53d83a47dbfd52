import type { AnswerSaveMessage, SaveAck } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import { MemoryQueueStore } from './idb-store';
import { SaveQueue, type QueuedSave, type SaveTransport } from './save-queue';

const ATTEMPT = '3f0c9a52-1d1e-4c55-9a3e-0c6f1b2a7d10';

/** timers run by hand */
class FakeTimers {
  private next = 1;
  private pending = new Map<number, { at: number; fn: () => void }>();
  now = 0;

  schedule = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return () => this.pending.delete(id);
  };

  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const [id, t] of [...this.pending]) {
      if (t.at <= this.now) {
        this.pending.delete(id);
        t.fn();
      }
    }
    await settle();
  }

  get count(): number {
    return this.pending.size;
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
};

/** a server that stores saves by the contract's rules and answers with acks; can be cut off or busy */
class FakeServer implements SaveTransport {
  stored = new Map<number, { seq: number; response: unknown }>();
  keys = new Map<number, string>();
  lastSeq = 0;
  sent: AnswerSaveMessage[] = [];
  down = false;
  busyFor = 0;
  refuse: SaveAck | null = null;

  send(save: AnswerSaveMessage): Promise<SaveAck> {
    this.sent.push(save);
    if (this.down) return Promise.reject(new Error('offline'));
    if (this.busyFor > 0) {
      this.busyFor--;
      return Promise.resolve({
        ok: false,
        seq: save.seq,
        code: 'busy',
        message: '服务器繁忙',
        retryAfterMs: 500,
      });
    }
    if (this.refuse) return Promise.resolve(this.refuse);
    const known = this.keys.get(save.seq);
    if (known === save.key) return Promise.resolve(this.ack(save.seq, true));
    if (known)
      return Promise.resolve({
        ok: false,
        seq: save.seq,
        code: 'replay',
        message: '重放',
        lastSeq: this.lastSeq,
      });
    if (save.seq < this.lastSeq) {
      return Promise.resolve({
        ok: false,
        seq: save.seq,
        code: 'stale',
        message: '过期',
        lastSeq: this.lastSeq,
      });
    }
    this.keys.set(save.seq, save.key);
    this.stored.set(save.position, { seq: save.seq, response: save.response });
    this.lastSeq = save.seq;
    return Promise.resolve(this.ack(save.seq, false));
  }

  private ack(seq: number, duplicate: boolean): SaveAck {
    return { ok: true, seq, savedAt: `2026-06-01T02:00:${String(seq).padStart(2, '0')}.000Z`, duplicate };
  }
}

function setup(store = new MemoryQueueStore(), server = new FakeServer()) {
  const timers = new FakeTimers();
  let n = 0;
  const dropped: { seq: number; code: string }[] = [];
  const queue = new SaveQueue(ATTEMPT, store, server, {
    newKey: () => `key-${String(++n).padStart(4, '0')}`,
    schedule: timers.schedule,
    now: () => timers.now,
    retryDelayMs: 1000,
    listener: { dropped: (save, code) => dropped.push({ seq: save.seq, code }) },
  });
  return { queue, store, server, timers, dropped };
}

describe('SaveQueue', () => {
  it('numbers saves from 1, stores each before sending, and removes it once acknowledged', async () => {
    const store = new MemoryQueueStore();
    const seenInStore: number[] = [];
    const server = new FakeServer();
    const send = server.send.bind(server);
    server.send = async (save) => {
      seenInStore.push(...(await store.all()).filter((s) => s.seq === save.seq).map((s) => s.seq));
      return send(save);
    };
    const { queue } = setup(store, server);
    await queue.restore(0);
    await queue.enqueue(1, 'A');
    await queue.enqueue(2, ['B', 'C']);
    await settle();
    expect(server.sent.map((s) => [s.seq, s.position])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(seenInStore).toEqual([1, 2]);
    expect(await store.all()).toEqual([]);
    expect(queue.lastAckedSeq).toBe(2);
    expect(queue.lastSavedAt).toBe('2026-06-01T02:00:02.000Z');
    expect(queue.pendingCount).toBe(0);
  });

  it('keeps saves while offline and resends them in seq order with the same keys when back', async () => {
    const { queue, server, store, timers } = setup();
    await queue.restore(0);
    server.down = true;
    await queue.enqueue(1, 'A');
    await queue.enqueue(2, 'B');
    await queue.enqueue(3, true);
    await settle();
    expect(queue.offline).toBe(true);
    expect(queue.pendingCount).toBe(3);
    expect((await store.all()).map((s) => s.seq)).toEqual([1, 2, 3]);
    const firstKey = server.sent[0]!.key;
    server.down = false;
    server.sent = [];
    queue.online();
    await settle();
    expect(server.sent.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(server.sent[0]!.key).toBe(firstKey);
    expect(queue.pendingCount).toBe(0);
    expect(queue.offline).toBe(false);
    expect(timers.count).toBe(0);
  });

  it('retries on its own after the retry delay when the transport failed', async () => {
    const { queue, server, timers } = setup();
    await queue.restore(0);
    server.down = true;
    await queue.enqueue(5, 'C');
    await settle();
    server.down = false;
    await timers.advance(999);
    expect(queue.pendingCount).toBe(1);
    await timers.advance(1);
    expect(queue.pendingCount).toBe(0);
  });

  it('treats a duplicate acknowledgement (a resend the server already had) as saved', async () => {
    const { queue, server } = setup();
    await queue.restore(0);
    server.keys.set(1, 'key-0001');
    server.lastSeq = 1;
    await queue.enqueue(1, 'A');
    await settle();
    expect(queue.pendingCount).toBe(0);
    expect(queue.lastAckedSeq).toBe(1);
  });

  it('waits retryAfterMs when the server is busy, then resends the same save', async () => {
    const { queue, server, timers } = setup();
    await queue.restore(0);
    server.busyFor = 1;
    await queue.enqueue(1, 'A');
    await settle();
    expect(queue.pendingCount).toBe(1);
    expect(server.sent).toHaveLength(1);
    await timers.advance(499);
    expect(server.sent).toHaveLength(1);
    await timers.advance(1);
    expect(server.sent.map((s) => s.key)).toEqual(['key-0001', 'key-0001']);
    expect(queue.pendingCount).toBe(0);
  });

  it('drops a stale or replayed save (the server has newer) and goes on with the next', async () => {
    const { queue, server, dropped } = setup();
    await queue.restore(0);
    server.lastSeq = 7;
    server.keys.set(2, 'someone-else');
    await queue.enqueue(1, 'A'); // seq 1 < 7: stale
    await settle();
    expect(dropped).toEqual([{ seq: 1, code: 'stale' }]);
    // numbering continues above what the server reported
    const next = await queue.enqueue(3, 'B');
    expect(next.seq).toBe(8);
    await settle();
    expect(queue.pendingCount).toBe(0);
    expect(server.stored.get(3)).toEqual({ seq: 8, response: 'B' });
  });

  it('stops on a pause and keeps the save until resumed', async () => {
    const { queue, server, store } = setup();
    await queue.restore(0);
    server.refuse = { ok: false, seq: 1, code: 'paused', message: '考试已暂停' };
    await queue.enqueue(1, 'A');
    await queue.enqueue(2, 'B');
    await settle();
    expect(queue.halted?.code).toBe('paused');
    expect(server.sent).toHaveLength(1);
    expect((await store.all()).map((s) => s.seq)).toEqual([1, 2]);
    server.refuse = null;
    queue.resume();
    await settle();
    expect(queue.halted).toBeNull();
    expect(queue.pendingCount).toBe(0);
  });

  it('stays stopped after time-up: resume does not lift it', async () => {
    const { queue, server } = setup();
    await queue.restore(0);
    server.refuse = { ok: false, seq: 1, code: 'time_up', message: '考试时间已到' };
    await queue.enqueue(1, 'A');
    await settle();
    queue.resume();
    await settle();
    expect(queue.halted?.code).toBe('time_up');
    expect(queue.pendingCount).toBe(1);
  });

  it('drops a save the server can never take (bad response) and reports it', async () => {
    const { queue, server, dropped } = setup();
    await queue.restore(0);
    server.refuse = { ok: false, seq: 1, code: 'bad_response', message: '选项不存在' };
    await queue.enqueue(1, 'Z');
    await settle();
    expect(dropped).toEqual([{ seq: 1, code: 'bad_response' }]);
    expect(queue.halted).toBeNull();
    expect(queue.pendingCount).toBe(0);
  });

  it('skips a queued save superseded by a later answer to the same item', async () => {
    const { queue, server } = setup();
    await queue.restore(0);
    server.down = true;
    await queue.enqueue(4, 'A');
    await queue.enqueue(5, 'B');
    await queue.enqueue(4, 'C');
    await settle();
    server.down = false;
    server.sent = [];
    queue.online();
    await settle();
    expect(server.sent.map((s) => [s.seq, s.position, s.response])).toEqual([
      [2, 5, 'B'],
      [3, 4, 'C'],
    ]);
    expect(server.stored.get(4)).toEqual({ seq: 3, response: 'C' });
  });

  it('restores after a reload: drops what the server has, keeps the rest, continues numbering above both', async () => {
    const store = new MemoryQueueStore();
    const previous: QueuedSave[] = [3, 4, 5].map((seq) => ({
      attemptId: ATTEMPT,
      seq,
      position: seq,
      response: `r${seq}`,
      key: `old-key-${seq}`,
      createdAt: 0,
    }));
    for (const save of previous) await store.put(save);
    const { queue, server } = setup(store);
    server.down = true;
    const survivors = await queue.restore(4);
    expect(survivors.map((s) => s.seq)).toEqual([5]);
    expect((await store.all()).map((s) => s.seq)).toEqual([5]);
    expect(queue.lastAckedSeq).toBe(4);
    expect((await queue.enqueue(9, 'x')).seq).toBe(6);
  });

  it('continues numbering above seqs used before even when their saves are gone', async () => {
    const store = new MemoryQueueStore();
    await store.put({
      attemptId: ATTEMPT,
      seq: 12,
      position: 1,
      response: 'A',
      key: 'k-000012',
      createdAt: 0,
    });
    await store.delete(12);
    const { queue } = setup(store);
    await queue.restore(3);
    expect((await queue.enqueue(2, 'B')).seq).toBe(13);
  });

  it('drain resolves true once everything is acknowledged, false while offline after the timeout', async () => {
    const { queue, server, timers } = setup();
    await queue.restore(0);
    server.down = true;
    await queue.enqueue(1, 'A');
    const drained = queue.drain(5000);
    await timers.advance(5000);
    expect(await drained).toBe(false);
    server.down = false;
    queue.online();
    expect(await queue.drain(5000)).toBe(true);
    expect(queue.lastAckedSeq).toBe(1);
  });
});
