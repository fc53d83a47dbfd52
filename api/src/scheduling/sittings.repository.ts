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
    return this.prisma.batch.findUnique({
      where: { id },
      include: {
        windows: true,
        policyVersion: { select: { policyId: true, version: true, document: true } },
      },
    });
  }

  /** The batch's live sittings, for the component-order check (inside the scheduling lock). */
  batchSittings(tx: Db, batchId: string) {
    return tx.sitting.findMany({
      where: { batchId, status: LIVE },
      select: {
        id: true,
        name: true,
        component: true,
        occupationId: true,
        level: true,
        startsAt: true,
        endsAt: true,
      },
      orderBy: { startsAt: 'asc' },
    });
  }

  /**
   * The other live sittings (of any batch) these persons hold seats in, with times and components: the
   * clash check looks at all of them, the order check at those of the same application.
   */
  seatedElsewhere(personIds: string[], exceptSittingId: string, db: Db = this.prisma) {
    return db.seatAssignment.findMany({
      where: {
        application: { personId: { in: personIds } },
        sittingId: { not: exceptSittingId },
        sitting: { status: LIVE },
      },
      select: {
        applicationId: true,
        application: { select: { number: true, personId: true } },
        sitting: { select: { id: true, name: true, component: true, startsAt: true, endsAt: true } },
      },
    });
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

  /**
   * Duties of these users in live sittings overlapping [startsAt, endsAt), leaving out one sitting room (its
   * invigilators are being replaced) or a whole sitting (its time is changing).
   */
  invigilatorConflicts(
    tx: Db,
    userIds: string[],
    startsAt: Date,
    endsAt: Date,
    except: { sittingRoomId: string } | { sittingId: string },
  ) {
    const overlapping = { status: LIVE, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } };
    return tx.sittingInvigilator.findMany({
      where: {
        userId: { in: userIds },
        ...('sittingRoomId' in except ? { sittingRoomId: { not: except.sittingRoomId } } : {}),
        sittingRoom: {
          sitting: 'sittingId' in except ? { id: { not: except.sittingId }, ...overlapping } : overlapping,
        },
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

  updateSitting(tx: Db, id: string, data: Prisma.SittingUncheckedUpdateInput) {
    return tx.sitting.update({ where: { id }, data });
  }

  /** Seats taken in these rooms of the sitting (a room cannot leave a sitting while candidates sit in it). */
  assignedPerRoom(tx: Db, sittingId: string, roomIds: string[]) {
    return tx.seatAssignment.groupBy({
      by: ['roomId'],
      where: { sittingId, roomId: { in: roomIds } },
      _count: { _all: true },
    });
  }

  /** Sets the sitting's rooms to `roomIds` in this fill order, keeping the rows (and invigilators) of kept rooms. */
  async replaceRooms(tx: Db, sittingId: string, roomIds: string[]): Promise<void> {
    await tx.sittingRoom.deleteMany({ where: { sittingId, roomId: { notIn: roomIds } } });
    for (const [position, roomId] of roomIds.entries()) {
      await tx.sittingRoom.upsert({
        where: { sittingId_roomId: { sittingId, roomId } },
        create: { sittingId, roomId, position },
        update: { position },
      });
    }
  }

  /** Invigilators on duty in this sitting (for the clash check when its time changes). */
  sittingInvigilators(tx: Db, sittingId: string) {
    return tx.sittingInvigilator.findMany({
      where: { sittingRoom: { sittingId } },
      select: { userId: true, sittingRoomId: true },
    });
  }

  /** The room plan: every seat assignment with the candidate, unit, ticket and seat label. */
  seatPlan(sittingId: string, onlyRoomIds?: string[]) {
    return this.prisma.seatAssignment.findMany({
      where: { sittingId, ...(onlyRoomIds ? { roomId: { in: onlyRoomIds } } : {}) },
      orderBy: [{ roomId: 'asc' }, { seat: { row: 'asc' } }, { seat: { column: 'asc' } }],
      select: {
        applicationId: true,
        roomId: true,
        seatId: true,
        reason: true,
        seat: { select: { label: true } },
        application: {
          select: {
            number: true,
            organisationId: true,
            organisation: { select: { name: true } },
            person: { select: { name: true } },
            ticket: { select: { ticketNumber: true } },
          },
        },
      },
    });
  }

  /** Rooms of this sitting the invigilator watches (on duty, or assigned to the room). */
  async invigilatedRoomIds(sittingId: string, userId: string): Promise<string[]> {
    const rows = await this.prisma.sittingRoom.findMany({
      where: { sittingId, ...invigilatedBy(userId) },
      select: { roomId: true },
    });
    return rows.map((r) => r.roomId);
  }

  /** Active users holding the invigilator role. */
  invigilatorOptions() {
    return this.prisma.user.findMany({
      where: { status: 'active', roles: { some: { role: 'invigilator' } } },
      select: { id: true, username: true, displayName: true },
      orderBy: [{ displayName: 'asc' }, { username: 'asc' }],
    });
  }

  /** Candidates seated in this sitting, with their application numbers. */
  /** The sitting's seated applications, by application number (messages list them in this order). */
  seatedApplications(tx: Db, sittingId: string) {
    return tx.seatAssignment.findMany({
      where: { sittingId },
      orderBy: { application: { number: 'asc' } },
      select: { applicationId: true, application: { select: { number: true, personId: true } } },
    });
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

  /** Approved applications of the batch, narrowed to an occupation when set and to these levels. */
  roster(batchId: string, occupationId: string | null, levels: Level[]) {
    return this.prisma.application.findMany({
      where: {
        batchId,
        status: 'approved',
        ...(occupationId ? { occupationId } : {}),
        targetLevel: { in: levels },
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
