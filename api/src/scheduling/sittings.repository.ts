import { Inject, Injectable } from '@nestjs/common';
import type { Level, Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

const roomInclude = {
  venue: {
    select: {
      id: true,
      name: true,
      regionId: true,
      organisation: { select: { id: true, ancestorIds: true } },
    },
  },
} as const;

const sittingInclude = {
  rooms: {
    orderBy: [{ position: 'asc' }, { roomId: 'asc' }],
    include: {
      room: {
        include: {
          venue: { select: { name: true } },
          seats: { select: { id: true, spare: true, disabled: true } },
        },
      },
      invigilators: {
        orderBy: { createdAt: 'asc' as const },
        include: { user: { select: { id: true, displayName: true } } },
      },
      _count: { select: { seatAssignments: true } },
    },
  },
  _count: { select: { seatAssignments: true } },
} satisfies Prisma.SittingInclude;

export type SittingRow = Prisma.SittingGetPayload<{ include: typeof sittingInclude }>;
export type RoomScopeRow = Prisma.RoomGetPayload<{ include: typeof roomInclude }>;

/** Sittings that still hold their rooms, people and seats (not cancelled). */
const LIVE = { not: 'cancelled' as const };

/** Queries of sittings, their rooms, invigilators and seat assignments; no rules here. */
@Injectable()
export class SittingsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  batch(id: string) {
    return this.prisma.batch.findUnique({ where: { id }, include: { windows: true } });
  }

  rooms(ids: string[]): Promise<RoomScopeRow[]> {
    return this.prisma.room.findMany({ where: { id: { in: ids } }, include: roomInclude });
  }

  occupation(id: string) {
    return this.prisma.occupation.findUnique({ where: { id }, select: { id: true, regionId: true } });
  }

  find(id: string, db: Db = this.prisma): Promise<SittingRow | null> {
    return db.sitting.findUnique({ where: { id }, include: sittingInclude });
  }

  list(batchId: string, onlyForInvigilator?: string): Promise<SittingRow[]> {
    const where: Prisma.SittingWhereInput = { batchId };
    if (onlyForInvigilator) where.rooms = { some: invigilatedBy(onlyForInvigilator) };
    return this.prisma.sitting.findMany({
      where,
      include: sittingInclude,
      orderBy: [{ startsAt: 'asc' }, { name: 'asc' }, { id: 'asc' }],
    });
  }

  /** Does this invigilator watch one of the sitting's rooms (on duty, or assigned to the room)? */
  async invigilates(sittingId: string, userId: string): Promise<boolean> {
    const n = await this.prisma.sittingRoom.count({ where: { sittingId, ...invigilatedBy(userId) } });
    return n > 0;
  }

  /** Serialises scheduling changes (rooms, invigilators, seats) so two requests cannot both pass a check. */
  async lock(tx: Db): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('exam:scheduling'))`;
  }

  /** Live sittings in [startsAt, endsAt) that use one of these rooms. */
  roomConflicts(tx: Db, roomIds: string[], startsAt: Date, endsAt: Date, exceptSittingId?: string) {
    return tx.sittingRoom.findMany({
      where: {
        roomId: { in: roomIds },
        sitting: {
          status: LIVE,
          startsAt: { lt: endsAt },
          endsAt: { gt: startsAt },
          ...(exceptSittingId ? { id: { not: exceptSittingId } } : {}),
        },
      },
      include: { sitting: { select: { id: true, name: true, startsAt: true, endsAt: true } }, room: true },
      orderBy: [{ sitting: { startsAt: 'asc' } }, { roomId: 'asc' }],
    });
  }

  /** Duties of these users in live sittings overlapping [startsAt, endsAt), other than in this sitting room. */
  invigilatorConflicts(tx: Db, userIds: string[], startsAt: Date, endsAt: Date, exceptSittingRoomId: string) {
    return tx.sittingInvigilator.findMany({
      where: {
        userId: { in: userIds },
        sittingRoomId: { not: exceptSittingRoomId },
        sittingRoom: { sitting: { status: LIVE, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } } },
      },
      include: {
        user: { select: { displayName: true } },
        sittingRoom: {
          include: { sitting: { select: { name: true } }, room: { select: { name: true } } },
        },
      },
    });
  }

  createSitting(tx: Db, data: Prisma.SittingUncheckedCreateInput) {
    return tx.sitting.create({ data });
  }

  usersWithRole(ids: string[], role: 'invigilator') {
    return this.prisma.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, displayName: true, status: true, roles: { where: { role }, select: { id: true } } },
    });
  }

  async replaceInvigilators(tx: Db, sittingRoomId: string, userIds: string[]): Promise<void> {
    await tx.sittingInvigilator.deleteMany({ where: { sittingRoomId } });
    if (userIds.length > 0) {
      await tx.sittingInvigilator.createMany({
        data: userIds.map((userId, i) => ({ sittingRoomId, userId, chief: i === 0 })),
      });
    }
  }

  /** The sitting's rooms with every seat, in fill order. */
  roomsWithSeats(sittingId: string) {
    return this.prisma.sittingRoom.findMany({
      where: { sittingId },
      orderBy: [{ position: 'asc' }, { roomId: 'asc' }],
      include: {
        room: {
          include: { seats: { orderBy: [{ row: 'asc' }, { column: 'asc' }, { id: 'asc' }] } },
        },
      },
    });
  }

  /** Approved applications of the batch, narrowed to an occupation and level when set. */
  roster(batchId: string, occupationId: string | null, level: Level | null) {
    return this.prisma.application.findMany({
      where: {
        batchId,
        status: 'approved',
        ...(occupationId ? { occupationId } : {}),
        ...(level ? { targetLevel: level } : {}),
      },
      select: {
        id: true,
        number: true,
        personId: true,
        organisationId: true,
        occupation: { select: { code: true } },
        targetLevel: true,
      },
      orderBy: { number: 'asc' },
    });
  }

  assignments(sittingId: string, db: Db = this.prisma) {
    return db.seatAssignment.findMany({ where: { sittingId }, orderBy: { seatId: 'asc' } });
  }

  /**
   * Seats these persons hold in other live sittings overlapping [startsAt, endsAt) (any batch): a person
   * cannot sit two exams at once.
   */
  personOverlaps(personIds: string[], sittingId: string, startsAt: Date, endsAt: Date) {
    return this.prisma.seatAssignment.findMany({
      where: {
        sittingId: { not: sittingId },
        application: { personId: { in: personIds } },
        sitting: { status: LIVE, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } },
      },
      select: {
        application: { select: { personId: true } },
        sitting: { select: { name: true, startsAt: true } },
      },
    });
  }

  application(id: string) {
    return this.prisma.application.findUnique({
      where: { id },
      select: {
        id: true,
        number: true,
        batchId: true,
        status: true,
        personId: true,
        occupationId: true,
        targetLevel: true,
      },
    });
  }

  seat(id: string) {
    return this.prisma.seat.findUnique({ where: { id }, include: { room: { select: { name: true } } } });
  }

  seatHolder(db: Db, sittingId: string, seatId: string) {
    return db.seatAssignment.findUnique({
      where: { sittingId_seatId: { sittingId, seatId } },
      include: { application: { select: { number: true } } },
    });
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }
}

function invigilatedBy(userId: string): Prisma.SittingRoomWhereInput {
  return {
    OR: [{ invigilators: { some: { userId } } }, { room: { invigilators: { some: { userId } } } }],
  };
}
