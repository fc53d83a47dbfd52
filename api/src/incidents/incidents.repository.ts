import { Inject, Injectable } from '@nestjs/common';
import type { IncidentCategory, Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

const sittingSelect = {
  id: true,
  batchId: true,
  name: true,
  component: true,
  subject: true,
  startsAt: true,
  endsAt: true,
  status: true,
  batch: { select: { regionId: true, name: true } },
  rooms: {
    orderBy: [{ position: 'asc' }, { roomId: 'asc' }],
    select: {
      roomId: true,
      room: { select: { name: true, venue: { select: { name: true } } } },
      invigilators: {
        orderBy: [{ chief: 'desc' }, { createdAt: 'asc' }],
        select: { userId: true, chief: true, user: { select: { displayName: true } } },
      },
    },
  },
} satisfies Prisma.SittingSelect;

export type IncidentSittingRow = Prisma.SittingGetPayload<{ select: typeof sittingSelect }>;

const incidentInclude = {
  attachments: { orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.IncidentInclude;

export type IncidentRow = Prisma.IncidentGetPayload<{ include: typeof incidentInclude }>;

/** A candidate of an incident as the 考场记录 shows them: name, 准考证号 and seat (never the ID number). */
export interface CandidateRow {
  attemptId: string;
  sittingId: string;
  applicationId: string;
  /** the room and seat of the candidate in the attempt's sitting; null when not seated there */
  roomId: string | null;
  seatLabel: string | null;
  name: string;
  ticketNumber: string | null;
}

/** Queries of the room incident log (考场记录); no rules here. */
@Injectable()
export class IncidentsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  sitting(id: string): Promise<IncidentSittingRow | null> {
    return this.prisma.sitting.findUnique({ where: { id }, select: sittingSelect });
  }

  incident(id: string): Promise<IncidentRow | null> {
    return this.prisma.incident.findUnique({ where: { id }, include: incidentInclude });
  }

  /** A sitting's incidents, optionally of some rooms only, in the order they happened. */
  list(sittingId: string, roomIds?: string[]): Promise<IncidentRow[]> {
    return this.prisma.incident.findMany({
      where: { sittingId, ...(roomIds ? { roomId: { in: roomIds } } : {}) },
      include: incidentInclude,
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** The candidates behind these attempts, with their seat in the attempt's own sitting. */
  async candidates(attemptIds: string[]): Promise<CandidateRow[]> {
    if (attemptIds.length === 0) return [];
    const attempts = await this.prisma.attempt.findMany({
      where: { id: { in: attemptIds } },
      select: { id: true, sittingId: true, applicationId: true },
    });
    if (attempts.length === 0) return [];
    const applications = await this.prisma.application.findMany({
      where: { id: { in: [...new Set(attempts.map((a) => a.applicationId))] } },
      select: {
        id: true,
        person: { select: { name: true } },
        ticket: { select: { ticketNumber: true } },
        seatAssignments: {
          where: { sittingId: { in: [...new Set(attempts.map((a) => a.sittingId))] } },
          select: { sittingId: true, roomId: true, seat: { select: { label: true } } },
        },
      },
    });
    const byId = new Map(applications.map((a) => [a.id, a]));
    return attempts.map((attempt) => {
      const application = byId.get(attempt.applicationId);
      const seat = application?.seatAssignments.find((s) => s.sittingId === attempt.sittingId);
      return {
        attemptId: attempt.id,
        sittingId: attempt.sittingId,
        applicationId: attempt.applicationId,
        roomId: seat?.roomId ?? null,
        seatLabel: seat?.seat.label ?? null,
        name: application?.person.name ?? '',
        ticketNumber: application?.ticket?.ticketNumber ?? null,
      };
    });
  }

  async displayNames(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const users = await this.prisma.user.findMany({
      where: { id: { in: [...new Set(userIds)] } },
      select: { id: true, displayName: true },
    });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  create(
    tx: Db,
    data: {
      sittingId: string;
      roomId: string;
      category: IncidentCategory;
      occurredAt: Date;
      recordedAt: Date;
      recordedByUserId: string;
      attemptIds: string[];
      narrative: string;
      actionTaken: string | null;
    },
  ) {
    return tx.incident.create({ data });
  }

  /** Locks the incident's row for an amendment and reads it again. */
  async lockForChange(tx: Db, id: string) {
    await tx.$queryRaw`SELECT id FROM "Incident" WHERE id = ${id}::uuid FOR UPDATE`;
    return tx.incident.findUniqueOrThrow({
      where: { id },
      include: { _count: { select: { attachments: true } } },
    });
  }

  amend(tx: Db, id: string, data: { narrative: string; actionTaken: string | null; amendedAt: Date }) {
    return tx.incident.update({ where: { id }, data });
  }

  addAttachment(
    tx: Db,
    data: {
      incidentId: string;
      sha256: string;
      fileName: string;
      mediaType: string;
      size: number;
      uploadedAt: Date;
      uploadedBy: string;
    },
  ) {
    return tx.incidentAttachment.create({ data });
  }

  attachment(incidentId: string, attachmentId: string) {
    return this.prisma.incidentAttachment.findFirst({ where: { id: attachmentId, incidentId } });
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }
}
