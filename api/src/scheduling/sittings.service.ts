import { Injectable } from '@nestjs/common';
import type {
  CreateSittingRequest,
  InvigilatorOption,
  SeatAssignmentView,
  SetInvigilatorsRequest,
  SittingView,
} from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Conflict, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import {
  assertBatchOrder,
  assertInExamWindow,
  assertPolicyHasComponent,
  batchPolicy,
  invigilatorConflictError,
  roomConflictError,
} from './sitting-checks.js';
import { SittingsRepository, type RoomScopeRow, type SittingRow } from './sittings.repository.js';

const minute = 60_000;

/**
 * 场次: a sitting is a component (and subject) of a batch at one time in one or more rooms. Rules: it lies
 * inside the batch's exam window; no room holds two overlapping sittings; every room is of the batch's region
 * (and of the office's subtree); no invigilator watches two overlapping sittings. Changes are serialised
 * (one advisory lock) so two requests cannot both pass the same check, and each is audited with its reason.
 */
@Injectable()
export class SittingsService {
  constructor(
    private readonly repository: SittingsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, origin: RequestOrigin, batchId: string, input: CreateSittingRequest) {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    await this.access.assertRegion(actor, batch.regionId, ['exam_office']);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(startsAt.getTime() + input.durationMinutes * minute);

    assertInExamWindow(batch, startsAt, endsAt);
    const policy = batchPolicy(batch);
    assertPolicyHasComponent(policy, input.component, input.subject ?? null, input.level ?? null);
    if (input.occupationId) {
      const occupation = await this.repository.occupation(input.occupationId);
      if (!occupation || occupation.regionId !== batch.regionId)
        throw new ValidationFailed('没有找到该工种，或该工种不属于本批次所在地区', [
          { path: 'occupationId', message: '工种不存在' },
        ]);
    }
    await this.assertRooms(actor, input.roomIds, batch.regionId);

    const sitting = await this.repository.transaction(async (tx) => {
      await this.repository.lock(tx);
      const taken = await this.repository.roomConflicts(tx, input.roomIds, startsAt, endsAt);
      if (taken.length > 0) throw roomConflictError(taken);
      assertBatchOrder(
        policy,
        {
          id: '',
          name: input.name,
          component: input.component,
          occupationId: input.occupationId ?? null,
          level: input.level ?? null,
          startsAt,
          endsAt,
        },
        await this.repository.batchSittings(tx, batchId),
      );
      const created = await this.repository.createSitting(tx, {
        batchId,
        component: input.component,
        subject: input.subject ?? null,
        occupationId: input.occupationId ?? null,
        level: input.level ?? null,
        name: input.name,
        startsAt,
        durationMinutes: input.durationMinutes,
        endsAt,
        createdByUserId: actor.userId,
        rooms: { create: input.roomIds.map((roomId, position) => ({ roomId, position })) },
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'sitting.create',
          entityType: 'sitting',
          entityId: created.id,
          reason: input.reason,
          details: {
            batchId,
            name: input.name,
            component: input.component,
            startsAt: startsAt.toISOString(),
            durationMinutes: input.durationMinutes,
            roomIds: input.roomIds,
          },
        },
        tx,
      );
      return created;
    });
    return this.get(actor, sitting.id);
  }

  async list(actor: Actor, batchId: string): Promise<SittingView[]> {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    if (await this.managesRegion(actor, batch.regionId)) {
      return (await this.repository.list(batchId)).map(toView);
    }
    if (hasRole(actor, 'invigilator')) return (await this.repository.list(batchId, actor.userId)).map(toView);
    throw new OutOfScope('该批次不在您的管理范围内');
  }

  async get(actor: Actor, id: string): Promise<SittingView> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFound('没有找到该场次');
    await this.assertReader(actor, row);
    return toView(row);
  }

  /**
   * The room plan of a sitting: office staff see every room, an invigilator the rooms they watch. Names and
   * units only; no ID numbers.
   */
  async seatPlan(actor: Actor, id: string): Promise<SeatAssignmentView[]> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFound('没有找到该场次');
    const batch = await this.repository.batch(row.batchId);
    let rooms: string[] | undefined;
    if (!batch || !(await this.managesRegion(actor, batch.regionId))) {
      rooms = hasRole(actor, 'invigilator') ? await this.repository.invigilatedRoomIds(id, actor.userId) : [];
      if (rooms.length === 0) throw new OutOfScope('该场次不在您的监考或管理范围内');
    }
    const plan = await this.repository.seatPlan(id, rooms);
    return plan.map((a) => ({
      applicationId: a.applicationId,
      applicationNumber: a.application.number,
      personName: a.application.person.name,
      organisationId: a.application.organisationId,
      organisationName: a.application.organisation.name,
      ticketNumber: a.application.ticket?.ticketNumber ?? null,
      roomId: a.roomId,
      seatId: a.seatId,
      seatLabel: a.seat.label,
      reason: a.reason,
    }));
  }

  /** Users who can be put on duty (active invigilators), for the office's duty roster. */
  async invigilatorOptions(): Promise<InvigilatorOption[]> {
    const users = await this.repository.invigilatorOptions();
    return users.map((u) => ({ userId: u.id, username: u.username, displayName: u.displayName }));
  }

  async setInvigilators(actor: Actor, origin: RequestOrigin, id: string, input: SetInvigilatorsRequest) {
    const row = await this.loadForChange(actor, id);
    const sittingRoom = row.rooms.find((r) => r.roomId === input.roomId);
    if (!sittingRoom)
      throw new ValidationFailed('该考场不在本场次中', [{ path: 'roomId', message: '考场不在本场次中' }]);
    const users = await this.repository.usersWithRole(input.userIds, 'invigilator');
    const byId = new Map(users.map((u) => [u.id, u]));
    const problems: string[] = [];
    for (const userId of input.userIds) {
      const user = byId.get(userId);
      if (!user) problems.push(`没有找到用户 ${userId}`);
      else if (user.roles.length === 0) problems.push(`${user.displayName} 不是监考员`);
      else if (user.status !== 'active') problems.push(`${user.displayName} 的账号已停用`);
    }
    if (problems.length > 0)
      throw new ValidationFailed(problems.join('；'), [{ path: 'userIds', message: problems.join('；') }]);

    await this.repository.transaction(async (tx) => {
      await this.repository.lock(tx);
      const busy = await this.repository.invigilatorConflicts(tx, input.userIds, row.startsAt, row.endsAt, {
        sittingRoomId: sittingRoom.id,
      });
      if (busy.length > 0) throw invigilatorConflictError(busy);
      await this.repository.replaceInvigilators(tx, sittingRoom.id, input.userIds);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'sitting.invigilators',
          entityType: 'sitting',
          entityId: id,
          reason: input.reason,
          details: {
            roomId: input.roomId,
            before: sittingRoom.invigilators.map((i) => i.userId),
            after: input.userIds,
          },
        },
        tx,
      );
    });
    return this.get(actor, id);
  }

  /** The sitting, for a change by the exam office of its batch's region; refused once it opened. */
  async loadForChange(actor: Actor, id: string): Promise<SittingRow> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFound('没有找到该场次');
    const batch = await this.repository.batch(row.batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    await this.access.assertRegion(actor, batch.regionId, ['exam_office']);
    if (row.status !== 'draft' && row.status !== 'published')
      throw new Conflict(`场次「${row.name}」已${row.status === 'cancelled' ? '取消' : '开考'}，不能再修改`);
    return row;
  }

  private async assertReader(actor: Actor, row: SittingRow): Promise<void> {
    const batch = await this.repository.batch(row.batchId);
    if (batch && (await this.managesRegion(actor, batch.regionId))) return;
    if (hasRole(actor, 'invigilator') && (await this.repository.invigilates(row.id, actor.userId))) return;
    throw new OutOfScope('该场次不在您的监考或管理范围内');
  }

  private async managesRegion(actor: Actor, regionId: string): Promise<boolean> {
    return this.access.assertRegion(actor, regionId, ['exam_office']).then(
      () => true,
      () => false,
    );
  }

  /** Every room exists, is of the batch's region and (for office staff) of a venue within their subtree. */
  async assertRooms(actor: Actor, roomIds: string[], regionId: string): Promise<void> {
    const rooms = await this.repository.rooms(roomIds);
    const byId = new Map(rooms.map((r) => [r.id, r]));
    const missing = roomIds.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new ValidationFailed(`没有找到考场：${missing.join('、')}`, [
        { path: 'roomIds', message: '考场不存在' },
      ]);
    for (const room of rooms) this.assertRoomInScope(actor, room, regionId);
  }

  private assertRoomInScope(actor: Actor, room: RoomScopeRow, regionId: string): void {
    if (room.venue.regionId !== regionId)
      throw new ValidationFailed(`考场 ${room.name}（${room.venue.name}）不属于本批次所在地区`, [
        { path: 'roomIds', message: `考场 ${room.name} 不属于本地区` },
      ]);
    const roots = this.access.subtreeRoots(actor, ['exam_office']);
    if (roots === null) return;
    const ancestors = room.venue.organisation?.ancestorIds;
    if (ancestors && !ancestors.some((id) => roots.includes(id)))
      throw new OutOfScope(`考场 ${room.name}（${room.venue.name}）不在您的管理范围内`);
  }
}

export function toView(row: SittingRow): SittingView {
  return {
    id: row.id,
    batchId: row.batchId,
    component: row.component,
    subject: row.subject,
    occupationId: row.occupationId,
    level: row.level,
    name: row.name,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    durationMinutes: row.durationMinutes,
    status: row.status,
    assignments: row._count.seatAssignments,
    rooms: row.rooms.map((r) => ({
      roomId: r.roomId,
      name: r.room.name,
      venueName: r.room.venue.name,
      position: r.position,
      seats: r.room.seats.length,
      spareSeats: r.spareSeats ?? r.room.spareSeats,
      disabledSeats: r.room.seats.filter((s) => s.disabled).length,
      assigned: r._count.seatAssignments,
      invigilators: r.invigilators.map((i) => ({
        userId: i.userId,
        displayName: i.user.displayName,
        chief: i.chief,
      })),
    })),
  };
}
