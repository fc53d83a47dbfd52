import { seedDemo } from '@exam/db';
import type { ExamLoginResponse } from '@exam/contracts';
import { ensureDemoExam } from '../src/exam-demo/demo-exam.seeder.js';
import { FileStore } from '../src/files/file-store.js';
import { importShippedBanks } from '../src/question-banks/shipped-banks.js';
import type { TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';
import { png } from '../../test/support/files.js';

/**
 * A takeable 人机对话 sitting for exam-delivery tests, made through the real services: the demo seed, the
 * shipped 电工 (JD02) bank, and the demo exam of the test clock's day (demo exam batch, approved
 * applications, a 岗位技能 sitting in 第1考场 opened for today, seats, published 准考证, the demo invigilator on
 * duty, assembled papers with their attempts). Adds a photo for the first candidate and a second
 * invigilator who is not on duty in the room.
 */
export interface ExamCandidateFixture {
  attemptId: string;
  applicationId: string;
  ticketNumber: string;
  idNumber: string;
  name: string;
  seatLabel: string;
}

export interface ExamSittingFixture {
  sittingId: string;
  roomId: string;
  startsAt: Date;
  durationMinutes: number;
  /** in seat order */
  candidates: ExamCandidateFixture[];
  /** staff tokens: admin, office, invigilator (on duty), otherInvigilator (not on duty), candidate (a staff-side login) */
  tokens: Record<'admin' | 'office' | 'invigilator' | 'otherInvigilator' | 'candidate', string>;
}

export async function setUpExamSitting(t: TestApp): Promise<ExamSittingFixture> {
  await seedDemo(t.prisma, { now: t.clock.now() });
  await importShippedBanks(t.prisma, { codes: ['JD02'] });
  const demo = await ensureDemoExam(t.app, t.clock.now());
  const sitting = await t.prisma.sitting.findUniqueOrThrow({
    where: { id: demo.sittingId },
    include: { rooms: true },
  });
  const seats = await t.prisma.seatAssignment.findMany({
    where: { sittingId: sitting.id },
    include: {
      seat: true,
      application: { include: { person: true, ticket: true } },
    },
    orderBy: [{ seat: { row: 'asc' } }, { seat: { column: 'asc' } }],
  });
  const attempts = await t.prisma.attempt.findMany({ where: { sittingId: sitting.id } });
  const attemptOf = new Map(attempts.map((a) => [a.applicationId, a.id]));
  const candidates = seats.map((s) => ({
    attemptId: attemptOf.get(s.applicationId)!,
    applicationId: s.applicationId,
    ticketNumber: s.application.ticket!.ticketNumber,
    idNumber: s.application.person.idNumber,
    name: s.application.person.name,
    seatLabel: s.seat.label,
  }));

  // a photo on the first candidate's application
  const bytes = png(60, 80);
  const sha256 = await t.app.get(FileStore).put(bytes);
  await t.prisma.applicationMaterial.create({
    data: {
      applicationId: candidates[0]!.applicationId,
      code: 'photo',
      fileName: 'photo.png',
      format: 'png',
      mime: 'image/png',
      size: bytes.length,
      sha256,
      uploadedAt: t.clock.now(),
    },
  });

  // an invigilator of another room (same password as the demo accounts)
  const demoInvigilator = await t.prisma.user.findUniqueOrThrow({ where: { username: 'invigilator' } });
  await t.prisma.user.create({
    data: {
      username: 'invigilator2',
      displayName: '另一位监考',
      passwordHash: demoInvigilator.passwordHash,
      roles: { create: [{ role: 'invigilator' }] },
    },
  });
  const tokens = {} as ExamSittingFixture['tokens'];
  for (const [key, username] of [
    ['admin', 'admin'],
    ['office', 'office'],
    ['invigilator', 'invigilator'],
    ['otherInvigilator', 'invigilator2'],
    ['candidate', 'candidate'],
  ] as const)
    tokens[key] = await login(t.baseUrl, username, 'exam2026');

  return {
    sittingId: sitting.id,
    roomId: sitting.rooms[0]!.roomId,
    startsAt: sitting.startsAt,
    durationMinutes: sitting.durationMinutes,
    candidates,
    tokens,
  };
}

let clientCounter = 0;
/** A fresh client id, as one browser tab would have. */
export function newClientId(): string {
  return `client-${process.pid}-${++clientCounter}`.padEnd(12, '0');
}

/** Logs a candidate in to the exam; returns the HTTP result. */
export function examLogin(
  t: TestApp,
  c: ExamCandidateFixture,
  clientId = newClientId(),
  idNumber = c.idNumber,
) {
  return http<ExamLoginResponse>(t.baseUrl, 'POST', '/api/exam/login', {
    body: { ticketNumber: c.ticketNumber, idNumber, clientId },
  });
}

/** Logs in and returns the exam token (throws on failure). */
export async function examToken(
  t: TestApp,
  c: ExamCandidateFixture,
  clientId = newClientId(),
): Promise<string> {
  const r = await examLogin(t, c, clientId);
  if (r.status !== 200) throw new Error(`exam login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
