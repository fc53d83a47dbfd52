// Preloaded into the API processes by the proctoring benchmark (`node --import ./stages.mjs api/bin/exam.js
// serve`, with the autosave probe): times the stages of a save's way to the console inside the room event
// producer, by wrapping methods of the built classes (nothing of the product is changed on disk):
//  - window: from the first 'saved' event of a coalescing window to the start of its flush;
//  - progress: the answered-count query of a flush;
//  - append: from a flush handing a room's patches to the room's append chain until they are appended to the
//    room event log and broadcast (includes waiting behind the room's earlier appends and, with Redis, the
//    round trip of the append script);
//  - log: the room event log's append alone;
//  - batch: attempts per flush.
// Answers the parent's IPC { type: 'stages' } with percentiles since the last request.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';

const dist = new URL('../../../api/dist/proctoring/', import.meta.url);

if (process.send) {
  const { RoomEventProducer } = await import(new URL('room-event-producer.js', dist));
  const { RoomSnapshotRepository } = await import(new URL('room-snapshot.repository.js', dist));
  const { InMemoryRoomEventLog, RedisRoomEventLog } = await import(new URL('room-event-log.js', dist));

  const samples = { window: [], progress: [], append: [], log: [], batch: [] };
  const record = (key, value) => {
    if (samples[key].length < 200_000) samples[key].push(value);
  };
  const windowStarts = new WeakMap();

  const producer = RoomEventProducer.prototype;
  const onExamEvent = producer.onExamEvent;
  producer.onExamEvent = function (event) {
    if (event?.type === 'saved' && !windowStarts.has(this)) windowStarts.set(this, performance.now());
    return onExamEvent.call(this, event);
  };
  const flushSaves = producer.flushSaves;
  producer.flushSaves = function (...args) {
    const first = windowStarts.get(this);
    windowStarts.delete(this);
    if (first !== undefined) record('window', performance.now() - first);
    if (this.pendingSaves?.size) record('batch', this.pendingSaves.size);
    return flushSaves.apply(this, args);
  };
  const append = producer.append;
  producer.append = function (room, payloads, ...rest) {
    const started = performance.now();
    const saves = payloads.some((p) => p.kind === 'tile' && p.patch?.lastSeq !== undefined);
    const result = append.call(this, room, payloads, ...rest);
    const tail = this.chains?.get(`${room.sittingId}:${room.roomId}`);
    if (saves && tail) void tail.then(() => record('append', performance.now() - started));
    return result;
  };

  const progress = RoomSnapshotRepository.prototype.progress;
  RoomSnapshotRepository.prototype.progress = async function (...args) {
    const started = performance.now();
    try {
      return await progress.apply(this, args);
    } finally {
      record('progress', performance.now() - started);
    }
  };
  for (const Log of [InMemoryRoomEventLog, RedisRoomEventLog]) {
    const logAppend = Log.prototype.append;
    Log.prototype.append = async function (...args) {
      const started = performance.now();
      try {
        return await logAppend.apply(this, args);
      } finally {
        record('log', performance.now() - started);
      }
    };
  }

  const stats = (values) => {
    const sorted = Float64Array.from(values).sort();
    const at = (p) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
    return {
      n: sorted.length,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
    };
  };
  process.on('message', (message) => {
    if (message?.type !== 'stages') return;
    const out = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
    for (const v of Object.values(samples)) v.length = 0;
    process.send({ type: 'stages', stages: out });
  });
}
