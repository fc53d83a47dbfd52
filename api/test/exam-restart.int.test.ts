import { createDecipheriv, randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAM_NAMESPACE,
  SAVE_GRACE_MS,
  type AnswerSaveMessage,
  type EncryptedPaper,
  type ExamAttemptView,
  type ExamLoginResponse,
  type PaperContent,
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
 * The API process killed (SIGKILL) mid-exam while answer saves are in flight, and started again on the same
 * database: nothing acknowledged is lost, nothing is stored twice, the clock neither stops nor resets, the
 * candidate's client resends its unacknowledged saves (same keys) and carries on, and an attempt whose time
 * ran out while the server was down is closed as time-up with what was saved. The real `exam serve` (the
 * built bin), as a child process.
 */

let database: DemoExamDatabase;
let prisma: PrismaClient;
let server: ApiProcess | null = null;
let base = '';
let sittingId = '';
let roomId = '';
const sockets: Socket[] = [];

async function startServer(): Promise<void> {
  server = await startApiProcess('API', database);
  base = server.base;
}

/** A crash: SIGKILL, no shutdown hooks. */
function killServer(): Promise<void> {
  const running = server;
  server = null;
  return stopApiProcess(running, 'SIGKILL');
}

const serverLog = () => server?.log ?? '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Candidate {
  ticketNumber: string;
  idNumber: string;
  clientId: string;
  token: string;
  attemptId: string;
  paper: PaperContent;
}

async function examCall<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const r = await http<T>(base, method, `/api/exam${path}`, { token, body });
  if (r.status >= 300)
    throw new Error(
      `${method} /api/exam${path} → ${r.status} ${JSON.stringify(r.body)}\n${serverLog().slice(-3000)}`,
    );
  return r.body;
}

function decrypt(paper: EncryptedPaper, key: string): PaperContent {
  const data = Buffer.from(paper.data, 'base64');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(key, 'base64'),
    Buffer.from(paper.iv, 'base64'),
  );
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as PaperContent;
}

/** 准考证号 + 身份证号 → logged in and ready, with the encrypted paper fetched (as at check-in). */
async function checkIn(seat: number): Promise<Omit<Candidate, 'paper'> & { encrypted: EncryptedPaper }> {
  const rows = await prisma.seatAssignment.findMany({
    where: { sittingId },
    orderBy: [{ seat: { row: 'asc' } }, { seat: { column: 'asc' } }],
    select: {
      application: {
        select: { ticket: { select: { ticketNumber: true } }, person: { select: { idNumber: true } } },
      },
    },
  });
  const row = rows[seat]!.application;
  const clientId = `restart-${randomBytes(6).toString('hex')}`;
  const login = await http<ExamLoginResponse>(base, 'POST', '/api/exam/login', {
    body: { ticketNumber: row.ticket!.ticketNumber, idNumber: row.person.idNumber, clientId },
  });
  expect(login.status, `${JSON.stringify(login.body)}\n${serverLog().slice(-3000)}`).toBeLessThan(300);
  const token = login.body.token;
  await examCall('POST', '/ready', token, { identityConfirmed: true, rulesAccepted: true });
  const encrypted = await examCall<EncryptedPaper>('GET', '/paper', token);
  return {
    ticketNumber: row.ticket!.ticketNumber,
    idNumber: row.person.idNumber,
    clientId,
    token,
    attemptId: login.body.attempt.id,
    encrypted,
  };
}

async function opened(c: Omit<Candidate, 'paper'> & { encrypted: EncryptedPaper }): Promise<Candidate> {
  const attempt = await examCall<ExamAttemptView>('GET', '/attempt', c.token);
  expect(attempt.clock.status).toBe('in_progress');
  expect(attempt.paperKey).toBeTruthy();
  return { ...c, paper: decrypt(c.encrypted, attempt.paperKey!) };
}

function connect(c: Candidate): Promise<Socket> {
  const socket = io(`${base}${EXAM_NAMESPACE}`, {
    auth: { token: c.token, clientId: c.clientId },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(e));
  });
}

function send(socket: Socket, save: AnswerSaveMessage): Promise<SaveAck> {
  return socket.timeout(10_000).emitWithAck('answer:save', save) as Promise<SaveAck>;
}

/** The keys of the paper's items, from the database (the test's oracle; the client never sees them). */
async function keysOf(attemptId: string) {
  const attempt = await prisma.attempt.findUniqueOrThrow({
    where: { id: attemptId },
    select: {
      paper: {
        select: {
          items: {
            orderBy: { position: 'asc' },
            select: {
              position: true,
              pointsTenths: true,
              bankItemVersion: { select: { type: true, key: true } },
            },
          },
        },
      },
    },
  });
  return new Map(
    attempt.paper.items.map((i) => [i.position, { ...i.bankItemVersion, points: i.pointsTenths }]),
  );
}

/** A wrong answer of the item's type (another option, the other truth value). */
function wrongAnswer(item: PaperContent['items'][number], key: unknown): string | boolean {
  if (item.type === 'true_false') return !(key as boolean);
  return item.options!.find((o) => o.id !== key)!.id;
}

beforeAll(async () => {
  database = await demoExamDatabase('restart');
  ({ prisma, sittingId, roomId } = database);
  await startServer();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await killServer();
  await database?.close();
});

describe('killing the API mid-exam', () => {
  it('loses no acknowledged answer, stores none twice, keeps the clock, and closes an attempt that ran out while down', async () => {
    // ── two candidates check in; the invigilator starts the room ──
    const first = await checkIn(0);
    const second = await checkIn(1);
    const staff = await http<{ token: string }>(base, 'POST', '/api/auth/login', {
      body: { username: 'invigilator', password: 'exam2026' },
    });
    const start = await http(base, 'POST', `/api/sittings/${sittingId}/rooms/${roomId}/start`, {
      token: staff.body.token,
      body: { reason: '考场开考' },
    });
    expect(start.status, JSON.stringify(start.body)).toBeLessThan(300);
    const a = await opened(first);
    const b = await opened(second);
    const keysA = await keysOf(a.attemptId);
    const keysB = await keysOf(b.attemptId);
    const choiceA = a.paper.items.filter((i) => i.type === 'single' || i.type === 'true_false');
    const choiceB = b.paper.items.filter((i) => i.type === 'single' || i.type === 'true_false');
    expect(choiceA.length).toBeGreaterThanOrEqual(20);

    // candidate A: 12 saves acknowledged one by one (even positions right, odd wrong)
    const socketA = await connect(a);
    const saves: AnswerSaveMessage[] = [];
    const answerFor = (i: number) => {
      const item = choiceA[i % choiceA.length]!;
      const key = keysA.get(item.position)!.key;
      return {
        position: item.position,
        response: i % 2 === 0 ? (key as string | boolean) : wrongAnswer(item, key),
      };
    };
    for (let i = 0; i < 12; i++) {
      const save = {
        attemptId: a.attemptId,
        seq: i + 1,
        ...answerFor(i),
        key: `k-${a.attemptId.slice(0, 8)}-${i + 1}`,
      };
      saves.push(save);
      const ack = await send(socketA, save);
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true, seq: i + 1, duplicate: false });
    }
    // candidate B: 3 answers, all right
    const socketB = await connect(b);
    const savedB: { position: number; points: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const item = choiceB[i]!;
      const key = keysB.get(item.position)!;
      const ack = await send(socketB, {
        attemptId: b.attemptId,
        seq: i + 1,
        position: item.position,
        response: key.key as string | boolean,
        key: `k-${b.attemptId.slice(0, 8)}-${i + 1}`,
      });
      expect(ack.ok).toBe(true);
      savedB.push({ position: item.position, points: key.points });
    }
    const before = await prisma.attempt.findUniqueOrThrow({ where: { id: a.attemptId } });
    expect(before.endsAt).not.toBeNull();

    // ── 30 more saves, one every 10 ms (as a candidate clicking fast); SIGKILL once the first is acknowledged,
    // while the rest are on the wire or not yet sent ──
    const acked = new Set<number>(saves.map((s) => s.seq));
    const burst: AnswerSaveMessage[] = [];
    for (let i = 12; i < 42; i++)
      burst.push({
        attemptId: a.attemptId,
        seq: i + 1,
        ...answerFor(i),
        key: `k-${a.attemptId.slice(0, 8)}-${i + 1}`,
      });
    saves.push(...burst);
    let killed: Promise<void> | null = null;
    const kill = () => (killed ??= killServer());
    for (const save of burst) {
      if (killed) break;
      socketA.emit('answer:save', save, (ack: SaveAck) => {
        if (ack.ok) acked.add(save.seq);
        void kill();
      });
      await sleep(10);
    }
    await (killed ?? kill());
    const ackedBeforeKill = [...acked].sort((x, y) => x - y);
    expect(ackedBeforeKill.length).toBeGreaterThan(12);

    // every acknowledged save is in the database, none twice
    const stored = await prisma.answerSave.findMany({
      where: { attemptId: a.attemptId },
      orderBy: { seq: 'asc' },
    });
    const storedSeqs = new Set(stored.map((s) => s.seq));
    for (const seq of ackedBeforeKill) expect(storedSeqs.has(seq), `acknowledged seq ${seq}`).toBe(true);
    expect(new Set(stored.map((s) => s.idempotencyKey)).size).toBe(stored.length);
    const unacknowledged = saves.filter((s) => !acked.has(s.seq));
    // the kill came mid-burst: some saves were never acknowledged (the client still holds them)
    expect(unacknowledged.length).toBeGreaterThan(0);

    // ── while the server is down, B's time runs out (its end moved to just ahead, past the grace) ──
    await prisma.attempt.update({ where: { id: b.attemptId }, data: { endsAt: new Date(Date.now() + 300) } });
    await sleep(300 + SAVE_GRACE_MS + 500);

    // ── restart on the same database; A's client reconnects (same token and client id) and resends ──
    await startServer();
    const afterRestart = await prisma.attempt.findUniqueOrThrow({ where: { id: a.attemptId } });
    expect(afterRestart.endsAt!.getTime()).toBe(before.endsAt!.getTime());
    const view = await examCall<ExamAttemptView>('GET', '/attempt', a.token);
    expect(view.clock.status).toBe('in_progress');
    expect(new Date(view.clock.endsAt!).getTime()).toBe(before.endsAt!.getTime());
    // the time left went on during the outage: it is what the original end leaves, not a fresh duration
    expect(view.clock.remainingMs!).toBeLessThanOrEqual(before.endsAt!.getTime() - Date.now() + 1000);
    expect(view.lastSeq).toBe(Math.max(...stored.map((s) => s.seq)));

    const socketA2 = await connect(a);
    for (const save of unacknowledged) {
      const ack = await send(socketA2, save);
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true, seq: save.seq });
      // a save that had reached the database before the kill is acknowledged again, not stored again
      expect((ack as { duplicate: boolean }).duplicate).toBe(storedSeqs.has(save.seq));
    }
    // a save acknowledged before the kill, resent (its ack was lost on the wire): acknowledged, not stored again
    expect(
      await send(
        socketA2,
        saves.find((s) => s.seq === ackedBeforeKill.at(-1))!,
      ),
    ).toMatchObject({ ok: true, duplicate: true });
    // saves go on
    const next = {
      attemptId: a.attemptId,
      seq: 43,
      ...answerFor(42),
      key: `k-${a.attemptId.slice(0, 8)}-43`,
    };
    saves.push(next);
    expect(await send(socketA2, next)).toMatchObject({ ok: true, seq: 43, duplicate: false });

    const all = await prisma.answerSave.findMany({
      where: { attemptId: a.attemptId },
      orderBy: { seq: 'asc' },
    });
    expect(all.map((s) => s.seq)).toEqual(saves.map((s) => s.seq));
    expect(all.map((s) => s.idempotencyKey)).toEqual(saves.map((s) => s.key));
    for (const [i, s] of all.entries()) expect(s.response).toEqual(saves[i]!.response);

    // ── A submits: the objective score counts each item's latest answer against the bank's key ──
    const latest = new Map<number, string | boolean>();
    for (const s of saves) latest.set(s.position, s.response as string | boolean);
    let expected = 0;
    for (const [position, response] of latest) {
      const key = keysA.get(position)!;
      if (response === key.key) expected += key.points;
    }
    const submitted = await examCall<ExamAttemptView>('POST', '/submit', a.token, {
      confirm: true,
      lastSeq: 43,
    });
    expect(submitted.clock.status).toBe('submitted');
    expect(submitted.result!.objectiveTenths).toBe(expected);

    // ── B was closed as time-up by the restarted server, with its three saved answers scored ──
    const deadline = Date.now() + 20_000;
    let closedB = await prisma.attempt.findUniqueOrThrow({ where: { id: b.attemptId } });
    while (!closedB.closedAt && Date.now() < deadline) {
      await sleep(200);
      closedB = await prisma.attempt.findUniqueOrThrow({ where: { id: b.attemptId } });
    }
    expect(closedB.closedBy).toBe('time_up');
    expect(['submitted', 'force_submitted']).toContain(closedB.status);
    expect(closedB.objectiveTenths).toBe(savedB.reduce((sum, s) => sum + s.points, 0));
    expect(await prisma.answerSave.count({ where: { attemptId: b.attemptId } })).toBe(3);
    // and it takes no more answers
    const late = await http(base, 'POST', '/api/exam/answers', {
      token: b.token,
      body: {
        attemptId: b.attemptId,
        seq: 4,
        position: choiceB[3]!.position,
        response: true,
        key: 'late-save-0004',
      },
    });
    expect(late.status >= 400 || (late.body as SaveAck).ok === false, JSON.stringify(late.body)).toBe(true);
    expect(await prisma.answerSave.count({ where: { attemptId: b.attemptId } })).toBe(3);
  });
});
