import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  EXAM_NAMESPACE,
  PROCTOR_NAMESPACE,
  type ExamClockView,
  type ExamLoginResponse,
  type ProctorActionResult,
  type RoomEvent,
  type RoomSnapshot,
  type RoomWatchAck,
  type SaveAck,
} from '@exam/contracts';
import type { PrismaClient } from '@exam/db';
import { http } from '../../test/support/http.js';
import {
  demoExamDatabase,
  startApiProcess,
  stopApiProcess,
  type ApiProcess,
  type DemoExamDatabase,
} from './support-api-process.js';

/**
 * Scale-out (issue 7, point 6): two real API processes (`exam serve`, the built bin) on different ports, one
 * PostgreSQL database and one Redis (REDIS_URL). An invigilator's console on process A watches the room while
 * the candidate is connected to process B: the candidate's connection, the room start and the candidate's
 * save reach the console on A as room events with consecutive seqs; a pause issued on A reaches the
 * candidate's socket on B; the console then reconnects to B with its last seq and gets exactly the events it
 * missed (no gap, no duplicate), checked against a second console that stayed connected to A throughout.
 * Skipped, with a message, only when Redis does not answer.
 */

const REDIS_URL = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const redisUp = await redisAnswers(REDIS_URL);
if (!redisUp)
  console.warn(
    `scale-out.int.test.ts skipped: Redis does not answer at ${REDIS_URL} (set REDIS_URL or start redis-server)`,
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let database: DemoExamDatabase;
let prisma: PrismaClient;
let sittingId = '';
let roomId = '';
let A: ApiProcess;
let B: ApiProcess;
const processes: ApiProcess[] = [];
const sockets: Socket[] = [];

async function startApi(name: string): Promise<ApiProcess> {
  const api = await startApiProcess(name, database, { REDIS_URL });
  processes.push(api);
  return api;
}

const logs = () => processes.map((p) => `── ${p.name} ──\n${p.log.slice(-3000)}`).join('\n');

async function until<T>(probe: () => T | undefined | null | false, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${logs()}`);
    await sleep(10);
  }
}

interface Console {
  socket: Socket;
  events: RoomEvent[];
}

async function openConsole(api: ApiProcess, token: string): Promise<Console> {
  const socket = io(`${api.base}${PROCTOR_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const events: RoomEvent[] = [];
  socket.on('room:event', (e: RoomEvent) => events.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return { socket, events };
}

const watch = (con: Console, sinceSeq?: number) =>
  con.socket.timeout(10_000).emitWithAck('room:watch', {
    sittingId,
    roomId,
    ...(sinceSeq === undefined ? {} : { sinceSeq }),
  }) as Promise<RoomWatchAck>;

const tile = (
  con: Console,
  attemptId: string,
  test: (patch: Record<string, unknown>) => boolean,
  what: string,
) =>
  until(
    () =>
      con.events.find(
        (e) => e.payload.kind === 'tile' && e.payload.attemptId === attemptId && test(e.payload.patch),
      ),
    `${what} on the console`,
  );

/** The seqs run after → after+1, after+2 …: no gap, no duplicate. */
function expectConsecutive(events: RoomEvent[], after: number) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => after + 1 + i));
}

/** Deletes the Redis keys this test's sitting left (room sequences and streams, presence). */
async function cleanRedis(attemptIds: string[]) {
  if (!sittingId) return;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = attemptIds.map((id) => `exam:presence:${id}`);
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `exam:proctor:*:${sittingId}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

let attemptIds: string[] = [];

beforeAll(async () => {
  if (!redisUp) return;
  database = await demoExamDatabase('scale-out');
  ({ prisma, sittingId, roomId } = database);
  attemptIds = (await prisma.attempt.findMany({ where: { sittingId }, select: { id: true } })).map(
    (a) => a.id,
  );
  [A, B] = await Promise.all([startApi('A'), startApi('B')]);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(processes.map((api) => stopApiProcess(api)));
  if (redisUp) await cleanRedis(attemptIds).catch(() => undefined);
  await database?.close();
});

// two API processes are the PostgreSQL deployment: the embedded PGlite is one process's
describe.skipIf(!redisUp || inject('testDatabaseMode').kind === 'pglite')(
  'two API processes sharing socket.io rooms through Redis',
  () => {
    it('a console on A follows a candidate on B; a pause on A reaches B; a reconnect to B replays exactly what was missed', async () => {
      // ── the invigilator on A: two consoles (the one under test, and a witness that never disconnects) ──
      const staff = await http<{ token: string }>(A.base, 'POST', '/api/auth/login', {
        body: { username: 'invigilator', password: 'exam2026' },
      });
      expect(staff.status, JSON.stringify(staff.body)).toBe(200);
      const token = staff.body.token;
      const main = await openConsole(A, token);
      const witness = await openConsole(A, token);
      const first = await watch(main);
      const second = await watch(witness);
      expect(first.ok && 'snapshot' in first, JSON.stringify(first)).toBe(true);
      expect(second.ok && 'snapshot' in second).toBe(true);
      const snapshot = (first as { snapshot: RoomSnapshot }).snapshot;
      const start = snapshot.seq;
      const witnessStart = (second as { snapshot: RoomSnapshot }).snapshot.seq;
      expect(witnessStart).toBe(start);

      // ── the candidate of the first seat logs in and gets ready on B, and connects its socket to B ──
      const seat = snapshot.candidates[0]!;
      expect(seat.connected).toBe(false);
      const person = await prisma.seatAssignment.findFirstOrThrow({
        where: { sittingId, application: { ticket: { ticketNumber: seat.ticketNumber } } },
        select: { application: { select: { person: { select: { idNumber: true } } } } },
      });
      const clientId = `scale-out-${process.pid}`;
      const login = await http<ExamLoginResponse>(B.base, 'POST', '/api/exam/login', {
        body: { ticketNumber: seat.ticketNumber, idNumber: person.application.person.idNumber, clientId },
      });
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      const examToken = login.body.token;
      const attemptId = login.body.attempt.id;
      expect(attemptId).toBe(seat.attemptId);
      const ready = await http(B.base, 'POST', '/api/exam/ready', {
        token: examToken,
        body: { identityConfirmed: true, rulesAccepted: true },
      });
      expect(ready.status, JSON.stringify(ready.body)).toBe(200);

      const candidate = io(`${B.base}${EXAM_NAMESPACE}`, {
        auth: { token: examToken, clientId },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(candidate);
      const clocks: ExamClockView[] = [];
      candidate.on('attempt:clock', (c: ExamClockView) => clocks.push(c));
      await new Promise<void>((resolve, reject) => {
        candidate.once('connect', () => resolve());
        candidate.once('connect_error', (e) => reject(e));
      });
      // the connection made on B shows on the console on A
      await tile(main, attemptId, (p) => p.connected === true, 'the candidate connected on B');

      // ── the room is started on A's HTTP ──
      const started = await http(A.base, 'POST', `/api/sittings/${sittingId}/rooms/${roomId}/start`, {
        token,
        body: { reason: '考场开考' },
      });
      expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);
      await tile(main, attemptId, (p) => p.status === 'in_progress', 'the start');
      await until(() => main.events.find((e) => e.payload.kind === 'room'), 'the room start event');
      await until(
        () => clocks.find((c) => c.status === 'in_progress'),
        'the start on the candidate socket on B',
      );

      // ── the candidate saves an answer on B: progress on A ──
      const attempt = await prisma.attempt.findUniqueOrThrow({ where: { id: attemptId } });
      const items = await prisma.paperItem.findMany({
        where: { paperId: attempt.paperId, bankItemVersion: { type: 'true_false' } },
        orderBy: { position: 'asc' },
        take: 3,
      });
      expect(items).toHaveLength(3);
      const save = (seq: number) =>
        candidate.timeout(10_000).emitWithAck('answer:save', {
          attemptId,
          seq,
          position: items[seq - 1]!.position,
          response: true,
          key: `scale-out-${seq}-key`,
        }) as Promise<SaveAck>;
      expect(await save(1)).toMatchObject({ ok: true, seq: 1, duplicate: false });
      const progress = await tile(main, attemptId, (p) => p.lastSeq === 1, 'the save made on B');
      expect(progress.payload.kind === 'tile' && progress.payload.patch).toMatchObject({ answered: 1 });

      // everything so far arrived on A once, in order, from the snapshot's seq on
      expectConsecutive(main.events, start);
      const kinds = main.events.map((e) =>
        e.payload.kind === 'tile' ? `tile:${Object.keys(e.payload.patch).sort().join(',')}` : e.payload.kind,
      );
      expect(kinds).toContain('tile:connected,lastSeenAt');
      expect(kinds).toContain('room');
      expect(kinds.some((k) => k.startsWith('tile:') && k.includes('lastSeq'))).toBe(true);

      // ── a pause issued on A reaches the candidate's socket on B ──
      const paused = (await main.socket.timeout(10_000).emitWithAck('proctor:action', {
        action: 'pause',
        sittingId,
        roomId,
        attemptIds: [attemptId],
        reason: { code: 'equipment_failure' },
      })) as ProctorActionResult;
      expect(paused, JSON.stringify(paused)).toMatchObject({ results: [{ attemptId, ok: true }] });
      const pausedClock = await until(
        () => clocks.find((c) => c.status === 'paused'),
        "'attempt:clock' paused on the candidate socket on B",
      );
      expect(pausedClock.remainingMs).toBeGreaterThan(0);
      await tile(main, attemptId, (p) => p.status === 'paused', 'the pause');
      // a save while paused is refused, state unchanged
      expect(await save(2)).toMatchObject({ ok: false, code: 'paused' });
      const seenBeforeCut = main.events.at(-1)!.seq;
      expectConsecutive(main.events, start);

      // ── the console on A drops; meanwhile the room goes on (resume on A, a save on B) ──
      main.socket.disconnect();
      const resumed = await http(A.base, 'POST', `/api/attempts/${attemptId}/resume`, {
        token,
        body: { reason: '故障已排除' },
      });
      expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
      await until(
        () => clocks.find((c, i) => i > clocks.indexOf(pausedClock) && c.status === 'in_progress'),
        'the resume on B',
      );
      expect(await save(2)).toMatchObject({ ok: true, seq: 2 });
      await tile(witness, attemptId, (p) => p.lastSeq === 2, 'the second save (witness)');
      expect(witness.events.at(-1)!.seq).toBeGreaterThan(seenBeforeCut);

      // ── it reconnects to B with the last seq it saw: exactly the missed events ──
      const again = await openConsole(B, token);
      const replay = await watch(again, seenBeforeCut);
      expect(replay.ok && 'events' in replay, JSON.stringify(replay)).toBe(true);
      const missed = (replay as { events: RoomEvent[] }).events;
      expect(missed.length).toBeGreaterThan(0);
      expectConsecutive(missed, seenBeforeCut);
      // the same events (seq and content) the witness on A received live
      const witnessed = witness.events.filter((e) => e.seq > seenBeforeCut && e.seq <= missed.at(-1)!.seq);
      expect(missed).toEqual(witnessed);
      expect(missed.some((e) => e.payload.kind === 'tile' && e.payload.patch.status === 'in_progress')).toBe(
        true,
      );
      expect(missed.some((e) => e.payload.kind === 'tile' && e.payload.patch.lastSeq === 2)).toBe(true);

      // live events go on, on B, after the replay: the console's whole history has no gap and no duplicate
      expect(await save(3)).toMatchObject({ ok: true, seq: 3 });
      await tile(again, attemptId, (p) => p.lastSeq === 3, 'the third save on the reconnected console');
      await tile(witness, attemptId, (p) => p.lastSeq === 3, 'the third save (witness)');
      const history = [...main.events, ...missed, ...again.events.filter((e) => e.seq > missed.at(-1)!.seq)];
      expectConsecutive(history, start);
      expect(again.events.filter((e) => e.seq <= missed.at(-1)!.seq)).toEqual([]);
      expect(history).toEqual(witness.events);
      expectConsecutive(witness.events, witnessStart);

      // the snapshot on B shows the candidate connected on B (presence is shared) with its progress
      const fresh = await watch(again);
      const now = (fresh as { snapshot: RoomSnapshot }).snapshot;
      expect(now.seq).toBe(witness.events.at(-1)!.seq);
      expect(now.candidates.find((c) => c.attemptId === attemptId)).toMatchObject({
        connected: true,
        status: 'in_progress',
        answered: 3,
        lastSeq: 3,
      });

      // a malformed watch on B is refused with a clear error
      const bad = (await again.socket
        .timeout(5000)
        .emitWithAck('room:watch', { sittingId, roomId: 'x' })) as RoomWatchAck;
      expect(bad).toMatchObject({ ok: false, code: 'invalid' });
      expect((bad as { message: string }).message).toMatch(/消息格式不正确/);
    });
  },
);
