import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAVE_GRACE_MS, type ExamAttemptView, type ExamClockView } from '@exam/contracts';
import { ActiveClients } from '../src/exam/active-clients.js';
import { AttemptsService } from '../src/exam/attempts.service.js';
import { ExamEvents, type ExamEvent } from '../src/exam/exam-events.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http } from '../../test/support/http.js';
import {
  examLogin,
  examToken,
  newClientId,
  setUpExamSitting,
  type ExamSittingFixture,
} from './support-exam.js';

/**
 * Exam delivery over HTTP on a real database with a test clock: the candidate's login (and its refusals),
 * one client per attempt, ready, the paper, the room's start signal by the invigilator on duty, late entry,
 * pause / resume / extra time moving the clock exactly, forbidden transitions refused and audited, submit
 * with scoring, and time-up closing with what was saved.
 */
let t: TestApp;
let f: ExamSittingFixture;
let attempts: AttemptsService;
const events: ExamEvent[] = [];
const MIN = 60_000;

const get = (path: string, token?: string) => http(t.baseUrl, 'GET', path, { token });
const post = (path: string, body: unknown, token?: string) => http(t.baseUrl, 'POST', path, { token, body });
const row = (id: string) => t.prisma.attempt.findUniqueOrThrow({ where: { id }, include: { paper: true } });
const audits = (entityId: string, action: string) =>
  t.prisma.auditLog.findMany({ where: { entityId, action }, orderBy: { id: 'asc' } });
const at = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  t = await startTestApp({ examClockSweep: false });
  f = await setUpExamSitting(t);
  attempts = t.app.get(AttemptsService);
  t.app.get(ExamEvents).on((e) => events.push(e));
}, 120_000);
afterAll(() => t?.close());

const c = (i: number) => f.candidates[i]!;
const tokens: Record<number, string> = {};
let roomStart: number;
let duration: number;

describe('exam login', () => {
  it('refuses a wrong ID number and an unknown ticket with one generic message, and audits both', async () => {
    const wrong = await examLogin(t, c(5), newClientId(), '410702198503150013');
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('准考证号或身份证号不正确');
    const unknown = await examLogin(t, { ...c(5), ticketNumber: 'NOPE-000000' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('准考证号或身份证号不正确');
    const failed = await t.prisma.auditLog.findMany({ where: { action: 'exam.login_failed' } });
    expect(failed.map((a) => (a.details as { cause: string }).cause).sort()).toEqual([
      'unknown_ticket',
      'wrong_id_number',
    ]);
    expect((await row(c(5).attemptId)).status).toBe('not_started');
  });

  it('refuses malformed input with 400', async () => {
    const r = await post('/api/exam/login', {
      ticketNumber: c(5).ticketNumber,
      idNumber: '123',
      clientId: 'x',
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/身份证号/);
  });

  it('rate-limits a ticket after repeated failures, even with the right ID number then', async () => {
    for (let i = 0; i < 5; i++)
      expect((await examLogin(t, c(9), newClientId(), '41070219850315169X')).status).toBe(401);
    const limited = await examLogin(t, c(9));
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/该准考证号登录失败次数过多/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('says so when no sitting of today is open (another day)', async () => {
    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 86_400_000));
    const r = await examLogin(t, c(1));
    t.clock.set(now);
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/^今天没有可以参加的考试场次，请核对准考证上的时间/);
    expect((await row(c(1).attemptId)).status).toBe('not_started');
  });

  it('logs in: session stored as sha256, checked in, the view with photo, masked ID and rules', async () => {
    const clientId = newClientId();
    const r = await examLogin(t, c(0), clientId);
    expect(r.status).toBe(200);
    tokens[0] = r.body.token;
    const view = r.body.attempt;
    expect(view.id).toBe(c(0).attemptId);
    expect(view.candidate.name).toBe(c(0).name);
    expect(view.candidate.idNumberMasked).toBe(
      `${c(0).idNumber.slice(0, 4)}**********${c(0).idNumber.slice(-4)}`,
    );
    expect(view.candidate.photo).toMatch(/^data:image\/png;base64,/);
    expect(view.sitting).toMatchObject({ id: f.sittingId, roomName: '第1考场', seatLabel: c(0).seatLabel });
    expect(view.rules.length).toBeGreaterThan(3);
    expect(view.clock.status).toBe('checked_in');
    expect(view.paperKey).toBeNull();
    expect(view.result).toBeNull();
    expect(JSON.stringify(view)).not.toContain(c(0).idNumber);
    const session = await t.prisma.examSession.findFirstOrThrow({ where: { attemptId: c(0).attemptId } });
    expect(session.tokenHash).toBe(createHash('sha256').update(tokens[0]).digest('hex'));
    expect(session.expiresAt.getTime()).toBe(
      (await t.prisma.sitting.findUniqueOrThrow({ where: { id: f.sittingId } })).endsAt.getTime() +
        2 * 3_600_000,
    );
    const attempt = await row(c(0).attemptId);
    expect(attempt).toMatchObject({ status: 'checked_in', activeClientId: clientId });
    expect(await audits(c(0).attemptId, 'exam.check_in')).toHaveLength(1);
    duration = attempt.paper.durationMinutes;
  });

  it('refuses a second window while the first holds the attempt; a reload (same client) and a move are fine', async () => {
    const active = t.app.get(ActiveClients);
    const holder = (await row(c(0).attemptId)).activeClientId!;
    let disconnected = 0;
    active.claim(c(0).attemptId, { clientId: holder, socketId: 'sock-1', disconnect: () => disconnected++ });
    const second = await examLogin(t, c(0), newClientId());
    expect(second.status).toBe(409);
    expect(second.body.message).toBe('本场考试已在其他电脑或窗口登录；如需换机，请联系监考老师');
    const reload = await examLogin(t, c(0), holder);
    expect(reload.status).toBe(200);
    active.release(c(0).attemptId, 'sock-1');
    expect(disconnected).toBe(0);
    // the holder gone: another machine takes over, and the older sessions stop working
    const moved = await examLogin(t, c(0), newClientId());
    expect(moved.status).toBe(200);
    expect((await get('/api/exam/attempt', tokens[0])).status).toBe(401);
    expect((await get('/api/exam/attempt', reload.body.token)).status).toBe(401);
    tokens[0] = moved.body.token;
    expect((await get('/api/exam/attempt', tokens[0])).status).toBe(200);
  });

  it('keeps exam tokens and staff tokens apart', async () => {
    expect((await get('/api/exam/attempt')).status).toBe(401);
    const staff = await get('/api/exam/attempt', f.tokens.invigilator);
    expect(staff.status).toBe(403);
    expect(staff.body.error).toBe('forbidden');
    expect((await get(`/api/sittings/${f.sittingId}/attempts`, tokens[0])).status).toBe(401);
    expect(
      (await post(`/api/attempts/${c(0).attemptId}/pause`, { reason: '测试暂停' }, tokens[0])).status,
    ).toBe(401);
  });
});

describe('核验身份: the photo for the invigilator', () => {
  it('shows the photo to the invigilator on duty and the office, audited; others are refused', async () => {
    const path = `/api/attempts/${c(0).attemptId}/photo`;
    const shown = await fetch(`${t.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${f.tokens.invigilator}` },
    });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toMatch(/^image\/png/);
    expect(
      Buffer.from(await shown.arrayBuffer())
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
    expect((await get(path, f.tokens.office)).status).toBe(200);
    expect((await get(path, f.tokens.otherInvigilator)).status).toBe(403);
    expect((await get(path, f.tokens.candidate)).status).toBe(403);
    const views = await t.prisma.auditLog.count({
      where: { action: 'exam.photo_view', entityId: c(0).attemptId },
    });
    expect(views).toBe(2);
    const none = await get(`/api/attempts/${c(1).attemptId}/photo`, f.tokens.invigilator);
    expect(none).toMatchObject({
      status: 404,
      body: { message: '该考生的申报材料中没有照片，请核对身份证' },
    });
  });
});

describe('before the start', () => {
  it('delivers the encrypted paper from check-in on', async () => {
    const r = await get('/api/exam/paper', tokens[0]);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ attemptId: c(0).attemptId, algorithm: 'AES-GCM' });
    expect(r.body.itemCount).toBeGreaterThan(0);
  });

  it('needs both confirmations to be ready', async () => {
    const r = await post('/api/exam/ready', { identityConfirmed: true }, tokens[0]);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/考场规则/);
    expect((await row(c(0).attemptId)).status).toBe('checked_in');
    const ok = await post('/api/exam/ready', { identityConfirmed: true, rulesAccepted: true }, tokens[0]);
    expect(ok.status).toBe(200);
    expect((ok.body as ExamAttemptView).clock.status).toBe('ready');
  });

  it('takes planned extra time before the start', async () => {
    tokens[3] = await examToken(t, c(3));
    const r = await post(
      `/api/attempts/${c(3).attemptId}/extra-time`,
      { minutes: 10, reason: '残疾考生，按规定延时' },
      f.tokens.invigilator,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'checked_in',
      extraSeconds: 600,
      remainingMs: (duration + 10) * MIN,
    });
    await post('/api/exam/ready', { identityConfirmed: true, rulesAccepted: true }, tokens[3]);
  });
});

describe('the start signal', () => {
  it('needs a reason, and an invigilator on duty in that room', async () => {
    const path = `/api/sittings/${f.sittingId}/rooms/${f.roomId}/start`;
    expect((await post(path, {}, f.tokens.invigilator)).status).toBe(400);
    const other = await post(path, { reason: '开始考试' }, f.tokens.otherInvigilator);
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('out_of_scope');
    expect(await t.prisma.auditLog.count({ where: { action: 'exam.staff_refused' } })).toBeGreaterThan(0);
    expect(
      (await t.prisma.sittingRoom.findFirstOrThrow({ where: { sittingId: f.sittingId } })).startedAt,
    ).toBeNull();
  });

  it('starts every ready attempt of the room with its own end, and sends each its paper key', async () => {
    events.length = 0;
    roomStart = t.clock.now().getTime();
    const r = await post(
      `/api/sittings/${f.sittingId}/rooms/${f.roomId}/start`,
      { reason: '按时开考' },
      f.tokens.invigilator,
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sittingId: f.sittingId, roomId: f.roomId, started: 2, notReady: 8 });
    const a0 = await row(c(0).attemptId);
    expect(a0).toMatchObject({ status: 'in_progress', startedAt: new Date(roomStart) });
    expect(a0.endsAt!.getTime()).toBe(roomStart + duration * MIN);
    const a3 = await row(c(3).attemptId);
    expect(a3.endsAt!.getTime()).toBe(roomStart + (duration + 10) * MIN);
    const clocks = events.filter((e) => e.type === 'clock');
    expect(clocks.map((e) => e.attemptId).sort()).toEqual([c(0).attemptId, c(3).attemptId].sort());
    for (const e of clocks) expect(e.type === 'clock' && e.paperKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const view = (await get('/api/exam/attempt', tokens[0])).body as ExamAttemptView;
    const own = clocks.find((e) => e.attemptId === c(0).attemptId);
    expect(view.paperKey).toBe(own?.type === 'clock' ? own.paperKey : 'missing');
    expect(view.paperKey).not.toBeNull();
    expect(view.clock).toMatchObject({
      status: 'in_progress',
      remainingMs: duration * MIN,
      endsAt: at(roomStart + duration * MIN),
    });
    expect(await audits(c(0).attemptId, 'exam.start')).toHaveLength(1);
  });

  it('a second start signal starts nobody twice', async () => {
    const r = await post(
      `/api/sittings/${f.sittingId}/rooms/${f.roomId}/start`,
      { reason: '再次确认开考' },
      f.tokens.invigilator,
    );
    expect(r.status).toBe(200);
    expect(r.body.started).toBe(0);
    expect((await row(c(0).attemptId)).startedAt!.getTime()).toBe(roomStart);
  });

  it('admits a late candidate within 15 minutes, ending with the room', async () => {
    t.clock.set(new Date(roomStart + 10 * MIN));
    tokens[1] = await examToken(t, c(1));
    const r = await post('/api/exam/ready', { identityConfirmed: true, rulesAccepted: true }, tokens[1]);
    expect(r.status).toBe(200);
    const view = r.body as ExamAttemptView;
    expect(view.clock).toMatchObject({ status: 'in_progress', endsAt: at(roomStart + duration * MIN) });
    expect(view.clock.remainingMs).toBe((duration - 10) * MIN);
    expect(view.paperKey).not.toBeNull();
  });

  it('refuses entry more than 15 minutes after the start, state unchanged, audited', async () => {
    t.clock.set(new Date(roomStart + 15 * MIN + 1000));
    tokens[2] = await examToken(t, c(2));
    const r = await post('/api/exam/ready', { identityConfirmed: true, rulesAccepted: true }, tokens[2]);
    expect(r.status).toBe(409);
    expect(r.body.message).toBe('开考 15 分钟后不得入场，请联系监考老师');
    expect((await row(c(2).attemptId)).status).toBe('checked_in');
    expect(await audits(c(2).attemptId, 'exam.transition_refused')).toHaveLength(1);
  });
});

describe('the clock, moved by the invigilator', () => {
  it('pause keeps the time left; extra time while paused adds to it; resume runs it again from then', async () => {
    const id = c(0).attemptId;
    t.clock.set(new Date(roomStart + 20 * MIN));
    expect((await post(`/api/attempts/${id}/pause`, {}, f.tokens.invigilator)).status).toBe(400);
    const paused = await post(
      `/api/attempts/${id}/pause`,
      { reason: '设备故障，更换电脑' },
      f.tokens.invigilator,
    );
    expect(paused.status).toBe(200);
    expect(paused.body as ExamClockView).toMatchObject({
      status: 'paused',
      endsAt: null,
      remainingMs: (duration - 20) * MIN,
    });
    // the candidate's screen is told what a pause means; the reason stays in the record
    const notice = events.findLast((e) => e.type === 'notice' && e.attemptId === id);
    expect(notice).toMatchObject({
      notice: { kind: 'info', message: expect.stringContaining('计时已停止') },
    });
    expect(JSON.stringify(notice)).not.toContain('设备故障');

    t.clock.set(new Date(roomStart + 25 * MIN));
    const extra = await post(
      `/api/attempts/${id}/extra-time`,
      { minutes: 5, reason: '补偿故障时间' },
      f.tokens.invigilator,
    );
    expect(extra.body).toMatchObject({
      status: 'paused',
      remainingMs: (duration - 15) * MIN,
      extraSeconds: 300,
    });

    t.clock.set(new Date(roomStart + 30 * MIN));
    const resumed = await post(`/api/attempts/${id}/resume`, { reason: '故障排除' }, f.tokens.office);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      status: 'in_progress',
      endsAt: at(roomStart + 30 * MIN + (duration - 15) * MIN),
      remainingMs: (duration - 15) * MIN,
    });
    const a = await row(id);
    expect(a).toMatchObject({
      pausedAt: null,
      remainingMs: null,
      pausedMsTotal: 10 * MIN,
      extraSeconds: 300,
    });

    const more = await post(
      `/api/attempts/${id}/extra-time`,
      { minutes: 2, reason: '补偿时间' },
      f.tokens.admin,
    );
    expect(more.body).toMatchObject({
      endsAt: at(roomStart + 30 * MIN + (duration - 13) * MIN),
      extraSeconds: 420,
    });
    const logged = await audits(id, 'exam.pause');
    expect(logged[0]).toMatchObject({
      category: 'exam_event',
      reason: '设备故障，更换电脑',
      actorUsername: 'invigilator',
    });
  });

  it('refuses a forbidden transition with the state unchanged, and audits it', async () => {
    const id = c(0).attemptId;
    const before = await row(id);
    const r = await post(`/api/attempts/${id}/resume`, { reason: '误操作' }, f.tokens.invigilator);
    expect(r.status).toBe(409);
    expect(r.body.message).toBe('考试正在进行，不能继续');
    const after = await row(id);
    expect(after.version).toBe(before.version);
    expect(after.endsAt).toEqual(before.endsAt);
    const refused = await audits(id, 'exam.transition_refused');
    expect(refused.at(-1)).toMatchObject({
      actorUsername: 'invigilator',
      details: expect.objectContaining({ action: 'resume' }),
    });
    const other = await post(
      `/api/attempts/${id}/pause`,
      { reason: '不该能暂停' },
      f.tokens.otherInvigilator,
    );
    expect(other.status).toBe(403);
  });

  it('lists the sitting for the console, without ID numbers', async () => {
    const r = await get(`/api/sittings/${f.sittingId}/attempts?roomId=${f.roomId}`, f.tokens.invigilator);
    expect(r.status).toBe(200);
    expect(r.body.attempts).toHaveLength(10);
    const first = r.body.attempts.find((a: { attemptId: string }) => a.attemptId === c(0).attemptId);
    expect(first).toMatchObject({
      status: 'in_progress',
      seatLabel: c(0).seatLabel,
      name: c(0).name,
      extraSeconds: 420,
    });
    for (const cand of f.candidates) expect(JSON.stringify(r.body)).not.toContain(cand.idNumber);
    expect((await get(`/api/sittings/${f.sittingId}/attempts`, f.tokens.otherInvigilator)).status).toBe(403);
    expect(
      (await get(`/api/sittings/${f.sittingId}/attempts?roomId=nope`, f.tokens.invigilator)).status,
    ).toBe(400);
  });
});

describe('answers, 切屏 and submission', () => {
  let pointsOfFirst = 0;

  it('saves an answer over HTTP and counts a screen switch', async () => {
    const id = c(0).attemptId;
    const item = await t.prisma.paperItem.findFirstOrThrow({
      where: { paper: { attempt: { id } }, bankItemVersion: { type: { in: ['single', 'true_false'] } } },
      include: { bankItemVersion: true },
      orderBy: { position: 'asc' },
    });
    pointsOfFirst = item.pointsTenths;
    const ack = await post(
      '/api/exam/answers',
      {
        attemptId: id,
        seq: 1,
        position: item.position,
        response: item.bankItemVersion.key,
        key: 'save-0000001',
      },
      tokens[0],
    );
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ ok: true, seq: 1 });
    const session = { sessionId: 'x', attemptId: id, clientId: 'c', ip: null, userAgent: null };
    expect(await attempts.recordScreenSwitch(session, { kind: 'blur', awayMs: 1200 }, t.clock.now())).toEqual(
      {
        screenSwitches: 1,
        limit: 3,
        exceeded: false,
      },
    );
    expect(await audits(id, 'exam.screen_switch')).toHaveLength(1);
  });

  it('refuses a submission that outruns the saved answers', async () => {
    const r = await post('/api/exam/submit', { confirm: true, lastSeq: 2 }, tokens[0]);
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/^还有答案未保存/);
    expect((await row(c(0).attemptId)).status).toBe('in_progress');
  });

  it('submits: closed by the candidate, scored, closed event; a repeat answers the same', async () => {
    events.length = 0;
    const r = await post('/api/exam/submit', { confirm: true, lastSeq: 1 }, tokens[0]);
    expect(r.status).toBe(200);
    const view = r.body as ExamAttemptView;
    expect(view.clock).toMatchObject({
      status: 'submitted',
      closedBy: 'candidate',
      closedAt: t.clock.now().toISOString(),
    });
    expect(view.result?.objectiveTenths).toBe(pointsOfFirst);
    expect(view.answers).toHaveLength(1);
    expect(events.filter((e) => e.type === 'closed').map((e) => e.attemptId)).toEqual([c(0).attemptId]);
    const again = await post('/api/exam/submit', { confirm: true, lastSeq: 1 }, tokens[0]);
    expect(again.status).toBe(200);
    expect(await audits(c(0).attemptId, 'exam.submit')).toHaveLength(1);
  });

  it('refuses what a closed attempt cannot do', async () => {
    const pause = await post(
      `/api/attempts/${c(0).attemptId}/pause`,
      { reason: '交卷后暂停' },
      f.tokens.invigilator,
    );
    expect(pause.status).toBe(409);
    expect(pause.body.message).toBe('已交卷的考试不能暂停');
    expect((await get('/api/exam/paper', tokens[0])).status).toBe(409);
    const login = await examLogin(t, c(0));
    expect(login.status).toBe(409);
    expect(login.body.message).toMatch(/您已交卷/);
  });
});

describe('time-up', () => {
  it('closes a running attempt with what was saved once its end plus the grace has passed, exactly once', async () => {
    const id = c(1).attemptId;
    const endsAt = (await row(id)).endsAt!.getTime();
    expect(await attempts.closeExpired(new Date(endsAt + SAVE_GRACE_MS - 1))).toBe(0);
    expect((await row(id)).status).toBe('in_progress');
    t.clock.set(new Date(endsAt + SAVE_GRACE_MS));
    events.length = 0;
    const counts = await Promise.all([
      attempts.closeExpired(t.clock.now()),
      attempts.closeExpired(t.clock.now()),
    ]);
    expect(counts[0] + counts[1]).toBe(1);
    const a = await row(id);
    expect(a).toMatchObject({
      status: 'submitted',
      closedBy: 'time_up',
      closedAt: new Date(endsAt),
      objectiveTenths: 0,
    });
    expect(await audits(id, 'exam.time_up')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'closed').map((e) => e.attemptId)).toEqual([id]);
    // c(3) had 10 more minutes: still running
    expect((await row(c(3).attemptId)).status).toBe('in_progress');
    const view = (await get('/api/exam/attempt', tokens[1])).body as ExamAttemptView;
    expect(view.clock).toMatchObject({ status: 'submitted', closedBy: 'time_up', remainingMs: 0 });
    expect(view.result).toMatchObject({ objectiveTenths: 0 });
  });
});
