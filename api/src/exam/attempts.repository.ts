import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';
import type { AttemptClockColumns } from './attempt-state.js';

const clockInclude = {
  paper: { select: { durationMinutes: true, itemCount: true, totalPointsTenths: true } },
} satisfies Prisma.AttemptInclude;
export type AttemptRow = Prisma.AttemptGetPayload<{ include: typeof clockInclude }>;

/** What the candidate's view of an attempt shows besides the attempt itself. */
export interface AttemptContextRow {
  sitting: {
    id: string;
    name: string;
    subject: string | null;
    startsAt: Date;
    endsAt: Date;
    durationMinutes: number;
    status: string;
    screenSwitchLimit: number;
    batchId: string;
  };
  seat: { label: string; machineId: string | null; roomId: string; roomName: string } | null;
  roomStartedAt: Date | null;
  ticketNumber: string | null;
  person: { name: string; idNumber: string };
  occupationName: string;
  targetLevel: string;
  organisationName: string;
  photo: { sha256: string; mime: string } | null;
}

/** A row of the sitting's attempt list (the invigilator's console). */
export interface SittingAttemptListRow extends AttemptClockColumns {
  id: string;
  applicationId: string;
  status: string;
  lastSeq: number;
  screenSwitches: number;
  objectiveTenths: number | null;
  itemCount: number;
  roomId: string;
  seatLabel: string;
  name: string;
  ticketNumber: string | null;
}

const RUNNING_SQL = `('in_progress', 'disconnected')`;

/** Queries of attempts and their clock; no rules here. */
@Injectable()
export class AttemptsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }

  find(id: string, db: Db = this.prisma): Promise<AttemptRow | null> {
    return db.attempt.findUnique({ where: { id }, include: clockInclude });
  }

  /** Locks the attempt's row for the rest of the transaction (saves lock it too) and reads it fresh. */
  async lock(tx: Prisma.TransactionClient, id: string): Promise<AttemptRow | null> {
    await tx.$executeRaw`SELECT 1 FROM "Attempt" WHERE id = ${id}::uuid FOR UPDATE`;
    return this.find(id, tx);
  }

  update(tx: Db, id: string, data: Prisma.AttemptUpdateInput): Promise<AttemptRow> {
    return tx.attempt.update({
      where: { id },
      data: { ...data, version: { increment: 1 } },
      include: clockInclude,
    });
  }

  async context(attempt: { sittingId: string; applicationId: string }): Promise<AttemptContextRow | null> {
    const [sitting, assignment, application] = await Promise.all([
      this.prisma.sitting.findUnique({ where: { id: attempt.sittingId } }),
      this.prisma.seatAssignment.findUnique({
        where: {
          sittingId_applicationId: { sittingId: attempt.sittingId, applicationId: attempt.applicationId },
        },
        include: {
          seat: { select: { label: true, machineId: true } },
          sittingRoom: { select: { startedAt: true, room: { select: { name: true } } } },
        },
      }),
      this.prisma.application.findUnique({
        where: { id: attempt.applicationId },
        select: {
          targetLevel: true,
          person: { select: { name: true, idNumber: true } },
          occupation: { select: { name: true } },
          organisation: { select: { name: true } },
          ticket: { select: { ticketNumber: true } },
          materials: {
            where: { code: 'photo', supersededAt: null },
            orderBy: { uploadedAt: 'desc' },
            take: 1,
            select: { sha256: true, mime: true, format: true },
          },
        },
      }),
    ]);
    if (!sitting || !application) return null;
    const photo = application.materials.find((m) => ['jpg', 'jpeg', 'png'].includes(m.format.toLowerCase()));
    return {
      sitting,
      seat: assignment
        ? {
            label: assignment.seat.label,
            machineId: assignment.seat.machineId,
            roomId: assignment.roomId,
            roomName: assignment.sittingRoom.room.name,
          }
        : null,
      roomStartedAt: assignment?.sittingRoom.startedAt ?? null,
      ticketNumber: application.ticket?.ticketNumber ?? null,
      person: application.person,
      occupationName: application.occupation.name,
      targetLevel: application.targetLevel,
      organisationName: application.organisation.name,
      photo: photo ? { sha256: photo.sha256, mime: photo.mime } : null,
    };
  }

  /** The current answer per position: the save with the highest seq. */
  currentAnswers(attemptId: string) {
    return this.prisma.$queryRaw<{ position: number; response: unknown; seq: number; receivedAt: Date }[]>`
      SELECT DISTINCT ON (position) position, response, seq, "receivedAt"
      FROM "AnswerSave" WHERE "attemptId" = ${attemptId}::uuid
      ORDER BY position, seq DESC`;
  }

  /** Items whose current answer is not cleared, per attempt. */
  async answeredCounts(attemptIds: string[]): Promise<Map<string, number>> {
    if (attemptIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ attemptId: string; n: bigint | number }[]>`
      SELECT c."attemptId", count(*) AS n FROM (
        SELECT DISTINCT ON ("attemptId", position) "attemptId", response
        FROM "AnswerSave" WHERE "attemptId" = ANY(${attemptIds}::uuid[])
        ORDER BY "attemptId", position, seq DESC
      ) c
      WHERE c.response IS NOT NULL AND c.response <> 'null'::jsonb
      GROUP BY c."attemptId"`;
    return new Map(rows.map((r) => [r.attemptId, Number(r.n)]));
  }

  sittingRoom(sittingId: string, roomId: string) {
    return this.prisma.sittingRoom.findUnique({
      where: { sittingId_roomId: { sittingId, roomId } },
      include: {
        sitting: { select: { id: true, name: true, status: true, batchId: true } },
        room: { select: { name: true } },
        invigilators: { select: { userId: true } },
      },
    });
  }

  sittingRooms(sittingId: string, roomIds: string[] | null) {
    return this.prisma.sittingRoom.findMany({
      where: { sittingId, ...(roomIds ? { roomId: { in: roomIds } } : {}) },
      orderBy: [{ position: 'asc' }, { roomId: 'asc' }],
      select: { roomId: true, startedAt: true, room: { select: { name: true } } },
    });
  }

  async screenSwitchLimit(db: Db, sittingId: string): Promise<number> {
    const sitting = await db.sitting.findUnique({
      where: { id: sittingId },
      select: { screenSwitchLimit: true },
    });
    return sitting?.screenSwitchLimit ?? 0;
  }

  batchRegion(batchId: string) {
    return this.prisma.batch.findUnique({ where: { id: batchId }, select: { regionId: true } });
  }

  sitting(id: string) {
    return this.prisma.sitting.findUnique({
      where: { id },
      select: { id: true, name: true, status: true, batchId: true },
    });
  }

  /** Rooms of the sitting where the user is on duty. */
  async dutyRooms(sittingId: string, userId: string): Promise<string[]> {
    const rows = await this.prisma.sittingInvigilator.findMany({
      where: { userId, sittingRoom: { sittingId } },
      select: { sittingRoom: { select: { roomId: true } } },
    });
    return rows.map((r) => r.sittingRoom.roomId);
  }

  /** The room the attempt's candidate is seated in. */
  async seatRoom(sittingId: string, applicationId: string, db: Db = this.prisma): Promise<string | null> {
    const seat = await db.seatAssignment.findUnique({
      where: { sittingId_applicationId: { sittingId, applicationId } },
      select: { roomId: true },
    });
    return seat?.roomId ?? null;
  }

  /** Locks the sitting room (concurrent start signals for one room run one after the other). */
  async lockSittingRoom(tx: Prisma.TransactionClient, sittingId: string, roomId: string) {
    const rows = await tx.$queryRaw<{ startedAt: Date | null }[]>`
      SELECT "startedAt" FROM "SittingRoom"
      WHERE "sittingId" = ${sittingId}::uuid AND "roomId" = ${roomId}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  setRoomStarted(tx: Prisma.TransactionClient, sittingId: string, roomId: string, at: Date) {
    return tx.sittingRoom.update({
      where: { sittingId_roomId: { sittingId, roomId } },
      data: { startedAt: at },
    });
  }

  /**
   * Starts every ready attempt of the room: startedAt = now, endsAt = base + its paper's duration + its
   * extra time. Returns the started rows.
   */
  startReadyInRoom(tx: Prisma.TransactionClient, sittingId: string, roomId: string, base: Date, now: Date) {
    return tx.$queryRaw<{ id: string; endsAt: Date; extraSeconds: number; durationMinutes: number }[]>`
      UPDATE "Attempt" a
      SET status = 'in_progress'::"AttemptStatus", "startedAt" = ${now}, "updatedAt" = ${now},
          "endsAt" = ${base}::timestamptz + p."durationMinutes" * interval '1 minute'
                     + a."extraSeconds" * interval '1 second',
          version = a.version + 1
      FROM "Paper" p, "SeatAssignment" s
      WHERE p.id = a."paperId" AND s."sittingId" = a."sittingId" AND s."applicationId" = a."applicationId"
        AND a."sittingId" = ${sittingId}::uuid AND s."roomId" = ${roomId}::uuid
        AND a.status = 'ready'::"AttemptStatus"
      RETURNING a.id, a."endsAt", a."extraSeconds", p."durationMinutes"`;
  }

  /** Attempts of the room not yet ready (they start when they are). */
  countNotReadyInRoom(tx: Db, sittingId: string, roomId: string) {
    return tx.$queryRaw<{ n: bigint | number }[]>`
      SELECT count(*) AS n FROM "Attempt" a
      JOIN "SeatAssignment" s ON s."sittingId" = a."sittingId" AND s."applicationId" = a."applicationId"
      WHERE a."sittingId" = ${sittingId}::uuid AND s."roomId" = ${roomId}::uuid
        AND a.status IN ('not_started', 'checked_in')`.then((r) => Number(r[0]?.n ?? 0));
  }

  /**
   * Can the candidate move to `seatId`: a seat of the room they sit in, not disabled, not taken in the
   * sitting? Returns its label, or the problem in Chinese.
   */
  async freeSeatFor(
    tx: Prisma.TransactionClient,
    sittingId: string,
    applicationId: string,
    seatId: string,
  ): Promise<{ label: string; problem: string | null }> {
    const current = await tx.seatAssignment.findUnique({
      where: { sittingId_applicationId: { sittingId, applicationId } },
      select: { roomId: true, seatId: true },
    });
    if (!current) return { label: '', problem: '该考生在本场次没有座位' };
    const seat = await tx.seat.findUnique({ where: { id: seatId } });
    if (!seat || seat.roomId !== current.roomId)
      return { label: '', problem: '所选座位不在该考生所在的考场，请选择本考场的备用座位' };
    if (seat.id === current.seatId)
      return { label: seat.label, problem: '考生已在该座位，请选择另一个备用座位' };
    if (seat.disabled) return { label: seat.label, problem: `座位 ${seat.label} 已停用，请选择其他备用座位` };
    const taken = await tx.seatAssignment.findUnique({
      where: { sittingId_seatId: { sittingId, seatId } },
      select: { id: true },
    });
    if (taken) return { label: seat.label, problem: `座位 ${seat.label} 已有考生，请选择空闲的备用座位` };
    return { label: seat.label, problem: null };
  }

  moveSeat(
    tx: Prisma.TransactionClient,
    sittingId: string,
    applicationId: string,
    seatId: string,
    by: { reason: string; byUserId: string; at: Date },
  ) {
    return tx.seatAssignment.update({
      where: { sittingId_applicationId: { sittingId, applicationId } },
      data: { seatId, reason: by.reason, assignedByUserId: by.byUserId, assignedAt: by.at },
    });
  }

  /** Ends every live exam session of the attempt (the candidate logs in again, e.g. on a spare machine). */
  revokeSessions(tx: Prisma.TransactionClient, attemptId: string, at: Date) {
    return tx.examSession.updateMany({ where: { attemptId, revokedAt: null }, data: { revokedAt: at } });
  }

  /** A voided attempt's score stops counting: its ComponentScore goes, its pending marking tasks too. */
  async removeScore(
    tx: Prisma.TransactionClient,
    attemptId: string,
  ): Promise<{ componentScoresRemoved: number; markingTasksDropped: number }> {
    const scores = await tx.componentScore.deleteMany({ where: { attemptId } });
    const tasks = await tx.markingTask.deleteMany({ where: { attemptId, status: 'pending' } });
    return { componentScoresRemoved: scores.count, markingTasksDropped: tasks.count };
  }

  /** Running attempts whose end plus the grace lies at or before `cutoff` (the earliest first). */
  async expiredIds(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM "Attempt" WHERE status IN ${RUNNING_SQL} AND "endsAt" <= $1::timestamptz
       ORDER BY "endsAt" LIMIT $2`,
      cutoff.toISOString(),
      limit,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Locks the attempt if it is still running and expired; skips it if another process holds it (that
   * process is closing it, or a save is being committed: the next sweep sees it again).
   */
  async lockIfExpired(tx: Prisma.TransactionClient, id: string, cutoff: Date): Promise<boolean> {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM "Attempt" WHERE id = $1::uuid AND status IN ${RUNNING_SQL}
       AND "endsAt" <= $2::timestamptz FOR UPDATE SKIP LOCKED`,
      id,
      cutoff.toISOString(),
    );
    return rows.length > 0;
  }

  /** The sitting's attempts with seat and name (never the ID number), in seat order. */
  sittingAttempts(sittingId: string, roomIds: string[] | null) {
    return this.prisma.$queryRaw<SittingAttemptListRow[]>`
      SELECT a.id, a."applicationId", a.status::text AS status, a."startedAt", a."endsAt", a."remainingMs",
             a."pausedAt", a."pausedMsTotal", a."extraSeconds", a."closedAt", a."closedBy", a."lastSeq",
             a."screenSwitches", a."objectiveTenths", p."durationMinutes", p."itemCount",
             s."roomId", st.label AS "seatLabel", pe.name, t."ticketNumber"
      FROM "Attempt" a
      JOIN "Paper" p ON p.id = a."paperId"
      JOIN "SeatAssignment" s ON s."sittingId" = a."sittingId" AND s."applicationId" = a."applicationId"
      JOIN "Seat" st ON st.id = s."seatId"
      JOIN "Application" ap ON ap.id = a."applicationId"
      JOIN "Person" pe ON pe.id = ap."personId"
      LEFT JOIN "AdmissionTicket" t ON t."applicationId" = a."applicationId"
      WHERE a."sittingId" = ${sittingId}::uuid
        AND (${roomIds === null} OR s."roomId" = ANY(${roomIds ?? []}::uuid[]))
      ORDER BY s."roomId", st.row, st."column"`;
  }
}
