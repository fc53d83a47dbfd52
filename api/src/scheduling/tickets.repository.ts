import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

/** A seat assignment with what a 准考证 prints of it. */
const assignmentInclude = {
  sitting: {
    select: {
      id: true,
      component: true,
      subject: true,
      name: true,
      startsAt: true,
      endsAt: true,
      status: true,
    },
  },
  sittingRoom: {
    select: {
      position: true,
      room: { select: { id: true, name: true, venue: { select: { name: true } } } },
    },
  },
  seat: { select: { label: true, machineId: true, row: true, column: true } },
} as const;

/** Live assignments only: a cancelled sitting is not printed. */
const liveAssignments = {
  where: { sitting: { status: { not: 'cancelled' as const } } },
  include: assignmentInclude,
  orderBy: [{ sitting: { startsAt: 'asc' as const } }, { sittingId: 'asc' as const }],
};

const ticketInclude = {
  batch: { select: { id: true, name: true, code: true, regionId: true, region: { select: { name: true } } } },
  application: {
    select: {
      id: true,
      number: true,
      personId: true,
      organisationId: true,
      targetLevel: true,
      occupation: { select: { name: true } },
      person: {
        select: {
          name: true,
          idNumber: true,
          sex: true,
          organisation: { select: { name: true } },
        },
      },
      materials: {
        where: { code: 'photo', supersededAt: null },
        orderBy: { uploadedAt: 'desc' as const },
        take: 1,
        select: { sha256: true, format: true },
      },
      seatAssignments: liveAssignments,
    },
  },
} as const;

export type TicketRow = Prisma.AdmissionTicketGetPayload<{ include: typeof ticketInclude }>;
export type TicketAssignmentRow = TicketRow['application']['seatAssignments'][number];

/** Queries of the 准考证 module; no rules. */
@Injectable()
export class TicketsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((tx) => work(tx), { timeout: 60_000 });
  }

  /** Serialises issuing for one batch (two requests cannot hand out the same sequence numbers). */
  async lockBatch(tx: Db, batchId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('exam:tickets:' || ${batchId}))`;
  }

  batch(id: string) {
    return this.prisma.batch.findUnique({
      where: { id },
      select: { id: true, code: true, name: true, regionId: true },
    });
  }

  /** Approved applications of the batch with their ticket (if any) and live seats, for issuing. */
  approvedForIssue(tx: Db, batchId: string) {
    return tx.application.findMany({
      where: { batchId, status: 'approved' },
      select: {
        id: true,
        number: true,
        ticket: { select: { id: true } },
        seatAssignments: {
          where: liveAssignments.where,
          orderBy: liveAssignments.orderBy,
          select: {
            sittingId: true,
            sitting: { select: { startsAt: true } },
            sittingRoom: { select: { position: true } },
            seat: { select: { row: true, column: true } },
            roomId: true,
          },
        },
      },
    });
  }

  ticketNumbers(tx: Db, batchId: string) {
    return tx.admissionTicket.findMany({ where: { batchId }, select: { ticketNumber: true } });
  }

  createTickets(
    tx: Db,
    rows: { applicationId: string; batchId: string; ticketNumber: string; createdAt: Date }[],
  ) {
    return tx.admissionTicket.createMany({ data: rows });
  }

  countInBatch(tx: Db, batchId: string) {
    return tx.admissionTicket.count({ where: { batchId } });
  }

  publish(tx: Db, batchId: string, at: Date) {
    return tx.admissionTicket.updateMany({
      where: { batchId, publishedAt: null },
      data: { publishedAt: at },
    });
  }

  ticket(id: string): Promise<TicketRow | null> {
    return this.prisma.admissionTicket.findUnique({ where: { id }, include: ticketInclude });
  }

  byNumber(ticketNumber: string): Promise<TicketRow | null> {
    return this.prisma.admissionTicket.findUnique({ where: { ticketNumber }, include: ticketInclude });
  }

  ofBatch(batchId: string): Promise<TicketRow[]> {
    return this.prisma.admissionTicket.findMany({
      where: { batchId },
      include: ticketInclude,
      orderBy: { ticketNumber: 'asc' },
    });
  }

  publishedOf(personId: string): Promise<TicketRow[]> {
    return this.prisma.admissionTicket.findMany({
      where: { publishedAt: { not: null }, application: { personId } },
      include: ticketInclude,
      orderBy: [{ createdAt: 'desc' }, { ticketNumber: 'asc' }],
    });
  }

  /** The tickets of a batch to render (optionally those seated in one room), in ticket-number order. */
  ticketIdsForRendering(batchId: string, roomId?: string) {
    return this.prisma.admissionTicket.findMany({
      where: {
        batchId,
        ...(roomId ? { application: { seatAssignments: { some: { roomId } } } } : {}),
      },
      orderBy: { ticketNumber: 'asc' },
      select: {
        id: true,
        application: {
          select: {
            seatAssignments: {
              where: liveAssignments.where,
              orderBy: liveAssignments.orderBy,
              take: 1,
              select: { roomId: true },
            },
          },
        },
      },
    });
  }

  async ticketsByIds(ids: string[]): Promise<TicketRow[]> {
    const rows = await this.prisma.admissionTicket.findMany({
      where: { id: { in: ids } },
      include: ticketInclude,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is TicketRow => r !== undefined);
  }

  room(id: string) {
    return this.prisma.room.findUnique({ where: { id }, select: { id: true, name: true } });
  }

  /** Is the invigilator on duty in this sitting's room, or assigned to the room? */
  async invigilates(userId: string, sittingId: string, roomId: string): Promise<boolean> {
    const n = await this.prisma.sittingRoom.count({
      where: {
        sittingId,
        roomId,
        OR: [{ invigilators: { some: { userId } } }, { room: { invigilators: { some: { userId } } } }],
      },
    });
    return n > 0;
  }
}
