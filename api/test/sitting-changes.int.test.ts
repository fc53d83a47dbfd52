import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

/**
 * Changing and cancelling sittings, the policy's components and their order (xinxiang-2024: 五级–二级 take
 * three 人机对话 subjects; 一级 takes one theory paper, then 综合评审), and seating a whole batch at once.
 */
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
let policyVersionId: string;
let occupationId: string;
const rooms: { id: string; name: string }[] = [];
let start: Date;

const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
const at = (hours: number) => iso(new Date(start.getTime() + hours * 3_600_000));
const post = (path: string, body: unknown, who = 'office') =>
  http(t.baseUrl, 'POST', path, { token: token[who], body });
const put = (path: string, body: unknown, who = 'office') =>
  http(t.baseUrl, 'PUT', path, { token: token[who], body });

async function seats(roomId: string, prefix: string) {
  const data = [];
  for (let row = 1; row <= 3; row++)
    for (let column = 1; column <= 4; column++)
      data.push({ roomId, row, column, label: `${row}-${column}`, machineId: `${prefix}-${row}-${column}` });
  await t.prisma.seat.createMany({ data });
}

async function approved(level: 'L4' | 'L1', count: number, prefix: string) {
  const persons = await t.prisma.person.findMany({
    where: { applications: { none: { batchId } } },
    orderBy: { idNumber: 'asc' },
    take: count,
  });
  for (const [i, p] of persons.entries())
    await t.prisma.application.create({
      data: {
        number: `${prefix}-${String(i + 1).padStart(3, '0')}`,
        batchId,
        personId: p.id,
        organisationId: p.organisationId,
        occupationId,
        targetLevel: level,
        applicationType: 'normal',
        status: 'approved',
        policyVersionId,
        declared: {},
        eligibility: {},
        eligible: true,
      },
    });
}

const sitting = (overrides: Record<string, unknown> = {}) => ({
  component: 'theory',
  subject: '职业道德',
  level: 'L4',
  name: '四级职业道德',
  startsAt: at(1),
  durationMinutes: 60,
  roomIds: [rooms[0]!.id],
  reason: '按考务计划安排',
  ...overrides,
});

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['office', 'invigilator', 'reviewer'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
  const batch = await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } });
  batchId = batch.id;
  policyVersionId = batch.policyVersionId;
  occupationId = (
    await t.prisma.occupation.findFirstOrThrow({ where: { regionId: batch.regionId, name: '电工' } })
  ).id;
  for (const name of ['第1考场', '第2考场', '第3考场']) {
    const room = await t.prisma.room.findFirstOrThrow({
      where: { name, venue: { regionId: batch.regionId } },
    });
    rooms.push({ id: room.id, name });
    await seats(room.id, name);
  }
  start = new Date(t.clock.now().getTime() + 120 * 86_400_000);
  await t.prisma.batchWindow.upsert({
    where: { batchId_kind: { batchId, kind: 'exam' } },
    create: { batchId, kind: 'exam', opensAt: start, closesAt: new Date(start.getTime() + 5 * 86_400_000) },
    update: { opensAt: start, closesAt: new Date(start.getTime() + 5 * 86_400_000) },
  });
  await approved('L4', 6, 'CHG4');
  await approved('L1', 3, 'CHG1');
});
afterAll(() => t.close());

describe('the policy’s components', () => {
  it('refuses a component, subject or level the policy does not examine', async () => {
    const practical = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ component: 'practical', subject: undefined }),
    );
    expect(practical.status, JSON.stringify(practical.body)).toBe(400);
    expect(practical.body.message).toContain('没有操作技能');
    const review = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ component: 'committee_review', subject: undefined }),
    );
    expect(review.status).toBe(400);
    expect(review.body.message).toContain('对四级（中级工）不设综合评审');
    const l1Subject = await post(`/api/batches/${batchId}/sittings`, sitting({ level: 'L1' }));
    expect(l1Subject.status).toBe(400);
    expect(l1Subject.body.message).toContain('一级（高级技师）');
    expect(await t.prisma.sitting.count()).toBe(0);
  });

  it('keeps 综合评审 after the theory paper of the same candidates', async () => {
    const theory = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ level: 'L1', subject: undefined, name: '一级理论', startsAt: at(25), durationMinutes: 120 }),
    );
    expect(theory.status, JSON.stringify(theory.body)).toBe(201);
    const early = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({
        component: 'committee_review',
        subject: undefined,
        level: 'L1',
        name: '一级综合评审',
        startsAt: at(2),
        roomIds: [rooms[2]!.id],
      }),
    );
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.message).toContain('综合评审须在理论知识（人机对话）之后');
    expect(early.body.message).toContain('一级理论');
    const later = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({
        component: 'committee_review',
        subject: undefined,
        level: 'L1',
        name: '一级综合评审',
        startsAt: at(49),
        roomIds: [rooms[2]!.id],
      }),
    );
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    // moving the theory paper after the review breaks the order too
    const moved = await put(`/api/sittings/${theory.body.id}`, { startsAt: at(50), reason: '调整时间' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(409);
    expect(moved.body.message).toContain('须在综合评审之前');
  });
});

describe('seating a whole batch', () => {
  it('seats every planned sitting in time order, each with only the levels it examines', async () => {
    const ethics = await post(`/api/batches/${batchId}/sittings`, sitting());
    expect(ethics.status, JSON.stringify(ethics.body)).toBe(201);
    const r = await post(`/api/batches/${batchId}/allocate`, { reason: '整批编排座位' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.summary).toEqual({ sittings: 3, placed: 6 + 3 + 3, notPlaced: 0 });
    const byName = Object.fromEntries(r.body.sittings.map((s: any) => [s.name, s]));
    expect(byName['四级职业道德'].summary.candidates).toBe(6);
    expect(byName['一级理论'].summary.candidates).toBe(3);
    expect(byName['一级综合评审'].summary.candidates).toBe(3);
    expect(r.body.sittings.map((s: any) => s.name)).toEqual(['四级职业道德', '一级理论', '一级综合评审']);
    expect(
      await t.prisma.auditLog.count({ where: { action: 'sitting.allocate', reason: '整批编排座位' } }),
    ).toBe(3);
  });

  it('is for the exam office only', async () => {
    expect(
      (await post(`/api/batches/${batchId}/allocate`, { reason: '整批编排座位' }, 'reviewer')).status,
    ).toBe(403);
    expect((await post(`/api/batches/${batchId}/allocate`, {}, 'office')).status).toBe(400);
  });
});

describe('changing a sitting', () => {
  const ethicsId = async () =>
    (await t.prisma.sitting.findFirstOrThrow({ where: { name: '四级职业道德' } })).id;

  it('refuses bad input with 400 and an unchanged sitting with 409, writing nothing', async () => {
    const id = await ethicsId();
    const before = await t.prisma.sitting.findUniqueOrThrow({ where: { id } });
    for (const bad of [
      { reason: '只有理由' },
      { name: '新名称' },
      { durationMinutes: 0, reason: '修改时长' },
      { startsAt: '明天上午', reason: '修改时间' },
      { roomIds: [], reason: '修改考场' },
      { level: 'L3', reason: '修改等级' },
    ]) {
      const r = await put(`/api/sittings/${id}`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.message).toBeTruthy();
    }
    const same = await put(`/api/sittings/${id}`, { name: before.name, reason: '没有变化' });
    expect(same.status).toBe(409);
    expect(await t.prisma.sitting.findUniqueOrThrow({ where: { id } })).toEqual(before);
    expect(await t.prisma.auditLog.count({ where: { action: 'sitting.update' } })).toBe(0);
  });

  it('moves the time within the exam window, audited with before and after', async () => {
    const id = await ethicsId();
    const outside = await put(`/api/sittings/${id}`, { startsAt: at(200), reason: '调整时间' });
    expect(outside.status).toBe(409);
    expect(outside.body.message).toContain('不在本批次的考试时间内');
    const r = await put(`/api/sittings/${id}`, {
      startsAt: at(3),
      durationMinutes: 90,
      name: '四级职业道德（调整）',
      reason: '与培训冲突，顺延两小时',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      name: '四级职业道德（调整）',
      durationMinutes: 90,
      startsAt: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
    });
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'sitting.update', entityId: id },
    });
    expect(audit.reason).toBe('与培训冲突，顺延两小时');
    expect(audit.details).toMatchObject({ before: { durationMinutes: 60 }, after: { durationMinutes: 90 } });
  });

  it('refuses a room taken at the new time, naming the other sitting', async () => {
    const id = (await t.prisma.sitting.findFirstOrThrow({ where: { name: { startsWith: '四级职业道德' } } }))
      .id;
    const clash = await put(`/api/sittings/${id}`, { startsAt: at(25), reason: '调整时间' });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain('考场时间冲突');
    expect(clash.body.message).toContain('一级理论');
  });

  it('refuses to drop a room where candidates are seated, and to move seated candidates onto their other exam', async () => {
    const id = (await t.prisma.sitting.findFirstOrThrow({ where: { name: { startsWith: '四级职业道德' } } }))
      .id;
    const drop = await put(`/api/sittings/${id}`, { roomIds: [rooms[1]!.id], reason: '换考场' });
    expect(drop.status).toBe(409);
    expect(drop.body.message).toContain('第1考场（6 人）');
    const add = await put(`/api/sittings/${id}`, {
      roomIds: [rooms[0]!.id, rooms[1]!.id],
      reason: '增加考场',
    });
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    expect(add.body.rooms.map((r: any) => r.name)).toEqual(['第1考场', '第2考场']);

    // a second L4 sitting where the same candidates sit; then moving it onto the first is refused per candidate
    const ability = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ subject: '职业能力', name: '四级职业能力', startsAt: at(6), roomIds: [rooms[2]!.id] }),
    );
    expect(ability.status).toBe(201);
    expect(
      (await post(`/api/sittings/${ability.body.id}/allocate`, { reason: '编排座位' })).body.summary.placed,
    ).toBe(6);
    const onto = await put(`/api/sittings/${ability.body.id}`, { startsAt: at(3.5), reason: '调整时间' });
    expect(onto.status).toBe(409);
    expect(onto.body.message).toContain('已编排的 6 名考生与新时间冲突');
    expect(onto.body.message).toContain('CHG4-001');
  });

  it('cancels a sitting: it frees its room, leaves the tickets, and can no longer change', async () => {
    const ability = await t.prisma.sitting.findFirstOrThrow({ where: { name: '四级职业能力' } });
    expect((await post(`/api/sittings/${ability.id}/cancel`, {})).status).toBe(400);
    expect(
      (await post(`/api/sittings/${ability.id}/cancel`, { reason: '取消本场' }, 'invigilator')).status,
    ).toBe(403);
    const r = await post(`/api/sittings/${ability.id}/cancel`, { reason: '考场停电，改期另行通知' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('cancelled');
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'sitting.cancel', entityId: ability.id },
    });
    expect(audit).toMatchObject({ reason: '考场停电，改期另行通知', details: { seated: 6 } });
    // the room is free again at that time
    const reuse = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ subject: '职业能力', name: '四级职业能力（改）', startsAt: at(6), roomIds: [rooms[2]!.id] }),
    );
    expect(reuse.status, JSON.stringify(reuse.body)).toBe(201);
    for (const res of [
      await put(`/api/sittings/${ability.id}`, { name: '再改', reason: '修改' }),
      await post(`/api/sittings/${ability.id}/cancel`, { reason: '再次取消' }),
      await post(`/api/sittings/${ability.id}/allocate`, { reason: '编排座位' }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('已取消');
    }
  });
});

describe('reading the plan, and laying out rooms', () => {
  const get = (path: string, who = 'office') => http(t.baseUrl, 'GET', path, { token: token[who] });

  it('lists who sits where: the office every room, an invigilator only the rooms on duty, others nothing', async () => {
    const s = await t.prisma.sitting.findFirstOrThrow({ where: { name: '四级职业道德（调整）' } });
    const all = await get(`/api/sittings/${s.id}/assignments`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body).toHaveLength(6);
    expect(all.body[0]).toMatchObject({ roomId: rooms[0]!.id, seatLabel: '1-1', reason: null });
    expect(all.body[0].personName).toBeTruthy();
    expect(JSON.stringify(all.body)).not.toMatch(/\d{17}[\dX]/);

    expect((await get(`/api/sittings/${s.id}/assignments`, 'reviewer')).status).toBe(403);
    const invigilator = await t.prisma.user.findUniqueOrThrow({ where: { username: 'invigilator' } });
    await t.prisma.invigilatorAssignment.deleteMany({ where: { userId: invigilator.id } });
    expect((await get(`/api/sittings/${s.id}/assignments`, 'invigilator')).status).toBe(403);
    const options = await get('/api/invigilators');
    expect(options.status).toBe(200);
    expect(options.body.map((o: any) => o.username)).toContain('invigilator');
    expect((await get('/api/invigilators', 'reviewer')).status).toBe(403);
    const duty = await put(`/api/sittings/${s.id}/invigilators`, {
      roomId: rooms[1]!.id,
      userIds: [invigilator.id],
      reason: '安排监考',
    });
    expect(duty.status, JSON.stringify(duty.body)).toBe(200);
    const mine = await get(`/api/sittings/${s.id}/assignments`, 'invigilator');
    expect(mine.status).toBe(200);
    expect(mine.body.every((a: any) => a.roomId === rooms[1]!.id)).toBe(true);
    // on duty in 第2考场, the invigilator reads its seat map but not 第1考场's
    expect((await get(`/api/rooms/${rooms[1]!.id}/seats`, 'invigilator')).status).toBe(200);
    expect((await get(`/api/rooms/${rooms[0]!.id}/seats`, 'invigilator')).status).toBe(403);
  });

  it('lays out a room without seats, and refuses to re-lay one where candidates are seated', async () => {
    const batch = await t.prisma.batch.findUniqueOrThrow({ where: { id: batchId } });
    const empty = await t.prisma.room.findFirstOrThrow({
      where: { name: '第4考场', venue: { regionId: batch.regionId } },
    });
    const bad = await post(`/api/rooms/${empty.id}/seats/layout`, {
      rows: 2,
      columns: 3,
      spareSeats: 7,
      reason: '布置',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('备用座位数 7 超过了座位总数 6');
    const r = await post(`/api/rooms/${empty.id}/seats/layout`, {
      rows: 2,
      columns: 3,
      spareSeats: 1,
      reason: '布置机房',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.seats).toHaveLength(6);
    expect(r.body.seats.filter((s: any) => s.spare)).toHaveLength(1);
    expect(r.body.seats.every((s: any) => s.machineId)).toBe(true);
    expect(await t.prisma.auditLog.count({ where: { action: 'room.layout', entityId: empty.id } })).toBe(1);
    const seated = await post(`/api/rooms/${rooms[0]!.id}/seats/layout`, {
      rows: 2,
      columns: 2,
      reason: '重新布置',
    });
    expect(seated.status).toBe(409);
    expect(seated.body.message).toContain('不能重新设置座位');
    expect(await t.prisma.seat.count({ where: { roomId: rooms[0]!.id } })).toBe(12);
  });

  it('lists a batch’s tickets for the office, with masked ID numbers', async () => {
    expect((await post(`/api/batches/${batchId}/tickets`, { reason: '签发准考证' })).status).toBe(200);
    const list = await get(`/api/batches/${batchId}/tickets`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.length).toBe(9);
    expect(list.body[0].idNumberMasked).toMatch(/^\d{4}\*+[\dX]{4}$/);
    expect((await get(`/api/batches/${batchId}/tickets`, 'reviewer')).status).toBe(403);
  });
});
