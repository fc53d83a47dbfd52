import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';
import type { PlanSitting } from './handbook-plan.js';

const planSelect = {
  id: true,
  name: true,
  component: true,
  subject: true,
  occupationId: true,
  level: true,
  startsAt: true,
  endsAt: true,
  status: true,
  occupation: { select: { name: true } },
  rooms: {
    orderBy: [{ position: 'asc' }, { roomId: 'asc' }],
    select: {
      roomId: true,
      position: true,
      room: {
        select: {
          name: true,
          rows: true,
          columns: true,
          venue: { select: { name: true } },
          seats: {
            orderBy: [{ row: 'asc' }, { column: 'asc' }, { id: 'asc' }],
            select: { id: true, row: true, column: true, label: true, spare: true, disabled: true },
          },
        },
      },
      invigilators: {
        orderBy: [{ chief: 'desc' }, { createdAt: 'asc' }, { userId: 'asc' }],
        select: { userId: true, chief: true, user: { select: { displayName: true } } },
      },
      seatAssignments: {
        orderBy: { seatId: 'asc' },
        select: {
          seatId: true,
          applicationId: true,
          application: {
            select: {
              number: true,
              person: { select: { name: true, idNumber: true } },
              ticket: { select: { ticketNumber: true } },
            },
          },
        },
      },
    },
  },
} satisfies Prisma.SittingSelect;

type PlanRow = Prisma.SittingGetPayload<{ select: typeof planSelect }>;

const batchInclude = {
  region: { select: { name: true } },
  windows: true,
  policyVersion: {
    select: { id: true, policyId: true, version: true, policy: { select: { title: true } } },
  },
} satisfies Prisma.BatchInclude;

export type HandbookBatchRow = Prisma.BatchGetPayload<{ include: typeof batchInclude }>;
export type HandbookRow = Prisma.HandbookGetPayload<object>;

/** Queries of handbooks, the plan they print, and sitting status changes; no rules here. */
@Injectable()
export class HandbookRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  batch(id: string, db: Db = this.prisma): Promise<HandbookBatchRow | null> {
    return db.batch.findUnique({ where: { id }, include: batchInclude });
  }

  /** The batch's live sittings with rooms, seat maps, candidates and invigilators, in time order. */
  async plan(batchId: string, db: Db = this.prisma, only?: { sittingId?: string; roomId?: string }) {
    const rows = await db.sitting.findMany({
      where: {
        batchId,
        status: { not: 'cancelled' },
        ...(only?.sittingId ? { id: only.sittingId } : {}),
      },
      orderBy: [{ startsAt: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      select: planSelect,
    });
    const sittings = rows.map(toPlan);
    if (!only?.roomId) return sittings;
    for (const s of sittings) s.rooms = s.rooms.filter((r) => r.roomId === only.roomId);
    return sittings.filter((s) => s.rooms.length > 0);
  }

  /** Start of the earliest live sitting, or null. */
  async firstStart(batchId: string): Promise<Date | null> {
    const first = await this.prisma.sitting.findFirst({
      where: { batchId, status: { not: 'cancelled' } },
      orderBy: { startsAt: 'asc' },
      select: { startsAt: true },
    });
    return first?.startsAt ?? null;
  }

  versions(batchId: string, db: Db = this.prisma): Promise<HandbookRow[]> {
    return db.handbook.findMany({ where: { batchId }, orderBy: { version: 'desc' } });
  }

  latest(batchId: string, db: Db = this.prisma): Promise<HandbookRow | null> {
    return db.handbook.findFirst({ where: { batchId }, orderBy: { version: 'desc' } });
  }

  version(batchId: string, version: number): Promise<HandbookRow | null> {
    return this.prisma.handbook.findUnique({ where: { batchId_version: { batchId, version } } });
  }

  createVersion(tx: Db, data: Prisma.HandbookUncheckedCreateInput): Promise<HandbookRow> {
    return tx.handbook.create({ data });
  }

  sittingNames(ids: string[]) {
    return this.prisma.sitting.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  }

  users(ids: string[]) {
    return this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  }

  /** Does this user watch a room of a live sitting of the batch (on duty, or assigned to the room)? */
  async invigilatesInBatch(batchId: string, userId: string): Promise<boolean> {
    const n = await this.prisma.sittingRoom.count({
      where: {
        sitting: { batchId, status: { not: 'cancelled' } },
        OR: [{ invigilators: { some: { userId } } }, { room: { invigilators: { some: { userId } } } }],
      },
    });
    return n > 0;
  }

  /** Does this user watch one of the sitting's rooms (on duty, or assigned to the room)? */
  async invigilates(sittingId: string, userId: string): Promise<boolean> {
    const n = await this.prisma.sittingRoom.count({
      where: {
        sittingId,
        OR: [{ invigilators: { some: { userId } } }, { room: { invigilators: { some: { userId } } } }],
      },
    });
    return n > 0;
  }

  sitting(id: string, db: Db = this.prisma) {
    return db.sitting.findUnique({
      where: { id },
      select: { id: true, batchId: true, name: true, status: true, startsAt: true, endsAt: true },
    });
  }

  /** Moves a sitting from one status to another; 0 when someone else moved it first. */
  async moveStatus(tx: Db, id: string, from: 'draft' | 'published', to: 'published' | 'open', at: Date) {
    const { count } = await tx.sitting.updateMany({
      where: { id, status: from },
      data: { status: to, ...(to === 'published' ? { publishedAt: at } : {}) },
    });
    return count;
  }

  draftSittings(tx: Db, batchId: string) {
    return tx.sitting.findMany({
      where: { batchId, status: 'draft' },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true },
    });
  }

  countLive(tx: Db, batchId: string) {
    return tx.sitting.count({ where: { batchId, status: { not: 'cancelled' } } });
  }

  async publishDrafts(tx: Db, ids: string[], at: Date): Promise<number> {
    const { count } = await tx.sitting.updateMany({
      where: { id: { in: ids }, status: 'draft' },
      data: { status: 'published', publishedAt: at },
    });
    return count;
  }

  /** The same advisory lock the scheduling changes take, so the plan cannot change under a check. */
  async lockScheduling(tx: Db): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('exam:scheduling'))`;
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }
}

function toPlan(s: PlanRow): PlanSitting {
  return {
    id: s.id,
    name: s.name,
    component: s.component,
    subject: s.subject,
    occupationId: s.occupationId,
    occupationName: s.occupation?.name ?? null,
    level: s.level,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    status: s.status,
    rooms: s.rooms.map((r) => ({
      roomId: r.roomId,
      name: r.room.name,
      venueName: r.room.venue.name,
      position: r.position,
      rows: r.room.rows,
      columns: r.room.columns,
      seats: r.room.seats,
      invigilators: r.invigilators.map((i) => ({
        userId: i.userId,
        displayName: i.user.displayName,
        chief: i.chief,
      })),
      candidates: r.seatAssignments.map((a) => ({
        seatId: a.seatId,
        applicationId: a.applicationId,
        applicationNumber: a.application.number,
        name: a.application.person.name,
        idNumber: a.application.person.idNumber,
        ticketNumber: a.application.ticket?.ticketNumber ?? null,
      })),
    })),
  };
}
