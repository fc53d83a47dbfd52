import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

/**
 * 场次与座位 over HTTP on a real database: sittings inside the exam window without double-booked rooms or
 * invigilators, the batch's approved candidates allocated to seats (spare seats kept, stable re-runs, a
 * report of who could not be placed), and manual moves refused with what conflicts.
 */
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
let policyVersionId: string;
let occupationId: string;
const rooms: { id: string; name: string }[] = [];
let foreignRoomId: string;
let start: Date;

const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
const at = (hours: number) => iso(new Date(start.getTime() + hours * 3_600_000));

async function post(path: string, body: unknown, who = 'office') {
  return http(t.baseUrl, 'POST', path, { token: token[who], body });
}

/** A room of 3 rows × 4 columns, every seat with a machine; the last two seats of row 3 marked spare. */
async function seats(roomId: string, prefix: string) {
  const data = [];
  for (let row = 1; row <= 3; row++)
    for (let column = 1; column <= 4; column++)
      data.push({
        roomId,
        row,
        column,
        label: `${row}-${column}`,
        machineId: `${prefix}-${row}-${column}`,
        spare: row === 3 && column >= 3,
      });
  await t.prisma.seat.createMany({ data });
}

async function approvedApplications(count: number) {
  const persons = await t.prisma.person.findMany({ orderBy: { idNumber: 'asc' }, take: count });
  expect(persons.length).toBe(count);
  for (const [i, p] of persons.entries()) {
    await t.prisma.application.create({
      data: {
        number: `SIT-${String(i + 1).padStart(4, '0')}`,
        batchId,
        personId: p.id,
        organisationId: p.organisationId,
        occupationId,
        targetLevel: 'L4',
        applicationType: 'normal',
        status: 'approved',
        policyVersionId,
        declared: {},
        eligibility: {},
        eligible: true,
      },
    });
  }
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['admin', 'office', 'unithr', 'invigilator', 'reviewer'])
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
  await t.prisma.region.create({ data: { id: 'elsewhere', name: '外地' } });
  const venue = await t.prisma.venue.create({ data: { regionId: 'elsewhere', name: '外地考点' } });
  foreignRoomId = (
    await t.prisma.room.create({
      data: { venueId: venue.id, name: '外地第1考场', kind: 'computer', capacity: 12 },
    })
  ).id;
  start = new Date(t.clock.now().getTime() + 120 * 86_400_000);
  await approvedApplications(22);
});
afterAll(() => t.close());

const sitting = (overrides: Record<string, unknown> = {}) => ({
  component: 'theory',
  name: '电工四级理论',
  startsAt: at(1),
  durationMinutes: 90,
  roomIds: [rooms[0]!.id, rooms[1]!.id],
  reason: '按考务计划安排',
  ...overrides,
});

let s1: string;

describe('sittings', () => {
  it('refuses a sitting while the batch has no exam window, then outside it', async () => {
    const none = await post(`/api/batches/${batchId}/sittings`, sitting());
    expect(none.status, JSON.stringify(none.body)).toBe(409);
    expect(none.body.error).toBe('outside_window');
    expect(none.body.message).toContain('未设置考试时间');

    await t.prisma.batchWindow.create({
      data: {
        batchId,
        kind: 'exam',
        opensAt: new Date(start.getTime()),
        closesAt: new Date(start.getTime() + 3 * 86_400_000),
      },
    });
    const early = await post(`/api/batches/${batchId}/sittings`, sitting({ startsAt: at(-2) }));
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('不在本批次的考试时间内');
    const late = await post(`/api/batches/${batchId}/sittings`, sitting({ startsAt: at(71) }));
    expect(late.status).toBe(409);
  });

  it('refuses bad input with 400 and never writes', async () => {
    for (const bad of [
      sitting({ durationMinutes: 0 }),
      sitting({ durationMinutes: 601 }),
      sitting({ startsAt: '2026-07-01 09:00' }),
      sitting({ roomIds: [] }),
      sitting({ roomIds: [rooms[0]!.id, rooms[0]!.id] }),
      sitting({ roomIds: ['00000000-0000-4000-8000-000000000000'] }),
      sitting({ roomIds: [foreignRoomId] }),
      sitting({ reason: '' }),
      sitting({ component: 'oral' }),
      sitting({ extra: 1 }),
    ]) {
      const r = await post(`/api/batches/${batchId}/sittings`, bad);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
    }
    const foreign = await post(`/api/batches/${batchId}/sittings`, sitting({ roomIds: [foreignRoomId] }));
    expect(foreign.body.message).toContain('外地第1考场');
    expect(await t.prisma.sitting.count()).toBe(0);
    const roles = await post(`/api/batches/${batchId}/sittings`, sitting(), 'unithr');
    expect(roles.status).toBe(403);
  });

  it('creates a sitting, audited with its reason, and lists it', async () => {
    const r = await post(`/api/batches/${batchId}/sittings`, sitting());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    s1 = r.body.id;
    expect(r.body).toMatchObject({
      name: '电工四级理论',
      durationMinutes: 90,
      status: 'draft',
      assignments: 0,
    });
    expect(r.body.rooms.map((x: { name: string }) => x.name)).toEqual(['第1考场', '第2考场']);
    expect(r.body.rooms[0].seats).toBe(12);
    expect(new Date(r.body.endsAt).getTime() - new Date(r.body.startsAt).getTime()).toBe(90 * 60_000);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'sitting.create', entityId: s1 },
    });
    expect(audit.reason).toBe('按考务计划安排');
    const list = await http(t.baseUrl, 'GET', `/api/batches/${batchId}/sittings`, { token: token.office });
    expect(list.status).toBe(200);
    expect(list.body.map((x: { id: string }) => x.id)).toEqual([s1]);
  });

  it('refuses a room already used by an overlapping sitting, naming both; allows one right after', async () => {
    const clash = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ name: '电工四级实操', startsAt: at(2), roomIds: [rooms[1]!.id] }),
    );
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain('电工四级理论');
    expect(clash.body.message).toContain('第2考场');
    const after = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ name: '电工四级下午场', startsAt: at(2.5), roomIds: [rooms[1]!.id] }),
    );
    expect(after.status, JSON.stringify(after.body)).toBe(201);
  });

  it('sets invigilators, refusing non-invigilators and double duty', async () => {
    const invigilator = await t.prisma.user.findUniqueOrThrow({ where: { username: 'invigilator' } });
    const office = await t.prisma.user.findUniqueOrThrow({ where: { username: 'office' } });
    const put = (id: string, body: unknown) =>
      http(t.baseUrl, 'PUT', `/api/sittings/${id}/invigilators`, { token: token.office, body });
    const notOne = await put(s1, { roomId: rooms[0]!.id, userIds: [office.id], reason: '安排监考' });
    expect(notOne.status).toBe(400);
    expect(notOne.body.message).toContain('不是监考员');
    const wrongRoom = await put(s1, { roomId: rooms[2]!.id, userIds: [invigilator.id], reason: '安排监考' });
    expect(wrongRoom.status).toBe(400);
    const ok = await put(s1, { roomId: rooms[0]!.id, userIds: [invigilator.id], reason: '安排监考' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.rooms[0].invigilators).toMatchObject([{ userId: invigilator.id, chief: true }]);
    // the same person in the other room of the same sitting: on duty already
    const twice = await put(s1, { roomId: rooms[1]!.id, userIds: [invigilator.id], reason: '安排监考' });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('电工四级理论');
    expect(await t.prisma.auditLog.count({ where: { action: 'sitting.invigilators' } })).toBe(1);

    // the invigilator reads the sitting they watch
    const read = await http(t.baseUrl, 'GET', `/api/sittings/${s1}`, { token: token.invigilator });
    expect(read.status).toBe(200);
    const list = await http(t.baseUrl, 'GET', `/api/batches/${batchId}/sittings`, {
      token: token.invigilator,
    });
    expect(list.status).toBe(200);
  });

  let first: { applicationId: string; seatId: string }[];

  it('allocates the approved candidates, keeping spare seats free, and reports who is not placed', async () => {
    const r = await post(`/api/sittings/${s1}/allocate`, { reason: '首次编排座位' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // 2 rooms × 12 seats, 2 marked spare each → 20 usable seats for 22 candidates
    expect(r.body.summary).toMatchObject({ candidates: 22, placed: 20, notPlaced: 2, capacity: 20 });
    expect(r.body.notPlaced.map((n: { number: string }) => n.number)).toEqual(['SIT-0021', 'SIT-0022']);
    expect(r.body.notPlaced[0].reason).toContain('座位不足');
    expect(r.body.rooms.map((x: { keptFree: number }) => x.keptFree)).toEqual([2, 2]);
    expect(r.body.messages.join('\n')).toContain('还差 2 个座位');
    const rows = await t.prisma.seatAssignment.findMany({
      where: { sittingId: s1 },
      include: { seat: true },
    });
    expect(rows.length).toBe(20);
    expect(rows.some((a) => a.seat.spare)).toBe(false);
    first = rows.map((a) => ({ applicationId: a.applicationId, seatId: a.seatId })).sort(byApp);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'sitting.allocate' } });
    expect(audit.reason).toBe('首次编排座位');
  });

  it('is stable when re-run', async () => {
    const r = await post(`/api/sittings/${s1}/allocate`, { reason: '复核后重新编排' });
    expect(r.status).toBe(200);
    expect(r.body.summary.kept).toBe(20);
    const rows = await t.prisma.seatAssignment.findMany({ where: { sittingId: s1 } });
    expect(rows.map((a) => ({ applicationId: a.applicationId, seatId: a.seatId })).sort(byApp)).toEqual(
      first,
    );
    const detail = await http(t.baseUrl, 'GET', `/api/sittings/${s1}`, { token: token.office });
    expect(detail.body.assignments).toBe(20);
  });

  it('moves a candidate by hand, refusing taken, spare, disabled and foreign seats', async () => {
    const roomSeats = await t.prisma.seat.findMany({ where: { roomId: rooms[0]!.id } });
    const seatAt = (row: number, column: number) =>
      roomSeats.find((s) => s.row === row && s.column === column)!;
    const mover = first[0]!.applicationId;
    const taken = first.find((a) => a.applicationId !== mover && roomSeats.some((s) => s.id === a.seatId))!;
    const move = (body: Record<string, unknown>) =>
      post(`/api/sittings/${s1}/moves`, { applicationId: mover, reason: '考生视力原因调至前排', ...body });

    const onTaken = await move({ seatId: taken.seatId });
    expect(onTaken.status).toBe(409);
    expect(onTaken.body.message).toContain('已安排给考生 SIT-');
    const spare = seatAt(3, 4);
    const onSpare = await move({ seatId: spare.id });
    expect(onSpare.status).toBe(409);
    expect(onSpare.body.message).toContain('备用座位');
    const broken = seatAt(3, 3);
    await t.prisma.seat.update({ where: { id: broken.id }, data: { disabled: true } });
    const onBroken = await move({ seatId: broken.id, useSpare: true });
    expect(onBroken.status).toBe(409);
    expect(onBroken.body.message).toContain('已停用');
    const other = await t.prisma.seat.findFirstOrThrow({ where: { roomId: rooms[2]!.id } });
    const onOther = await move({ seatId: other.id });
    expect(onOther.status).toBe(400);
    expect(onOther.body.message).toContain('不在本场次的考场中');
    const noReason = await move({ seatId: spare.id, useSpare: true, reason: '' });
    expect(noReason.status).toBe(400);

    const ok = await move({ seatId: spare.id, useSpare: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ seatId: spare.id, spare: true });
    const row = await t.prisma.seatAssignment.findFirstOrThrow({
      where: { sittingId: s1, applicationId: mover },
    });
    expect(row).toMatchObject({ seatId: spare.id, reason: '考生视力原因调至前排' });
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'seat.move' } });
    expect(audit.reason).toBe('考生视力原因调至前排');

    // a re-run keeps the manual move and gives the freed seat to a waiting candidate
    const rerun = await post(`/api/sittings/${s1}/allocate`, { reason: '调座后重新编排' });
    expect(rerun.status).toBe(200);
    const after = await t.prisma.seatAssignment.findFirstOrThrow({
      where: { sittingId: s1, applicationId: mover },
    });
    expect(after.seatId).toBe(spare.id);
    expect(rerun.body.summary.placed).toBe(21);
    expect(rerun.body.messages.join('\n')).toContain('手动调整');
  });

  it('does not place a candidate whose other sitting overlaps, and says why', async () => {
    const s2 = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ name: '电工四级补充场', startsAt: at(1.5), roomIds: [rooms[2]!.id] }),
    );
    expect(s2.status, JSON.stringify(s2.body)).toBe(201);
    const r = await post(`/api/sittings/${s2.body.id}/allocate`, {
      reason: '编排补充场',
      spareSeatsPerRoom: 0,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const overlap = r.body.notPlaced.filter((n: { code: string }) => n.code === 'overlap');
    expect(overlap.length).toBe(21);
    expect(overlap[0].reason).toContain('电工四级理论');
    expect(r.body.summary.placed).toBe(1);
  });

  it('shows an invigilator only the sittings of rooms they watch', async () => {
    const list = await http(t.baseUrl, 'GET', `/api/batches/${batchId}/sittings`, {
      token: token.invigilator,
    });
    expect(list.body.map((x: { name: string }) => x.name)).toEqual(['电工四级理论']);
    const other = await t.prisma.sitting.findFirstOrThrow({ where: { name: '电工四级补充场' } });
    const r = await http(t.baseUrl, 'GET', `/api/sittings/${other.id}`, { token: token.invigilator });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('out_of_scope');
    const move = await post(`/api/sittings/${other.id}/moves`, {}, 'invigilator');
    expect(move.status).toBe(403);
  });

  it('refuses to seat an application that is not approved', async () => {
    const person = (await t.prisma.person.findMany({ orderBy: { idNumber: 'asc' }, skip: 22, take: 1 }))[0]!;
    const draft = await t.prisma.application.create({
      data: {
        number: 'SIT-DRAFT',
        batchId,
        personId: person.id,
        organisationId: person.organisationId,
        occupationId,
        targetLevel: 'L4',
        applicationType: 'normal',
        status: 'in_review',
        policyVersionId,
        declared: {},
        eligibility: {},
        eligible: true,
      },
    });
    const seat = await t.prisma.seat.findFirstOrThrow({ where: { roomId: rooms[0]!.id, row: 1, column: 1 } });
    const r = await post(`/api/sittings/${s1}/moves`, {
      applicationId: draft.id,
      seatId: seat.id,
      reason: '补录考生',
    });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('尚未审核通过');
    expect(await t.prisma.seatAssignment.count({ where: { applicationId: draft.id } })).toBe(0);
  });

  it('books a room once when two overlapping sittings are created at the same time', async () => {
    const body = (name: string) => sitting({ name, startsAt: at(30), roomIds: [rooms[2]!.id] });
    const results = await Promise.all([
      post(`/api/batches/${batchId}/sittings`, body('并发甲')),
      post(`/api/batches/${batchId}/sittings`, body('并发乙')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.prisma.sitting.count({ where: { name: { in: ['并发甲', '并发乙'] } } })).toBe(1);
  });

  it('seats only the sitting’s occupation and level when it names them', async () => {
    const other = await t.prisma.occupation.findFirstOrThrow({
      where: { regionId: 'xinxiang', id: { not: occupationId } },
    });
    const r = await post(
      `/api/batches/${batchId}/sittings`,
      sitting({ name: '其他工种场', startsAt: at(48), occupationId: other.id, level: 'L4' }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = await post(`/api/sittings/${r.body.id}/allocate`, { reason: '编排其他工种' });
    expect(a.status).toBe(200);
    expect(a.body.summary).toMatchObject({ candidates: 0, placed: 0 });
  });

  it('answers unknown ids with 404 and bad ids with 400', async () => {
    const none = '00000000-0000-4000-8000-000000000000';
    expect((await http(t.baseUrl, 'GET', `/api/sittings/${none}`, { token: token.office })).status).toBe(404);
    expect((await http(t.baseUrl, 'GET', `/api/sittings/abc`, { token: token.office })).status).toBe(400);
    expect((await post(`/api/sittings/${none}/allocate`, { reason: '编排座位' })).status).toBe(404);
    expect((await post(`/api/batches/${none}/sittings`, sitting())).status).toBe(404);
  });
});

function byApp(a: { applicationId: string }, b: { applicationId: string }) {
  return a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;
}
