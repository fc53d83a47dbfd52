import { Inject, Injectable } from '@nestjs/common';
import { shanghaiDay, type ExamDayRoomsView, type RoomSnapshot, type TimelineEntry } from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { NotFound } from '../common/domain-errors.js';
import { ExamStaffAccess } from '../exam/exam-staff-access.js';
import { PRESENCE, type Presence } from './presence.js';
import { RoomDirectory } from './room-directory.js';
import { ROOM_EVENT_LOG, type RoomEventLog } from './room-event-log.js';
import { RoomSnapshotRepository } from './room-snapshot.repository.js';
import { tileOf, timelineLabel } from './room-view.js';

/** the newest timeline entries a snapshot carries */
export const SNAPSHOT_TIMELINE_LIMIT = 200;

/**
 * The room as the console first shows it: seats, candidates with state, progress, connection and clock,
 * the invigilators on duty, and the newest timeline entries from the audit log. `seq` is read before the
 * database, so the events after it may repeat what the snapshot shows (a patch applied twice is harmless)
 * but never miss anything. Timeline entries from the audit log carry seq 0.
 */
@Injectable()
export class RoomSnapshotService {
  constructor(
    private readonly repository: RoomSnapshotRepository,
    private readonly directory: RoomDirectory,
    private readonly staffAccess: ExamStaffAccess,
    private readonly access: AccessService,
    @Inject(ROOM_EVENT_LOG) private readonly log: RoomEventLog,
    @Inject(PRESENCE) private readonly presence: Presence,
  ) {}

  /** The snapshot, after the actor's scope over the room is checked (refusals audited). */
  async forActor(
    actor: Actor,
    origin: RequestOrigin,
    sittingId: string,
    roomId: string,
    now: Date,
  ): Promise<RoomSnapshot> {
    await this.staffAccess.assertRoom(actor, origin, sittingId, roomId);
    return this.snapshot(sittingId, roomId, now);
  }

  async snapshot(sittingId: string, roomId: string, now: Date): Promise<RoomSnapshot> {
    const seq = await this.log.lastSeq({ sittingId, roomId });
    const sittingRoom = await this.repository.sittingRoom(sittingId, roomId);
    if (!sittingRoom) throw new NotFound('没有找到该场次的考场');
    const rows = await this.repository.candidates(sittingId, roomId);
    const ids = rows.map((r) => r.attemptId);
    const [progress, connected, audit] = await Promise.all([
      this.repository.progress(ids),
      this.presence.connected(ids),
      this.repository.timeline(sittingRoom.id, sittingId, roomId, ids, SNAPSHOT_TIMELINE_LIMIT),
    ]);
    this.directory.remember(rows.map((r) => ({ ...r, sittingId, roomId })));
    const names = new Map(rows.map((r) => [r.attemptId, r.name]));
    const { sitting, room } = sittingRoom;
    const timeline: TimelineEntry[] = [];
    for (const a of audit) {
      const details = (a.details ?? null) as Record<string, unknown> | null;
      const label = timelineLabel(a.action, details);
      if (!label) continue;
      const attemptId = a.entityType === 'Attempt' ? a.entityId : null;
      timeline.push({
        seq: 0,
        at: a.at.toISOString(),
        label,
        actor: a.actorName,
        attemptId,
        candidateName: attemptId ? (names.get(attemptId) ?? null) : null,
        reason: a.reason,
      });
    }
    return {
      sittingId,
      roomId,
      sittingName: sitting.name,
      roomName: room.name,
      startsAt: sitting.startsAt.toISOString(),
      durationMinutes: sitting.durationMinutes,
      roomStartedAt: sittingRoom.startedAt?.toISOString() ?? null,
      serverNow: now.toISOString(),
      seq,
      rows: room.rows ?? Math.max(0, ...room.seats.map((s) => s.row)),
      columns: room.columns ?? Math.max(0, ...room.seats.map((s) => s.column)),
      seats: room.seats.map((s) => ({
        seatId: s.id,
        label: s.label,
        row: s.row,
        column: s.column,
        spare: s.spare,
        disabled: s.disabled,
        machineId: s.machineId,
      })),
      candidates: rows.map((r) =>
        tileOf(r, {
          answered: progress.get(r.attemptId)?.answered ?? 0,
          lastSaveAt: progress.get(r.attemptId)?.lastSaveAt ?? null,
          connectedAt: connected.get(r.attemptId) ?? null,
          screenSwitchLimit: sitting.screenSwitchLimit,
          now,
        }),
      ),
      invigilators: sittingRoom.invigilators.map((i) => ({ name: i.user.displayName, chief: i.chief })),
      timeline,
    };
  }

  /** Today's (Asia/Shanghai) sittings × rooms the actor may watch: on duty, the office's region, or all (admin). */
  async examDayRooms(actor: Actor, now: Date): Promise<ExamDayRoomsView> {
    const day = shanghaiDay(now);
    const from = new Date(`${day}T00:00:00+08:00`);
    const to = new Date(from.getTime() + 86_400_000);
    const rows = await this.repository.examDayRooms(from, to, actor.userId);
    const regions = new Map<string, boolean>();
    const manages = async (regionId: string) => {
      if (hasRole(actor, 'admin')) return true;
      if (!hasRole(actor, 'exam_office')) return false;
      if (!regions.has(regionId))
        regions.set(
          regionId,
          await this.access.assertRegion(actor, regionId, ['exam_office']).then(
            () => true,
            () => false,
          ),
        );
      return regions.get(regionId)!;
    };
    const rooms = [];
    for (const r of rows) {
      const onDuty = r.onDuty && hasRole(actor, 'invigilator');
      if (!onDuty && !(await manages(r.regionId))) continue;
      rooms.push({
        sittingId: r.sittingId,
        sittingName: r.sittingName,
        startsAt: r.startsAt.toISOString(),
        endsAt: r.endsAt.toISOString(),
        durationMinutes: r.durationMinutes,
        sittingStatus: r.sittingStatus,
        roomId: r.roomId,
        roomName: r.roomName,
        roomStartedAt: r.roomStartedAt?.toISOString() ?? null,
        candidates: r.candidates,
        notStarted: r.notStarted,
        inProgress: r.inProgress,
        paused: r.paused,
        closed: r.closed,
        onDuty,
      });
    }
    return { day, serverNow: now.toISOString(), rooms };
  }
}
