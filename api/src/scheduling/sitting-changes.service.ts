import { Injectable } from '@nestjs/common';
import type { CancelSittingRequest, SittingView, UpdateSittingRequest } from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Conflict, NotFound } from '../common/domain-errors.js';
import type { Db } from '../database/prisma.js';
import type { SchedulingPolicy, TimedSitting } from './component-order.js';
import {
  assertBatchOrder,
  assertInExamWindow,
  batchPolicy,
  invigilatorConflictError,
  listSome,
  roomConflictError,
  seatedProblems,
} from './sitting-checks.js';
import { SittingsRepository } from './sittings.repository.js';
import { SittingsService } from './sittings.service.js';

const minute = 60_000;

/**
 * Changing a sitting before it opens: its name, time, duration or rooms, or cancelling it. A change passes
 * every check a new sitting passes (exam window, rooms free, invigilators free, the policy's component order)
 * and, for the candidates already seated, none of them then sits two exams at once or out of order. A room
 * leaves a sitting only when nobody is seated in it. Each change is audited with its reason.
 */
@Injectable()
export class SittingChangesService {
  constructor(
    private readonly repository: SittingsRepository,
    private readonly sittings: SittingsService,
    private readonly audit: AuditService,
  ) {}

  async update(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: UpdateSittingRequest,
  ): Promise<SittingView> {
    const row = await this.sittings.loadForChange(actor, id);
    const batch = await this.repository.batch(row.batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    const startsAt = input.startsAt ? new Date(input.startsAt) : row.startsAt;
    const durationMinutes = input.durationMinutes ?? row.durationMinutes;
    const endsAt = new Date(startsAt.getTime() + durationMinutes * minute);
    const timeChanged =
      startsAt.getTime() !== row.startsAt.getTime() || durationMinutes !== row.durationMinutes;
    const currentRooms = row.rooms.map((r) => r.roomId);
    const roomIds = input.roomIds ?? currentRooms;
    const roomsChanged = roomIds.join() !== currentRooms.join();
    const name = input.name ?? row.name;
    if (!timeChanged && !roomsChanged && name === row.name)
      throw new Conflict('修改内容与当前场次相同，没有需要保存的修改');

    if (timeChanged) assertInExamWindow(batch, startsAt, endsAt);
    if (roomsChanged) await this.sittings.assertRooms(actor, roomIds, batch.regionId);
    const policy = batchPolicy(batch);

    await this.repository.transaction(async (tx) => {
      await this.repository.lock(tx);
      if (timeChanged || roomsChanged) {
        const taken = await this.repository.roomConflicts(tx, roomIds, startsAt, endsAt, id);
        if (taken.length > 0) throw roomConflictError(taken);
      }
      const removed = currentRooms.filter((r) => !roomIds.includes(r));
      if (removed.length > 0) {
        const seated = await this.repository.assignedPerRoom(tx, id, removed);
        if (seated.length > 0) {
          const names = new Map(row.rooms.map((r) => [r.roomId, r.room.name]));
          throw new Conflict(
            '考场已有考生，不能从场次中移除：' +
              seated.map((s) => `${names.get(s.roomId)}（${s._count._all} 人）`).join('、') +
              '。请先把考生调到其他考场，或重新编排座位',
          );
        }
      }
      if (timeChanged) {
        const duties = await this.repository.sittingInvigilators(tx, id);
        const kept = duties.filter((d) =>
          row.rooms.some((r) => r.id === d.sittingRoomId && roomIds.includes(r.roomId)),
        );
        const busy = await this.repository.invigilatorConflicts(
          tx,
          [...new Set(kept.map((d) => d.userId))],
          startsAt,
          endsAt,
          { sittingId: id },
        );
        if (busy.length > 0) throw invigilatorConflictError(busy);
        const target = {
          id,
          name,
          component: row.component,
          occupationId: row.occupationId,
          level: row.level,
          startsAt,
          endsAt,
        };
        assertBatchOrder(policy, target, await this.repository.batchSittings(tx, row.batchId));
        await this.assertSeatedCandidates(tx, policy, target);
      }
      await this.repository.updateSitting(tx, id, { name, startsAt, endsAt, durationMinutes });
      if (roomsChanged) await this.repository.replaceRooms(tx, id, roomIds);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'sitting.update',
          entityType: 'sitting',
          entityId: id,
          reason: input.reason,
          details: {
            before: {
              name: row.name,
              startsAt: row.startsAt.toISOString(),
              durationMinutes: row.durationMinutes,
              roomIds: currentRooms,
            },
            after: { name, startsAt: startsAt.toISOString(), durationMinutes, roomIds },
            status: row.status,
          },
        },
        tx,
      );
    });
    return this.sittings.get(actor, id);
  }

  /**
   * Cancels a sitting that has not opened: it no longer holds its rooms, invigilators or candidates' times
   * and leaves the 准考证. Its seat assignments stay as the record of what was planned.
   */
  async cancel(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: CancelSittingRequest,
  ): Promise<SittingView> {
    const row = await this.sittings.loadForChange(actor, id);
    await this.repository.transaction(async (tx) => {
      await this.repository.lock(tx);
      await this.repository.updateSitting(tx, id, { status: 'cancelled' });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'sitting.cancel',
          entityType: 'sitting',
          entityId: id,
          reason: input.reason,
          details: {
            name: row.name,
            status: row.status,
            startsAt: row.startsAt.toISOString(),
            seated: row._count.seatAssignments,
          },
        },
        tx,
      );
    });
    return this.sittings.get(actor, id);
  }

  /** At the new time, no seated candidate sits two exams at once or breaks the component order. */
  private async assertSeatedCandidates(
    tx: Db,
    policy: SchedulingPolicy,
    target: TimedSitting,
  ): Promise<void> {
    const seated = await this.repository.seatedApplications(tx, target.id);
    if (seated.length === 0) return;
    const problems = seatedProblems(
      policy,
      target,
      seated,
      await this.repository.seatedElsewhere(
        [...new Set(seated.map((s) => s.application.personId))],
        target.id,
        tx,
      ),
    );
    if (problems.length > 0)
      throw new Conflict(`已编排的 ${problems.length} 名考生与新时间冲突：${listSome(problems)}`);
  }
}
