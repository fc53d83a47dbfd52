import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import type { AttemptClockColumns } from '../exam/attempt-state.js';

/** A candidate of the room with their attempt (never the ID number). */
export interface RoomCandidateRow extends AttemptClockColumns {
  attemptId: string;
  applicationId: string;
  seatId: string;
  seatLabel: string;
  row: number;
  column: number;
  machineId: string | null;
  name: string;
  ticketNumber: string | null;
  status: string;
  lastSeq: number;
  screenSwitches: number;
  warnings: number;
  lockedAt: Date | null;
  clientSeenAt: Date | null;
  itemCount: number;
}

/** Where an attempt sits: the room key and what a timeline entry names. */
export interface AttemptPlaceRow {
  attemptId: string;
  sittingId: string;
  roomId: string;
  seatId: string;
  seatLabel: string;
  row: number;
  column: number;
  machineId: string | null;
  name: string;
}

export interface TimelineAuditRow {
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  reason: string | null;
  details: unknown;
  actorName: string | null;
}

export interface ExamDayRoomRow {
  sittingId: string;
  sittingName: string;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  sittingStatus: string;
  batchId: string;
  regionId: string;
  roomId: string;
  roomName: string;
  roomStartedAt: Date | null;
  onDuty: boolean;
  candidates: number;
  notStarted: number;
  inProgress: number;
  paused: number;
  closed: number;
}

const PLACE_SQL = `
  SELECT a.id AS "attemptId", a."sittingId", s."roomId", s."seatId", st.label AS "seatLabel", st.row,
         st."column", st."machineId", pe.name
  FROM "Attempt" a
  JOIN "SeatAssignment" s ON s."sittingId" = a."sittingId" AND s."applicationId" = a."applicationId"
  JOIN "Seat" st ON st.id = s."seatId"
  JOIN "Application" ap ON ap.id = a."applicationId"
  JOIN "Person" pe ON pe.id = ap."personId"`;

/** Queries of the live room view; no rules here. */
@Injectable()
export class RoomSnapshotRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  sittingRoom(sittingId: string, roomId: string) {
    return this.prisma.sittingRoom.findUnique({
      where: { sittingId_roomId: { sittingId, roomId } },
      select: {
        id: true,
        startedAt: true,
        sitting: {
          select: { name: true, startsAt: true, durationMinutes: true, screenSwitchLimit: true },
        },
        room: {
          select: {
            name: true,
            rows: true,
            columns: true,
            seats: { orderBy: [{ row: 'asc' }, { column: 'asc' }] },
          },
        },
        invigilators: {
          orderBy: [{ chief: 'desc' }, { createdAt: 'asc' }],
          select: { chief: true, user: { select: { displayName: true } } },
        },
      },
    });
  }

  candidates(sittingId: string, roomId: string) {
    return this.prisma.$queryRaw<RoomCandidateRow[]>`
      SELECT a.id AS "attemptId", a."applicationId", s."seatId", st.label AS "seatLabel", st.row, st."column",
             st."machineId", pe.name, t."ticketNumber", a.status::text AS status, a."startedAt", a."endsAt",
             a."remainingMs", a."pausedAt", a."pausedMsTotal", a."extraSeconds", a."closedAt", a."closedBy",
             a."lastSeq", a."screenSwitches", a.warnings, a."lockedAt", a."clientSeenAt",
             p."durationMinutes", p."itemCount"
      FROM "Attempt" a
      JOIN "Paper" p ON p.id = a."paperId"
      JOIN "SeatAssignment" s ON s."sittingId" = a."sittingId" AND s."applicationId" = a."applicationId"
      JOIN "Seat" st ON st.id = s."seatId"
      JOIN "Application" ap ON ap.id = a."applicationId"
      JOIN "Person" pe ON pe.id = ap."personId"
      LEFT JOIN "AdmissionTicket" t ON t."applicationId" = a."applicationId"
      WHERE a."sittingId" = ${sittingId}::uuid AND s."roomId" = ${roomId}::uuid
      ORDER BY st.row, st."column"`;
  }

  /** Per attempt: items whose current answer is not cleared, and the time of the last save. */
  async progress(attemptIds: string[]): Promise<Map<string, { answered: number; lastSaveAt: Date | null }>> {
    if (attemptIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<
      { attemptId: string; answered: bigint | number; lastSaveAt: Date | null }[]
    >`
      SELECT c."attemptId",
             count(*) FILTER (WHERE c.response IS NOT NULL AND c.response <> 'null'::jsonb) AS answered,
             max(c."receivedAt") AS "lastSaveAt"
      FROM (
        SELECT DISTINCT ON ("attemptId", position) "attemptId", response, "receivedAt"
        FROM "AnswerSave" WHERE "attemptId" = ANY(${attemptIds}::uuid[])
        ORDER BY "attemptId", position, seq DESC
      ) c
      GROUP BY c."attemptId"`;
    return new Map(
      rows.map((r) => [r.attemptId, { answered: Number(r.answered), lastSaveAt: r.lastSaveAt }]),
    );
  }

  /** The room's exam events in the audit log (its attempts', its start, its incidents), newest first. */
  timeline(sittingRoomId: string, sittingId: string, roomId: string, attemptIds: string[], limit: number) {
    return this.prisma.$queryRaw<TimelineAuditRow[]>`
      SELECT l.at, l.action, l."entityType", l."entityId", l.reason, l.details,
             coalesce(u."displayName", l."actorUsername") AS "actorName"
      FROM "AuditLog" l
      LEFT JOIN "User" u ON u.id = l."actorUserId"
      WHERE l.category = 'exam_event'
        AND ((l."entityType" = 'Attempt' AND l."entityId" = ANY(${attemptIds}::text[]))
          OR (l."entityType" = 'SittingRoom' AND l."entityId" = ${sittingRoomId})
          OR (l."entityType" = 'incident' AND l.details->>'sittingId' = ${sittingId}
              AND l.details->>'roomId' = ${roomId}))
      ORDER BY l.id DESC
      LIMIT ${limit}`;
  }

  /** Where these attempts sit (the room event producer's cache fills from here). */
  places(attemptIds: string[]) {
    return this.prisma.$queryRawUnsafe<AttemptPlaceRow[]>(
      `${PLACE_SQL} WHERE a.id = ANY($1::uuid[])`,
      attemptIds,
    );
  }

  /** The sittings starting in [from, to) × their rooms, with counts per stage and whether the user is on duty. */
  examDayRooms(from: Date, to: Date, userId: string) {
    return this.prisma.$queryRaw<ExamDayRoomRow[]>`
      SELECT si.id AS "sittingId", si.name AS "sittingName", si."startsAt", si."endsAt", si."durationMinutes",
             si.status::text AS "sittingStatus", si."batchId", b."regionId", sr."roomId", r.name AS "roomName",
             sr."startedAt" AS "roomStartedAt",
             EXISTS (SELECT 1 FROM "SittingInvigilator" i WHERE i."sittingRoomId" = sr.id AND i."userId" = ${userId}::uuid) AS "onDuty",
             count(a.id)::int AS candidates,
             (count(a.id) FILTER (WHERE a.status IN ('not_started', 'checked_in', 'ready')))::int AS "notStarted",
             (count(a.id) FILTER (WHERE a.status IN ('in_progress', 'disconnected')))::int AS "inProgress",
             (count(a.id) FILTER (WHERE a.status = 'paused'))::int AS paused,
             (count(a.id) FILTER (WHERE a.status IN ('submitted', 'force_submitted', 'voided')))::int AS closed
      FROM "Sitting" si
      JOIN "Batch" b ON b.id = si."batchId"
      JOIN "SittingRoom" sr ON sr."sittingId" = si.id
      JOIN "Room" r ON r.id = sr."roomId"
      LEFT JOIN "SeatAssignment" s ON s."sittingId" = si.id AND s."roomId" = sr."roomId"
      LEFT JOIN "Attempt" a ON a."sittingId" = si.id AND a."applicationId" = s."applicationId"
      WHERE si."startsAt" >= ${from} AND si."startsAt" < ${to} AND si.status <> 'cancelled'
      GROUP BY si.id, b."regionId", sr.id, r.name
      ORDER BY si."startsAt", sr.position, r.name`;
  }
}
