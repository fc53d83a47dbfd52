import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';
import { png } from '../../test/support/files.js';
import { FileStore } from '../src/files/file-store.js';

/**
 * 准考证 over HTTP on a real database: issued to approved, seated applications in seat order, published,
 * read and downloaded by the candidate only once published, rendered as a ZIP job, and verified from the
 * QR code (forged codes refused and audited, invigilators limited to their rooms).
 */
const SECRET = 'test-ticket-secret-0123456789';
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
let batchCode: string;
let policyVersionId: string;
let occupationId: string;
const rooms: { id: string; name: string }[] = [];
let start: Date;
let theoryId: string;
let practicalId: string;
/** application numbers in the order their seats were given */
const seatedIn: Record<string, { room: number; row: number; column: number }> = {};
let candidateApplicationId: string;
let withoutSeatNumber: string;

const sign = (n: string) => createHmac('sha256', SECRET).update(n).digest('hex').slice(0, 16);
const code = (n: string) => `EXAMTICKET:${n}:${sign(n)}`;
const post = (path: string, body: unknown, who = 'office') =>
  http(t.baseUrl, 'POST', path, { token: token[who], body });
const get = (path: string, who = 'office') => http(t.baseUrl, 'GET', path, { token: token[who] });

async function download(path: string, who: string) {
  const response = await fetch(`${t.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token[who]}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function seats(roomId: string, prefix: string) {
  const data = [];
  for (let row = 1; row <= 2; row++)
    for (let column = 1; column <= 3; column++)
      data.push({ roomId, row, column, label: `${row}-${column}`, machineId: `${prefix}-${row}-${column}` });
  await t.prisma.seat.createMany({ data });
}

async function seat(sittingId: string, applicationId: string, room: number, row: number, column: number) {
  const roomId = rooms[room]!.id;
  const s = await t.prisma.seat.findFirstOrThrow({ where: { roomId, row, column } });
  await t.prisma.seatAssignment.create({
    data: { sittingId, applicationId, roomId, seatId: s.id, assignedAt: t.clock.now() },
  });
}

beforeAll(async () => {
  t = await startTestApp({ ticketSecret: SECRET });
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['admin', 'office', 'unithr', 'invigilator', 'candidate'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
  const batch = await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } });
  batchId = batch.id;
  batchCode = batch.code;
  policyVersionId = batch.policyVersionId;
  occupationId = (
    await t.prisma.occupation.findFirstOrThrow({ where: { regionId: batch.regionId, name: '电工' } })
  ).id;
  for (const name of ['第1考场', '第2考场']) {
    const room = await t.prisma.room.findFirstOrThrow({
      where: { name, venue: { regionId: batch.regionId } },
    });
    rooms.push({ id: room.id, name });
    await seats(room.id, name);
  }
  start = new Date(t.clock.now().getTime() + 120 * 86_400_000);
  const sitting = (component: 'theory' | 'practical', hours: number, roomIds: string[]) =>
    t.prisma.sitting.create({
      data: {
        batchId,
        component,
        name: component === 'theory' ? '电工理论' : '电工实操',
        subject: component === 'theory' ? '电工（四级）理论' : null,
        startsAt: new Date(start.getTime() + hours * 3_600_000),
        durationMinutes: 90,
        endsAt: new Date(start.getTime() + hours * 3_600_000 + 90 * 60_000),
        rooms: { create: roomIds.map((roomId, position) => ({ roomId, position })) },
      },
    });
  theoryId = (await sitting('theory', 1, [rooms[0]!.id, rooms[1]!.id])).id;
  practicalId = (await sitting('practical', 26, [rooms[0]!.id])).id;

  // the demo candidate: approved (their own application, or a new one)
  const candidate = await t.prisma.user.findUniqueOrThrow({ where: { username: 'candidate' } });
  const person = await t.prisma.person.findUniqueOrThrow({ where: { id: candidate.personId! } });
  const own = await t.prisma.application.findFirst({ where: { batchId, personId: person.id } });
  const base = {
    batchId,
    occupationId,
    targetLevel: 'L4' as const,
    applicationType: 'normal' as const,
    status: 'approved' as const,
    policyVersionId,
    declared: {},
    eligibility: {},
    eligible: true,
  };
  candidateApplicationId = own
    ? (await t.prisma.application.update({ where: { id: own.id }, data: { status: 'approved' } })).id
    : (
        await t.prisma.application.create({
          data: { ...base, number: 'TIC-0000', personId: person.id, organisationId: person.organisationId },
        })
      ).id;
  const others = await t.prisma.person.findMany({
    where: { id: { not: person.id }, applications: { none: { batchId } } },
    orderBy: { idNumber: 'asc' },
    take: 5,
  });
  const ids: string[] = [];
  for (const [i, p] of others.entries()) {
    const a = await t.prisma.application.create({
      data: {
        ...base,
        number: `TIC-${String(i + 1).padStart(4, '0')}`,
        personId: p.id,
        organisationId: p.organisationId,
      },
    });
    ids.push(a.id);
  }
  withoutSeatNumber = 'TIC-0005';
  // the candidate's photo (printed on the ticket)
  const photo = png(295, 413);
  await t.prisma.applicationMaterial.create({
    data: {
      applicationId: candidateApplicationId,
      code: 'photo',
      fileName: 'photo.png',
      format: 'png',
      mime: 'image/png',
      size: photo.length,
      sha256: await new FileStore(t.settings).put(photo),
      width: 295,
      height: 413,
      uploadedAt: t.clock.now(),
    },
  });
  // seats of the theory sitting: the candidate at 第2考场 1-1; others in 第1考场 in reverse order
  await seat(theoryId, candidateApplicationId, 1, 1, 1);
  await seat(theoryId, ids[0]!, 0, 2, 1);
  await seat(theoryId, ids[1]!, 0, 1, 2);
  await seat(theoryId, ids[2]!, 0, 1, 1);
  await seat(practicalId, ids[3]!, 0, 1, 3); // only in the later sitting
  await seat(practicalId, candidateApplicationId, 0, 2, 3);
  // ids[4] (TIC-0005) has no seat
  Object.assign(seatedIn, { ids });
});
afterAll(() => t.close());

const ticketOf = (applicationId: string) =>
  t.prisma.admissionTicket.findUniqueOrThrow({ where: { applicationId } });

describe('issuing', () => {
  it('refuses bad input, other roles and unknown batches without writing', async () => {
    expect((await post(`/api/batches/${batchId}/tickets`, {})).status).toBe(400);
    expect((await post(`/api/batches/${batchId}/tickets`, { reason: '签发', extra: 1 })).status).toBe(400);
    expect((await post(`/api/batches/not-a-uuid/tickets`, { reason: '签发准考证' })).status).toBe(400);
    const unknown = await post('/api/batches/00000000-0000-4000-8000-000000000000/tickets', {
      reason: '签发准考证',
    });
    expect(unknown.status).toBe(404);
    expect((await post(`/api/batches/${batchId}/tickets`, { reason: '签发准考证' }, 'unithr')).status).toBe(
      403,
    );
    expect((await post(`/api/batches/${batchId}/tickets/publish`, { reason: '发布准考证' })).status).toBe(
      409,
    );
    expect(await t.prisma.admissionTicket.count()).toBe(0);
  });

  it('issues to approved, seated applications in seat order and reports those without a seat', async () => {
    const r = await post(`/api/batches/${batchId}/tickets`, { reason: '座位编排完成，签发准考证' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ issued: 5, alreadyIssued: 0, withoutSeat: [withoutSeatNumber] });
    const tickets = await t.prisma.admissionTicket.findMany({
      where: { batchId },
      include: { application: { select: { number: true } } },
      orderBy: { ticketNumber: 'asc' },
    });
    // theory 第1考场 1-1, 1-2, 2-1, then 第2考场 1-1 (the candidate), then the practical-only one
    const ids = (seatedIn as unknown as { ids: string[] }).ids;
    expect(tickets.map((x) => x.applicationId)).toEqual([
      ids[2],
      ids[1],
      ids[0],
      candidateApplicationId,
      ids[3],
    ]);
    expect(tickets.map((x) => x.ticketNumber)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${batchCode}${String(n).padStart(6, '0')}`),
    );
    expect(tickets.every((x) => x.publishedAt === null)).toBe(true);
    const audit = await t.prisma.auditLog.findFirst({ where: { action: 'ticket.issue', entityId: batchId } });
    expect(audit?.reason).toBe('座位编排完成，签发准考证');
  });

  it('is idempotent: a second run issues nothing new', async () => {
    const r = await post(`/api/batches/${batchId}/tickets`, { reason: '再次签发' });
    expect(r.body).toEqual({ issued: 0, alreadyIssued: 5, withoutSeat: [withoutSeatNumber] });
  });
});

describe('publishing and the candidate', () => {
  let ticketId: string;
  it('hides unpublished tickets from the candidate; the office downloads them', async () => {
    ticketId = (await ticketOf(candidateApplicationId)).id;
    const mine = await get('/api/me/tickets', 'candidate');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([]);
    expect((await download(`/api/tickets/${ticketId}/pdf`, 'candidate')).status).toBe(404);
    const pdf = await download(`/api/tickets/${ticketId}/pdf`, 'office');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await download(`/api/tickets/${ticketId}/pdf`, 'unithr')).status).toBe(403);
    expect((await download('/api/tickets/not-a-uuid/pdf', 'office')).status).toBe(400);
  });

  it('publishes (audited); the candidate then sees every sitting and downloads only their own', async () => {
    expect((await post(`/api/batches/${batchId}/tickets/publish`, {})).status).toBe(400);
    const r = await post(`/api/batches/${batchId}/tickets/publish`, { reason: '按通知发布准考证' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ published: 5, alreadyPublished: 0 });
    expect(await t.prisma.auditLog.count({ where: { action: 'ticket.publish', entityId: batchId } })).toBe(1);

    const mine = await get('/api/me/tickets', 'candidate');
    expect(mine.body).toHaveLength(1);
    const view = mine.body[0];
    expect(view.id).toBe(ticketId);
    expect(view.idNumberMasked).toMatch(/^\d{4}\*+[\dX]{4}$/);
    expect(view.sittings).toHaveLength(2);
    expect(view.sittings[0]).toMatchObject({
      sittingId: theoryId,
      component: 'theory',
      subject: '电工（四级）理论',
      roomName: '第2考场',
      seatLabel: '1-1',
      machineId: '第2考场-1-1',
      startsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    });
    expect(view.sittings[1]).toMatchObject({ sittingId: practicalId, roomName: '第1考场', seatLabel: '2-3' });

    const pdf = await download(`/api/tickets/${ticketId}/pdf`, 'candidate');
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const other = await t.prisma.admissionTicket.findFirstOrThrow({
      where: { batchId, applicationId: { not: candidateApplicationId } },
    });
    expect((await download(`/api/tickets/${other.id}/pdf`, 'candidate')).status).toBe(404);
    expect((await get('/api/me/tickets', 'office')).status).toBe(403);
  });
});

describe('QR verification', () => {
  it('returns the name, masked ID and the next seat to the office', async () => {
    const n = (await ticketOf(candidateApplicationId)).ticketNumber;
    const r = await get(`/api/tickets/verify?code=${encodeURIComponent(code(n))}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.ticketNumber).toBe(n);
    expect(r.body.idNumberMasked).toContain('*');
    expect(r.body.photoAvailable).toBe(true);
    expect(r.body.seat).toMatchObject({
      when: 'next',
      sittingId: theoryId,
      roomName: '第2考场',
      seatLabel: '1-1',
    });
  });

  it('refuses forged, altered and malformed codes with 400 and audits them', async () => {
    const n = (await ticketOf(candidateApplicationId)).ticketNumber;
    const before = await t.prisma.auditLog.count({ where: { action: 'ticket.verify_failed' } });
    const altered = `${batchCode}${'9'.repeat(6)}`;
    for (const bad of [
      `EXAMTICKET:${n}:${'0'.repeat(16)}`,
      `EXAMTICKET:${altered}:${sign(n)}`,
      `EXAMTICKET:${altered}:${sign(altered)}`, // signed, but no such ticket
      'hello',
      `EXAMTICKET:${n}`,
    ]) {
      const r = await get(`/api/tickets/verify?code=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.message).toBe('准考证二维码无效');
    }
    expect(await t.prisma.auditLog.count({ where: { action: 'ticket.verify_failed' } })).toBe(before + 5);
    expect((await get('/api/tickets/verify')).status).toBe(400);
    expect((await get(`/api/tickets/verify?code=${'x'.repeat(300)}`)).status).toBe(400);
    expect((await get(`/api/tickets/verify?code=${encodeURIComponent(code(n))}`, 'candidate')).status).toBe(
      403,
    );
  });

  it('lets an invigilator see only seats in their rooms, and switches to the sitting under way', async () => {
    const ids = (seatedIn as unknown as { ids: string[] }).ids;
    const inRoom1 = (await ticketOf(ids[2]!)).ticketNumber; // theory, 第1考场 (the invigilator's room)
    const inRoom2 = (await ticketOf(candidateApplicationId)).ticketNumber; // theory, 第2考场
    const ok = await get(`/api/tickets/verify?code=${encodeURIComponent(code(inRoom1))}`, 'invigilator');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.seat).toMatchObject({ roomName: '第1考场', seatLabel: '1-1' });
    expect(ok.body.photoAvailable).toBe(false);
    const refused = await get(`/api/tickets/verify?code=${encodeURIComponent(code(inRoom2))}`, 'invigilator');
    expect(refused.status).toBe(403);

    // after the theory sitting, the candidate's next seat is the practical one in 第1考场
    const saved = t.clock.now();
    t.clock.set(new Date(start.getTime() + 3 * 3_600_000));
    token.invigilator = await login(t.baseUrl, 'invigilator', 'exam2026'); // sessions expire over 120 days
    try {
      const later = await get(`/api/tickets/verify?code=${encodeURIComponent(code(inRoom2))}`, 'invigilator');
      expect(later.status).toBe(200);
      expect(later.body.seat).toMatchObject({ when: 'next', sittingId: practicalId, seatLabel: '2-3' });
      t.clock.set(new Date(start.getTime() + 26.5 * 3_600_000));
      token.invigilator = await login(t.baseUrl, 'invigilator', 'exam2026');
      const now = await get(`/api/tickets/verify?code=${encodeURIComponent(code(inRoom2))}`, 'invigilator');
      expect(now.body.seat).toMatchObject({ when: 'now', sittingId: practicalId });
    } finally {
      t.clock.set(saved);
      token.invigilator = await login(t.baseUrl, 'invigilator', 'exam2026');
    }
  });
});

describe('rendering a batch', () => {
  async function finished(jobId: string) {
    for (let i = 0; i < 600; i++) {
      const job = await get(`/api/jobs/${jobId}`);
      if (job.body.status !== 'running') return job.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('job did not finish');
  }

  it('renders all tickets (or one room) into a ZIP of PDFs, as a job with progress', async () => {
    expect((await post(`/api/batches/${batchId}/tickets/pdf`, { reason: '打印', roomId: 'x' })).status).toBe(
      400,
    );
    expect(
      (
        await post(`/api/batches/${batchId}/tickets/pdf`, {
          reason: '打印',
          roomId: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(400);
    const r = await post(`/api/batches/${batchId}/tickets/pdf`, { reason: '打印全部准考证' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const job = await finished(r.body.id);
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    expect(job).toMatchObject({ done: 5, total: 5 });
    expect(job.result.tickets).toBe(5);
    const zip = await download(`/api/jobs/${r.body.id}/file`, 'office');
    expect(zip.status).toBe(200);
    expect(zip.bytes.readUInt32LE(0)).toBe(0x04034b50);
    const entries = zip.bytes.readUInt16LE(zip.bytes.length - 22 + 10);
    expect(entries).toBe(job.result.files);
    expect(zip.bytes.includes(Buffer.from('%PDF-'))).toBe(true);

    const room = await post(`/api/batches/${batchId}/tickets/pdf`, {
      reason: '打印第2考场',
      roomId: rooms[1]!.id,
    });
    expect(room.status).toBe(202);
    const roomJob = await finished(room.body.id);
    expect(roomJob).toMatchObject({ status: 'succeeded', total: 1 });
    expect(await t.prisma.auditLog.count({ where: { action: 'ticket.export' } })).toBe(2);
  }, 120_000);
});
