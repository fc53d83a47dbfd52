import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import bcrypt from 'bcrypt';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';
import { png } from '../../test/support/files.js';

/**
 * 考场记录 over HTTP on a real database: recorded by an invigilator on duty in the room (others, and the
 * office of another region, refused and audited), candidates checked against the sitting and the room, time
 * and narrative checked, amended only with a reason (before/after audited), attachments sniffed by content,
 * and the sitting's 考场情况记录表 exported as PDF and Excel.
 */
let t: TestApp;
const token: Record<string, string> = {};
const rooms: { id: string; name: string }[] = [];
let sittingId: string;
let laterSittingId: string;
let cancelledSittingId: string;
/** attempts: a, b in 第1考场; c in 第2考场; d in the later sitting (第1考场) */
const attempt: Record<string, string> = {};
const candidate: Record<string, { name: string; idNumber: string; ticket: string; seat: string }> = {};
const userId: Record<string, string> = {};

// the clock of the test app: 2026-03-02T01:00:00Z = 09:00 in Beijing; the sitting began at 08:30
const SITTING_START = new Date('2026-03-02T00:30:00Z');
const minutesAgo = (m: number) => new Date(Date.parse('2026-03-02T01:00:00Z') - m * 60_000).toISOString();

const post = (path: string, body: unknown, who: string) =>
  http(t.baseUrl, 'POST', path, { token: token[who], body });
const get = (path: string, who: string) => http(t.baseUrl, 'GET', path, { token: token[who] });
const patch = (path: string, body: unknown, who: string) =>
  http(t.baseUrl, 'PATCH', path, { token: token[who], body });

async function download(path: string, who: string) {
  const response = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token[who]}` } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function upload(incidentId: string, who: string, bytes: Buffer, name: string, via: 'header' | 'query') {
  const query = via === 'query' ? `?fileName=${encodeURIComponent(name)}` : '';
  const headers: Record<string, string> = {
    authorization: `Bearer ${token[who]}`,
    'content-type': 'application/octet-stream',
  };
  if (via === 'header') headers['x-file-name'] = encodeURIComponent(name);
  const response = await fetch(`${t.baseUrl}/api/incidents/${incidentId}/attachments${query}`, {
    method: 'POST',
    headers,
    body: bytes,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function pdfText(bytes: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 })
    .promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++)
    text += (await (await doc.getPage(i)).getTextContent()).items
      .map((x) => ('str' in x ? x.str : ''))
      .join('');
  await doc.destroy();
  return text.replace(/\s+/g, '');
}

async function makeUser(
  username: string,
  displayName: string,
  role: 'invigilator' | 'exam_office',
  orgId?: string,
) {
  const user = await t.prisma.user.create({
    data: {
      username,
      displayName,
      passwordHash: await bcrypt.hash('exam2026', 10),
      roles: { create: [{ role, organisationId: orgId ?? null }] },
    },
  });
  userId[username] = user.id;
  token[username] = await login(t.baseUrl, username, 'exam2026');
  return user.id;
}

const incidentCount = () => t.prisma.incident.count();

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['admin', 'office', 'candidate']) token[name] = await login(t.baseUrl, name, 'exam2026');
  const batch = await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } });
  const occupationId = (
    await t.prisma.occupation.findFirstOrThrow({ where: { regionId: batch.regionId, name: '电工' } })
  ).id;
  for (const name of ['第1考场', '第2考场', '第3考场']) {
    const room = await t.prisma.room.findFirstOrThrow({
      where: { name, venue: { regionId: batch.regionId } },
    });
    rooms.push({ id: room.id, name });
    const data = [];
    for (let row = 1; row <= 2; row++)
      for (let column = 1; column <= 3; column++)
        data.push({ roomId: room.id, row, column, label: `${row}-${column}` });
    await t.prisma.seat.createMany({ data });
  }
  const sitting = (name: string, startsAt: Date, roomIds: string[], status: 'open' | 'cancelled' = 'open') =>
    t.prisma.sitting.create({
      data: {
        batchId: batch.id,
        component: 'theory',
        subject: '岗位技能',
        name,
        startsAt,
        durationMinutes: 90,
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        status,
        rooms: { create: roomIds.map((roomId, position) => ({ roomId, position })) },
      },
    });
  sittingId = (
    await sitting(
      '电工四级理论',
      SITTING_START,
      rooms.map((r) => r.id),
    )
  ).id;
  laterSittingId = (await sitting('电工三级理论', new Date('2026-03-02T06:00:00Z'), [rooms[0]!.id])).id;
  cancelledSittingId = (
    await sitting('电工五级理论', new Date('2026-03-02T00:00:00Z'), [rooms[1]!.id], 'cancelled')
  ).id;

  // invigilators on duty: 第1考场 王主考 (chief) and 李监考; 第2考场 赵监考; nobody on 第3考场
  await makeUser('inv1', '王主考', 'invigilator');
  await makeUser('inv1b', '李监考', 'invigilator');
  await makeUser('inv2', '赵监考', 'invigilator');
  const duty = async (roomIndex: number, user: string, chief: boolean) => {
    const sr = await t.prisma.sittingRoom.findUniqueOrThrow({
      where: { sittingId_roomId: { sittingId, roomId: rooms[roomIndex]!.id } },
    });
    await t.prisma.sittingInvigilator.create({
      data: { sittingRoomId: sr.id, userId: userId[user]!, chief },
    });
  };
  await duty(0, 'inv1', true);
  await duty(0, 'inv1b', false);
  await duty(1, 'inv2', false);

  // the exam office of another region
  await t.prisma.region.create({ data: { id: 'elsewhere', name: '外地' } });
  const foreignOrgId = randomUUID();
  await t.prisma.organisation.create({
    data: {
      id: foreignOrgId,
      regionId: 'elsewhere',
      kind: 'region_office',
      code: 'EL-RSJ',
      name: '外地人社局',
      ancestorIds: [foreignOrgId],
    },
  });
  await makeUser('foreignoffice', '外地考务', 'exam_office', foreignOrgId);

  const blueprint = await t.prisma.blueprint.create({
    data: {
      occupationCode: 'T01',
      level: 'L4',
      subject: 'skills',
      version: 1,
      name: '测试组卷方案',
      durationMinutes: 90,
      spec: {},
      specHash: '0'.repeat(64),
      createdBy: 'test',
      reason: '测试',
    },
  });
  const people = await t.prisma.person.findMany({ orderBy: { idNumber: 'asc' }, take: 4 });
  const places: [string, number, string][] = [
    ['a', 0, '1-1'],
    ['b', 0, '1-2'],
    ['c', 1, '2-3'],
    ['d', 0, '2-1'],
  ];
  for (const [i, [key, roomIndex, seatLabel]] of places.entries()) {
    const p = people[i]!;
    const sid = key === 'd' ? laterSittingId : sittingId;
    const application = await t.prisma.application.create({
      data: {
        number: `INC-${i + 1}`,
        batchId: batch.id,
        personId: p.id,
        organisationId: p.organisationId,
        occupationId,
        targetLevel: 'L4',
        applicationType: 'normal',
        status: 'approved',
        policyVersionId: batch.policyVersionId,
        declared: {},
        eligibility: {},
        eligible: true,
      },
    });
    const ticket = `demo${String(i + 1).padStart(6, '0')}`;
    await t.prisma.admissionTicket.create({
      data: { applicationId: application.id, batchId: batch.id, ticketNumber: ticket },
    });
    const roomId = rooms[roomIndex]!.id;
    const seat = await t.prisma.seat.findFirstOrThrow({ where: { roomId, label: seatLabel } });
    await t.prisma.seatAssignment.create({
      data: {
        sittingId: sid,
        applicationId: application.id,
        roomId,
        seatId: seat.id,
        assignedAt: t.clock.now(),
      },
    });
    const paper = await t.prisma.paper.create({
      data: {
        sittingId: sid,
        applicationId: application.id,
        blueprintId: blueprint.id,
        selectionSeed: 'seed',
        orderSeed: `order-${i}`,
        itemCount: 0,
        totalPointsTenths: 0,
        durationMinutes: 90,
        contentKey: new Uint8Array(32),
        assembledAt: t.clock.now(),
      },
    });
    attempt[key] = (
      await t.prisma.attempt.create({
        data: { paperId: paper.id, sittingId: sid, applicationId: application.id },
      })
    ).id;
    candidate[key] = { name: p.name, idNumber: p.idNumber, ticket, seat: seatLabel };
  }
});
afterAll(() => t.close());

const incident = (overrides: Record<string, unknown> = {}) => ({
  sittingId,
  roomId: rooms[0]!.id,
  category: 'irregularity',
  occurredAt: minutesAgo(12),
  attemptIds: [attempt.a],
  narrative: '考生在作答期间多次左顾右盼，经提醒后仍与邻座交谈。',
  actionTaken: '当场口头警告一次，并调整其监考关注。',
  ...overrides,
});

let recordedId: string;

describe('recording', () => {
  it('records an incident by an invigilator on duty in the room, audited with category and candidates', async () => {
    const r = await post('/api/incidents', incident(), 'inv1');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    recordedId = r.body.id;
    expect(r.body).toMatchObject({
      sittingId,
      roomId: rooms[0]!.id,
      roomName: '第1考场',
      category: 'irregularity',
      occurredAt: minutesAgo(12),
      recordedAt: '2026-03-02T01:00:00.000Z',
      recordedBy: '王主考',
      candidates: [
        {
          attemptId: attempt.a,
          name: candidate.a!.name,
          ticketNumber: candidate.a!.ticket,
          seatLabel: '1-1',
        },
      ],
      actionTaken: '当场口头警告一次，并调整其监考关注。',
      attachments: [],
      amendedAt: null,
    });
    expect(JSON.stringify(r.body)).not.toContain(candidate.a!.idNumber);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'incident.record', entityId: recordedId },
    });
    expect(audit.category).toBe('exam_event');
    expect(audit.actorUserId).toBe(userId.inv1);
    expect(audit.reason).toContain('违纪违规');
    expect(audit.details).toMatchObject({
      category: 'irregularity',
      candidates: [{ attemptId: attempt.a, name: candidate.a!.name, ticketNumber: candidate.a!.ticket }],
    });
  });

  it('lets the other invigilator of the room, the office of the region and an admin record; time defaults to now', async () => {
    const both = await post(
      '/api/incidents',
      incident({
        attemptIds: [attempt.b, attempt.a, attempt.b],
        occurredAt: undefined,
        category: 'technical_failure',
        narrative: '两台考试机同时黑屏，重启后恢复。',
        actionTaken: undefined,
      }),
      'inv1b',
    );
    expect(both.status, JSON.stringify(both.body)).toBe(201);
    expect(both.body.occurredAt).toBe('2026-03-02T01:00:00.000Z');
    expect(both.body.actionTaken).toBeNull();
    expect(both.body.candidates.map((c: { attemptId: string }) => c.attemptId)).toEqual([
      attempt.b,
      attempt.a,
    ]);

    const office = await post(
      '/api/incidents',
      incident({
        roomId: rooms[1]!.id,
        attemptIds: [attempt.c],
        category: 'other',
        narrative: '考生考前身体不适，经休息后继续考试。',
        actionTaken: '安排考生在考场外休息五分钟。',
      }),
      'office',
    );
    expect(office.status, JSON.stringify(office.body)).toBe(201);
    expect(office.body.candidates[0]).toMatchObject({ name: candidate.c!.name, seatLabel: '2-3' });
    const admin = await post(
      '/api/incidents',
      incident({
        roomId: rooms[1]!.id,
        attemptIds: [],
        category: 'technical_failure',
        narrative: '考场网络中断约三分钟。',
        actionTaken: '全场暂停，网络恢复后继续并补足时间。',
        occurredAt: minutesAgo(20),
      }),
      'admin',
    );
    expect(admin.status, JSON.stringify(admin.body)).toBe(201);
  });

  it('refuses an invigilator of another room, the office of another region and other roles, audited, writing nothing', async () => {
    const before = await incidentCount();
    const other = await post('/api/incidents', incident(), 'inv2');
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('不在您的监考范围内');
    const refused = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'incident.refused', actorUserId: userId.inv2 },
    });
    expect(refused.category).toBe('access');
    expect(refused.entityId).toBe(sittingId);
    expect(refused.details).toMatchObject({ operation: 'record', roomId: rooms[0]!.id });

    const foreign = await post('/api/incidents', incident(), 'foreignoffice');
    expect(foreign.status).toBe(403);
    expect(
      await t.prisma.auditLog.count({
        where: { action: 'incident.refused', actorUserId: userId.foreignoffice },
      }),
    ).toBe(1);
    expect((await post('/api/incidents', incident(), 'candidate')).status).toBe(403);
    expect(await incidentCount()).toBe(before);
  });

  it('refuses candidates of another room or sitting, naming them, and writes nothing', async () => {
    const before = await incidentCount();
    const auditsBefore = await t.prisma.auditLog.count({ where: { action: 'incident.record' } });
    const otherRoom = await post('/api/incidents', incident({ attemptIds: [attempt.a, attempt.c] }), 'inv1');
    expect(otherRoom.status).toBe(400);
    expect(otherRoom.body.message).toContain(candidate.c!.name);
    expect(otherRoom.body.message).toContain('不在第1考场');
    expect(otherRoom.body.message).toContain('第2考场');
    expect(otherRoom.body.message).not.toContain(candidate.a!.name);

    const otherSitting = await post('/api/incidents', incident({ attemptIds: [attempt.d] }), 'inv1');
    expect(otherSitting.status).toBe(400);
    expect(otherSitting.body.message).toContain(
      `${candidate.d!.name}（准考证号 ${candidate.d!.ticket}）不是本场次`,
    );

    const unknown = await post(
      '/api/incidents',
      incident({ attemptIds: ['00000000-0000-4000-8000-000000000000'] }),
      'inv1',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('没有找到作答记录 00000000-0000-4000-8000-000000000000');

    expect(await incidentCount()).toBe(before);
    expect(await t.prisma.auditLog.count({ where: { action: 'incident.record' } })).toBe(auditsBefore);
  });

  it('refuses bad input with 400 and a Chinese message', async () => {
    const before = await incidentCount();
    const noNarrative = await post('/api/incidents', incident({ narrative: undefined }), 'inv1');
    expect(noNarrative.status).toBe(400);
    expect(noNarrative.body.message).toContain('请填写经过');
    const short = await post('/api/incidents', incident({ narrative: '吵闹' }), 'inv1');
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('经过至少 4 个字');
    const category = await post('/api/incidents', incident({ category: 'cheating' }), 'inv1');
    expect(category.status).toBe(400);
    expect(category.body.message).toContain('请选择记录类别');
    const extra = await post('/api/incidents', incident({ severity: 'high' }), 'inv1');
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('不允许的字段');
    const badTime = await post('/api/incidents', incident({ occurredAt: '2026-03-02 09:00' }), 'inv1');
    expect(badTime.status).toBe(400);
    expect(badTime.body.message).toContain('时间格式不正确');

    const future = await post('/api/incidents', incident({ occurredAt: minutesAgo(-60) }), 'inv1');
    expect(future.status).toBe(400);
    expect(future.body.message).toContain('晚于当前时间');
    // the day before the sitting's day is allowed (preparation), two days before is not
    const tooEarly = await post('/api/incidents', incident({ occurredAt: '2026-02-28T15:59:00Z' }), 'inv1');
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.message).toContain('早于本场次考试日的前一天');

    const notInSitting = await post(
      '/api/incidents',
      incident({ sittingId: laterSittingId, roomId: rooms[1]!.id, attemptIds: [] }),
      'office',
    );
    expect(notInSitting.status).toBe(400);
    expect(notInSitting.body.message).toContain('不是本场次的考场');
    const cancelled = await post(
      '/api/incidents',
      incident({ sittingId: cancelledSittingId, roomId: rooms[1]!.id, attemptIds: [] }),
      'office',
    );
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.message).toContain('已取消');
    const missing = await post(
      '/api/incidents',
      incident({ sittingId: '00000000-0000-4000-8000-000000000000' }),
      'office',
    );
    expect(missing.status).toBe(404);
    expect(await incidentCount()).toBe(before);
  });

  it('accepts a time on the day before the sitting', async () => {
    const r = await post(
      '/api/incidents',
      incident({
        occurredAt: '2026-02-28T16:01:00Z',
        attemptIds: [],
        category: 'technical_failure',
        narrative: '考前一日检查设备时发现 1-3 号机位键盘损坏。',
        actionTaken: '已更换键盘并试机正常。',
      }),
      'inv1',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
});

describe('reading and amending', () => {
  it('lists by scope: an invigilator sees only their rooms, the office all', async () => {
    const mine = await get(`/api/sittings/${sittingId}/incidents`, 'inv1');
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.map((i: { roomId: string }) => i.roomId))).toEqual(new Set([rooms[0]!.id]));
    expect(mine.body).toHaveLength(3);
    expect(mine.body[0].occurredAt < mine.body[1].occurredAt).toBe(true);
    const theirs = await get(`/api/sittings/${sittingId}/incidents`, 'inv2');
    expect(theirs.body.map((i: { roomId: string }) => i.roomId)).toEqual([rooms[1]!.id, rooms[1]!.id]);
    const all = await get(`/api/sittings/${sittingId}/incidents`, 'office');
    expect(all.body).toHaveLength(5);
    const one = await get(`/api/sittings/${sittingId}/incidents?roomId=${rooms[1]!.id}`, 'office');
    expect(one.body).toHaveLength(2);
    const outside = await get(`/api/sittings/${sittingId}/incidents?roomId=${rooms[0]!.id}`, 'inv2');
    expect(outside.status).toBe(403);
    expect((await get(`/api/sittings/${laterSittingId}/incidents`, 'inv1')).status).toBe(403);
    expect((await get(`/api/sittings/${sittingId}/incidents`, 'foreignoffice')).status).toBe(403);
    expect((await get(`/api/sittings/${sittingId}/incidents?roomId=x`, 'office')).status).toBe(400);
  });

  it('amends only with a reason, keeps before and after in the audit log, never for others', async () => {
    const noReason = await patch(
      `/api/incidents/${recordedId}`,
      { actionTaken: '警告后记入考场记录。' },
      'inv1',
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('请填写理由');
    const nothing = await patch(`/api/incidents/${recordedId}`, { reason: '补充说明' }, 'inv1');
    expect(nothing.status).toBe(400);
    expect(nothing.body.message).toContain('请填写要修改的经过');
    const other = await patch(
      `/api/incidents/${recordedId}`,
      { actionTaken: '改为取消成绩。', reason: '越权修改' },
      'inv2',
    );
    expect(other.status).toBe(403);
    let row = await t.prisma.incident.findUniqueOrThrow({ where: { id: recordedId } });
    expect(row.amendedAt).toBeNull();

    t.clock.advanceMinutes(1);
    const r = await patch(
      `/api/incidents/${recordedId}`,
      { actionTaken: '当场口头警告一次，考后由主考签字确认。', reason: '补充处理情况' },
      'inv1',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.actionTaken).toBe('当场口头警告一次，考后由主考签字确认。');
    expect(r.body.narrative).toBe(incident().narrative);
    expect(r.body.amendedAt).toBe('2026-03-02T01:01:00.000Z');
    row = await t.prisma.incident.findUniqueOrThrow({ where: { id: recordedId } });
    expect(row.amendedAt?.toISOString()).toBe('2026-03-02T01:01:00.000Z');
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'incident.amend', entityId: recordedId },
    });
    expect(audit.reason).toBe('补充处理情况');
    expect(audit.details).toMatchObject({
      before: { actionTaken: '当场口头警告一次，并调整其监考关注。' },
      after: { actionTaken: '当场口头警告一次，考后由主考签字确认。' },
    });
    const same = await patch(
      `/api/incidents/${recordedId}`,
      { actionTaken: '当场口头警告一次，考后由主考签字确认。', reason: '再次提交' },
      'inv1',
    );
    expect(same.status).toBe(400);
    expect(
      (
        await patch(
          '/api/incidents/00000000-0000-4000-8000-000000000000',
          { narrative: '任意内容修改', reason: '测试' },
          'office',
        )
      ).status,
    ).toBe(404);
    expect(
      (await http(t.baseUrl, 'DELETE', `/api/incidents/${recordedId}`, { token: token.admin })).status,
    ).toBe(404);
  });
});

describe('attachments', () => {
  const photo = png(40, 30);

  it('takes a PNG (name in X-File-Name) and a PDF (name in the query), and streams them back', async () => {
    const r = await upload(recordedId, 'inv1', photo, '现场照片.png', 'header');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ fileName: '现场照片.png', mediaType: 'image/png', size: photo.length });
    t.clock.advanceMinutes(1);
    const pdfBytes = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    );
    const statement = await upload(recordedId, 'office', pdfBytes, '考生陈述.pdf', 'query');
    expect(statement.status, JSON.stringify(statement.body)).toBe(201);
    expect(statement.body.mediaType).toBe('application/pdf');

    const file = await download(`/api/incidents/${recordedId}/attachments/${r.body.id}`, 'inv1b');
    expect(file.status).toBe(200);
    expect(file.type).toBe('image/png');
    expect(file.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('现场照片.png')}`);
    expect(file.bytes.equals(photo)).toBe(true);
    expect((await download(`/api/incidents/${recordedId}/attachments/${r.body.id}`, 'inv2')).status).toBe(
      403,
    );
    expect(
      (
        await download(
          `/api/incidents/${recordedId}/attachments/00000000-0000-4000-8000-000000000000`,
          'inv1',
        )
      ).status,
    ).toBe(404);
    const view = await get(`/api/sittings/${sittingId}/incidents?roomId=${rooms[0]!.id}`, 'inv1');
    const listed = view.body.find((i: { id: string }) => i.id === recordedId);
    expect(listed.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
      '现场照片.png',
      '考生陈述.pdf',
    ]);
    const audit = await t.prisma.auditLog.count({
      where: { action: 'incident.attach', entityId: recordedId },
    });
    expect(audit).toBe(2);
  });

  it('refuses by content, not by name: a program renamed .png, a mismatched name, an empty or too big file', async () => {
    const before = await t.prisma.incidentAttachment.count();
    const exe = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
      Buffer.alloc(600, 1),
    ]);
    exe.write('PE\0\0', 0x80, 'latin1');
    exe.writeUInt32LE(0x80, 0x3c);
    const renamed = await upload(recordedId, 'inv1', exe, '照片.png', 'header');
    expect(renamed.status).toBe(400);
    expect(renamed.body.message).toContain('附件只能是JPG、PNG 图片或 PDF 文档');
    const text = await upload(recordedId, 'inv1', Buffer.from('just some text'), '说明.png', 'header');
    expect(text.status).toBe(400);
    expect(text.body.message).toContain('无法识别');
    const mismatch = await upload(recordedId, 'inv1', photo, '照片.pdf', 'header');
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toContain('后缀与文件内容（PNG）不符');
    const empty = await upload(recordedId, 'inv1', Buffer.alloc(0), '空.png', 'header');
    expect(empty.status).toBe(400);
    const big = await upload(
      recordedId,
      'inv1',
      Buffer.concat([photo, Buffer.alloc(10 * 1024 * 1024)]),
      '大.png',
      'header',
    );
    expect(big.status).toBe(413);
    expect(big.body.message).toContain('10 MB');
    const noName = await upload(recordedId, 'inv1', photo, '', 'query');
    expect(noName.status).toBe(400);
    expect(noName.body.message).toContain('文件名');
    const other = await upload(recordedId, 'inv2', photo, '照片.png', 'header');
    expect(other.status).toBe(403);
    expect(await t.prisma.incidentAttachment.count()).toBe(before);
  });
});

describe('export', () => {
  it('exports the 考场情况记录表 as PDF: sitting, rooms, invigilators, incidents, no ID numbers', async () => {
    const r = await download(`/api/sittings/${sittingId}/incidents/export.pdf`, 'office');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent('考场情况记录表_电工四级理论.pdf')}`,
    );
    writeFileSync('/tmp/incidents.pdf', r.bytes);
    const text = await pdfText(r.bytes);
    for (const expected of [
      '考场情况记录表',
      '电工四级理论',
      '2026-03-0208:30–10:00',
      '理论知识（人机对话）·岗位技能',
      '第1考场',
      '第2考场',
      '第3考场',
      '王主考（主考）、李监考',
      '赵监考',
      '违纪违规',
      '技术故障',
      '其他情况',
      `${candidate.a!.name}（准考证号${candidate.a!.ticket}，座位1-1）`,
      `${candidate.c!.name}（准考证号${candidate.c!.ticket}，座位2-3）`,
      '考生在作答期间多次左顾右盼',
      '当场口头警告一次，考后由主考签字确认。',
      '2026-03-0208:48',
      '现场照片.png',
      '考生陈述.pdf',
      '本考场无异常情况',
      '监考员签名',
      '主考签名',
    ])
      expect(text, expected).toContain(expected.replace(/\s+/g, ''));
    for (const c of Object.values(candidate)) expect(text).not.toContain(c.idNumber);
    // 第3考场 had nothing; the other rooms had incidents
    expect(text.split('本考场无异常情况')).toHaveLength(2);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'incident.export', entityId: sittingId },
    });
    expect(audit.details).toMatchObject({ format: 'pdf', incidents: 5 });
  });

  it('gives an invigilator the record of their own rooms only', async () => {
    const r = await download(`/api/sittings/${sittingId}/incidents/export.pdf`, 'inv2');
    expect(r.status).toBe(200);
    const text = await pdfText(r.bytes);
    expect(text).toContain('第2考场');
    expect(text).not.toContain('第1考场');
    expect(text).not.toContain('左顾右盼');
    expect((await download(`/api/sittings/${sittingId}/incidents/export.xlsx`, 'foreignoffice')).status).toBe(
      403,
    );
  });

  it('exports an Excel workbook with one row per incident and a summary per room', async () => {
    const r = await download(`/api/sittings/${sittingId}/incidents/export.xlsx`, 'office');
    expect(r.status).toBe(200);
    expect(r.type).toContain('spreadsheetml');
    expect(r.disposition).toContain(encodeURIComponent('考场情况记录表_电工四级理论.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(r.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('考场记录')!;
    const values = (row: number) =>
      (sheet.getRow(row).values as unknown[])
        .slice(1)
        .map((v) => (v === undefined || v === null ? '' : String(v)));
    expect(values(2)).toEqual([
      '考场',
      '时间',
      '类别',
      '考生',
      '准考证号',
      '座位',
      '经过',
      '处理',
      '记录人',
      '附件',
    ]);
    const rows = [3, 4, 5, 6, 7].map(values);
    expect(sheet.rowCount).toBe(7);
    const recorded = rows.find((row) => row[6]!.startsWith('考生在作答期间'))!;
    expect(recorded).toEqual([
      '第1考场',
      '2026-03-02 08:48',
      '违纪违规',
      candidate.a!.name,
      candidate.a!.ticket,
      '1-1',
      incident().narrative,
      '当场口头警告一次，考后由主考签字确认。',
      '王主考',
      '现场照片.png\n考生陈述.pdf',
    ]);
    const twoCandidates = rows.find((row) => row[6]!.startsWith('两台考试机'))!;
    expect(twoCandidates.slice(3, 6)).toEqual([
      `${candidate.b!.name}\n${candidate.a!.name}`,
      `${candidate.b!.ticket}\n${candidate.a!.ticket}`,
      '1-2\n1-1',
    ]);
    expect(rows.filter((row) => row[0] === '第2考场')).toHaveLength(2);

    const summary = workbook.getWorksheet('考场汇总')!;
    const summaryRows = [3, 4, 5].map((n) => (summary.getRow(n).values as unknown[]).slice(1).map(String));
    expect(summaryRows).toEqual([
      ['第1考场', '王主考（主考）、李监考', '3', '1', '2', '0', '见考场记录'],
      ['第2考场', '赵监考', '2', '0', '1', '1', '见考场记录'],
      ['第3考场', '（未安排）', '0', '0', '0', '0', '本考场无异常情况'],
    ]);
  });
});
