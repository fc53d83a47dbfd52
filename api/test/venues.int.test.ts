import bcrypt from 'bcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

/**
 * 考点、考场与座位图 over HTTP on a real database: the office creates a venue and rooms with their seats,
 * marks spare seats, disables broken ones and sets machine ids, within its subtree; invigilators read their
 * rooms only; bad input is refused by name and nothing is half-written.
 */
let t: TestApp;
const token: Record<string, string> = {};
let rootId: string;
let countyOfficeOrgId: string;
let venueId: string;

async function countRows() {
  return {
    venues: await t.prisma.venue.count(),
    rooms: await t.prisma.room.count(),
    seats: await t.prisma.seat.count(),
  };
}

async function createRoom(body: Record<string, unknown>, who = 'office', venue = venueId) {
  return http(t.baseUrl, 'POST', `/api/venues/${venue}/rooms`, { token: token[who], body });
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['admin', 'office', 'unithr', 'invigilator', 'candidate'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
  rootId = (await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-GKB' } })).id;
  // an exam office of a county: its subtree does not hold the city's venue
  const county = await t.prisma.organisation.findFirstOrThrow({
    where: { kind: { not: 'unit' }, parentId: rootId, NOT: { code: { contains: 'SWJW' } } },
    orderBy: { code: 'desc' },
  });
  countyOfficeOrgId = county.id;
  await t.prisma.user.create({
    data: {
      username: 'countyoffice',
      displayName: '县考务',
      passwordHash: await bcrypt.hash('exam2026', 10),
      roles: { create: [{ role: 'exam_office', organisationId: county.id }] },
    },
  });
  token.county = await login(t.baseUrl, 'countyoffice', 'exam2026');
});
afterAll(() => t.close());

describe('venues', () => {
  it('creates a venue of an organisation in the office’s subtree, audited with its reason', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/venues', {
      token: token.office,
      body: { organisationId: rootId, name: '新乡市第二考点', address: '新乡市牧野区', reason: '新增考点' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ name: '新乡市第二考点', organisationId: rootId, rooms: [] });
    venueId = r.body.id;
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'venue.create', entityId: venueId },
    });
    expect(audit.reason).toBe('新增考点');

    const again = await http(t.baseUrl, 'POST', '/api/venues', {
      token: token.office,
      body: { organisationId: rootId, name: '新乡市第二考点', address: '别处', reason: '重复' },
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('新乡市第二考点');

    const list = await http(t.baseUrl, 'GET', '/api/venues', { token: token.office });
    expect(list.status).toBe(200);
    expect(list.body.map((v: { name: string }) => v.name)).toEqual(
      expect.arrayContaining(['新乡市第二考点', '新乡市工考办人机对话考点']),
    );
  });

  it('refuses a venue outside the subtree, and unknown fields by name', async () => {
    const out = await http(t.baseUrl, 'POST', '/api/venues', {
      token: token.county,
      body: { organisationId: rootId, name: '越权考点', address: '某地', reason: '测试越权' },
    });
    expect(out.status).toBe(403);
    const unknown = await http(t.baseUrl, 'POST', '/api/venues', {
      token: token.office,
      body: { organisationId: rootId, name: '某考点', address: '某地', reason: '测试', capacity: 9 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('capacity');
    const hr = await http(t.baseUrl, 'POST', '/api/venues', {
      token: token.unithr,
      body: { organisationId: rootId, name: '某考点', address: '某地', reason: '测试' },
    });
    expect(hr.status).toBe(403);
    // the county office sees no city venue
    const list = await http(t.baseUrl, 'GET', '/api/venues', { token: token.county });
    expect(list.body).toEqual([]);
  });
});

describe('rooms and seat maps', () => {
  let roomId: string;

  it('creates a computer room with its seats, labels, machine ids and spare seats in one go', async () => {
    const r = await createRoom({
      name: '第1机房',
      kind: 'computer',
      rows: 5,
      columns: 6,
      spareSeats: 2,
      reason: '新建机房',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    roomId = r.body.room.id;
    expect(r.body.room).toMatchObject({
      name: '第1机房',
      kind: 'computer',
      rows: 5,
      columns: 6,
      seatCount: 30,
      capacity: 30,
      spareCount: 2,
      disabledCount: 0,
      allocatable: 28,
      spareSeats: 2,
    });
    expect(r.body.seats).toHaveLength(30);
    expect(r.body.seats[0]).toMatchObject({ label: '01-01', machineId: '第1机房-PC01', spare: false });
    expect(r.body.seats[8]).toMatchObject({ row: 2, column: 3, label: '02-03', machineId: '第1机房-PC09' });
    expect(
      r.body.seats.filter((s: { spare: boolean }) => s.spare).map((s: { label: string }) => s.label),
    ).toEqual(['05-05', '05-06']);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'room.create', entityId: roomId },
    });
    expect(audit.reason).toBe('新建机房');

    const venue = await http(t.baseUrl, 'GET', `/api/venues/${venueId}`, { token: token.office });
    expect(venue.status).toBe(200);
    expect(venue.body.rooms).toEqual([expect.objectContaining({ id: roomId, capacity: 30, spareCount: 2 })]);
  });

  it('takes machine ids when given, and a practical room has none', async () => {
    const given = await createRoom({
      name: '第2机房',
      kind: 'computer',
      rows: 1,
      columns: 3,
      machineIds: ['A-1', 'A-2', 'A-3'],
      reason: '新建机房',
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect(given.body.seats.map((s: { machineId: string }) => s.machineId)).toEqual(['A-1', 'A-2', 'A-3']);
    const practical = await createRoom({
      name: '实操间',
      kind: 'practical',
      rows: 2,
      columns: 2,
      reason: '实操',
    });
    expect(practical.status).toBe(201);
    expect(practical.body.seats.every((s: { machineId: null }) => s.machineId === null)).toBe(true);
    expect(practical.body.room.spareSeats).toBe(0);
  });

  it('refuses bad rooms with what is wrong, writing nothing', async () => {
    const before = await countRows();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: '大厅', kind: 'computer', rows: 30, columns: 10, reason: '太大' }, 400, 'rows'],
      [{ name: '大厅', kind: 'meeting', rows: 21, columns: 1, reason: '太大' }, 400, 'rows'],
      [{ name: '第1机房', kind: 'computer', rows: 2, columns: 2, reason: '重名' }, 409, '第1机房'],
      [
        { name: '小间', kind: 'computer', rows: 1, columns: 2, spareSeats: 3, reason: '备用太多' },
        400,
        'spareSeats',
      ],
      [{ name: '小间', kind: 'lab', rows: 1, columns: 2, reason: '类型' }, 400, 'kind'],
      [{ name: '小间', kind: 'computer', rows: 1, columns: 2, reason: '多余', floor: 3 }, 400, 'floor'],
      [
        { name: '小间', kind: 'computer', rows: 1, columns: 2, machineIds: ['X', 'X'], reason: '重号' },
        409,
        'X',
      ],
      [
        { name: '小间', kind: 'computer', rows: 1, columns: 2, machineIds: ['X'], reason: '少号' },
        400,
        'machineIds',
      ],
      [{ name: '小间', kind: 'computer', rows: 1.5, columns: 2, reason: '小数' }, 400, 'rows'],
      [{ name: '小间', kind: 'computer', rows: 1, columns: 2 }, 400, 'reason'],
    ];
    for (const [body, status, mention] of cases) {
      const r = await createRoom(body);
      const label = `${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`;
      expect(r.status, label).toBe(status);
      expect(r.body.message, label).toContain(mention);
    }
    expect(await countRows()).toEqual(before);
    const out = await createRoom(
      { name: '越权', kind: 'meeting', rows: 1, columns: 1, reason: '越权' },
      'county',
    );
    expect(out.status).toBe(403);
    const missing = await createRoom(
      { name: '无考点', kind: 'meeting', rows: 1, columns: 1, reason: '没有的考点' },
      'office',
      '00000000-0000-4000-8000-000000000000',
    );
    expect(missing.status, JSON.stringify(missing.body)).toBe(404);
    expect(await countRows()).toEqual(before);
  });

  it('creates a room once when the same name arrives twice at the same time', async () => {
    const body = { name: '并发考场', kind: 'computer', rows: 4, columns: 5, reason: '并发测试' };
    const [a, b] = await Promise.all([createRoom(body), createRoom(body)]);
    expect([a.status, b.status].sort(), JSON.stringify([a.body, b.body])).toEqual([201, 409]);
    const room = await t.prisma.room.findFirstOrThrow({ where: { venueId, name: '并发考场' } });
    expect(await t.prisma.seat.count({ where: { roomId: room.id } })).toBe(20);
  });

  it('disables a broken seat, sets and refuses duplicate machine ids, marks a single spare', async () => {
    const map = await http(t.baseUrl, 'GET', `/api/rooms/${roomId}/seats`, { token: token.office });
    expect(map.status).toBe(200);
    const seat = (label: string) => map.body.seats.find((s: { label: string }) => s.label === label);
    const put = (label: string, body: Record<string, unknown>, who = 'office') =>
      http(t.baseUrl, 'PUT', `/api/rooms/${roomId}/seats/${seat(label).id}`, { token: token[who], body });

    const disabled = await put('01-02', { disabled: true, reason: '电脑故障' });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body.room).toMatchObject({
      capacity: 29,
      disabledCount: 1,
      spareCount: 2,
      allocatable: 27,
    });
    expect((await t.prisma.room.findUniqueOrThrow({ where: { id: roomId } })).capacity).toBe(29);

    const dup = await put('01-03', { machineId: '第1机房-PC01', reason: '换机' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('第1机房-PC01');
    expect(dup.body.message).toContain('01-01');

    const renamed = await put('01-03', { machineId: 'NEW-03', reason: '换机' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.seats.find((s: { label: string }) => s.label === '01-03').machineId).toBe('NEW-03');

    const spare = await put('03-03', { spare: true, reason: '备用机' });
    expect(spare.status).toBe(200);
    expect(spare.body.room).toMatchObject({ spareCount: 3, spareSeats: 3 });

    const both = await put('03-04', { spare: true, disabled: true, reason: '矛盾' });
    expect(both.status).toBe(400);
    const nothing = await put('03-04', { reason: '空' });
    expect(nothing.status).toBe(400);
    const unknown = await put('03-04', { broken: true, reason: '未知' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('broken');
    const county = await put('03-04', { disabled: true, reason: '越权' }, 'county');
    expect(county.status).toBe(403);

    const audits = await t.prisma.auditLog.findMany({ where: { action: 'seat.update' } });
    expect(audits.map((a) => a.reason).sort()).toEqual(['备用机', '换机', '电脑故障'].sort());
  });

  it('marks the last N usable seats spare and refuses more than the usable seats', async () => {
    const r = await http(t.baseUrl, 'POST', `/api/rooms/${roomId}/seats/spare`, {
      token: token.office,
      body: { count: 4, reason: '每考场留 4 个备用座位' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(
      r.body.seats.filter((s: { spare: boolean }) => s.spare).map((s: { label: string }) => s.label),
    ).toEqual(['05-03', '05-04', '05-05', '05-06']);
    expect(r.body.room).toMatchObject({ spareCount: 4, spareSeats: 4, capacity: 29, allocatable: 25 });
    expect(await t.prisma.auditLog.count({ where: { action: 'room.mark_spare', entityId: roomId } })).toBe(1);

    const tooMany = await http(t.baseUrl, 'POST', `/api/rooms/${roomId}/seats/spare`, {
      token: token.office,
      body: { count: 30, reason: '太多' },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('29');
  });

  it('refuses to disable a seat assigned in a sitting that is not finished, naming the sitting', async () => {
    const seat = await t.prisma.seat.findFirstOrThrow({ where: { roomId, label: '02-01' } });
    const batch = await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } });
    const person = await t.prisma.person.findFirstOrThrow({ where: { occupationId: { not: null } } });
    const application = await t.prisma.application.create({
      data: {
        number: 'DEMO-900001',
        batchId: batch.id,
        personId: person.id,
        organisationId: person.organisationId,
        occupationId: person.occupationId!,
        targetLevel: 'L4',
        applicationType: 'normal',
        status: 'approved',
        policyVersionId: batch.policyVersionId,
        declared: {},
        eligibility: {},
        eligible: true,
      },
    });
    const sitting = await t.prisma.sitting.create({
      data: {
        batchId: batch.id,
        component: 'theory',
        name: '理论知识第一场',
        startsAt: new Date('2026-06-01T01:00:00Z'),
        durationMinutes: 90,
        endsAt: new Date('2026-06-01T02:30:00Z'),
        status: 'published',
        rooms: { create: [{ roomId }] },
      },
    });
    await t.prisma.seatAssignment.create({
      data: {
        sittingId: sitting.id,
        applicationId: application.id,
        roomId,
        seatId: seat.id,
        assignedAt: new Date(),
      },
    });
    const r = await http(t.baseUrl, 'PUT', `/api/rooms/${roomId}/seats/${seat.id}`, {
      token: token.office,
      body: { disabled: true, reason: '故障' },
    });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('理论知识第一场');
    await t.prisma.sitting.update({ where: { id: sitting.id }, data: { status: 'closed' } });
    const after = await http(t.baseUrl, 'PUT', `/api/rooms/${roomId}/seats/${seat.id}`, {
      token: token.office,
      body: { disabled: true, reason: '故障' },
    });
    expect(after.status, JSON.stringify(after.body)).toBe(200);
  });

  it('lets an invigilator read only the assigned rooms', async () => {
    const list = await http(t.baseUrl, 'GET', '/api/venues', { token: token.invigilator });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ name: '新乡市工考办人机对话考点', roomCount: 1 })]);
    const seeded = list.body[0].id;
    const venue = await http(t.baseUrl, 'GET', `/api/venues/${seeded}`, { token: token.invigilator });
    expect(venue.status).toBe(200);
    expect(venue.body.rooms.map((r: { name: string }) => r.name)).toEqual(['第1考场']);
    const own = await http(t.baseUrl, 'GET', `/api/rooms/${venue.body.rooms[0].id}/seats`, {
      token: token.invigilator,
    });
    expect(own.status).toBe(200);
    const other = await http(t.baseUrl, 'GET', `/api/rooms/${roomId}/seats`, { token: token.invigilator });
    expect(other.status).toBe(403);
    const otherVenue = await http(t.baseUrl, 'GET', `/api/venues/${venueId}`, { token: token.invigilator });
    expect(otherVenue.status).toBe(403);
    const change = await http(t.baseUrl, 'POST', `/api/rooms/${roomId}/seats/spare`, {
      token: token.invigilator,
      body: { count: 1, reason: '无权' },
    });
    expect(change.status).toBe(403);
    const candidate = await http(t.baseUrl, 'GET', '/api/venues', { token: token.candidate });
    expect(candidate.status).toBe(403);
    const county = await http(t.baseUrl, 'GET', `/api/rooms/${roomId}/seats`, { token: token.county });
    expect(county.status).toBe(403);
    expect(countyOfficeOrgId).toBeTruthy();
  });
});
