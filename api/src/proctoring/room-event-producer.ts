import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { CandidateTile, RoomEvent, RoomEventPayload } from '@exam/contracts';
import { Clock } from '../common/clock.js';
import type { AttemptAction, RoomAction } from '../exam/attempt-state.js';
import { AUDIT_NAMES } from '../exam/attempt-transitions.js';
import { ExamEvents, type ExamEvent, type ExamRoomEvent } from '../exam/exam-events.js';
import { RoomActionsService } from '../exam/room-actions.service.js';
import { PRESENCE, PRESENCE_REFRESH_MS, type Presence } from './presence.js';
import { RoomDirectory } from './room-directory.js';
import { ROOM_EVENT_LOG, roomKeyOf, type RoomEventLog, type RoomKey } from './room-event-log.js';
import { RoomSnapshotRepository } from './room-snapshot.repository.js';
import { clockPatch, timelineLabel } from './room-view.js';

/** the socket.io room of one exam room of a sitting, in the /proctor namespace */
export function proctorRoom(room: RoomKey): string {
  return `proctor:${room.sittingId}:${room.roomId}`;
}

/** saves of one attempt within this window go out as one progress patch */
export const SAVE_COALESCE_MS = 25;

type Broadcast = (room: string, events: RoomEvent[]) => void;

/**
 * Turns what happens to attempts (ExamEvents, emitted on this process after each commit) into sequenced
 * room events: tile patches and timeline entries for the attempt's room, appended to the room event log
 * (one seq per room, shared by the processes through Redis when configured) and broadcast to the room's
 * consoles. No database query per event: the attempt's room comes from RoomDirectory; progress from many
 * saves is coalesced per attempt and counted with one query per window. Appends of one room run in order.
 */
@Injectable()
export class RoomEventProducer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RoomEvents');
  private broadcast: Broadcast | null = null;
  private unsubscribe: (() => void)[] = [];
  /** per room: the tail of its append chain (appends of one room are sequenced in emission order) */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pendingSaves = new Map<string, { seq: number; at: string }>();
  private saveTimer: NodeJS.Timeout | null = null;
  /**
   * the flush in flight: one at a time, so an attempt's progress patches are appended in the order of its
   * saves (two overlapping flushes could append a later save's patch first, and the console would end on
   * the earlier one); saves arriving meanwhile wait for the next flush
   */
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** the candidates' sockets live on this process, refreshed in the shared presence */
  private readonly localSockets = new Map<string, string>();
  private presenceTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: ExamEvents,
    private readonly directory: RoomDirectory,
    private readonly repository: RoomSnapshotRepository,
    private readonly roomActions: RoomActionsService,
    @Inject(ROOM_EVENT_LOG) private readonly log: RoomEventLog,
    @Inject(PRESENCE) private readonly presence: Presence,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.events.on((event) => this.onExamEvent(event)),
      this.events.onRoom((event) => this.onRoomEvent(event)),
    ];
    this.presenceTimer = setInterval(() => {
      const entries = [...this.localSockets].map(([attemptId, socketId]) => ({ attemptId, socketId }));
      this.presence
        .refresh(entries)
        .catch((error: unknown) => this.logger.warn(`在线状态刷新失败：${String(error)}`));
    }, PRESENCE_REFRESH_MS);
    this.presenceTimer.unref();
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const off of this.unsubscribe) off();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
  }

  /** The gateway hands over its namespace's broadcast once it is up. */
  setBroadcast(broadcast: Broadcast): void {
    this.broadcast = broadcast;
  }

  /** Resolves when every event handed over so far is appended and broadcast (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.flushing || this.pendingSaves.size > 0) await (this.flushing ?? this.flushSaves());
    await Promise.all([...this.chains.values()]);
  }

  private onExamEvent(event: ExamEvent): void {
    if (this.closed) return;
    if (event.type === 'saved') {
      const pending = this.pendingSaves.get(event.attemptId);
      if (!pending || pending.seq < event.seq)
        this.pendingSaves.set(event.attemptId, { seq: event.seq, at: event.at });
      this.scheduleFlush();
      return;
    }
    if (event.type === 'connection') {
      void this.onConnection(event).catch((error: unknown) => this.fail('连接状态', error));
      return;
    }
    const cached = this.directory.cached(event.attemptId);
    if (cached === null) return;
    if (cached !== undefined) this.project(event, cached);
    else
      void this.directory.place(event.attemptId).then(
        (place) => place && this.project(event, place),
        (error: unknown) => this.fail('考生座位', error),
      );
  }

  private project(event: ExamEvent, place: { sittingId: string; roomId: string; name: string }): void {
    const room = { sittingId: place.sittingId, roomId: place.roomId };
    const tile = (patch: Partial<CandidateTile>): RoomEventPayload => ({
      kind: 'tile',
      attemptId: event.attemptId,
      patch,
    });
    const entry = (
      label: string,
      actor: string | null,
      reason: string | null,
      at: string,
    ): RoomEventPayload => ({
      kind: 'timeline',
      entry: { at, label, actor, attemptId: event.attemptId, candidateName: place.name, reason },
    });
    switch (event.type) {
      case 'clock':
      case 'closed':
        this.append(room, [tile(clockPatch(event.clock))]);
        return;
      case 'screen_switch':
        this.append(room, [
          tile({ screenSwitches: event.count, screenSwitchLimit: event.limit }),
          entry(timelineLabel('exam.screen_switch', { count: event.count }) ?? '切屏', null, null, event.at),
        ]);
        return;
      case 'transition': {
        const name = AUDIT_NAMES[event.action as AttemptAction | RoomAction] ?? event.action;
        const label = timelineLabel(`exam.${name}`, event.details) ?? name;
        const patch: Partial<CandidateTile> = { status: event.to };
        if (event.patch?.warnings !== undefined) patch.warnings = event.patch.warnings;
        if (event.patch?.locked !== undefined) patch.locked = event.patch.locked;
        if (event.patch?.extraSeconds !== undefined) patch.extraSeconds = event.patch.extraSeconds;
        if (event.action === 'moveSeat') {
          void this.afterMove(
            event.attemptId,
            room,
            patch,
            entry(label, event.actor, event.reason, event.at),
          );
          return;
        }
        this.append(room, [tile(patch), entry(label, event.actor, event.reason, event.at)]);
        return;
      }
      default:
        return;
    }
  }

  /** A seat move: the cached place is stale; the tile gets its new seat (one query: moves are rare). */
  private async afterMove(
    attemptId: string,
    room: RoomKey,
    patch: Partial<CandidateTile>,
    timeline: RoomEventPayload,
  ): Promise<void> {
    this.directory.forget(attemptId);
    const place = await this.directory.place(attemptId).catch(() => null);
    if (place)
      Object.assign(patch, {
        seatId: place.seatId,
        seatLabel: place.seatLabel,
        row: place.row,
        column: place.column,
        machineId: place.machineId,
        connected: false,
      });
    this.append(room, [{ kind: 'tile', attemptId, patch }, timeline]);
  }

  private async onConnection(event: Extract<ExamEvent, { type: 'connection' }>): Promise<void> {
    const at = new Date(event.at);
    if (event.connected) this.localSockets.set(event.attemptId, event.socketId);
    else if (this.localSockets.get(event.attemptId) === event.socketId)
      this.localSockets.delete(event.attemptId);
    if (event.connected) await this.presence.up(event.attemptId, event.socketId, at);
    else if (!(await this.presence.down(event.attemptId, event.socketId))) return;
    const place = await this.directory.place(event.attemptId);
    if (place)
      this.append(place, [
        {
          kind: 'tile',
          attemptId: event.attemptId,
          patch: { connected: event.connected, lastSeenAt: event.at },
        },
      ]);
    // the state machine follows the connection (the clock keeps running either way)
    if (event.connected) await this.roomActions.reconnected(event.attemptId, at);
    else await this.roomActions.disconnected(event.attemptId, at);
  }

  private onRoomEvent(event: ExamRoomEvent): void {
    if (this.closed) return;
    const room = { sittingId: event.sittingId, roomId: event.roomId };
    if (event.type === 'room_started') {
      this.append(room, [
        { kind: 'room', roomStartedAt: event.roomStartedAt },
        {
          kind: 'timeline',
          entry: {
            at: event.at,
            label: '考场开考',
            actor: null,
            attemptId: null,
            candidateName: null,
            reason: null,
          },
        },
      ]);
    } else {
      this.append(room, [{ kind: 'incident', incident: event.incident }]);
    }
  }

  /** The window's flush, unless one is already due or in flight (that one reschedules when it ends). */
  private scheduleFlush(): void {
    if (this.closed || this.saveTimer || this.flushing) return;
    this.saveTimer = setTimeout(() => void this.flushSaves(), SAVE_COALESCE_MS);
  }

  /** One flush at a time; the saves that came in while it ran get the next window. */
  private flushSaves(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.flushing) return this.flushing;
    const batch = new Map(this.pendingSaves);
    this.pendingSaves.clear();
    if (batch.size === 0) return Promise.resolve();
    const flushing = this.flushBatch(batch)
      .catch((error: unknown) => this.fail('作答进度', error))
      .finally(() => {
        this.flushing = null;
        if (this.pendingSaves.size > 0) this.scheduleFlush();
      });
    this.flushing = flushing;
    return flushing;
  }

  /**
   * One progress patch per attempt saved in the window: its last seq and save time, and the answered count.
   * Two queries at most, whatever the batch: the places not cached yet, and the answered counts.
   */
  private async flushBatch(batch: Map<string, { seq: number; at: string }>): Promise<void> {
    const ids = [...batch.keys()];
    const unknown = ids.filter((id) => this.directory.cached(id) === undefined);
    if (unknown.length > 0) {
      const rows = await this.repository.places(unknown).catch((error: unknown) => {
        this.fail('考生座位', error);
        return [];
      });
      this.directory.remember(rows);
    }
    const progress = await this.repository.progress(ids).catch((error: unknown) => {
      this.fail('作答进度', error);
      return new Map<string, { answered: number; lastSaveAt: Date | null }>();
    });
    const byRoom = new Map<string, { room: RoomKey; payloads: RoomEventPayload[] }>();
    for (const id of ids) {
      const place = this.directory.cached(id);
      if (!place) continue;
      const save = batch.get(id)!;
      const counted = progress.get(id);
      const patch: Partial<CandidateTile> = { lastSeq: save.seq, lastSaveAt: save.at };
      if (counted) patch.answered = counted.answered;
      const key = roomKeyOf(place);
      let group = byRoom.get(key);
      if (!group) byRoom.set(key, (group = { room: place, payloads: [] }));
      group.payloads.push({ kind: 'tile', attemptId: id, patch });
    }
    for (const { room, payloads } of byRoom.values()) this.append(room, payloads);
  }

  /** Appends to the room's log and broadcasts, after the room's earlier appends. */
  private append(room: RoomKey, payloads: RoomEventPayload[]): void {
    const key = roomKeyOf(room);
    const target = { sittingId: room.sittingId, roomId: room.roomId };
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const events = await this.log.append(target, payloads, this.clock.now());
        this.broadcast?.(proctorRoom(target), events);
      })
      .catch((error: unknown) => this.fail('考场事件', error));
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private fail(what: string, error: unknown): void {
    this.logger.error(`${what}推送出错：${error instanceof Error ? error.message : String(error)}`);
  }
}
