import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  EXAM_NAMESPACE,
  PROCTOR_NAMESPACE,
  type ProctorActionRequest,
  type ProctorActionResult,
  type ProctorError,
  type RoomEvent,
  type RoomSnapshot,
  type RoomWatchAck,
} from '@exam/contracts';
import { AttemptsService } from '../src/exam/attempts.service.js';
import { ExamEvents } from '../src/exam/exam-events.js';
import { ROOM_EVENT_LOG, type RoomEventLog } from '../src/proctoring/room-event-log.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http } from '../../test/support/http.js';
import { examToken, newClientId, setUpExamSitting, type ExamSittingFixture } from './support-exam.js';

/**
 * The invigilator's live room view over socket.io on a real database: the snapshot, candidates' saves and
 * the invigilator's actions arriving as events with consecutive seqs, a reconnect that gets exactly the
 * missed events, every refusal (wrong shape, a candidate token, not on duty, no reason, 其他 without
 * text, a forbidden transition) answered with an error, state unchanged and audited; bulk actions, a
 * seat move, force submit with a score, void without one, locks, the connection, incidents, HTTP.
 */
let t: TestApp;
let f: ExamSittingFixture;
let log: RoomEventLog;
const MIN = 60_000;
const sockets: Socket[] = [];
const tokens: Record<number, string> = {};

const c = (i: number) => f.candidates[i]!;
const row = (id: string) => t.prisma.attempt.findUniqueOrThrow({ where: { id } });
const post = (path: string, body: unknown, token?: string) => http(t.baseUrl, 'POST', path, { token, body });
const get = (path: string, token?: string) => http(t.baseUrl, 'GET', path, { token });
const audits = (action: string, entityId?: string) =>
  t.prisma.auditLog.findMany({
    where: { action, ...(entityId ? { entityId } : {}) },
    orderBy: { id: 'asc' },
  });

interface Console {
  socket: Socket;
  events: RoomEvent[];
  errors: ProctorError[];
}

async function connect(token: string): Promise<Console> {
  const socket = io(`${t.baseUrl}${PROCTOR_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const events: RoomEvent[] = [];
  const errors: ProctorError[] = [];
  socket.on('room:event', (e: RoomEvent) => events.push(e));
  socket.on('proctor:error', (e: ProctorError) => errors.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return { socket, events, errors };
}

const watch = (con: Console, request: unknown) =>
  con.socket.timeout(5000).emitWithAck('room:watch', request) as Promise<RoomWatchAck>;
const act = (con: Console, request: unknown) =>
  con.socket.timeout(10_000).emitWithAck('proctor:action', request) as Promise<
    ProctorActionResult | { error: ProctorError }
  >;
const action = (
  a: string,
  attemptIds: string[],
  reason: unknown,
  extra: Partial<ProctorActionRequest> = {},
) => ({
  action: a,
  sittingId: f.sittingId,
  roomId: f.roomId,
  attemptIds,
  reason,
  ...extra,
});

async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms = 3000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const tileEvent = (con: Console, attemptId: string, test: (patch: Record<string, unknown>) => boolean) =>
  until(
    () =>
      con.events.find(
        (e) => e.payload.kind === 'tile' && e.payload.attemptId === attemptId && test(e.payload.patch),
      ),
    `a tile event of ${attemptId}`,
  );
const timelineEvent = (con: Console, label: RegExp) =>
  until(
    () => con.events.find((e) => e.payload.kind === 'timeline' && label.test(e.payload.entry.label)),
    `a timeline entry ${String(label)}`,
  );

function consecutive(events: RoomEvent[], after: number) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => after + 1 + i));
}

let main: Console;
let snapshot: RoomSnapshot;

beforeAll(async () => {
  // REDIS_URL set: the room event log and presence run on Redis (as with several API processes)
  t = await startTestApp({ examClockSweep: false, redisUrl: process.env.REDIS_URL?.trim() || null });
  f = await setUpExamSitting(t);
  log = t.app.get<RoomEventLog>(ROOM_EVENT_LOG);
  t.clock.set(new Date(f.startsAt.getTime() - 10 * MIN));
  for (const i of [0, 1, 2, 3]) tokens[i] = await examToken(t, c(i));
  for (const i of [0, 1, 2])
    expect(
      (await post('/api/exam/ready', { identityConfirmed: true, rulesAccepted: true }, tokens[i])).status,
    ).toBe(200);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

describe('watching a room', () => {
  it('answers a snapshot of the room: seats, candidates, invigilators, never an ID number', async () => {
    main = await connect(f.tokens.invigilator);
    const ack = await watch(main, { sittingId: f.sittingId, roomId: f.roomId });
    expect(ack.ok && 'snapshot' in ack).toBe(true);
    snapshot = (ack as { snapshot: RoomSnapshot }).snapshot;
    expect(snapshot).toMatchObject({ sittingId: f.sittingId, roomId: f.roomId, roomName: '第1考场' });
    expect(snapshot.candidates).toHaveLength(f.candidates.length);
    const first = snapshot.candidates.find((x) => x.attemptId === c(0).attemptId)!;
    expect(first).toMatchObject({
      name: c(0).name,
      ticketNumber: c(0).ticketNumber,
      seatLabel: c(0).seatLabel,
      status: 'ready',
      answered: 0,
      locked: false,
      warnings: 0,
    });
    expect(first.itemCount).toBeGreaterThan(0);
    expect(snapshot.seats.some((s) => s.spare)).toBe(true);
    expect(snapshot.invigilators.length).toBeGreaterThan(0);
    expect(snapshot.timeline.some((e) => e.label === '确认就绪' && e.candidateName === c(0).name)).toBe(true);
    const text = JSON.stringify(snapshot);
    for (const x of f.candidates) expect(text).not.toContain(x.idNumber);
  });

  it('streams the start, a save, a pause and extra time as events with consecutive seqs', async () => {
    t.clock.set(f.startsAt);
    const started = await act(main, action('start_room', [], { code: 'scheduled' }));
    expect(started).toMatchObject({ action: 'start_room', results: [{ ok: true }] });
    await tileEvent(main, c(0).attemptId, (p) => p.status === 'in_progress');
    await until(() => main.events.find((e) => e.payload.kind === 'room'), 'the room start');

    // the candidate saves an answer (a true/false item): progress on the console
    const attempt = await t.prisma.attempt.findUniqueOrThrow({ where: { id: c(0).attemptId } });
    const item = await t.prisma.paperItem.findFirstOrThrow({
      where: { paperId: attempt.paperId, bankItemVersion: { type: 'true_false' } },
    });
    const sentAt = Date.now();
    const save = await post(
      '/api/exam/answers',
      { attemptId: c(0).attemptId, seq: 1, position: item.position, response: true, key: 'save-key-0001' },
      tokens[0],
    );
    expect(save.body).toMatchObject({ ok: true });
    const progress = await tileEvent(main, c(0).attemptId, (p) => p.lastSeq === 1);
    expect(progress.payload.kind === 'tile' && progress.payload.patch).toMatchObject({ answered: 1 });
    expect(Date.now() - sentAt).toBeLessThan(1000);

    t.clock.set(new Date(f.startsAt.getTime() + 20 * MIN));
    const paused = await act(main, action('pause', [c(0).attemptId], { code: 'equipment_failure' }));
    expect(paused).toMatchObject({ results: [{ attemptId: c(0).attemptId, ok: true }] });
    const pauseEntry = await timelineEvent(main, /^暂停$/);
    expect(pauseEntry.payload.kind === 'timeline' && pauseEntry.payload.entry).toMatchObject({
      attemptId: c(0).attemptId,
      candidateName: c(0).name,
      reason: '设备故障',
    });
    expect(pauseEntry.payload.kind === 'timeline' && pauseEntry.payload.entry.actor).toBeTruthy();

    const extra = await act(
      main,
      action('extra_time', [c(0).attemptId], { code: 'technical_loss' }, { minutes: 10 }),
    );
    expect(extra).toMatchObject({ results: [{ ok: true, message: '已延时 10 分钟' }] });
    await timelineEvent(main, /^延时 10 分钟（事故延时）$/);
    await tileEvent(main, c(0).attemptId, (p) => p.extraSeconds === 600 && p.status === 'paused');
    const a = await row(c(0).attemptId);
    expect(a).toMatchObject({ status: 'paused', extraSeconds: 600 });
    const paper = await t.prisma.paper.findUniqueOrThrow({ where: { id: a.paperId } });
    expect(a.remainingMs).toBe((paper.durationMinutes - 20 + 10) * MIN);

    consecutive(main.events, snapshot.seq);
    const logged = await audits('exam.extra_time', c(0).attemptId);
    expect(logged.at(-1)).toMatchObject({ reason: '技术故障损失的时间', actorUsername: 'invigilator' });
    expect((logged.at(-1)!.details as { kind: string }).kind).toBe('incident');
  });

  it('after a reconnect, replays exactly the missed events (no gap, no duplicate)', async () => {
    const lastSeen = main.events.at(-1)!.seq;
    main.socket.disconnect();
    t.clock.set(new Date(f.startsAt.getTime() + 25 * MIN));
    // events produced while no console watches
    const helper = await connect(f.tokens.office);
    expect((await watch(helper, { sittingId: f.sittingId, roomId: f.roomId })).ok).toBe(true);
    await act(helper, action('resume', [c(0).attemptId], { code: 'fault_cleared' }));
    await act(helper, action('warn', [c(1).attemptId], { code: 'talking' }));
    await timelineEvent(helper, /^警告$/);
    const now = await log.lastSeq({ sittingId: f.sittingId, roomId: f.roomId });
    expect(now).toBeGreaterThan(lastSeen);

    const again = await connect(f.tokens.invigilator);
    const ack = await watch(again, { sittingId: f.sittingId, roomId: f.roomId, sinceSeq: lastSeen });
    expect(ack.ok && 'events' in ack).toBe(true);
    const missed = (ack as { events: RoomEvent[] }).events;
    consecutive(missed, lastSeen);
    expect(missed.at(-1)!.seq).toBe(now);
    expect(missed.some((e) => e.payload.kind === 'timeline' && e.payload.entry.label === '继续')).toBe(true);
    // a seq beyond the end: a fresh snapshot instead
    const beyond = await watch(again, { sittingId: f.sittingId, roomId: f.roomId, sinceSeq: now + 100 });
    expect(beyond.ok && 'snapshot' in beyond && beyond.snapshot.seq).toBe(now);
    main = again;
    expect((await row(c(1).attemptId)).warnings).toBe(1);
  });
});

describe('refusals: an error, state unchanged, audited', () => {
  it('refuses a candidate exam token and no token at the handshake', async () => {
    await expect(connect(tokens[0]!)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    await expect(connect('')).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    expect((await audits('proctor.connect_refused')).length).toBeGreaterThan(0);
  });

  it('refuses a malformed watch and a malformed action, and a forged role field', async () => {
    const bad = await watch(main, { sittingId: 'nope', roomId: f.roomId });
    expect(bad).toMatchObject({ ok: false, code: 'invalid' });
    expect((bad as { message: string }).message).toMatch(/消息格式不正确/);
    const forged = await act(main, {
      ...action('pause', [c(2).attemptId], { code: 'other', text: '测试一下' }),
      role: 'admin',
    });
    expect(forged).toMatchObject({ error: { code: 'invalid', event: 'proctor:action' } });
    expect((forged as { error: ProctorError }).error.message).toMatch(/role/);
    const noAck = main.errors.length;
    main.socket.emit('proctor:action', { action: 'pause' });
    await until(() => main.errors.length > noAck, 'a proctor:error');
    expect(main.errors.at(-1)).toMatchObject({ code: 'invalid', event: 'proctor:action' });
    expect((await row(c(2).attemptId)).status).toBe('in_progress');
    const refused = await audits('proctor.action_refused');
    expect(
      refused.filter((r) => (r.details as { cause: string }).cause === 'invalid').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('refuses an action with no reason, 其他 without text, and a reason not in the list', async () => {
    const none = await act(main, { ...action('pause', [c(2).attemptId], undefined) });
    expect(none).toMatchObject({ error: { code: 'invalid' } });
    const other = await act(main, action('pause', [c(2).attemptId], { code: 'other' }));
    expect(other).toMatchObject({ error: { code: 'invalid' } });
    expect((other as { error: ProctorError }).error.message).toMatch(/选择“其他”时请填写说明/);
    const unknown = await act(main, action('pause', [c(2).attemptId], { code: 'because' }));
    expect(unknown).toMatchObject({ error: { code: 'invalid' } });
    expect((unknown as { error: ProctorError }).error.message).toMatch(/设备故障/);
    expect((await row(c(2).attemptId)).status).toBe('in_progress');
    expect(
      (await audits('proctor.action_refused')).some(
        (r) => (r.details as { cause: string }).cause === 'unknown_reason',
      ),
    ).toBe(true);
  });

  it('refuses an invigilator not on duty in the room: watch, action and snapshot', async () => {
    const other = await connect(f.tokens.otherInvigilator);
    const w = await watch(other, { sittingId: f.sittingId, roomId: f.roomId });
    expect(w).toMatchObject({ ok: false, code: 'out_of_scope' });
    const a = await act(other, action('pause', [c(2).attemptId], { code: 'equipment_failure' }));
    expect(a).toMatchObject({ error: { code: 'out_of_scope' } });
    expect((await row(c(2).attemptId)).status).toBe('in_progress');
    const before = other.events.length;
    await act(main, action('warn', [c(2).attemptId], { code: 'looking_around' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(other.events.length).toBe(before);
    expect(
      (await get(`/api/sittings/${f.sittingId}/rooms/${f.roomId}/snapshot`, f.tokens.otherInvigilator))
        .status,
    ).toBe(403);
    expect((await audits('exam.staff_refused')).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a forbidden transition (resume a submitted attempt) with the Chinese reason', async () => {
    const submitted = await post('/api/exam/submit', { confirm: true, lastSeq: 0 }, tokens[2]);
    expect(submitted.status).toBe(200);
    const r = await act(main, action('resume', [c(2).attemptId], { code: 'fault_cleared' }));
    expect(r).toMatchObject({ error: { code: 'conflict', message: '已交卷的考试不能继续' } });
    expect((await row(c(2).attemptId)).status).toBe('submitted');
    const refused = await audits('exam.transition_refused', c(2).attemptId);
    expect(refused.at(-1)!.details).toMatchObject({ action: 'resume', status: 'submitted' });
  });
});

describe('actions', () => {
  it('pauses several candidates at once, each on its own, and says which could not be', async () => {
    t.clock.set(new Date(f.startsAt.getTime() + 30 * MIN));
    const ids = [c(0).attemptId, c(1).attemptId, c(2).attemptId];
    const r = (await act(main, action('pause', ids, { code: 'power_or_network' }))) as ProctorActionResult;
    expect(r.results).toEqual([
      { attemptId: c(0).attemptId, ok: true, message: '已暂停' },
      { attemptId: c(1).attemptId, ok: true, message: '已暂停' },
      { attemptId: c(2).attemptId, ok: false, message: '已交卷的考试不能暂停' },
    ]);
    expect((await row(c(1).attemptId)).status).toBe('paused');
    t.clock.set(new Date(f.startsAt.getTime() + 33 * MIN));
    const resumed = (await act(
      main,
      action('resume', ids.slice(0, 2), { code: 'fault_cleared' }),
    )) as ProctorActionResult;
    expect(resumed.results.every((x) => x.ok)).toBe(true);
    // three minutes credited back
    const a = await row(c(1).attemptId);
    const paper = await t.prisma.paper.findUniqueOrThrow({ where: { id: a.paperId } });
    expect(a.endsAt!.getTime()).toBe(f.startsAt.getTime() + (paper.durationMinutes + 3) * MIN);
  });

  it('confirms identity and admits a candidate who cannot click (late entry starts at once)', async () => {
    const notYet = await act(main, action('check_in', [c(4).attemptId], { code: 'photo_match' }));
    expect(notYet).toMatchObject({ results: [{ ok: true }] });
    expect((await row(c(4).attemptId)).status).toBe('checked_in');
    expect((await audits('exam.identity_check', c(4).attemptId))[0]!.details).toHaveProperty(
      'identityCheckedAt',
    );
    const late = await act(main, action('admit', [c(3).attemptId], { code: 'late_within_limit' }));
    expect(late).toMatchObject({
      error: { code: 'conflict', message: '开考 15 分钟后不得入场，请联系监考老师' },
    });
    expect((await row(c(3).attemptId)).status).toBe('checked_in');
    const now = t.clock.now();
    t.clock.set(new Date(f.startsAt.getTime() + 14 * MIN));
    const admitted = await act(main, action('admit', [c(3).attemptId], { code: 'late_within_limit' }));
    t.clock.set(now);
    expect(admitted).toMatchObject({ results: [{ ok: true, message: '已准许入场' }] });
    expect((await row(c(3).attemptId)).status).toBe('in_progress');
    expect((await audits('exam.start', c(3).attemptId))[0]).toMatchObject({ reason: '迟到，未超过入场时限' });
  });

  it('locks a client over the 切屏 limit; unlock clears it (and is refused when not locked)', async () => {
    const attempts = t.app.get(AttemptsService);
    const session = { sessionId: 'x', attemptId: c(3).attemptId, clientId: 'x', ip: null, userAgent: null };
    const sitting = await t.prisma.sitting.findUniqueOrThrow({ where: { id: f.sittingId } });
    let ack;
    for (let i = 0; i <= sitting.screenSwitchLimit; i++)
      ack = await attempts.recordScreenSwitch(session, { kind: 'blur' }, t.clock.now());
    expect(ack).toMatchObject({ exceeded: true });
    expect((await row(c(3).attemptId)).lockedAt).not.toBeNull();
    await tileEvent(main, c(3).attemptId, (p) => p.locked === true);
    const unlocked = await act(main, action('unlock', [c(3).attemptId], { code: 'switch_limit_reviewed' }));
    expect(unlocked).toMatchObject({ results: [{ ok: true }] });
    expect((await row(c(3).attemptId)).lockedAt).toBeNull();
    await tileEvent(main, c(3).attemptId, (p) => p.locked === false);
    const again = await act(main, action('unlock', [c(3).attemptId], { code: 'client_locked' }));
    expect(again).toMatchObject({ error: { code: 'conflict', message: '该考生的考试机未被锁定，无需解锁' } });
  });

  it('follows the candidate connection: disconnected and back, the clock running on', async () => {
    const events = t.app.get(ExamEvents);
    const before = await row(c(0).attemptId);
    events.emit({
      type: 'connection',
      attemptId: c(0).attemptId,
      connected: true,
      socketId: 's1',
      at: t.clock.now().toISOString(),
    });
    await tileEvent(main, c(0).attemptId, (p) => p.connected === true);
    events.emit({
      type: 'connection',
      attemptId: c(0).attemptId,
      connected: false,
      socketId: 's1',
      at: t.clock.now().toISOString(),
    });
    await tileEvent(main, c(0).attemptId, (p) => p.status === 'disconnected');
    expect((await row(c(0).attemptId)).disconnectedAt).not.toBeNull();
    events.emit({
      type: 'connection',
      attemptId: c(0).attemptId,
      connected: true,
      socketId: 's2',
      at: t.clock.now().toISOString(),
    });
    await until(async () => (await row(c(0).attemptId)).status === 'in_progress', 'the reconnect');
    await tileEvent(main, c(0).attemptId, (p) => p.status === 'in_progress');
    expect((await row(c(0).attemptId)).endsAt).toEqual(before.endsAt);
    // an old socket going away after the new one came does not count
    events.emit({
      type: 'connection',
      attemptId: c(0).attemptId,
      connected: false,
      socketId: 's1',
      at: t.clock.now().toISOString(),
    });
    await new Promise((r) => setTimeout(r, 100));
    expect((await row(c(0).attemptId)).status).toBe('in_progress');
  });

  it('moves a candidate to a spare seat: the old machine is logged out, the new one resumes', async () => {
    const taken = await t.prisma.seatAssignment.findMany({
      where: { sittingId: f.sittingId },
      select: { seatId: true },
    });
    const spare = await t.prisma.seat.findFirstOrThrow({
      where: { roomId: f.roomId, disabled: false, id: { notIn: taken.map((s) => s.seatId) } },
    });
    const refused = await act(
      main,
      action('move_seat', [c(1).attemptId], { code: 'machine_failure' }, { seatId: taken[5]!.seatId }),
    );
    expect(refused).toMatchObject({ error: { code: 'conflict' } });
    // the old machine, connected: it gets the notice before the server lets it go
    const clientId = newClientId();
    tokens[1] = await examToken(t, c(1), clientId);
    const oldMachine = io(`${t.baseUrl}${EXAM_NAMESPACE}`, {
      auth: { token: tokens[1], clientId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(oldMachine);
    const seen: string[] = [];
    oldMachine.on('exam:notice', (n: { message: string }) => seen.push(`notice ${n.message}`));
    oldMachine.on('disconnect', (reason) => seen.push(`disconnect ${reason}`));
    await new Promise<void>((resolve, reject) => {
      oldMachine.once('connect', () => resolve());
      oldMachine.once('connect_error', reject);
    });
    const r = await act(
      main,
      action('move_seat', [c(1).attemptId], { code: 'machine_failure' }, { seatId: spare.id }),
    );
    expect(r).toMatchObject({
      results: [{ ok: true, message: `已换到 ${spare.label} 号座位，请考生在新座位重新登录` }],
    });
    await until(() => seen.length >= 2, 'the old machine told and let go');
    expect(seen).toEqual([
      `notice 请到 ${spare.label} 号座位的考试机上重新登录，继续作答`,
      'disconnect io server disconnect',
    ]);
    const seat = await t.prisma.seatAssignment.findFirstOrThrow({
      where: { sittingId: f.sittingId, applicationId: c(1).applicationId },
    });
    expect(seat).toMatchObject({ seatId: spare.id, reason: '考试机故障' });
    expect((await row(c(1).attemptId)).activeClientId).toBeNull();
    expect((await get('/api/exam/attempt', tokens[1])).status).toBe(401);
    await tileEvent(main, c(1).attemptId, (p) => p.seatLabel === spare.label);
    tokens[1] = await examToken(t, c(1), newClientId());
    const view = await get('/api/exam/attempt', tokens[1]);
    expect(view.body).toMatchObject({ sitting: { seatLabel: spare.label } });
    // the clock runs on; the old machine's socket is gone, so the room sees it disconnected until the new
    // machine connects
    expect(['in_progress', 'disconnected']).toContain(
      (view.body as { clock: { status: string } }).clock.status,
    );
  });

  it('force-submits with a score, then void removes the score', async () => {
    const r = await act(main, action('force_submit', [c(1).attemptId], { code: 'irregularity' }));
    expect(r).toMatchObject({ results: [{ ok: true }] });
    const closed = await row(c(1).attemptId);
    expect(closed).toMatchObject({ status: 'force_submitted', closedBy: 'invigilator' });
    expect(closed.objectiveTenths).not.toBeNull();
    expect(await t.prisma.componentScore.count({ where: { attemptId: c(1).attemptId } })).toBe(1);
    await tileEvent(main, c(1).attemptId, (p) => p.status === 'force_submitted');

    // a short answer already marked before the void: no marker may score it afterwards
    const marked = await t.prisma.markingTask.upsert({
      where: { attemptId_position: { attemptId: c(1).attemptId, position: 1 } },
      create: {
        attemptId: c(1).attemptId,
        sittingId: f.sittingId,
        position: 1,
        maxTenths: 100,
        status: 'marked',
        scoreTenths: 50,
      },
      update: { status: 'marked', scoreTenths: 50 },
    });
    const voided = await act(main, action('void', [c(1).attemptId], { code: 'other', text: '携带手机作弊' }));
    expect(voided).toMatchObject({ results: [{ ok: true }] });
    expect(await row(c(1).attemptId)).toMatchObject({
      status: 'voided',
      closedBy: 'voided',
      scoreTenths: null,
    });
    expect(await t.prisma.componentScore.count({ where: { attemptId: c(1).attemptId } })).toBe(0);
    expect((await audits('exam.void', c(1).attemptId))[0]).toMatchObject({ reason: '其他：携带手机作弊' });
    const remark = await post(
      `/api/marking/tasks/${marked.id}`,
      { scoreTenths: 80, reason: '复核改分' },
      f.tokens.office,
    );
    expect(remark).toMatchObject({
      status: 409,
      body: { message: '该考生本科目成绩已因违纪取消，不再评分' },
    });
    expect(await t.prisma.componentScore.count({ where: { attemptId: c(1).attemptId } })).toBe(0);
    const twice = await act(main, action('void', [c(1).attemptId], { code: 'cheating' }));
    expect(twice).toMatchObject({ error: { code: 'conflict', message: '已判为无效的考试不能判为无效' } });
  });

  it('refuses a candidate of another room', async () => {
    const stranger = await t.prisma.attempt.findFirst({ where: { sittingId: { not: f.sittingId } } });
    const id = stranger?.id ?? '00000000-0000-4000-8000-000000000001';
    const r = await act(main, action('pause', [id], { code: 'equipment_failure' }));
    expect(r).toMatchObject({ error: { code: 'out_of_scope' } });
  });

  it('streams a new incident of the room', async () => {
    const r = await post(
      '/api/incidents',
      {
        sittingId: f.sittingId,
        roomId: f.roomId,
        category: 'technical_failure',
        attemptIds: [c(0).attemptId],
        narrative: '考试机蓝屏，已更换',
      },
      f.tokens.invigilator,
    );
    expect(r.status).toBe(201);
    await until(
      () => main.events.find((e) => e.payload.kind === 'incident' && e.payload.incident.id === r.body.id),
      'the incident',
    );
  });
});

describe('over HTTP', () => {
  it('acts with the same schema and rules', async () => {
    const ok = await post(
      '/api/proctor/actions',
      action('warn', [c(0).attemptId], { code: 'screen_switching' }, { message: '请勿切屏' }),
      f.tokens.office,
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ action: 'warn', results: [{ ok: true }] });
    const bad = await post(
      '/api/proctor/actions',
      action('warn', [c(0).attemptId], { code: 'other' }),
      f.tokens.office,
    );
    expect(bad.status).toBe(400);
    const forbidden = await post(
      '/api/proctor/actions',
      action('resume', [c(2).attemptId], { code: 'fault_cleared' }),
      f.tokens.invigilator,
    );
    expect(forbidden.status).toBe(409);
    expect(forbidden.body.message).toBe('已交卷的考试不能继续');
    expect(
      (await post('/api/proctor/actions', action('warn', [c(0).attemptId], { code: 'talking' }), tokens[0]))
        .status,
    ).toBe(401);
  });

  it('gives the snapshot and today’s rooms to watch', async () => {
    const snap = await get(`/api/sittings/${f.sittingId}/rooms/${f.roomId}/snapshot`, f.tokens.invigilator);
    expect(snap.status).toBe(200);
    expect((snap.body as RoomSnapshot).candidates.find((x) => x.attemptId === c(0).attemptId)).toMatchObject({
      warnings: 1,
    });
    const mine = await get('/api/exam-day/rooms', f.tokens.invigilator);
    expect(mine.status).toBe(200);
    expect(mine.body.rooms).toEqual([
      expect.objectContaining({
        sittingId: f.sittingId,
        roomId: f.roomId,
        onDuty: true,
        candidates: f.candidates.length,
      }),
    ]);
    const none = await get('/api/exam-day/rooms', f.tokens.otherInvigilator);
    expect(none.body.rooms).toEqual([]);
    const office = await get('/api/exam-day/rooms', f.tokens.office);
    expect(office.body.rooms.some((r: { roomId: string }) => r.roomId === f.roomId)).toBe(true);
  });
});
