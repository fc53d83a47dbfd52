import { Inject, Injectable } from '@nestjs/common';
import type {
  AllocateSeatsRequest,
  AllocationReportView,
  BatchAllocationReportView,
  MoveCandidateRequest,
} from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { levelsTaking } from './component-order.js';
import { allocateSeats, type AllocationCandidate, type AllocationRoom } from './seat-allocation.js';
import { prepareRoom } from './seat-map.js';
import { batchPolicy, seatedProblemsByApplication } from './sitting-checks.js';
import { SittingsRepository, type SittingRow } from './sittings.repository.js';
import { SittingsService } from './sittings.service.js';

/**
 * Seat allocation as an action: loads a sitting's rooms, seats and roster, runs the pure `allocateSeats`,
 * and writes the result in one transaction with its audit entry.
 *
 * - The roster is the batch's approved applications of the levels the policy examines in this component
 *   (and subject), narrowed to the sitting's occupation and level when set; the unit is the application's
 *   organisation; the order is the application number.
 * - A candidate who already holds a seat in another live sitting overlapping this one, or whose other
 *   components would then come against the policy's order (theory before 综合评审…), is not placed.
 * - Seats given by the allocator earlier are passed as `previous`, so a re-run keeps everyone who can keep
 *   their seat and only seats newcomers.
 * - Manual moves (assignments with a reason) are never changed by a re-run: their seats are left out of the
 *   allocation and the candidates keep them, as long as they are still on the roster.
 * - Spare seats per room: `spareSeatsPerRoom` of the request (then stored on the sitting's rooms, so later
 *   re-runs and manual moves use it), else the number stored for the sitting's room, else the room's own.
 * - 人机对话 (theory) sittings only give seats with a registered machine.
 */
@Injectable()
export class AllocationService {
  constructor(
    private readonly repository: SittingsRepository,
    private readonly sittings: SittingsService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async allocate(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: AllocateSeatsRequest,
  ): Promise<AllocationReportView> {
    const sitting = await this.sittings.loadForChange(actor, id);
    const policy = await this.policyOf(sitting);
    const sittingRooms = await this.repository.roomsWithSeats(id);
    const levels = levelsTaking(policy, sitting.component, sitting.subject).filter(
      (l) => sitting.level === null || l === sitting.level,
    );
    const roster = await this.repository.roster(sitting.batchId, sitting.occupationId, levels);
    const current = await this.repository.assignments(id);
    const onRoster = new Set(roster.map((a) => a.id));
    const manual = current.filter((a) => a.reason !== null && onRoster.has(a.applicationId));
    const manualApps = new Set(manual.map((a) => a.applicationId));
    const manualSeats = new Set(manual.map((a) => a.seatId));

    // a candidate who sits another exam at the same time, or whose other components come out of order
    const blocked = seatedProblemsByApplication(
      policy,
      sitting,
      roster.map((a) => ({ applicationId: a.id, application: { number: a.number, personId: a.personId } })),
      await this.repository.seatedElsewhere([...new Set(roster.map((a) => a.personId))], id),
    );
    const unplaceable = roster.filter((a) => blocked.has(a.id) && !manualApps.has(a.id));

    const candidates: AllocationCandidate[] = roster
      .filter((a) => !manualApps.has(a.id) && !blocked.has(a.id))
      .map((a) => ({
        applicationId: a.id,
        unitId: a.organisationId,
        occupation: a.occupation.code,
        level: a.targetLevel,
        sortKey: a.number,
      }));
    const rooms: AllocationRoom[] = sittingRooms.map((sr) => ({
      id: sr.roomId,
      name: sr.room.name,
      spareSeats: input.spareSeatsPerRoom ?? sr.spareSeats ?? sr.room.spareSeats,
      seats: sr.room.seats
        .filter((s) => !manualSeats.has(s.id))
        .map((s) => ({
          id: s.id,
          row: s.row,
          column: s.column,
          label: s.label,
          machineId: s.machineId,
          spare: s.spare,
          disabled: s.disabled,
        })),
    }));
    const result = allocateSeats(rooms, candidates, {
      roomOrder: sittingRooms.map((sr) => sr.roomId),
      requireMachine: sitting.component === 'theory',
      previous: current
        .filter((a) => a.reason === null)
        .map((a) => ({ applicationId: a.applicationId, roomId: a.roomId, seatId: a.seatId })),
    });

    const now = this.clock.now();
    const before = new Map(current.map((a) => [a.applicationId, a]));
    await this.repository.transaction(async (tx) => {
      await this.repository.lock(tx);
      // a manual move made meanwhile would be overwritten: refuse, and let the office run it again
      const fresh = await this.repository.assignments(id, tx);
      const key = (list: typeof current) =>
        list
          .map((a) => `${a.applicationId}:${a.seatId}:${a.reason ?? ''}`)
          .sort()
          .join('|');
      if (key(fresh) !== key(current)) throw new Conflict('本场次的座位刚被修改过，请重新执行座位编排');
      if (input.spareSeatsPerRoom !== undefined)
        await tx.sittingRoom.updateMany({
          where: { sittingId: id },
          data: { spareSeats: input.spareSeatsPerRoom },
        });
      await tx.seatAssignment.deleteMany({
        where: { sittingId: id, applicationId: { notIn: [...manualApps] } },
      });
      await tx.seatAssignment.createMany({
        data: result.assignments.map((a) => {
          const old = a.kept ? before.get(a.applicationId) : undefined;
          return {
            sittingId: id,
            applicationId: a.applicationId,
            roomId: a.roomId,
            seatId: a.seatId,
            assignedByUserId: old ? old.assignedByUserId : actor.userId,
            assignedAt: old ? old.assignedAt : now,
          };
        }),
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'sitting.allocate',
          entityType: 'sitting',
          entityId: id,
          reason: input.reason,
          details: {
            ...result.summary,
            manualKept: manual.length,
            blocked: unplaceable.length,
            spareSeatsPerRoom: input.spareSeatsPerRoom ?? null,
          },
        },
        tx,
      );
    });

    const numbers = new Map(roster.map((a) => [a.id, a.number]));
    const notPlaced = [
      ...unplaceable.map((a) => ({ applicationId: a.id, number: a.number, ...blocked.get(a.id)! })),
      ...result.notPlaced.map((n) => ({ ...n, number: numbers.get(n.applicationId) ?? null })),
    ];
    const messages = [...result.messages];
    const clashes = unplaceable.filter((a) => blocked.get(a.id)!.code === 'overlap').length;
    if (clashes > 0) messages.push(`${clashes} 名考生同一时间已有其他场次，未安排`);
    if (unplaceable.length > clashes)
      messages.push(`${unplaceable.length - clashes} 名考生的其他科目场次与政策规定的考核顺序不符，未安排`);
    if (manual.length > 0) messages.push(`${manual.length} 名考生的座位是手动调整的，保留不变`);
    const manualPerRoom = new Map<string, number>();
    for (const m of manual) manualPerRoom.set(m.roomId, (manualPerRoom.get(m.roomId) ?? 0) + 1);
    return {
      sittingId: id,
      placed: result.assignments.length + manual.length,
      notPlaced,
      moved: result.moved.map((m) => ({
        applicationId: m.applicationId,
        fromSeatId: m.fromSeatId,
        toSeatId: m.toSeatId,
        reason: m.reason,
      })),
      rooms: result.rooms.map((r) => {
        const byHand = manualPerRoom.get(r.roomId) ?? 0;
        return {
          roomId: r.roomId,
          name: r.name,
          seats: r.seats + byHand,
          usable: r.usable,
          keptFree: r.keptFree,
          disabled: r.disabled,
          assigned: r.assigned + byHand,
          free: r.free,
        };
      }),
      summary: {
        candidates: roster.length,
        placed: result.summary.placed + manual.length,
        notPlaced: notPlaced.length,
        kept: result.summary.kept + manual.length,
        capacity: result.summary.capacity,
        sameUnitAdjacencies: result.summary.sameUnitAdjacencies,
      },
      messages,
    };
  }

  /**
   * Seats a whole batch in one action: every sitting not yet open, in order of time, so that each sitting
   * sees the seats (and components) given by the earlier ones. One report per sitting.
   */
  async allocateBatch(
    actor: Actor,
    origin: RequestOrigin,
    batchId: string,
    input: AllocateSeatsRequest,
  ): Promise<BatchAllocationReportView> {
    const sittings = await this.sittings.list(actor, batchId);
    const planned = sittings.filter((s) => s.status === 'draft' || s.status === 'published');
    if (planned.length === 0) throw new Conflict('本批次没有待编排的场次，请先安排场次');
    const reports: AllocationReportView[] = [];
    for (const sitting of planned) reports.push(await this.allocate(actor, origin, sitting.id, input));
    const names = new Map(planned.map((s) => [s.id, s.name]));
    return {
      batchId,
      sittings: reports.map((r) => ({ ...r, name: names.get(r.sittingId) ?? '' })),
      summary: {
        sittings: reports.length,
        placed: reports.reduce((n, r) => n + r.summary.placed, 0),
        notPlaced: reports.reduce((n, r) => n + r.summary.notPlaced, 0),
      },
    };
  }

  /** A manual move to a free, usable seat of the sitting's rooms (a spare seat only with `useSpare`). */
  async move(actor: Actor, origin: RequestOrigin, id: string, input: MoveCandidateRequest) {
    const sitting = await this.sittings.loadForChange(actor, id);
    const application = await this.repository.application(input.applicationId);
    if (!application || application.batchId !== sitting.batchId)
      throw new ValidationFailed('没有找到该申报，或它不属于本场次的批次', [
        { path: 'applicationId', message: '申报不存在' },
      ]);
    this.assertOnRoster(sitting, application);
    const seat = await this.repository.seat(input.seatId);
    if (!seat) throw new ValidationFailed('没有找到该座位', [{ path: 'seatId', message: '座位不存在' }]);
    const sittingRooms = await this.repository.roomsWithSeats(id);
    const sittingRoom = sittingRooms.find((sr) => sr.roomId === seat.roomId);
    if (!sittingRoom)
      throw new ValidationFailed(`座位 ${seat.label}（${seat.room.name}）不在本场次的考场中`, [
        { path: 'seatId', message: '座位不在本场次的考场中' },
      ]);
    const where = `${seat.room.name} ${seat.label} 号座位`;
    if (seat.disabled) throw new Conflict(`${where}已停用，不能安排考生`);
    if (sitting.component === 'theory' && !seat.machineId)
      throw new Conflict(`${where}没有登记机器，人机对话场次不能使用`);
    const prepared = prepareRoom(
      {
        id: sittingRoom.roomId,
        name: sittingRoom.room.name,
        seats: sittingRoom.room.seats,
      },
      sittingRoom.spareSeats ?? sittingRoom.room.spareSeats,
      sitting.component === 'theory',
    );
    const spare = prepared.keptFree.some((s) => s.id === seat.id);
    if (spare && !input.useSpare)
      throw new Conflict(`${where}是备用座位，只有在考场启用备用座位时才能使用（useSpare: true）`);
    const policy = await this.policyOf(sitting);
    const problem = seatedProblemsByApplication(
      policy,
      sitting,
      [
        {
          applicationId: application.id,
          application: { number: application.number, personId: application.personId },
        },
      ],
      await this.repository.seatedElsewhere([application.personId], id),
    ).get(application.id);
    if (problem) throw new Conflict(`考生 ${application.number} 不能安排在本场次：${problem.reason}`);

    const now = this.clock.now();
    await this.repository.transaction(async (tx) => {
      await this.repository.lock(tx);
      const holder = await this.repository.seatHolder(tx, id, seat.id);
      if (holder && holder.applicationId === application.id)
        throw new Conflict(`考生 ${application.number} 已在${where}`);
      if (holder) throw new Conflict(`${where}已安排给考生 ${holder.application.number}`);
      const existing = await tx.seatAssignment.findUnique({
        where: { sittingId_applicationId: { sittingId: id, applicationId: application.id } },
      });
      const data = {
        roomId: seat.roomId,
        seatId: seat.id,
        assignedByUserId: actor.userId,
        assignedAt: now,
        reason: input.reason,
      };
      if (existing) await tx.seatAssignment.update({ where: { id: existing.id }, data });
      else
        await tx.seatAssignment.create({ data: { ...data, sittingId: id, applicationId: application.id } });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'seat.move',
          entityType: 'sitting',
          entityId: id,
          reason: input.reason,
          details: {
            applicationId: application.id,
            number: application.number,
            fromSeatId: existing?.seatId ?? null,
            toSeatId: seat.id,
            spare,
          },
        },
        tx,
      );
    });
    return {
      sittingId: id,
      applicationId: application.id,
      number: application.number,
      roomId: seat.roomId,
      roomName: seat.room.name,
      seatId: seat.id,
      label: seat.label,
      spare,
    };
  }

  private async policyOf(sitting: SittingRow) {
    const batch = await this.repository.batch(sitting.batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    return batchPolicy(batch);
  }

  private assertOnRoster(
    sitting: SittingRow,
    application: { status: string; occupationId: string; targetLevel: string; number: string },
  ): void {
    if (application.status !== 'approved')
      throw new Conflict(`申报 ${application.number} 尚未审核通过，不能安排座位`);
    if (
      (sitting.occupationId && sitting.occupationId !== application.occupationId) ||
      (sitting.level && sitting.level !== application.targetLevel)
    )
      throw new Conflict(`申报 ${application.number} 的工种或等级与场次「${sitting.name}」不符`);
  }
}
