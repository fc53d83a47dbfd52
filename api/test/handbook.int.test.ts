import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { maskIdNumber } from '@exam/contracts';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

/**
 * 考务手册 over HTTP on a real database: the deadline and its warning (xinxiang-2024: 5 working days), a
 * draft preview PDF, publication as a job (reason required, region checked, audited), outdated after a seat
 * move or an invigilator change, late publication allowed but marked, and opening a sitting refused without a
 * current handbook and allowed with one.
 */
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
let foreignBatchId: string;
let theoryId: string;
let practicalId: string;
const rooms: { id: string; name: string }[] = [];
const applicationIds: string[] = [];
const persons: { name: string; idNumber: string }[] = [];

// the exam: Wednesday 15 April 2026, 09:00 Beijing; 5 working days before → Wednesday 8 April
const THEORY_START = new Date('2026-04-15T01:00:00Z');
const DEADLINE = '2026-04-08';
const beijing = (s: string) => new Date(`${s}+08:00`);

const post = (path: string, body: unknown, who = 'office') =>
  http(t.baseUrl, 'POST', path, { token: token[who], body });
const get = (path: string, who = 'office') => http(t.baseUrl, 'GET', path, { token: token[who] });

async function download(path: string, who = 'office') {
  const response = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token[who]}` } });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), bytes };
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

async function waitForJob(id: string, who = 'office') {
  for (let i = 0; i < 600; i++) {
    const job = await get(`/api/jobs/${id}`, who);
    if (job.body.status !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

async function publish(reason = '考务安排已定，发布考务手册') {
  const r = await post(`/api/batches/${batchId}/handbook/publish`, { reason });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return waitForJob(r.body.id);
}

const USERS = ['admin', 'office', 'unithr', 'invigilator', 'reviewer'];

/** Moves the clock and signs everyone in again (sessions expire when the clock jumps). */
async function setClock(at: Date) {
  t.clock.set(at);
  for (const name of USERS) token[name] = await login(t.baseUrl, name, 'exam2026');
}

const status = async () => (await get(`/api/batches/${batchId}/handbook`)).body;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of USERS) token[name] = await login(t.baseUrl, name, 'exam2026');
  const batch = await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } });
  batchId = batch.id;
  await t.prisma.batchWindow.create({
    data: {
      batchId,
      kind: 'exam',
      opensAt: beijing('2026-04-14T00:00:00'),
      closesAt: beijing('2026-04-18T00:00:00'),
    },
  });
  const occupationId = (
    await t.prisma.occupation.findFirstOrThrow({ where: { regionId: batch.regionId, name: '电工' } })
  ).id;
  for (const name of ['第1考场', '第2考场']) {
    const room = await t.prisma.room.update({
      where: {
        id: (await t.prisma.room.findFirstOrThrow({ where: { name, venue: { regionId: batch.regionId } } }))
          .id,
      },
      data: { rows: 3, columns: 4 },
    });
    rooms.push({ id: room.id, name });
    const data = [];
    for (let row = 1; row <= 3; row++)
      for (let column = 1; column <= 4; column++)
        data.push({
          roomId: room.id,
          row,
          column,
          label: `${row}-${column}`,
          machineId: `${name}-${row}-${column}`,
          spare: row === 3 && column === 4,
          disabled: row === 2 && column === 2,
        });
    await t.prisma.seat.createMany({ data });
  }
  const people = await t.prisma.person.findMany({ orderBy: { idNumber: 'asc' }, take: 6 });
  for (const [i, p] of people.entries()) {
    const a = await t.prisma.application.create({
      data: {
        number: `HB-${String(i + 1).padStart(4, '0')}`,
        batchId,
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
    applicationIds.push(a.id);
    persons.push({ name: p.name, idNumber: p.idNumber });
    await t.prisma.admissionTicket.create({
      data: { applicationId: a.id, batchId, ticketNumber: `demo${String(i + 1).padStart(6, '0')}` },
    });
  }
  const sitting = (component: 'theory' | 'practical', name: string, startsAt: Date, roomIds: string[]) =>
    t.prisma.sitting.create({
      data: {
        batchId,
        component,
        name,
        subject: component === 'theory' ? '电工（四级）理论知识' : null,
        occupationId,
        level: 'L4',
        startsAt,
        durationMinutes: 90,
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        rooms: { create: roomIds.map((roomId, position) => ({ roomId, position })) },
      },
    });
  theoryId = (await sitting('theory', '电工四级理论', THEORY_START, [rooms[0]!.id, rooms[1]!.id])).id;
  practicalId = (
    await sitting('practical', '电工四级实操', new Date(THEORY_START.getTime() + 24 * 3_600_000), [
      rooms[0]!.id,
    ])
  ).id;
  // seats: four in 第1考场, two in 第2考场 (theory); two in the practical
  const seat = async (sittingId: string, a: number, room: number, row: number, column: number) => {
    const s = await t.prisma.seat.findFirstOrThrow({ where: { roomId: rooms[room]!.id, row, column } });
    await t.prisma.seatAssignment.create({
      data: {
        sittingId,
        applicationId: applicationIds[a]!,
        roomId: rooms[room]!.id,
        seatId: s.id,
        assignedAt: t.clock.now(),
      },
    });
  };
  await seat(theoryId, 0, 0, 1, 1);
  await seat(theoryId, 1, 0, 1, 2);
  await seat(theoryId, 2, 0, 1, 3);
  await seat(theoryId, 3, 0, 1, 4);
  await seat(theoryId, 4, 1, 1, 1);
  await seat(theoryId, 5, 1, 1, 2);
  await seat(practicalId, 0, 0, 1, 1);
  await seat(practicalId, 1, 0, 1, 2);
  const invigilator = await t.prisma.user.findUniqueOrThrow({ where: { username: 'invigilator' } });
  for (const room of rooms) {
    const r = await http(t.baseUrl, 'PUT', `/api/sittings/${theoryId}/invigilators`, {
      token: token.office,
      body: { roomId: room.id, userIds: room === rooms[0] ? [invigilator.id] : [], reason: '安排监考' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  // a batch of another region, for the scope checks
  await t.prisma.region.create({ data: { id: 'elsewhere', name: '外地' } });
  foreignBatchId = (
    await t.prisma.batch.create({
      data: {
        regionId: 'elsewhere',
        policyVersionId: batch.policyVersionId,
        code: 'other',
        name: '外地批次',
        year: 2026,
      },
    })
  ).id;
});
afterAll(() => t.close());

describe('deadline', () => {
  it('is 5 working days before the first sitting, with the warning moving as the day comes', async () => {
    const s = await status();
    expect(s).toMatchObject({ state: 'none', sittings: 2, latest: null, versions: [] });
    expect(s.deadline).toMatchObject({
      leadTime: { unit: 'working_days', value: 5, text: '考前 5 个工作日' },
      firstSittingAt: THEORY_START.toISOString(),
      deadline: DEADLINE,
      daysLeft: 37,
      warning: 'none',
    });
    const at = async (day: string) => {
      await setClock(beijing(`${day}T10:00:00`));
      return (await status()).deadline;
    };
    expect(await at('2026-04-01')).toMatchObject({ daysLeft: 7, warning: 'near' });
    expect((await at('2026-04-03')).message).toContain('还剩 5 天；考务手册尚未发布');
    expect(await at(DEADLINE)).toMatchObject({ daysLeft: 0, warning: 'due' });
    expect(await at('2026-04-09')).toMatchObject({ daysLeft: -1, warning: 'overdue' });
    // the batch overview carries the same line
    const batch = await get(`/api/batches/${batchId}`, 'unithr');
    expect(batch.status).toBe(200);
    expect(batch.body.handbook).toMatchObject({ state: 'none', deadline: DEADLINE, warning: 'overdue' });
    await setClock(beijing('2026-03-02T09:00:00'));
  });

  it('refuses (422) when the working days reach a year the calendar does not cover', async () => {
    const far = await t.prisma.sitting.create({
      data: {
        batchId,
        component: 'theory',
        name: '远期场次',
        startsAt: new Date('2031-01-05T01:00:00Z'),
        durationMinutes: 60,
        endsAt: new Date('2031-01-05T02:00:00Z'),
      },
    });
    await t.prisma.sitting.update({ where: { id: theoryId }, data: { status: 'cancelled' } });
    await t.prisma.sitting.update({ where: { id: practicalId }, data: { status: 'cancelled' } });
    try {
      const r = await get(`/api/batches/${batchId}/handbook`);
      expect(r.status).toBe(422);
      expect(r.body.message).toContain('2031年的节假日安排尚未录入');
      // the batch overview still answers, and says why there is no deadline
      const batch = await get(`/api/batches/${batchId}`);
      expect(batch.status).toBe(200);
      expect(batch.body.handbook.message).toContain('2031年');
    } finally {
      await t.prisma.sitting.delete({ where: { id: far.id } });
      await t.prisma.sitting.update({ where: { id: theoryId }, data: { status: 'draft' } });
      await t.prisma.sitting.update({ where: { id: practicalId }, data: { status: 'draft' } });
    }
  });
});

describe('preview', () => {
  it('renders a draft PDF with the timetable, room plans, invigilators and sign-in sheets', async () => {
    const r = await download(`/api/batches/${batchId}/handbook/preview.pdf`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    if (process.env.EXAM_WRITE_SAMPLES)
      writeFileSync(`${process.env.EXAM_WRITE_SAMPLES}/handbook-preview.pdf`, r.bytes);
    const text = await pdfText(r.bytes);
    for (const expected of [
      '考务手册',
      '草稿预览（未发布）',
      '一、考试日程',
      '2026年04月15日',
      '09:00–10:30',
      '电工四级理论',
      '考场座位图',
      '讲台（前）',
      '备用',
      '停用',
      persons[0]!.name,
      'demo000001',
      '三、监考安排',
      '监考员赵监考（主考）',
      '未安排',
      '考生签到表',
      maskIdNumber(persons[0]!.idNumber),
      '五、考场规则与监考职责',
    ])
      expect(text, expected).toContain(expected);
    expect(text).not.toContain(persons[0]!.idNumber);
    expect(await t.prisma.auditLog.count({ where: { action: 'handbook.preview', entityId: batchId } })).toBe(
      1,
    );
  });

  it('narrows to one sitting and room, and is for the office only', async () => {
    const one = await download(
      `/api/batches/${batchId}/handbook/preview.pdf?sittingId=${practicalId}&roomId=${rooms[0]!.id}`,
    );
    expect(one.status).toBe(200);
    const text = await pdfText(one.bytes);
    expect(text).toContain('电工四级实操');
    expect(text).not.toContain('第2考场');
    expect((await download(`/api/batches/${batchId}/handbook/preview.pdf`, 'invigilator')).status).toBe(403);
    expect((await download(`/api/batches/${foreignBatchId}/handbook/preview.pdf`)).status).toBe(403);
    expect((await download(`/api/batches/${batchId}/handbook/preview.pdf?roomId=x`)).status).toBe(400);
  });
});

describe('publishing sittings and opening without a handbook', () => {
  it('refuses to open a draft sitting, publishes the drafts, then refuses without a handbook', async () => {
    await setClock(beijing('2026-04-15T08:30:00'));
    const draft = await post(`/api/sittings/${theoryId}/open`, { reason: '考生已入场，开考' });
    expect(draft.status).toBe(409);
    expect(draft.body.message).toContain('尚未发布，不能开考');
    await setClock(beijing('2026-03-02T09:00:00'));

    expect((await post(`/api/batches/${batchId}/sittings/publish`, {})).status).toBe(400);
    expect(
      (await post(`/api/batches/${foreignBatchId}/sittings/publish`, { reason: '发布场次' })).status,
    ).toBe(403);
    const r = await post(`/api/batches/${batchId}/sittings/publish`, { reason: '场次安排已定，发布' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ published: 2, alreadyPublished: 0 });
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'sitting.publish', entityId: batchId },
    });
    expect(audit.reason).toBe('场次安排已定，发布');
    expect((await post(`/api/batches/${batchId}/sittings/publish`, { reason: '再次发布' })).body).toEqual({
      published: 0,
      alreadyPublished: 2,
    });

    await setClock(beijing('2026-04-15T08:30:00'));
    const none = await post(`/api/sittings/${theoryId}/open`, { reason: '考生已入场，开考' }, 'invigilator');
    expect(none.status).toBe(409);
    expect(none.body.message).toContain('本批次尚未发布考务手册');
    expect((await t.prisma.sitting.findUniqueOrThrow({ where: { id: theoryId } })).status).toBe('published');
    await setClock(beijing('2026-03-02T09:00:00'));
  });
});

describe('publishing the handbook', () => {
  it('requires a reason, the office of the region and a known batch', async () => {
    expect((await post(`/api/batches/${batchId}/handbook/publish`, {})).status).toBe(400);
    expect((await post(`/api/batches/${batchId}/handbook/publish`, { reason: ' ' })).status).toBe(400);
    expect((await post(`/api/batches/${batchId}/handbook/publish`, { reason: '发布', x: 1 })).status).toBe(
      400,
    );
    const unit = await post(`/api/batches/${batchId}/handbook/publish`, { reason: '发布考务手册' }, 'unithr');
    expect(unit.status).toBe(403);
    const invigilator = await post(
      `/api/batches/${batchId}/handbook/publish`,
      { reason: '发布考务手册' },
      'invigilator',
    );
    expect(invigilator.status).toBe(403);
    const foreign = await post(`/api/batches/${foreignBatchId}/handbook/publish`, { reason: '发布考务手册' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('out_of_scope');
    const unknown = await post('/api/batches/00000000-0000-4000-8000-000000000000/handbook/publish', {
      reason: '发布考务手册',
    });
    expect(unknown.status).toBe(404);
    expect(await t.prisma.handbook.count()).toBe(0);
  });

  it('publishes version 1 on time as a job, stores the PDF and audits it', async () => {
    await setClock(beijing('2026-04-01T10:00:00'));
    const job = await publish();
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    expect(job.result).toMatchObject({ version: 1, late: false, warning: null });
    const s = await status();
    expect(s).toMatchObject({ state: 'current', changes: [] });
    expect(s.deadline).toMatchObject({ warning: 'none', deadline: DEADLINE });
    expect(s.latest).toMatchObject({
      version: 1,
      reason: '考务安排已定，发布考务手册',
      publishedBy: { displayName: '市工考办 李考务' },
      deadline: DEADLINE,
      late: false,
      summary: { sittings: 2, rooms: 2, candidates: 6 },
    });
    expect(s.latest.sittingIds.sort()).toEqual([theoryId, practicalId].sort());
    expect(s.latest.sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'handbook.publish', entityId: batchId },
    });
    expect(audit.category).toBe('decision');
    expect(audit.reason).toBe('考务安排已定，发布考务手册');
    expect(audit.details).toMatchObject({ version: 1, late: false, deadline: DEADLINE });

    const again = await post(`/api/batches/${batchId}/handbook/publish`, { reason: '再发布一次' });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('无需重新发布');
  });

  it('lets the office and the batch invigilators download a published version', async () => {
    const office = await download(`/api/batches/${batchId}/handbook/versions/1/pdf`);
    expect(office.status).toBe(200);
    if (process.env.EXAM_WRITE_SAMPLES)
      writeFileSync(`${process.env.EXAM_WRITE_SAMPLES}/handbook-v1.pdf`, office.bytes);
    const text = await pdfText(office.bytes);
    expect(text).toContain('第1版');
    expect(text).not.toContain('草稿预览');
    const invigilator = await download(`/api/batches/${batchId}/handbook/versions/1/pdf`, 'invigilator');
    expect(invigilator.status).toBe(200);
    expect(invigilator.bytes.equals(office.bytes)).toBe(true);
    expect((await get(`/api/batches/${batchId}/handbook`, 'invigilator')).status).toBe(200);
    expect((await download(`/api/batches/${batchId}/handbook/versions/1/pdf`, 'unithr')).status).toBe(403);
    expect((await download(`/api/batches/${batchId}/handbook/versions/2/pdf`)).status).toBe(404);
    expect((await download(`/api/batches/${batchId}/handbook/versions/0/pdf`)).status).toBe(400);
    expect(await t.prisma.auditLog.count({ where: { action: 'handbook.download' } })).toBe(2);
  });
});

describe('outdated', () => {
  it('is outdated after a seat move, refuses to open, and a late republication is marked late', async () => {
    const free = await t.prisma.seat.findFirstOrThrow({ where: { roomId: rooms[1]!.id, row: 3, column: 1 } });
    const move = await post(`/api/sittings/${theoryId}/moves`, {
      applicationId: applicationIds[5],
      seatId: free.id,
      reason: '机位故障，调整座位',
    });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    const s = await status();
    expect(s.state).toBe('outdated');
    expect(s.changes).toEqual(['场次「电工四级理论」的时间、考场、座位、考生或监考安排有变更']);
    expect(s.deadline.message).toContain('请重新发布考务手册');

    await setClock(beijing('2026-04-15T08:30:00'));
    const open = await post(`/api/sittings/${theoryId}/open`, { reason: '考生已入场，开考' });
    expect(open.status).toBe(409);
    expect(open.body.message).toContain('考务手册第 1 版发布后考务安排已变更');
    expect(open.body.message).toContain('须重新发布考务手册');

    // published two days after the deadline: allowed, marked late
    await setClock(beijing('2026-04-10T10:00:00'));
    const job = await publish('座位调整后重新发布');
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    expect(job.result).toMatchObject({ version: 2, late: true });
    expect(job.result.warning).toContain(`发布时限（${DEADLINE}）`);
    const after = await status();
    expect(after).toMatchObject({ state: 'current', latest: { version: 2, late: true } });
    expect(after.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('is outdated after an invigilator change', async () => {
    const invigilator = await t.prisma.user.findUniqueOrThrow({ where: { username: 'invigilator' } });
    const r = await http(t.baseUrl, 'PUT', `/api/sittings/${practicalId}/invigilators`, {
      token: token.office,
      body: { roomId: rooms[0]!.id, userIds: [invigilator.id], reason: '实操加派监考' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const s = await status();
    expect(s.state).toBe('outdated');
    expect(s.changes).toEqual(['场次「电工四级实操」的时间、考场、座位、考生或监考安排有变更']);
    const batch = await get(`/api/batches/${batchId}`);
    expect(batch.body.handbook).toMatchObject({ state: 'outdated', latestVersion: 2, warning: 'overdue' });
    expect((await publish('监考安排调整后重新发布')).result).toMatchObject({ version: 3 });
  });
});

describe('opening', () => {
  it('opens with a current handbook (by an invigilator of the sitting), audited', async () => {
    await setClock(beijing('2026-04-15T06:00:00'));
    const early = await post(`/api/sittings/${theoryId}/open`, { reason: '开考' }, 'invigilator');
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('最早可于');

    await setClock(beijing('2026-04-15T08:45:00'));
    expect((await post(`/api/sittings/${theoryId}/open`, {}, 'invigilator')).status).toBe(400);
    expect((await post(`/api/sittings/${theoryId}/open`, { reason: '开考' }, 'unithr')).status).toBe(403);
    const r = await post(`/api/sittings/${theoryId}/open`, { reason: '考生已入场，开考' }, 'invigilator');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: theoryId, status: 'open' });
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'sitting.open', entityId: theoryId },
    });
    expect(audit).toMatchObject({
      category: 'decision',
      reason: '考生已入场，开考',
      actorUsername: 'invigilator',
    });
    expect(audit.details).toMatchObject({ handbookVersion: 3 });
    // opening does not outdate the handbook
    expect((await status()).state).toBe('current');
    const twice = await post(`/api/sittings/${theoryId}/open`, { reason: '再次开考' });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('已经开考');
  });

  it('refuses outside the exam window and after the end', async () => {
    await t.prisma.batchWindow.update({
      where: { batchId_kind: { batchId, kind: 'exam' } },
      data: { closesAt: beijing('2026-04-16T00:00:00') },
    });
    await setClock(beijing('2026-04-16T08:30:00'));
    const outside = await post(`/api/sittings/${practicalId}/open`, { reason: '开考' });
    expect(outside.status).toBe(409);
    expect(outside.body.error).toBe('outside_window');
    await t.prisma.batchWindow.update({
      where: { batchId_kind: { batchId, kind: 'exam' } },
      data: { closesAt: beijing('2026-04-18T00:00:00') },
    });
    await setClock(beijing('2026-04-16T11:00:00'));
    const ended = await post(`/api/sittings/${practicalId}/open`, { reason: '开考' });
    expect(ended.status).toBe(409);
    expect(ended.body.message).toContain('结束，不能再开考');
    await setClock(beijing('2026-04-16T08:50:00'));
    expect((await post(`/api/sittings/${practicalId}/open`, { reason: '开考' })).status).toBe(200);
  });
});
