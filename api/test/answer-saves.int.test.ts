import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  EXAM_NAMESPACE,
  SAVE_GRACE_MS,
  type ExamClockView,
  type ExamConnectRefusal,
  type SaveAck,
} from '@exam/contracts';
import { CoreModule } from '../src/app.module.js';
import { AuditService } from '../src/audit/audit.service.js';
import { ExamIoAdapter } from '../src/bootstrap/socket-adapter.js';
import { Unauthenticated } from '../src/common/domain-errors.js';
import { ActiveClients } from '../src/exam/active-clients.js';
import { AttemptsService } from '../src/exam/attempts.service.js';
import { ExamEvents } from '../src/exam/exam-events.js';
import { ExamSessionService } from '../src/exam/exam-session.service.js';
import type { ExamSessionContext } from '../src/exam/exam-session.js';
import { AnswerSavesRepository } from '../src/exam/answers/answer-saves.repository.js';
import {
  ANSWER_WRITER_OPTIONS,
  type AnswerWriterOptions,
} from '../src/exam/answers/answer-writer-options.js';
import { AnswerWriter } from '../src/exam/answers/answer-writer.js';
import { ExamGateway } from '../src/exam/answers/exam.gateway.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';

/**
 * The answer save path on a real database: group-committed saves acknowledged with their seq, duplicates
 * stored once, every tampered save refused with nothing stored and an audit entry, bounded admission, drain;
 * and the candidates' socket.io namespace (handshake, one client per attempt, acks, events).
 *
 * Fixtures: papers and attempts are written with raw SQL with foreign-key triggers off, without the sitting,
 * application and bank rows they point to (the save path reads only Attempt, PaperItem and BankItemVersion).
 * The gateway's collaborators that other modules own — the exam login (authenticate) and the attempt clock —
 * are replaced by small doubles; the writer, the gateway, socket.io, audit and the database are real.
 */

let t: TestApp;
let writer: AnswerWriter;
let events: ExamEvents;
let activeClients: ActiveClients;

/** positions: 1 single A–D, 2 multiple A–E, 3 true/false, 4 fill-in with two blanks, 5 short answer */
const ITEMS = [
  { type: 'single', options: ['A', 'B', 'C', 'D'], key: '"A"' },
  { type: 'multiple', options: ['A', 'B', 'C', 'D', 'E'], key: '["A","C"]' },
  { type: 'true_false', options: null, key: 'true' },
  { type: 'fill_blank', options: null, key: '[["100"],["一百"]]' },
  { type: 'short_answer', options: null, key: '"参考答案"' },
] as const;
let versionIds: string[] = [];

async function makeItemVersions(): Promise<void> {
  versionIds = ITEMS.map(() => randomUUID());
  await t.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
    for (const [i, item] of ITEMS.entries()) {
      const options = item.options
        ? JSON.stringify(item.options.map((letter) => ({ letter, text: `选项${letter}` })))
        : null;
      await tx.$executeRawUnsafe(
        `INSERT INTO "BankItemVersion" (id, "itemId", version, "contentHash", type, levels, topic, difficulty,
           "pointsTenths", stem, options, key, source, "importId")
         VALUES ($1::uuid, $2::uuid, 1, 'h', $3::"ItemType", ARRAY['L5']::"Level"[], '知识点', 1, 10, '题干',
           $4::jsonb, $5::jsonb, '测试', $6::uuid)`,
        versionIds[i],
        randomUUID(),
        item.type,
        options,
        item.key,
        randomUUID(),
      );
    }
  });
}

interface AttemptFixture {
  status?: string;
  /** minutes from the clock's now; null: not started */
  endsInMinutes?: number | null;
  closedBy?: string | null;
}

/** An attempt with its own paper of the five items; returns its id. */
async function makeAttempt(fixture: AttemptFixture = {}): Promise<string> {
  const attemptId = randomUUID();
  const paperId = randomUUID();
  const now = t.clock.now();
  const endsIn = fixture.endsInMinutes === undefined ? 60 : fixture.endsInMinutes;
  const endsAt = endsIn === null ? null : new Date(now.getTime() + endsIn * 60_000);
  await t.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
    await tx.$executeRawUnsafe(
      `INSERT INTO "Paper" (id, "sittingId", "applicationId", "blueprintId", "selectionSeed", "orderSeed",
         "itemCount", "totalPointsTenths", "durationMinutes", "contentKey", "assembledAt")
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 's', 'o', 5, 50, 60, '\\x00', $5::timestamptz)`,
      paperId,
      randomUUID(),
      randomUUID(),
      randomUUID(),
      now.toISOString(),
    );
    for (const [i] of ITEMS.entries())
      await tx.$executeRawUnsafe(
        `INSERT INTO "PaperItem" ("paperId", position, section, "bankItemVersionId", "pointsTenths", "optionOrder")
         VALUES ($1::uuid, $2, 0, $3::uuid, 10, '{}')`,
        paperId,
        i + 1,
        versionIds[i],
      );
    await tx.$executeRawUnsafe(
      `INSERT INTO "Attempt" (id, "paperId", "sittingId", "applicationId", status, "startedAt", "endsAt",
         "closedBy", "updatedAt")
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::"AttemptStatus", $6::timestamptz, $7::timestamptz, $8, $6::timestamptz)`,
      attemptId,
      paperId,
      randomUUID(),
      randomUUID(),
      fixture.status ?? 'in_progress',
      now.toISOString(),
      endsAt?.toISOString() ?? null,
      fixture.closedBy ?? null,
    );
  });
  return attemptId;
}

function sessionOf(attemptId: string, clientId = 'client-aaaaaaaa'): ExamSessionContext {
  return { sessionId: randomUUID(), attemptId, clientId, ip: '10.0.0.8', userAgent: 'vitest' };
}

let keyCounter = 0;
function save(attemptId: string, seq: number, position: number, response: unknown, key?: string) {
  return { attemptId, seq, position, response, key: key ?? `key-${String(++keyCounter).padStart(6, '0')}` };
}

async function stored(attemptId: string) {
  return t.prisma.answerSave.findMany({ where: { attemptId }, orderBy: { seq: 'asc' } });
}

async function refusalAudits(attemptId: string) {
  const rows = await t.prisma.auditLog.findMany({
    where: { entityType: 'Attempt', entityId: attemptId, action: 'exam.save_refused' },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({ category: r.category, ...(r.details as { code: string; seq: number | null }) }));
}

function newWriter(options: Partial<AnswerWriterOptions> = {}) {
  return new AnswerWriter(
    new AnswerSavesRepository(t.prisma),
    t.clock,
    t.app.get(AuditService),
    events,
    activeClients,
    options,
  );
}

beforeAll(async () => {
  t = await startTestApp();
  events = new ExamEvents();
  activeClients = new ActiveClients();
  writer = newWriter();
  await makeItemVersions();
});

afterAll(async () => {
  await t?.close();
});

describe('AnswerWriter on PostgreSQL', () => {
  it('stores saves in order and acknowledges each with its seq; Attempt.lastSeq follows', async () => {
    const attemptId = await makeAttempt();
    const session = sessionOf(attemptId);
    const seen: number[] = [];
    const off = events.on((e) => {
      if (e.type === 'saved' && e.attemptId === attemptId) seen.push(e.seq);
    });
    const acks = await Promise.all([
      writer.save(session, save(attemptId, 1, 1, 'B')),
      writer.save(session, save(attemptId, 2, 2, ['A', 'E'])),
      writer.save(session, save(attemptId, 3, 3, false)),
      writer.save(session, save(attemptId, 4, 4, ['100', '一百'])),
      writer.save(session, save(attemptId, 5, 5, '压缩、冷凝')),
      writer.save(session, save(attemptId, 6, 1, null)),
    ]);
    off();
    expect(acks.map((a) => a.ok && a.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const ack of acks)
      expect(ack).toMatchObject({ ok: true, duplicate: false, savedAt: t.clock.now().toISOString() });
    const rows = await stored(attemptId);
    expect(rows.map((r) => [r.seq, r.position, r.response])).toEqual([
      [1, 1, 'B'],
      [2, 2, ['A', 'E']],
      [3, 3, false],
      [4, 4, ['100', '一百']],
      [5, 5, '压缩、冷凝'],
      [6, 1, null],
    ]);
    const attempt = await t.prisma.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt.lastSeq).toBe(6);
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('acknowledges a resend with the same key as a duplicate and stores it once (also while the first is in flight)', async () => {
    const attemptId = await makeAttempt();
    const session = sessionOf(attemptId);
    const message = save(attemptId, 1, 1, 'C', 'resend-key-0001');
    const [first, concurrent] = await Promise.all([
      writer.save(session, message),
      writer.save(session, message),
    ]);
    expect(first).toMatchObject({ ok: true, seq: 1, duplicate: false });
    expect(concurrent).toMatchObject({ ok: true, seq: 1, duplicate: true });
    const later = await writer.save(session, message);
    expect(later).toMatchObject({ ok: true, seq: 1, duplicate: true });
    expect(later.ok && first.ok && later.savedAt).toBe(first.ok && first.savedAt);
    expect(await stored(attemptId)).toHaveLength(1);
    expect(await refusalAudits(attemptId)).toEqual([]);
  });

  it('refuses every tampered save: nothing stored, each audited', async () => {
    const attemptId = await makeAttempt();
    const other = await makeAttempt();
    const session = sessionOf(attemptId);
    expect(await writer.save(session, save(attemptId, 1, 1, 'A', 'first-key-001'))).toMatchObject({
      ok: true,
    });
    expect(await writer.save(session, save(attemptId, 5, 2, ['B'], 'fifth-key-001'))).toMatchObject({
      ok: true,
    });

    const cases: [unknown, string][] = [
      [save(attemptId, 6, 1, 'Z'), 'bad_response'], // a key that is not an option
      [save(attemptId, 6, 2, ['A', 'A']), 'bad_response'], // the same option twice
      [save(attemptId, 6, 2, ['A', 'F']), 'bad_response'],
      [save(attemptId, 6, 1, ['A']), 'bad_response'], // wrong shape for a single choice
      [save(attemptId, 6, 3, 'true'), 'bad_response'],
      [save(attemptId, 6, 4, ['100']), 'bad_response'], // one blank of two
      [save(attemptId, 6, 5, true), 'bad_response'],
      [save(attemptId, 6, 99, 'A'), 'not_in_paper'], // an item not in the paper
      [save(other, 6, 1, 'A'), 'forbidden'], // someone else's attempt
      [save(attemptId, 5, 3, true, 'another-key-01'), 'replay'], // a used seq with another key
      [save(attemptId, 3, 3, true), 'stale'], // a reordered (lower) seq
      [{ ...save(attemptId, 6, 1, 'A'), extra: 1 }, 'invalid'],
      [{ attemptId, seq: 'x', position: 1, response: 'A', key: 'k-00000001' }, 'invalid'],
      ['not an object', 'invalid'],
    ];
    for (const [message, code] of cases) {
      const ack = await writer.save(session, message);
      expect(ack, JSON.stringify(message)).toMatchObject({ ok: false, code });
      expect(ack.ok === false && ack.message.length > 0).toBe(true);
    }
    const replay = await writer.save(session, save(attemptId, 5, 3, true, 'another-key-02'));
    expect(replay).toMatchObject({ ok: false, code: 'replay', lastSeq: 5 });
    const invalid = await writer.save(session, { ...save(attemptId, 6, 1, 'A'), key: 'x' });
    expect(invalid).toMatchObject({ ok: false, code: 'invalid' });
    expect(invalid.ok === false && invalid.message).toContain('幂等键');

    expect((await stored(attemptId)).map((r) => r.seq)).toEqual([1, 5]);
    expect(await stored(other)).toEqual([]);
    const audits = await refusalAudits(attemptId);
    const codes = new Set(audits.map((a) => a.code));
    expect([...codes].sort()).toEqual([
      'bad_response',
      'forbidden',
      'invalid',
      'not_in_paper',
      'replay',
      'stale',
    ]);
    expect(audits.every((a) => a.category === 'exam_event')).toBe(true);
    expect(audits.find((a) => a.code === 'not_in_paper')).toMatchObject({ seq: 6, position: 99 });
    expect(audits.find((a) => a.code === 'forbidden')).toMatchObject({ targetAttemptId: other });
  });

  it('refuses saves outside the running clock: before the start, paused, after time-up (grace kept), after submit', async () => {
    const notStarted = await makeAttempt({ status: 'ready', endsInMinutes: null });
    const paused = await makeAttempt({ status: 'paused', endsInMinutes: null });
    const submitted = await makeAttempt({ status: 'submitted', closedBy: 'candidate' });
    const collected = await makeAttempt({ status: 'force_submitted', closedBy: 'time_up' });
    const running = await makeAttempt({ endsInMinutes: 1 });
    const expect1 = async (attemptId: string, code: string) => {
      const ack = await writer.save(sessionOf(attemptId), save(attemptId, 1, 1, 'A'));
      expect(ack).toMatchObject({ ok: false, code });
      expect(await stored(attemptId)).toEqual([]);
      expect((await refusalAudits(attemptId)).map((a) => a.code)).toEqual([code]);
    };
    await expect1(notStarted, 'not_started');
    await expect1(paused, 'paused');
    await expect1(submitted, 'closed');
    await expect1(collected, 'time_up');

    // within the grace after endsAt a save is still taken; past it, refused
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 60_000 + SAVE_GRACE_MS - 100));
    expect(await writer.save(sessionOf(running), save(running, 1, 1, 'A'))).toMatchObject({ ok: true });
    t.clock.set(new Date(start.getTime() + 60_000 + SAVE_GRACE_MS));
    expect(await writer.save(sessionOf(running), save(running, 2, 1, 'B'))).toMatchObject({
      ok: false,
      code: 'time_up',
    });
    t.clock.set(start);
    expect((await stored(running)).map((r) => r.seq)).toEqual([1]);
    expect((await refusalAudits(running)).map((a) => a.code)).toEqual(['time_up']);
  });

  it('refuses a save the database sees closed after it was queued (submitted between queue and commit)', async () => {
    const attemptId = await makeAttempt();
    const session = sessionOf(attemptId);
    expect(await writer.save(session, save(attemptId, 1, 1, 'A'))).toMatchObject({ ok: true });
    await t.prisma.attempt.update({
      where: { id: attemptId },
      data: { status: 'submitted', closedBy: 'candidate' },
    });
    expect(await writer.save(session, save(attemptId, 2, 1, 'B'))).toMatchObject({
      ok: false,
      code: 'closed',
    });
    expect((await stored(attemptId)).map((r) => r.seq)).toEqual([1]);
  });

  it('takes the higher of two reordered saves arriving in one batch and refuses the lower as stale', async () => {
    const attemptId = await makeAttempt();
    const session = sessionOf(attemptId);
    const [high, low] = await Promise.all([
      writer.save(session, save(attemptId, 12, 1, 'B')),
      writer.save(session, save(attemptId, 11, 1, 'A')),
    ]);
    expect(high).toMatchObject({ ok: true, seq: 12 });
    expect(low).toMatchObject({ ok: false, code: 'stale', seq: 11 });
    expect((await stored(attemptId)).map((r) => r.seq)).toEqual([12]);
  });

  it('throttles the audit of a flood of bad saves, but records the first of each kind', async () => {
    const attemptId = await makeAttempt();
    const session = sessionOf(attemptId);
    for (let i = 0; i < 25; i++)
      expect(await writer.save(session, save(attemptId, 1, 1, 'Q'))).toMatchObject({ code: 'bad_response' });
    expect(await writer.save(session, save(attemptId, 1, 77, 'A'))).toMatchObject({ code: 'not_in_paper' });
    expect((await refusalAudits(attemptId)).map((a) => a.code)).toEqual(['bad_response', 'not_in_paper']);
    // after the interval one more entry carries how many were left out
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 11_000));
    await writer.save(session, save(attemptId, 1, 1, 'Q'));
    t.clock.set(start);
    const audits = await refusalAudits(attemptId);
    expect(audits).toHaveLength(3);
    expect(audits[2]).toMatchObject({ code: 'bad_response', suppressedSinceLast: 24 });
  });

  it('refuses at once with busy and a retry delay beyond the admission limit; busy is not stored nor audited', async () => {
    const small = newWriter({ maxPending: 3 });
    const attemptId = await makeAttempt();
    const session = sessionOf(attemptId);
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) => small.save(session, save(attemptId, i + 1, 1, 'A'))),
    );
    const busy = acks.filter((a): a is SaveAck & { ok: false } => !a.ok);
    expect(acks.filter((a) => a.ok).map((a) => a.seq)).toEqual([1, 2, 3]);
    expect(busy).toHaveLength(7);
    for (const b of busy) {
      expect(b.code).toBe('busy');
      expect(b.retryAfterMs).toBeGreaterThanOrEqual(500);
      expect(b.retryAfterMs).toBeLessThan(1000);
    }
    expect(small.pendingCount).toBe(0);
    expect((await stored(attemptId)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await refusalAudits(attemptId)).toEqual([]);
    // the client resends: taken now
    expect(await small.save(session, save(attemptId, 4, 1, 'B'))).toMatchObject({ ok: true });
  });

  // a stalled database is shown by another connection holding the row: the embedded PGlite has one connection
  it.skipIf(inject('testDatabaseMode').kind === 'pglite')(
    'refuses with busy while the oldest queued save waits longer than maxQueueMs (the database is stalled)',
    async () => {
      const patient = newWriter({ maxQueueMs: 50 });
      const stalled = await makeAttempt();
      const other = await makeAttempt();
      // another transaction holds the attempt row: the first batch waits on it
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const locking = t.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Attempt" WHERE id = ${stalled}::uuid FOR UPDATE`;
        await held;
      });
      await new Promise((r) => setTimeout(r, 50));
      const first = patient.save(sessionOf(stalled), save(stalled, 1, 1, 'A'));
      await new Promise((r) => setTimeout(r, 20));
      const queued = patient.save(sessionOf(other), save(other, 1, 1, 'A')); // joins the queue behind it
      await new Promise((r) => setTimeout(r, 120));
      const refused = await patient.save(sessionOf(other), save(other, 2, 1, 'B'));
      expect(refused).toMatchObject({ ok: false, code: 'busy' });
      release();
      await locking;
      expect(await first).toMatchObject({ ok: true, seq: 1 });
      expect(await queued).toMatchObject({ ok: true, seq: 1 });
      expect(await patient.save(sessionOf(other), save(other, 2, 1, 'B'))).toMatchObject({ ok: true });
    },
  );

  it('drain waits for every save of the attempt admitted so far', async () => {
    const attemptId = await makeAttempt();
    const session = sessionOf(attemptId);
    let settled = 0;
    const saves = Array.from({ length: 20 }, (_, i) =>
      writer.save(session, save(attemptId, i + 1, (i % 5) + 1, null)).then((ack) => {
        settled++;
        return ack;
      }),
    );
    await writer.drain(attemptId);
    expect(settled).toBe(20);
    expect(await stored(attemptId)).toHaveLength(20);
    expect((await Promise.all(saves)).every((a) => a.ok)).toBe(true);
    await writer.drain(attemptId); // nothing pending: resolves at once
  });
});

// ── the socket.io namespace ──

const tokens = new Map<string, ExamSessionContext>();
const sessionDouble = {
  authenticate: (token: string) => {
    const session = tokens.get(token);
    return session ? Promise.resolve(session) : Promise.reject(new Unauthenticated('登录已失效，请重新登录'));
  },
};
const attemptsDouble = {
  clockView: async (attemptId: string, now: Date): Promise<ExamClockView> => {
    const a = await t.prisma.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    return {
      status: a.status,
      serverNow: now.toISOString(),
      startedAt: a.startedAt?.toISOString() ?? null,
      endsAt: a.endsAt?.toISOString() ?? null,
      remainingMs: a.endsAt ? a.endsAt.getTime() - now.getTime() : null,
      extraSeconds: a.extraSeconds,
      closedAt: null,
      closedBy: null,
    };
  },
  recordScreenSwitch: () => Promise.resolve({ screenSwitches: 1, limit: 3, exceeded: false }),
};

@Module({})
class GatewayUnderTest {
  static with(): DynamicModule {
    return {
      module: GatewayUnderTest,
      imports: [CoreModule.with({ prisma: t.prisma, settings: t.settings, clock: t.clock })],
      providers: [
        ExamGateway,
        AnswerWriter,
        AnswerSavesRepository,
        ActiveClients,
        ExamEvents,
        { provide: ExamSessionService, useValue: sessionDouble },
        { provide: AttemptsService, useValue: attemptsDouble },
        { provide: ANSWER_WRITER_OPTIONS, useValue: { maxPending: 1000 } },
      ],
    };
  }
}

describe('ExamGateway over socket.io', () => {
  let app: NestExpressApplication;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(GatewayUnderTest.with(), { logger: ['error'] });
    app.useWebSocketAdapter(new ExamIoAdapter(app));
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}${EXAM_NAMESPACE}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
  });

  function login(attemptId: string, clientId = 'tab-aaaaaaaa'): string {
    const token = randomUUID();
    tokens.set(token, sessionOf(attemptId, clientId));
    return token;
  }

  function connect(auth: object): Promise<{ socket: Socket; refusal: ExamConnectRefusal | null }> {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket, refusal: null }));
      socket.once('connect_error', (error: Error & { data?: ExamConnectRefusal }) =>
        resolve({ socket, refusal: error.data ?? { code: 'unauthenticated', message: error.message } }),
      );
    });
  }

  it('acknowledges saves, duplicates and refusals; malformed messages get an error ack and nothing breaks', async () => {
    const attemptId = await makeAttempt();
    const { socket, refusal } = await connect({ token: login(attemptId), clientId: 'tab-aaaaaaaa' });
    expect(refusal).toBeNull();
    const send = (message: unknown) =>
      socket.timeout(5000).emitWithAck('answer:save', message) as Promise<SaveAck>;
    expect(await send(save(attemptId, 1, 1, 'D', 'sock-key-0001'))).toMatchObject({
      ok: true,
      seq: 1,
      duplicate: false,
    });
    expect(await send(save(attemptId, 2, 2, ['B', 'C']))).toMatchObject({ ok: true, seq: 2 });
    expect(await send(save(attemptId, 1, 1, 'D', 'sock-key-0001'))).toMatchObject({
      ok: true,
      seq: 1,
      duplicate: true,
    });
    expect(await send(save(attemptId, 3, 1, 'X'))).toMatchObject({ ok: false, code: 'bad_response' });
    expect(await send('garbage')).toMatchObject({ ok: false, code: 'invalid' });
    socket.emit('answer:save', save(attemptId, 4, 1, 'A')); // no ack callback: stored all the same
    socket.emit('integrity:event'); // nothing at all
    expect(await socket.timeout(5000).emitWithAck('integrity:event', { kind: 'teleport' })).toMatchObject({
      error: expect.stringContaining('事件格式不正确'),
    });
    expect(await socket.timeout(5000).emitWithAck('integrity:event', { kind: 'blur', awayMs: 1200 })).toEqual(
      {
        screenSwitches: 1,
        limit: 3,
        exceeded: false,
      },
    );
    const clock = (await socket.timeout(5000).emitWithAck('clock:sync')) as ExamClockView;
    expect(clock).toMatchObject({ status: 'in_progress', serverNow: t.clock.now().toISOString() });
    expect(await send(save(attemptId, 5, 3, true))).toMatchObject({ ok: true, seq: 5 });
    expect((await stored(attemptId)).map((r) => r.seq)).toEqual([1, 2, 4, 5]);
    expect(socket.connected).toBe(true);
  });

  it('refuses a connection without a valid login, and a second window on the same attempt', async () => {
    const attemptId = await makeAttempt();
    expect((await connect({})).refusal?.code).toBe('unauthenticated');
    expect((await connect({ token: 'nope', clientId: 'tab-aaaaaaaa' })).refusal).toEqual({
      code: 'unauthenticated',
      message: '登录已失效，请重新登录',
    });
    const first = await connect({ token: login(attemptId, 'tab-first001'), clientId: 'tab-first001' });
    expect(first.refusal).toBeNull();
    // another window (another client id, with a login of its own) is refused while the first is connected
    const second = await connect({ token: login(attemptId, 'tab-second01'), clientId: 'tab-second01' });
    expect(second.refusal?.code).toBe('second_client');
    expect(second.refusal?.message).toContain('另一窗口');
    // a token presented with another tab's client id is refused too
    const borrowed = await connect({ token: login(attemptId, 'tab-first001'), clientId: 'tab-third001' });
    expect(borrowed.refusal?.code).toBe('second_client');
    // a reload of the first tab (same client id) takes over; once it is gone, a spare machine may connect
    const reload = await connect({ token: login(attemptId, 'tab-first001'), clientId: 'tab-first001' });
    expect(reload.refusal).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(first.socket.connected).toBe(false);
    reload.socket.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    const spare = await connect({ token: login(attemptId, 'tab-spare001'), clientId: 'tab-spare001' });
    expect(spare.refusal).toBeNull();
  });

  it('refuses connecting to a closed attempt', async () => {
    const attemptId = await makeAttempt({ status: 'submitted', closedBy: 'candidate' });
    expect((await connect({ token: login(attemptId), clientId: 'tab-aaaaaaaa' })).refusal?.code).toBe(
      'closed',
    );
  });

  it("streams the attempt's clock, notices and closing to its room, then disconnects the holder", async () => {
    const attemptId = await makeAttempt();
    const { socket } = await connect({ token: login(attemptId), clientId: 'tab-aaaaaaaa' });
    const bus = app.get(ExamEvents);
    const clock = await attemptsDouble.clockView(attemptId, t.clock.now());
    const got = {
      clock: new Promise((r) => socket.once('attempt:clock', r)),
      notice: new Promise((r) => socket.once('exam:notice', r)),
      closed: new Promise((r) => socket.once('attempt:closed', r)),
      gone: new Promise((r) => socket.once('disconnect', r)),
    };
    bus.emit({ type: 'clock', attemptId, clock, paperKey: 'a2V5' });
    bus.emit({
      type: 'notice',
      attemptId,
      notice: { kind: 'warning', message: '请勿交头接耳', at: clock.serverNow },
    });
    expect(await got.clock).toEqual({ ...clock, paperKey: 'a2V5' });
    expect(await got.notice).toMatchObject({ kind: 'warning', message: '请勿交头接耳' });
    bus.emit({ type: 'closed', attemptId, clock: { ...clock, status: 'submitted' } });
    expect(await got.closed).toMatchObject({ status: 'submitted' });
    await got.gone;
    expect(app.get(ActiveClients).heldByOther(attemptId, 'someone-else')).toBe(false);
  });
});
