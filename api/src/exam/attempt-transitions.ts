import { Inject, Injectable } from '@nestjs/common';
import type { AttemptStatus } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/domain-errors.js';
import { AttemptScoringService } from '../papers/attempt-scoring.service.js';
import { PaperDeliveryService } from '../papers/paper-delivery.service.js';
import {
  clockView,
  endsAtFrom,
  lateEntryAllowed,
  transition,
  type AttemptAction,
  type RoomAction,
} from './attempt-state.js';
import { clockState } from './attempt-view.service.js';
import { AttemptsRepository, type AttemptRow } from './attempts.repository.js';
import { ExamEvents, type ExamEvent } from './exam-events.js';
import { ExamStaffAccess } from './exam-staff-access.js';

export type Tx = Prisma.TransactionClient;
/** who acts: a member of staff, the candidate's session, or the server (time-up) */
export type ActingAs = { actor: Actor | null; origin: RequestOrigin };
/** a member of staff acting from a request (HTTP or the proctor socket) */
export type StaffActing = { actor: Actor; origin: RequestOrigin };
type TransitionPatch = NonNullable<Extract<ExamEvent, { type: 'transition' }>['patch']>;

const SYSTEM_CONNECTION: RequestOrigin = { ip: null, userAgent: 'exam-connection' };

/**
 * The mechanics shared by the attempt's transitions (AttemptsService: the candidate and the clock;
 * RoomActionsService: the invigilator and the connection): one transaction per transition with the row
 * locked, the state machine's check (a refusal audited after the rollback), the audit entry with who, why
 * and when (category exam_event), and the ExamEvents emitted after the commit.
 */
@Injectable()
export class AttemptTransitions {
  constructor(
    private readonly repository: AttemptsRepository,
    private readonly staffAccess: ExamStaffAccess,
    private readonly papers: PaperDeliveryService,
    private readonly scoring: AttemptScoringService,
    private readonly events: ExamEvents,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Emits the clock of a row committed by a caller's transaction. */
  emitClock(row: AttemptRow, now: Date, paperKey?: string): void {
    const clock = clockView(clockState(row), now);
    this.events.emit(
      paperKey
        ? { type: 'clock', attemptId: row.id, clock, paperKey }
        : { type: 'clock', attemptId: row.id, clock },
    );
  }

  /**
   * checked_in → ready in the caller's transaction (the candidate's click, or the invigilator's admit). If
   * the room has started already, the attempt starts at once but ends with the room; more than 15 minutes
   * after the room's start, entry is refused.
   */
  async becomeReady(
    tx: Tx,
    acting: ActingAs,
    row: AttemptRow,
    action: 'ready' | 'admit',
    reason: string | null,
    now: Date,
  ): Promise<{ row: AttemptRow; started: boolean; changed: true }> {
    await this.allow(acting, row, action, reason);
    const roomId = await this.repository.seatRoom(row.sittingId, row.applicationId, tx);
    const room = roomId ? await this.repository.lockSittingRoom(tx, row.sittingId, roomId) : null;
    if (!room?.startedAt) {
      const updated = await this.repository.update(tx, row.id, { status: 'ready', readyAt: now });
      await this.record(acting, tx, row, `exam.${action}`, reason, { to: 'ready', at: now.toISOString() });
      return { row: updated, started: false, changed: true };
    }
    if (!lateEntryAllowed(room.startedAt, now)) {
      await this.refused(acting, row, action, '开考 15 分钟后不得入场，请联系监考老师', {
        roomStartedAt: room.startedAt.toISOString(),
      });
    }
    const endsAt = endsAtFrom(room.startedAt, row.paper.durationMinutes, row.extraSeconds);
    const updated = await this.repository.update(tx, row.id, {
      status: 'in_progress',
      readyAt: now,
      startedAt: now,
      endsAt,
    });
    await this.record(acting, tx, row, 'exam.start', reason, {
      to: 'in_progress',
      lateEntry: true,
      via: action,
      at: now.toISOString(),
      roomStartedAt: room.startedAt.toISOString(),
      endsAt: endsAt.toISOString(),
    });
    return { row: updated, started: true, changed: true };
  }

  /** After becomeReady's commit: the clock (with the paper key when it started) and the transition event. */
  async afterReady(
    before: AttemptRow,
    row: AttemptRow,
    started: boolean,
    action: 'ready' | 'admit',
    actor: Actor | null,
    reason: string | null,
    now: Date,
  ): Promise<void> {
    if (started) this.emitClock(row, now, await this.papers.paperKey(row.id));
    else this.emitClock(row, now);
    this.emitTransition(before, row, action, actor, reason, now);
  }

  /** Runs `fn` once the actor's scope over the attempt's room is checked (the per-attempt HTTP routes). */
  async inScope<T>(acting: StaffActing, attemptId: string, fn: () => Promise<T>): Promise<T> {
    const attempt = await this.repository.find(attemptId);
    if (!attempt) throw new NotFound('没有找到该考生的作答记录');
    const roomId = await this.repository.seatRoom(attempt.sittingId, attempt.applicationId);
    if (!roomId) throw new NotFound('该考生在本场次没有座位');
    await this.staffAccess.assertRoom(acting.actor, acting.origin, attempt.sittingId, roomId);
    return fn();
  }

  /**
   * One transition in one transaction: lock the row, check the state machine (a refusal is audited and
   * thrown, nothing changed), apply, audit with who, why and when; after the commit one 'transition' event.
   */
  async roomTransition(
    acting: ActingAs,
    attemptId: string,
    action: AttemptAction | RoomAction,
    reason: string | null,
    now: Date,
    apply: (row: AttemptRow, tx: Tx) => Prisma.AttemptUpdateInput | Promise<Prisma.AttemptUpdateInput>,
    details?: (row: AttemptRow) => Record<string, string | number | boolean | null>,
    patch?: (updated: AttemptRow) => TransitionPatch,
  ): Promise<{ before: AttemptRow; row: AttemptRow }> {
    const result = await this.inTransaction(async (tx) => {
      const before = await this.locked(tx, attemptId);
      const to = await this.allow(acting, before, action, reason);
      const data = await apply(before, tx);
      const row = await this.repository.update(tx, before.id, data);
      const extra = details?.(before);
      await this.record(acting, tx, before, `exam.${AUDIT_NAMES[action]}`, reason, {
        to,
        at: now.toISOString(),
        endsAt: row.endsAt?.toISOString() ?? null,
        remainingMs: row.remainingMs,
        extraSeconds: row.extraSeconds,
        ...extra,
      });
      return { before, row, extra };
    });
    this.emitTransition(
      result.before,
      result.row,
      action,
      acting.actor,
      reason,
      now,
      patch?.(result.row),
      result.extra,
    );
    return { before: result.before, row: result.row };
  }

  /** A connection-driven transition: only when the status is `from` (checked without a lock first: cheap). */
  async connectionTransition(
    attemptId: string,
    action: 'disconnect' | 'reconnect',
    from: AttemptStatus,
    now: Date,
    data: Prisma.AttemptUpdateInput,
  ): Promise<void> {
    const current = await this.repository.find(attemptId);
    if (current?.status !== from) return;
    const acting = { actor: null, origin: SYSTEM_CONNECTION };
    const result = await this.inTransaction(async (tx) => {
      const before = await this.locked(tx, attemptId);
      if (before.status !== from) return null;
      const row = await this.repository.update(tx, attemptId, data);
      await this.record(acting, tx, before, `exam.${AUDIT_NAMES[action]}`, null, {
        to: row.status,
        at: now.toISOString(),
      });
      return { before, row };
    });
    if (result) this.emitTransition(result.before, result.row, action, null, null, now);
  }

  emitTransition(
    before: AttemptRow,
    row: AttemptRow,
    action: AttemptAction | RoomAction,
    actor: Actor | null,
    reason: string | null,
    now: Date,
    patch?: TransitionPatch,
    details?: Record<string, string | number | boolean | null>,
  ): void {
    this.events.emit({
      type: 'transition',
      attemptId: row.id,
      action,
      from: before.status,
      to: row.status,
      actor: actor?.displayName ?? null,
      reason,
      at: now.toISOString(),
      ...(patch ? { patch } : {}),
      ...(details ? { details } : {}),
    });
  }

  notice(attemptId: string, kind: 'info' | 'warning', message: string, now: Date): void {
    this.events.emit({ type: 'notice', attemptId, notice: { kind, message, at: now.toISOString() } });
  }

  /** Closes a locked attempt: status, closer, time, score — in the caller's transaction. */
  async close(
    tx: Tx,
    acting: ActingAs,
    row: AttemptRow,
    action: AttemptAction,
    closedBy: 'candidate' | 'time_up' | 'invigilator',
    closedAt: Date,
    now: Date,
    reason: string | null,
  ): Promise<AttemptRow> {
    const to = await this.allow(acting, row, action, reason);
    await this.repository.update(tx, row.id, {
      status: to,
      closedAt,
      closedBy,
      remainingMs: null,
      pausedAt: null,
    });
    const score = await this.scoring.scoreAttempt(tx, row.id, now);
    const updated = await this.repository.update(tx, row.id, {
      objectiveTenths: score.objectiveTenths,
      pendingMarking: score.pendingMarking,
      scoreTenths: score.scoreTenths,
    });
    await this.record(acting, tx, row, `exam.${AUDIT_NAMES[action]}`, reason, {
      to,
      closedBy,
      closedAt: closedAt.toISOString(),
      lastSeq: row.lastSeq,
      objectiveTenths: score.objectiveTenths,
      pendingMarking: score.pendingMarking,
      scoreTenths: score.scoreTenths,
    });
    return updated;
  }

  emitClosed(row: AttemptRow, now: Date): void {
    this.events.emit({ type: 'closed', attemptId: row.id, clock: clockView(clockState(row), now) });
  }

  async locked(tx: Tx, attemptId: string): Promise<AttemptRow> {
    const row = await this.repository.lock(tx, attemptId);
    if (!row) throw new NotFound('没有找到该考试');
    return row;
  }

  /** A transaction of a transition; a refused transition is audited after it has rolled back. */
  async inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.repository.transaction(fn);
    } catch (error) {
      if (error instanceof RefusedTransition) await error.audit();
      throw error;
    }
  }

  /** The status after the action, or: the refusal audited (outside the transaction) and thrown. */
  async allow(acting: ActingAs, row: AttemptRow, action: AttemptAction | RoomAction, reason: string | null) {
    const result = transition(row.status, action);
    if (result.ok) return result.to;
    return this.refused(acting, row, action, result.message, reason ? { reason } : {});
  }

  async refused(
    acting: ActingAs,
    row: AttemptRow,
    action: AttemptAction | RoomAction,
    message: string,
    details: Record<string, string | number | null>,
  ): Promise<never> {
    // recorded once the transaction has rolled back (inTransaction): an audit write on another connection
    // while the transaction holds the row would wait for it (and on the embedded database, forever)
    throw new RefusedTransition(message, () =>
      this.audit.record(acting.actor, acting.origin, {
        category: 'exam_event',
        action: 'exam.transition_refused',
        entityType: 'Attempt',
        entityId: row.id,
        details: { action, status: row.status, message, ...details },
      }),
    );
  }

  record(
    acting: ActingAs,
    tx: Tx,
    row: AttemptRow,
    action: string,
    reason: string | null,
    details: Record<string, string | number | boolean | null>,
  ) {
    return this.audit.record(
      acting.actor,
      acting.origin,
      {
        category: 'exam_event',
        action,
        entityType: 'Attempt',
        entityId: row.id,
        reason,
        details: { from: row.status, at: this.clock.now().toISOString(), ...details },
      },
      tx,
    );
  }
}

/** the audit action of each transition: `exam.<name>` */
export const AUDIT_NAMES: Record<AttemptAction | RoomAction, string> = {
  confirmIdentity: 'identity_check',
  admit: 'admit',
  disconnect: 'disconnected',
  reconnect: 'reconnected',
  moveSeat: 'move_seat',
  lock: 'lock',
  unlock: 'unlock',
  warn: 'warn',
  checkIn: 'check_in',
  ready: 'ready',
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  extraTime: 'extra_time',
  submit: 'submit',
  timeUp: 'time_up',
  forceSubmit: 'force_submit',
  void: 'void',
};

/** A transition the state machine refuses: a Conflict whose audit entry is written after the rollback. */
class RefusedTransition extends Conflict {
  constructor(
    message: string,
    readonly audit: () => Promise<void>,
  ) {
    super(message);
  }
}
