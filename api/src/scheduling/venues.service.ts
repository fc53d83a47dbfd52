import { Inject, Injectable } from '@nestjs/common';
import {
  createRoomRequestSchema,
  type CreateVenueRequest,
  type MarkSpareSeatsRequest,
  type RoomSummaryView,
  type SeatMapView,
  type SeatView,
  type UpdateSeatRequest,
  type VenueSummaryView,
  type VenueView,
  type RoomLayoutRequest,
} from '@exam/contracts';
import type { z } from 'zod';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Conflict, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { buildSeatMap, firstDuplicate, lastUsableSeats } from './seat-labels.js';
import { VenuesRepository } from './venues.repository.js';

const MANAGERS = ['exam_office'] as const;

interface RoomRow {
  id: string;
  venueId: string;
  name: string;
  kind: RoomSummaryView['kind'];
  capacity: number;
  rows: number | null;
  columns: number | null;
  spareSeats: number;
  seats: { spare: boolean; disabled: boolean }[];
}

function toRoomSummary(room: RoomRow): RoomSummaryView {
  const disabledCount = room.seats.filter((s) => s.disabled).length;
  const spareCount = room.seats.filter((s) => s.spare && !s.disabled).length;
  return {
    id: room.id,
    venueId: room.venueId,
    name: room.name,
    kind: room.kind,
    capacity: room.capacity,
    rows: room.rows,
    columns: room.columns,
    seatCount: room.seats.length,
    spareCount,
    disabledCount,
    allocatable: Math.max(0, room.capacity - spareCount),
    spareSeats: room.spareSeats,
  };
}

function toSeatView(s: SeatView): SeatView {
  return {
    id: s.id,
    row: s.row,
    column: s.column,
    label: s.label,
    machineId: s.machineId,
    spare: s.spare,
    disabled: s.disabled,
  };
}

/** A unique-constraint violation (two requests at once) as a conflict that says what is taken. */
async function uniquely<T>(work: Promise<T>, what: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2002') throw new Conflict(what);
    throw error;
  }
}

/** 考点、考场与座位图: venues of an organisation, their rooms and each room's seats. */
@Injectable()
export class VenuesService {
  constructor(
    private readonly repository: VenuesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  /** Venues of the caller's subtrees (admin: all); an invigilator sees the venues of assigned rooms. */
  async list(actor: Actor): Promise<VenueSummaryView[]> {
    const roots = this.access.subtreeRoots(actor, [...MANAGERS]);
    const roomIds = hasRole(actor, 'invigilator')
      ? await this.repository.invigilatorRoomIds(actor.userId)
      : [];
    const venues = await this.repository.listVenues(roots, roomIds);
    return venues.map((v) => {
      const managed = this.manages(roots, v.organisation?.ancestorIds ?? null);
      const rooms = managed ? v.rooms : v.rooms.filter((r) => roomIds.includes(r.id));
      return {
        id: v.id,
        regionId: v.regionId,
        organisationId: v.organisationId,
        organisationName: v.organisation?.name ?? null,
        name: v.name,
        address: v.address,
        roomCount: rooms.length,
        capacity: rooms.reduce((sum, r) => sum + r.capacity, 0),
      };
    });
  }

  /** The venue with its rooms (an invigilator: only the assigned rooms). */
  async get(actor: Actor, id: string): Promise<VenueView> {
    const venue = await this.repository.findVenue(id);
    if (!venue) throw new NotFound('没有找到该考点');
    const roots = this.access.subtreeRoots(actor, [...MANAGERS]);
    let rooms = venue.rooms;
    if (!this.manages(roots, venue.organisation?.ancestorIds ?? null)) {
      const assigned = hasRole(actor, 'invigilator')
        ? await this.repository.invigilatorRoomIds(actor.userId)
        : [];
      rooms = rooms.filter((r) => assigned.includes(r.id));
      if (!rooms.length) throw new OutOfScope('该考点不在您的管理或监考范围内');
    }
    return {
      id: venue.id,
      regionId: venue.regionId,
      organisationId: venue.organisationId,
      organisationName: venue.organisation?.name ?? null,
      name: venue.name,
      address: venue.address,
      rooms: rooms.map(toRoomSummary),
    };
  }

  async createVenue(actor: Actor, origin: RequestOrigin, request: CreateVenueRequest): Promise<VenueView> {
    await this.access.assertOrganisation(actor, request.organisationId, [...MANAGERS]);
    const org = await this.repository.organisation(request.organisationId);
    if (!org) throw new NotFound('没有找到该机构');
    if (await this.repository.venueNameTaken(org.id, request.name))
      throw new Conflict(`「${org.name}」已有名为「${request.name}」的考点`);
    const venue = await this.prisma.$transaction(async (tx) => {
      const created = await this.repository.createVenue(
        { regionId: org.regionId, organisationId: org.id, name: request.name, address: request.address },
        tx,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'venue.create',
          entityType: 'Venue',
          entityId: created.id,
          reason: request.reason,
          details: { organisationId: org.id, name: request.name, address: request.address },
        },
        tx,
      );
      return created;
    });
    return {
      id: venue.id,
      regionId: venue.regionId,
      organisationId: venue.organisationId,
      organisationName: venue.organisation?.name ?? null,
      name: venue.name,
      address: venue.address,
      rooms: [],
    };
  }

  /** Creates a room and its whole seat map in one transaction. */
  async createRoom(
    actor: Actor,
    origin: RequestOrigin,
    venueId: string,
    request: z.output<typeof createRoomRequestSchema>,
  ): Promise<SeatMapView> {
    const venue = await this.repository.findVenue(venueId);
    if (!venue) throw new NotFound('没有找到该考点');
    await this.assertManages(actor, venue.organisationId);
    if (await this.repository.roomNameTaken(venue.id, request.name))
      throw new Conflict(`考点「${venue.name}」已有名为「${request.name}」的考场`);
    const duplicate = firstDuplicate(request.machineIds ?? []);
    if (duplicate) throw new Conflict(`机器编号「${duplicate}」重复：同一考场内每台机器的编号必须不同`);
    const seats = buildSeatMap({
      roomName: request.name,
      computer: request.kind === 'computer',
      rows: request.rows,
      columns: request.columns,
      spareSeats: request.spareSeats,
      machineIds: request.machineIds,
    });
    const roomId = await uniquely(
      this.prisma.$transaction(async (tx) => {
        const room = await this.repository.createRoomWithSeats(
          {
            venueId: venue.id,
            name: request.name,
            kind: request.kind,
            rows: request.rows,
            columns: request.columns,
            spareSeats: request.spareSeats,
            capacity: seats.length,
          },
          seats,
          tx,
        );
        await this.audit.record(
          actor,
          origin,
          {
            category: 'data_change',
            action: 'room.create',
            entityType: 'Room',
            entityId: room.id,
            reason: request.reason,
            details: {
              venueId: venue.id,
              name: request.name,
              kind: request.kind,
              rows: request.rows,
              columns: request.columns,
              spareSeats: request.spareSeats,
              seats: seats.length,
            },
          },
          tx,
        );
        return room.id;
      }),
      `考场「${request.name}」或其机器编号已存在，请刷新后重试`,
    );
    return this.seatMap(actor, roomId);
  }

  /**
   * Lays out a room's seats again (or for the first time): rows × columns, spare seats, machine ids. Refused
   * while any sitting has seated a candidate in the room, since their seats would vanish.
   */
  async layoutRoom(
    actor: Actor,
    origin: RequestOrigin,
    roomId: string,
    request: RoomLayoutRequest,
  ): Promise<SeatMapView> {
    const room = await this.managedRoom(actor, roomId);
    if (request.machineIds && room.kind !== 'computer')
      throw new ValidationFailed('只有机房的座位才有机器编号', [
        { path: 'machineIds', message: '只有机房的座位才有机器编号' },
      ]);
    const duplicate = firstDuplicate(request.machineIds ?? []);
    if (duplicate) throw new Conflict(`机器编号「${duplicate}」重复：同一考场内每台机器的编号必须不同`);
    const seats = buildSeatMap({
      roomName: room.name,
      computer: room.kind === 'computer',
      rows: request.rows,
      columns: request.columns,
      spareSeats: request.spareSeats,
      machineIds: request.machineIds,
    });
    await this.prisma.$transaction(async (tx) => {
      const seated = await this.repository.assignmentsInRoom(roomId, tx);
      if (seated > 0)
        throw new Conflict(
          `考场「${room.name}」已有 ${seated} 条座位安排，不能重新设置座位；请先把考生调出该考场`,
        );
      await this.repository.replaceSeats(
        roomId,
        {
          rows: request.rows,
          columns: request.columns,
          spareSeats: request.spareSeats,
          capacity: seats.length,
        },
        seats,
        tx,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'room.layout',
          entityType: 'Room',
          entityId: roomId,
          reason: request.reason,
          details: {
            before: { rows: room.rows, columns: room.columns, seats: room.seats.length },
            after: {
              rows: request.rows,
              columns: request.columns,
              spareSeats: request.spareSeats,
              seats: seats.length,
            },
          },
        },
        tx,
      );
    });
    return this.seatMap(actor, roomId);
  }

  /** The room's seat map: exam office staff of the venue's subtree, admins, and the room's invigilators. */
  async seatMap(actor: Actor, roomId: string): Promise<SeatMapView> {
    await this.access.assertRoom(actor, roomId);
    const room = await this.repository.findRoom(roomId);
    if (!room) throw new NotFound('没有找到该考场');
    return {
      room: toRoomSummary(room),
      venue: { id: room.venue.id, name: room.venue.name },
      seats: room.seats.map(toSeatView),
    };
  }

  /** Marks a seat spare, disables a broken one, or sets its machine id. */
  async updateSeat(
    actor: Actor,
    origin: RequestOrigin,
    roomId: string,
    seatId: string,
    request: UpdateSeatRequest,
  ): Promise<SeatMapView> {
    const room = await this.managedRoom(actor, roomId);
    const seat = await this.repository.findSeat(room.id, seatId);
    if (!seat) throw new NotFound('该考场中没有找到这个座位');
    const data: { spare?: boolean; disabled?: boolean; machineId?: string | null } = {};
    if (request.disabled !== undefined) data.disabled = request.disabled;
    if (request.spare !== undefined) data.spare = request.spare;
    if (request.disabled === true) data.spare = false;
    if (request.spare === true && request.disabled === undefined && seat.disabled)
      throw new ValidationFailed(`座位 ${seat.label} 已停用，不能作为备用座位`, [
        { path: 'spare', message: '停用的座位不能作为备用座位' },
      ]);
    if (request.machineId !== undefined) {
      if (room.kind !== 'computer' && request.machineId !== null)
        throw new ValidationFailed('只有机房的座位才有机器编号', [
          { path: 'machineId', message: '该考场不是机房' },
        ]);
      if (request.machineId) {
        const taken = await this.repository.machineIdsTaken(room.id, [request.machineId], seat.id);
        if (taken.length)
          throw new Conflict(`机器编号「${request.machineId}」已用于本考场座位 ${taken[0]!.label}`);
      }
      data.machineId = request.machineId;
    }
    const disabling = request.disabled === true && !seat.disabled;
    await uniquely(
      this.prisma.$transaction(async (tx) => {
        const live = disabling ? await this.repository.liveAssignments(seat.id, tx) : [];
        if (live.length)
          throw new Conflict(
            `座位 ${seat.label} 已安排给未结束场次的考生（${live.map((a) => a.sitting.name).join('、')}），请先调整座位再停用`,
          );
        await this.repository.updateSeat(seat.id, data, tx);
        await this.repository.syncRoomCounts(room.id, tx);
        await this.audit.record(
          actor,
          origin,
          {
            category: 'data_change',
            action: 'seat.update',
            entityType: 'Seat',
            entityId: seat.id,
            reason: request.reason,
            details: {
              roomId: room.id,
              label: seat.label,
              before: { spare: seat.spare, disabled: seat.disabled, machineId: seat.machineId },
              after: data,
            },
          },
          tx,
        );
      }),
      `机器编号「${request.machineId ?? ''}」已被本考场的其他座位使用`,
    );
    return this.seatMap(actor, room.id);
  }

  /** Marks the last `count` usable seats of the room spare (and no others). */
  async markSpare(
    actor: Actor,
    origin: RequestOrigin,
    roomId: string,
    request: MarkSpareSeatsRequest,
  ): Promise<SeatMapView> {
    const room = await this.managedRoom(actor, roomId);
    if (!room.seats.length)
      throw new ValidationFailed(`考场「${room.name}」没有座位图，无法标记备用座位`, [
        { path: 'count', message: '考场没有座位图' },
      ]);
    const usable = room.seats.filter((s) => !s.disabled).length;
    if (request.count > usable)
      throw new ValidationFailed(`备用座位数 ${request.count} 超过了可用座位数 ${usable}`, [
        { path: 'count', message: `不能超过可用座位数 ${usable}` },
      ]);
    const spareIds = lastUsableSeats(room.seats, request.count);
    await this.prisma.$transaction(async (tx) => {
      await this.repository.markSpare(room.id, spareIds, tx);
      await this.repository.syncRoomCounts(room.id, tx);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'room.mark_spare',
          entityType: 'Room',
          entityId: room.id,
          reason: request.reason,
          details: {
            count: request.count,
            labels: room.seats.filter((s) => spareIds.includes(s.id)).map((s) => s.label),
          },
        },
        tx,
      );
    });
    return this.seatMap(actor, room.id);
  }

  /** A room the actor may change: exam office of the venue's subtree, or an admin. */
  private async managedRoom(actor: Actor, roomId: string) {
    const room = await this.repository.findRoom(roomId);
    if (!room) throw new NotFound('没有找到该考场');
    await this.assertManages(actor, room.venue.organisationId);
    return room;
  }

  private async assertManages(actor: Actor, organisationId: string | null): Promise<void> {
    if (hasRole(actor, 'admin')) return;
    if (!organisationId) throw new OutOfScope('该考点不属于任何机构，只有系统管理员可以修改');
    await this.access.assertOrganisation(actor, organisationId, [...MANAGERS]);
  }

  /** Does the actor manage a venue of an organisation with these ancestors (null: of no organisation)? */
  private manages(roots: string[] | null, ancestorIds: string[] | null): boolean {
    if (roots === null) return true;
    return !!ancestorIds && ancestorIds.some((id) => roots.includes(id));
  }
}
