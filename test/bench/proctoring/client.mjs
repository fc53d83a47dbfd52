// One load-generating process of the proctoring benchmark. It holds whole rooms: every candidate of its rooms
// (a socket.io connection to the /exam namespace of the API the parent names for that candidate) and the
// room's invigilator console (a /proctor socket watching the room). On the parent's command it saves at a rate
// spread over its candidates and measures, for each save, the acknowledgement and the time until the console
// of the candidate's room receives the room event that shows it (a tile patch of that attempt with
// lastSeq >= the save's seq). Both ends are in this process, so one clock times them. Each console keeps the
// seqs it received to count duplicates and, at the end, the events lost (a gap still open after re-watching
// with sinceSeq).
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

/** @type {Map<string, Room>} roomId → room state */
const rooms = new Map();
/** attemptId → candidate (seq counters survive a change of API processes) */
const candidates = new Map();
let measuring = null;

function send(message) {
  process.send(message);
}

function socketTo(url, auth) {
  return io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
}

function opened(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

// ── consoles ──

/**
 * A console's bookkeeping: `base` is the snapshot's seq; `seen` every seq received above it (live or by
 * re-watch); `live` the seqs received live (a second live delivery is a duplicate).
 */
function newRoomState(room) {
  return {
    ...room,
    socket: null,
    base: 0,
    seen: new Set(),
    live: new Set(),
    max: 0,
    duplicates: 0,
    outOfOrder: 0,
    replayed: 0,
    replayOverlap: 0,
    disconnects: 0,
  };
}

function watch(room, sinceSeq) {
  return room.socket.timeout(30_000).emitWithAck('room:watch', {
    sittingId: room.sittingId,
    roomId: room.roomId,
    ...(sinceSeq === undefined ? {} : { sinceSeq }),
  });
}

function onRoomEvent(room, event) {
  const now = performance.now();
  if (event.seq <= room.base) return;
  if (room.live.has(event.seq)) room.duplicates++;
  room.live.add(event.seq);
  if (event.seq < room.max) room.outOfOrder++;
  room.seen.add(event.seq);
  if (event.seq > room.max) room.max = event.seq;
  const p = event.payload;
  if (p.kind === 'tile' && typeof p.patch.lastSeq === 'number') shown(p.attemptId, p.patch.lastSeq, now);
}

async function openConsole(room, url) {
  room.url = url;
  room.socket = socketTo(url, { token: room.token });
  room.socket.on('room:event', (event) => onRoomEvent(room, event));
  await opened(room.socket);
}

async function connectConsoles({ list }) {
  const started = performance.now();
  const latencies = [];
  let failed = 0;
  const errors = {};
  let next = 0;
  async function worker() {
    while (next < list.length) {
      const spec = list[next++];
      let room = rooms.get(spec.roomId);
      if (!room) rooms.set(spec.roomId, (room = newRoomState(spec)));
      const t0 = performance.now();
      try {
        await openConsole(room, spec.url);
        const ack = await watch(room);
        if (!ack.ok) throw new Error(`${ack.code}: ${ack.message}`);
        room.base = ack.snapshot.seq;
        room.max = ack.snapshot.seq;
        room.seen.clear();
        room.live.clear();
        latencies.push(performance.now() - t0);
      } catch (error) {
        failed++;
        const code = error.data?.code ?? error.message;
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: 20 }, worker));
  latencies.sort((a, b) => a - b);
  send({
    type: 'consoles',
    ms: performance.now() - started,
    watching: latencies.length,
    failed,
    errors,
    p50: latencies[Math.floor(latencies.length / 2)] ?? NaN,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
  });
}

/** Drops `count` consoles, waits `pauseMs` while the room goes on, and reconnects each to `url(room)` with its last seq. */
async function reconnectConsoles({ count, pauseMs, urls }) {
  const chosen = [...rooms.values()].filter((r) => r.socket).slice(0, count);
  for (const room of chosen) {
    room.socket.disconnect();
    room.disconnects++;
  }
  await new Promise((r) => setTimeout(r, pauseMs));
  let replayed = 0;
  let snapshots = 0;
  let failed = 0;
  await Promise.all(
    chosen.map(async (room) => {
      // the seq a console has: the highest below which nothing is missing
      let contiguous = room.base;
      while (room.seen.has(contiguous + 1)) contiguous++;
      try {
        await openConsole(room, urls[room.roomId] ?? room.url);
        const ack = await watch(room, contiguous);
        if (!ack.ok) throw new Error(ack.message);
        if (ack.events) {
          for (const e of ack.events) {
            if (room.seen.has(e.seq)) room.replayOverlap++;
            room.seen.add(e.seq);
            if (e.seq > room.max) room.max = e.seq;
            replayed++;
            room.replayed++;
            const p = e.payload;
            if (p.kind === 'tile' && typeof p.patch.lastSeq === 'number')
              shown(p.attemptId, p.patch.lastSeq, performance.now());
          }
        } else {
          // the missed events are no longer kept: a fresh snapshot (not expected in this benchmark)
          snapshots++;
          room.base = ack.snapshot.seq;
          room.seen.clear();
          room.live.clear();
        }
      } catch {
        failed++;
      }
    }),
  );
  send({ type: 'reconnected', consoles: chosen.length, replayed, snapshots, failed });
}

/**
 * Per console: re-watch with the last contiguous seq (the protocol's answer to a gap), which fills the gaps
 * and the tail; what is still missing between the snapshot and the room's last seq is lost.
 */
async function verify() {
  let lost = 0;
  let filledByRewatch = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let replayOverlap = 0;
  let events = 0;
  let failed = 0;
  const lossy = [];
  await Promise.all(
    [...rooms.values()].map(async (room) => {
      if (!room.socket?.connected) return;
      let contiguous = room.base;
      while (room.seen.has(contiguous + 1)) contiguous++;
      let last = room.max;
      try {
        const ack = await watch(room, contiguous);
        if (!ack.ok || !ack.events) throw new Error(ack.message ?? 'snapshot');
        for (const e of ack.events) {
          if (!room.seen.has(e.seq)) {
            filledByRewatch++;
            room.seen.add(e.seq);
          }
          if (e.seq > last) last = e.seq;
        }
      } catch {
        failed++;
        return;
      }
      let missing = 0;
      for (let s = room.base + 1; s <= last; s++) if (!room.seen.has(s)) missing++;
      lost += missing;
      if (missing) lossy.push(room.roomId);
      duplicates += room.duplicates;
      outOfOrder += room.outOfOrder;
      replayOverlap += room.replayOverlap;
      events += last - room.base;
    }),
  );
  send({
    type: 'verified',
    lost,
    filledByRewatch,
    duplicates,
    outOfOrder,
    replayOverlap,
    events,
    failed,
    lossy: lossy.slice(0, 5),
  });
}

// ── candidates ──

async function connectCandidates({ list }) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const latencies = [];
  let refused = 0;
  const errors = {};
  let next = 0;
  async function worker() {
    while (next < list.length) {
      const spec = list[next++];
      let c = candidates.get(spec.attemptId);
      if (!c) candidates.set(spec.attemptId, (c = { ...spec, seq: spec.seq ?? 0, pending: [] }));
      c.url = spec.url;
      const t0 = performance.now();
      try {
        c.socket = await opened(socketTo(spec.url, { token: c.token, clientId: c.clientId }));
        latencies.push(performance.now() - t0);
      } catch (error) {
        c.socket = null;
        refused++;
        const code = error.data?.code ?? error.message;
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  }
  // a few hundred handshakes at a time, as browsers arriving over some seconds would
  await Promise.all(Array.from({ length: 200 }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  send({
    type: 'candidates',
    ms,
    connected: latencies.length,
    refused,
    errors,
    p50: latencies[Math.floor(latencies.length / 2)] ?? NaN,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
    cpuPercent: ((used.user + used.system) / 1000 / ms) * 100,
  });
}

/** The console showed the attempt's progress up to `lastSeq`: every pending save at or below it is shown. */
function shown(attemptId, lastSeq, now) {
  const c = candidates.get(attemptId);
  if (!c) return;
  for (const save of c.pending) {
    if (save.seq > lastSeq) break;
    if (save.shownAt === null) save.shownAt = now;
  }
  settle(c);
}

/** Saves both acknowledged and shown (or refused) leave the pending list, their latencies recorded. */
function settle(c) {
  while (c.pending.length > 0) {
    const save = c.pending[0];
    if (save.ok === null) return;
    if (save.ok && save.shownAt === null) return;
    c.pending.shift();
    if (save.ok && save.measure && measuring) {
      const ms = save.shownAt - save.t0;
      measuring.shown.push(ms);
      (save.cross ? measuring.shownCross : measuring.shownSame).push(ms);
      measuring.afterAck.push(save.shownAt - save.ackAt);
    }
  }
}

async function run({ rate, seconds, phase, measure }) {
  const acks = [];
  const codes = {};
  measuring = measure ? { shown: [], shownSame: [], shownCross: [], afterAck: [] } : null;
  const stats = measuring;
  let sent = 0;
  let skipped = 0;
  let answered = 0;
  let cursor = 0;
  const live = [...candidates.values()].filter((c) => c.socket?.connected);
  const consoleApi = new Map([...rooms.values()].map((r) => [r.roomId, new URL(r.url).origin]));
  const started = performance.now();
  const end = started + seconds * 1000;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      // a generator that falls behind does not catch up in one burst: at most 20 ms worth per tick
      const target = Math.floor(((Math.min(now, end) - started) / 1000) * rate);
      if (target - sent > rate / 50) {
        skipped += target - sent - Math.ceil(rate / 50);
        sent = target - Math.ceil(rate / 50);
      }
      const due = target - sent;
      for (let i = 0; i < due && live.length > 0; i++) {
        const c = live[cursor++ % live.length];
        const seq = ++c.seq;
        const save = {
          seq,
          t0: performance.now(),
          ok: null,
          ackAt: null,
          shownAt: null,
          measure: Boolean(measure),
          cross: consoleApi.get(c.roomId) !== new URL(c.url).origin,
        };
        c.pending.push(save);
        sent++;
        c.socket.emit(
          'answer:save',
          {
            attemptId: c.attemptId,
            seq,
            position: 1 + (seq % 20),
            response: 'ABCD'[Math.floor(Math.random() * 4)],
            key: `${c.clientId}-${seq}`,
          },
          (ack) => {
            save.ackAt = performance.now();
            acks.push(save.ackAt - save.t0);
            answered++;
            save.ok = Boolean(ack.ok);
            if (!ack.ok) codes[ack.code] = (codes[ack.code] ?? 0) + 1;
            settle(c);
          },
        );
      }
      if (now >= end) {
        clearInterval(tick);
        // the outstanding acks and room events (at most 10 s)
        const waitUntil = performance.now() + 10_000;
        const wait = setInterval(() => {
          const open = live.some((c) => c.pending.length > 0);
          if ((answered >= sent - skipped && !open) || performance.now() > waitUntil) {
            clearInterval(wait);
            resolve();
          }
        }, 20);
      }
    }, 5);
  });
  // saves acknowledged but never shown on their room's console
  let notShown = 0;
  for (const c of live)
    for (const save of c.pending) {
      if (save.ok && save.measure) notShown++;
    }
  for (const c of live) c.pending = [];
  measuring = null;
  send({
    type: 'ran',
    phase,
    sent: sent - skipped,
    skipped,
    answered,
    elapsedMs: performance.now() - started,
    acks: Float64Array.from(acks),
    shown: Float64Array.from(stats?.shown ?? []),
    shownSame: Float64Array.from(stats?.shownSame ?? []),
    shownCross: Float64Array.from(stats?.shownCross ?? []),
    afterAck: Float64Array.from(stats?.afterAck ?? []),
    notShown,
    codes,
  });
}

function disconnectAll() {
  for (const c of candidates.values()) {
    c.socket?.disconnect();
    c.socket = null;
    c.pending = [];
  }
  for (const room of rooms.values()) {
    room.socket?.disconnect();
    room.socket = null;
  }
  rooms.clear();
  send({ type: 'disconnected' });
}

process.on('message', (message) => {
  const handlers = {
    consoles: connectConsoles,
    candidates: connectCandidates,
    run,
    reconnect: reconnectConsoles,
    verify,
    disconnect: disconnectAll,
  };
  if (message.type === 'close') {
    disconnectAll();
    setTimeout(() => process.exit(0), 100);
    return;
  }
  const handler = handlers[message.type];
  if (handler)
    Promise.resolve(handler(message)).catch((error) =>
      send({ type: 'error', message: String(error?.stack ?? error) }),
    );
});
