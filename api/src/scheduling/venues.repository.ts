import { Inject, Injectable } from '@nestjs/common';
import type { RoomKind } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';
import type { NewSeat } from './seat-labels.js';

/** Sittings whose seat assignments still count: not yet closed or cancelled. */
const UNFINISHED_SITTINGS = ['draft', 'published', 'open'] as const;

const seatCounts = {
  select: { spare: true, disabled: true },
} as const;

export const roomWithSeatFlags = {
  id: true,
  venueId: true,
  name: true,
  kind: true,
  capacity: true,
  rows: true,
  columns: true,
  spareSeats: true,
  seats: seatCounts,
} as const;

@Injectable()
export class VenuesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Venues of organisations within the subtrees (null: all), plus venues holding any of `roomIds`
   * (an invigilator's rooms).
   */
  listVenues(roots: string[] | null, roomIds: string[]) {
    const or = [
      ...(roots === null
        ? [{}]
        : roots.length
          ? [{ organisation: { ancestorIds: { hasSome: roots } } }]
          : []),
      ...(roomIds.length ? [{ rooms: { some: { id: { in: roomIds } } } }] : []),
    ];
    if (!or.length) return Promise.resolve([]);
    return this.prisma.venue.findMany({
      where: { OR: or },
      include: {
        organisation: { select: { name: true, ancestorIds: true } },
        rooms: { select: { id: true, capacity: true } },
      },
      orderBy: [{ regionId: 'asc' }, { name: 'asc' }],
    });
  }

  findVenue(id: string) {
    return this.prisma.venue.findUnique({
      where: { id },
      include: {
        organisation: { select: { name: true, ancestorIds: true } },
        rooms: { select: roomWithSeatFlags, orderBy: { name: 'asc' } },
      },
    });
  }

  venueNameTaken(organisationId: string, name: string) {
    return this.prisma.venue.count({ where: { organisationId, name } }).then((n) => n > 0);
  }

  createVenue(
    data: { regionId: string; organisationId: string; name: string; address: string },
    db: Db = this.prisma,
  ) {
    return db.venue.create({ data, include: { organisation: { select: { name: true } } } });
  }

  roomNameTaken(venueId: string, name: string) {
    return this.prisma.room.count({ where: { venueId, name } }).then((n) => n > 0);
  }

  machineIdsTaken(roomId: string, machineIds: string[], exceptSeatId?: string) {
    return this.prisma.seat.findMany({
      where: {
        roomId,
        machineId: { in: machineIds },
        ...(exceptSeatId ? { id: { not: exceptSeatId } } : {}),
      },
      select: { machineId: true, label: true },
    });
  }

  async createRoomWithSeats(
    data: {
      venueId: string;
      name: string;
      kind: RoomKind;
      rows: number;
      columns: number;
      spareSeats: number;
      capacity: number;
    },
    seats: NewSeat[],
    db: Db,
  ) {
    const room = await db.room.create({ data });
    await db.seat.createMany({ data: seats.map((s) => ({ ...s, roomId: room.id })) });
    return room;
  }

  /** Seat assignments in this room (any sitting): while there are some, the seats stay as they are. */
  assignmentsInRoom(roomId: string, db: Db = this.prisma) {
    return db.seatAssignment.count({ where: { roomId } });
  }

  /** Replaces every seat of the room and its grid size. */
  async replaceSeats(
    roomId: string,
    data: { rows: number; columns: number; spareSeats: number; capacity: number },
    seats: NewSeat[],
    db: Db,
  ) {
    await db.seat.deleteMany({ where: { roomId } });
    await db.room.update({ where: { id: roomId }, data });
    await db.seat.createMany({ data: seats.map((s) => ({ ...s, roomId })) });
  }

  /** The room with its venue's organisation (for scope) and its seats in seat order. */
  findRoom(id: string, db: Db = this.prisma) {
    return db.room.findUnique({
      where: { id },
      include: {
        venue: {
          select: { id: true, name: true, organisationId: true },
        },
        seats: { orderBy: [{ row: 'asc' }, { column: 'asc' }] },
      },
    });
  }

  roomSummary(id: string, db: Db = this.prisma) {
    return db.room.findUniqueOrThrow({ where: { id }, select: roomWithSeatFlags });
  }

  findSeat(roomId: string, seatId: string, db: Db = this.prisma) {
    return db.seat.findFirst({ where: { id: seatId, roomId } });
  }

  /** Seat assignments of the seat in sittings that are not finished (closed or cancelled). */
  liveAssignments(seatId: string, db: Db = this.prisma) {
    return db.seatAssignment.findMany({
      where: { seatId, sitting: { status: { in: [...UNFINISHED_SITTINGS] } } },
      select: { sitting: { select: { id: true, name: true, startsAt: true } } },
      take: 5,
    });
  }

  updateSeat(
    seatId: string,
    data: { spare?: boolean; disabled?: boolean; machineId?: string | null },
    db: Db,
  ) {
    return db.seat.update({ where: { id: seatId }, data });
  }

  async markSpare(roomId: string, spareIds: string[], db: Db) {
    await db.seat.updateMany({ where: { roomId, id: { notIn: spareIds } }, data: { spare: false } });
    await db.seat.updateMany({ where: { roomId, id: { in: spareIds } }, data: { spare: true } });
  }

  /** Keeps the room's capacity (usable seats) and spare seat number in step with its seat map. */
  async syncRoomCounts(roomId: string, db: Db) {
    const capacity = await db.seat.count({ where: { roomId, disabled: false } });
    const spareSeats = await db.seat.count({ where: { roomId, disabled: false, spare: true } });
    return db.room.update({ where: { id: roomId }, data: { capacity, spareSeats } });
  }

  /** Room ids an invigilator is assigned to. */
  invigilatorRoomIds(userId: string) {
    return this.prisma.invigilatorAssignment
      .findMany({ where: { userId }, select: { roomId: true } })
      .then((rows) => rows.map((r) => r.roomId));
  }

  organisation(id: string) {
    return this.prisma.organisation.findUnique({
      where: { id },
      select: { id: true, regionId: true, name: true },
    });
  }
}
