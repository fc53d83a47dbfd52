import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  SAVE_GRACE_MS,
  type EncryptedPaper,
  type ExamAttemptView,
  type ExamClockView,
  type ExamReadyRequest,
  type ExamSubmitRequest,
  type ExtraTimeRequest,
  type IntegrityAck,
  type IntegrityEvent,
  type AttemptStatus,
  type RoomStartResult,
} from '@exam/contracts';
import type { Prisma } from '@exam/db';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/domain-errors.js';
import { AttemptScoringService } from '../papers/attempt-scoring.service.js';
import { PaperDeliveryService } from '../papers/paper-delivery.service.js';
import { AnswerWriter } from './answers/answer-writer.js';
import {
  addExtraTime,
  clockView,
  endsAtFrom,
  isClosed,
  isRunning,
  lateEntryAllowed,
  pauseClock,
  resumeClock,
  transition,
  locksAfterSwitch,
  type AttemptAction,
  type RoomAction,
} from './attempt-state.js';
import { AttemptViewService, clockState } from './attempt-view.service.js';
import { ActiveClients } from './active-clients.js';
import { AttemptsRepository, type AttemptRow } from './attempts.repository.js';
import { ExamEvents, type ExamEvent } from './exam-events.js';
import type { ExamSessionContext } from './exam-session.js';
import { ExamStaffAccess } from './exam-staff-access.js';

type Tx = Prisma.TransactionClient;
/** who acts: a member of staff, the candidate's session, or the server (time-up) */
type ActingAs = { actor: Actor | null; origin: RequestOrigin };
/** a member of staff acting from a request (HTTP or the proctor socket) */
export type StaffActing = { actor: Actor; origin: RequestOrigin };
type TransitionPatch = NonNullable<Extract<ExamEvent, { type: 'transition' }>['patch']>;

const SYSTEM: RequestOrigin = { ip: null, userAgent: 'exam-clock' };
const SYSTEM_CONNECTION: RequestOrigin = { ip: null, userAgent: 'exam-connection' };
/** the candidate's notice goes out before the moved client is disconnected */
const EVICT_AFTER_NOTICE_MS = 300;
const originOf = (session: ExamSessionContext): RequestOrigin => ({
  ip: session.ip,
  userAgent: session.userAgent,
});

/**
 * The attempt state machine with its server-owned clock (rules in attempt-state.ts). Each transition is one
 * method: it locks the attempt's row, checks the transition, writes the new state with who, why and when
 * (audit category exam_event), all in one transaction, and emits one ExamEvent after the commit. A
 * forbidden transition changes nothing, is audited and answered with a Chinese refusal (409).
 */
@Injectable()
export class AttemptsService {
  private readonly logger = new Logger('Attempts');

  constructor(
    private readonly repository: AttemptsRepository,
    private readonly views: AttemptViewService,
    private readonly staffAccess: ExamStaffAccess,
    private readonly papers: PaperDeliveryService,
    private readonly scoring: AttemptScoringService,
    private readonly writer: AnswerWriter,
    private readonly events: ExamEvents,
    private readonly activeClients: ActiveClients,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  // ── reading ──

  async clockView(attemptId: string, now: Date): Promise<ExamClockView> {
    const row = await this.repository.find(attemptId);
    if (!row) throw new NotFound('没有找到该考试');
    return clockView(clockState(row), now);
  }

  view(session: ExamSessionContext): Promise<ExamAttemptView> {
    return this.views.view(session.attemptId, this.clock.now());
  }

  /** The encrypted paper: from check-in on (unreadable until the key comes with the start), not once closed. */
  async paper(session: ExamSessionContext): Promise<EncryptedPaper> {
    const row = await this.repository.find(session.attemptId);
    if (!row) throw new NotFound('没有找到该考试');
    if (row.status === 'not_started') throw new Conflict('请先登录考试');
    if (isClosed(row.status)) throw new Conflict('本场考试已结束，不能再下载试卷');
    return this.papers.encryptedPaper(row.id);
  }

  // ── the candidate ──

  /**
   * At login (inside its transaction): not_started → checked_in, and the attempt taken by this client.
   * Returns the row and whether it was checked in now (the caller emits after its commit).
   */
  async checkInForLogin(
    tx: Tx,
    attemptId: string,
    clientId: string,
    origin: RequestOrigin,
    now: Date,
  ): Promise<{ row: AttemptRow; checkedIn: boolean }> {
    const row = await this.repository.lock(tx, attemptId);
    if (!row) throw new NotFound('没有找到该考试');
    if (isClosed(row.status)) throw new Conflict('您已交卷，本场考试已结束');
    const checkedIn = row.status === 'not_started';
    const updated = await this.repository.update(tx, attemptId, {
      activeClientId: clientId,
      clientSeenAt: now,
      ...(checkedIn ? { status: 'checked_in', checkedInAt: now } : {}),
    });
    if (checkedIn)
      await this.record({ actor: null, origin }, tx, row, 'exam.check_in', null, { to: 'checked_in' });
    return { row: updated, checkedIn };
  }

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
   * checked_in → ready (identity confirmed, rules accepted). If the room has started already, the attempt
   * starts at once but ends with the room; more than 15 minutes after the room's start, entry is refused.
   */
  async ready(session: ExamSessionContext, _input: ExamReadyRequest): Promise<ExamAttemptView> {
    const now = this.clock.now();
    const acting = { actor: null, origin: originOf(session) };
    const result = await this.inTransaction(async (tx) => {
      const row = await this.locked(tx, session.attemptId);
      if (row.status === 'ready') return { before: row, row, started: false, changed: false };
      return { before: row, ...(await this.becomeReady(tx, acting, row, 'ready', null, now)) };
    });
    if (result.changed)
      await this.afterReady(result.before, result.row, result.started, 'ready', null, null, now);
    return this.views.view(session.attemptId, now);
  }

  /**
   * checked_in → ready in the caller's transaction (the candidate's click, or the invigilator's admit). If
   * the room has started already, the attempt starts at once but ends with the room; more than 15 minutes
   * after the room's start, entry is refused.
   */
  private async becomeReady(
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

  private async afterReady(
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

  /**
   * The candidate submits. A submission never outruns unsaved answers: the writer is drained first, and if
   * the client has had a seq acknowledged that the server does not hold, the submission is refused (the
   * client resends, then submits again). A repeated submission answers the closed attempt again.
   */
  async submit(session: ExamSessionContext, input: ExamSubmitRequest): Promise<ExamAttemptView> {
    await this.writer.drain(session.attemptId);
    const now = this.clock.now();
    const acting = { actor: null, origin: originOf(session) };
    const closed = await this.inTransaction(async (tx) => {
      const row = await this.locked(tx, session.attemptId);
      if (row.status === 'submitted' && row.closedBy === 'candidate') return null;
      await this.allow(acting, row, 'submit', null);
      if (input.lastSeq > row.lastSeq) {
        await this.refused(
          acting,
          row,
          'submit',
          '还有答案未保存，请稍候，系统会先重新发送未保存的答案再交卷',
          {
            clientLastSeq: input.lastSeq,
            serverLastSeq: row.lastSeq,
          },
        );
      }
      return this.close(tx, acting, row, 'submit', 'candidate', now, now, null);
    });
    if (closed) {
      this.emitClosed(closed, now);
      this.emitTransition({ ...closed, status: 'in_progress' }, closed, 'submit', null, null, now);
    }
    return this.views.view(session.attemptId, now);
  }

  /**
   * 切屏: counted while the exam runs (or is paused), audited and reported to the room. Going above the
   * sitting's limit (0: never) locks the client until an invigilator unlocks it; saves are still taken
   * while locked, so no answer is lost. Each further switch while unlocked and over the limit locks again.
   */
  async recordScreenSwitch(
    session: ExamSessionContext,
    event: IntegrityEvent,
    now: Date,
  ): Promise<IntegrityAck> {
    const acting = { actor: null, origin: originOf(session) };
    const outcome = await this.inTransaction(async (tx) => {
      const row = await this.locked(tx, session.attemptId);
      const counts = isRunning(row.status) || row.status === 'paused';
      const limit = await this.repository.screenSwitchLimit(tx, row.sittingId);
      const count = row.screenSwitches + (counts ? 1 : 0);
      const locks = counts && !row.lockedAt && locksAfterSwitch(count, limit);
      const lockReason = `切屏 ${count} 次，超过上限 ${limit} 次`;
      const updated = counts
        ? await this.repository.update(tx, row.id, {
            screenSwitches: { increment: 1 },
            ...(locks ? { lockedAt: now, lockReason } : {}),
          })
        : row;
      if (counts)
        await this.record(acting, tx, row, 'exam.screen_switch', null, {
          kind: event.kind,
          awayMs: event.awayMs ?? null,
          count: updated.screenSwitches,
          limit,
          at: now.toISOString(),
        });
      if (locks)
        await this.record(acting, tx, row, 'exam.lock', lockReason, {
          to: row.status,
          at: now.toISOString(),
        });
      return { row, updated, counted: counts, locked: locks, lockReason, limit };
    });
    if (outcome.counted)
      this.events.emit({
        type: 'screen_switch',
        attemptId: session.attemptId,
        count: outcome.updated.screenSwitches,
        limit: outcome.limit,
        at: now.toISOString(),
      });
    if (outcome.locked) {
      this.emitClock(outcome.updated, now);
      this.emitTransition(outcome.row, outcome.updated, 'lock', null, outcome.lockReason, now, {
        locked: true,
      });
      this.notice(
        session.attemptId,
        'warning',
        `${outcome.lockReason}，考试机已锁定，请举手联系监考老师解锁`,
        now,
      );
    }
    return {
      screenSwitches: outcome.updated.screenSwitches,
      limit: outcome.limit,
      exceeded: locksAfterSwitch(outcome.updated.screenSwitches, outcome.limit),
    };
  }

  // ── staff ──

  /**
   * The room's start signal: every ready attempt of the room starts now and ends after its paper's duration
   * plus its extra time. A second call (the room has started) starts the attempts that became ready since,
   * ending with the room. Each started attempt gets its clock event with the paper key.
   */
  async startRoom(
    actor: Actor,
    origin: RequestOrigin,
    sittingId: string,
    roomId: string,
    reason: string,
  ): Promise<RoomStartResult> {
    const sittingRoom = await this.staffAccess.assertRoom(actor, origin, sittingId, roomId);
    if (sittingRoom.sitting.status !== 'open')
      throw new Conflict(`场次「${sittingRoom.sitting.name}」尚未开放（或已结束），不能开考`);
    const now = this.clock.now();
    const { started, notReady, roomStartedAt } = await this.inTransaction(async (tx) => {
      const room = await this.repository.lockSittingRoom(tx, sittingId, roomId);
      const firstStart = !room?.startedAt;
      const base = room?.startedAt ?? now;
      if (firstStart) await this.repository.setRoomStarted(tx, sittingId, roomId, now);
      const started = await this.repository.startReadyInRoom(tx, sittingId, roomId, base, now);
      const notReady = await this.repository.countNotReadyInRoom(tx, sittingId, roomId);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'exam_event',
          action: 'exam.room_start',
          entityType: 'SittingRoom',
          entityId: sittingRoom.id,
          reason,
          details: {
            sittingId,
            roomId,
            at: now.toISOString(),
            roomStartedAt: base.toISOString(),
            firstStart,
            started: started.length,
            notReady,
          },
        },
        tx,
      );
      for (const s of started)
        await this.audit.record(
          actor,
          origin,
          {
            category: 'exam_event',
            action: 'exam.start',
            entityType: 'Attempt',
            entityId: s.id,
            reason,
            details: {
              from: 'ready',
              to: 'in_progress',
              at: now.toISOString(),
              endsAt: new Date(s.endsAt).toISOString(),
            },
          },
          tx,
        );
      return { started, notReady, roomStartedAt: firstStart ? base : null };
    });
    for (const s of started) {
      const row = await this.repository.find(s.id);
      if (!row) continue;
      this.emitClock(row, now, await this.papers.paperKey(s.id));
      this.emitTransition({ ...row, status: 'ready' }, row, 'start', actor, reason, now);
    }
    if (roomStartedAt)
      this.events.emitRoom({
        type: 'room_started',
        sittingId,
        roomId,
        roomStartedAt: roomStartedAt.toISOString(),
        at: now.toISOString(),
      });
    return { sittingId, roomId, started: started.length, notReady };
  }

  pause(actor: Actor, origin: RequestOrigin, attemptId: string, reason: string): Promise<ExamClockView> {
    return this.inScope({ actor, origin }, attemptId, () =>
      this.pauseAttempt({ actor, origin }, attemptId, reason, this.clock.now()),
    );
  }

  resume(actor: Actor, origin: RequestOrigin, attemptId: string, reason: string): Promise<ExamClockView> {
    return this.inScope({ actor, origin }, attemptId, () =>
      this.resumeAttempt({ actor, origin }, attemptId, reason, this.clock.now()),
    );
  }

  /** Extra time: a later end while running, more time kept while paused, planned extra time before the start. */
  extraTime(
    actor: Actor,
    origin: RequestOrigin,
    attemptId: string,
    input: ExtraTimeRequest,
  ): Promise<ExamClockView> {
    return this.inScope({ actor, origin }, attemptId, () =>
      this.extendAttempt(
        { actor, origin },
        attemptId,
        input.minutes * 60,
        null,
        input.reason,
        this.clock.now(),
      ),
    );
  }

  // ── the room's actions (the caller has checked the room's scope: ProctorActionsService) ──

  /** 核验身份: the invigilator confirmed the candidate against the photo (recorded as identityCheckedAt in the audit). */
  async confirmIdentity(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    const { row } = await this.roomTransition(
      acting,
      attemptId,
      'confirmIdentity',
      reason,
      now,
      (row) => (row.status === 'not_started' ? { status: 'checked_in', checkedInAt: now } : {}),
      () => ({ identityCheckedAt: now.toISOString() }),
    );
    return clockView(clockState(row), now);
  }

  /** 准许入场: checked_in → ready on the invigilator's say (starts at once if the room has started). */
  async admit(acting: StaffActing, attemptId: string, reason: string, now: Date): Promise<ExamClockView> {
    const result = await this.inTransaction(async (tx) => {
      const row = await this.locked(tx, attemptId);
      return { before: row, ...(await this.becomeReady(tx, acting, row, 'admit', reason, now)) };
    });
    await this.afterReady(result.before, result.row, result.started, 'admit', acting.actor, reason, now);
    return clockView(clockState(result.row), now);
  }

  /** Pause: the time left is kept (credited back at the resume), the clock stops. */
  async pauseAttempt(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    const { row } = await this.roomTransition(acting, attemptId, 'pause', reason, now, (row) => ({
      status: 'paused',
      disconnectedAt: null,
      ...pauseClock(clockState(row), now),
    }));
    this.emitClock(row, now);
    // the reason stays in the record (it may name the candidate's health); the screen says what it means
    this.notice(
      row.id,
      'info',
      '监考老师已暂停考试，计时已停止，暂停的时间不计入考试时间，请在座位上等候',
      now,
    );
    return clockView(clockState(row), now);
  }

  /** Resume: the kept time runs again from now. */
  async resumeAttempt(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    const { row } = await this.roomTransition(acting, attemptId, 'resume', reason, now, (row) => ({
      status: 'in_progress',
      ...resumeClock(clockState(row), now),
    }));
    this.emitClock(row, now);
    return clockView(clockState(row), now);
  }

  /**
   * Extra time, planned (before the start, or an approved accommodation) or for an incident (time lost);
   * `kind` null: planned before the start, incident after it.
   */
  async extendAttempt(
    acting: StaffActing,
    attemptId: string,
    seconds: number,
    kind: 'planned' | 'incident' | null,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    const { row } = await this.roomTransition(
      acting,
      attemptId,
      'extraTime',
      reason,
      now,
      (row) => addExtraTime(clockState(row), seconds),
      (row) => ({ seconds, kind: kind ?? (row.startedAt ? 'incident' : 'planned') }),
    );
    this.emitClock(row, now);
    return clockView(clockState(row), now);
  }

  /**
   * 换座（换机）: the candidate's seat becomes the free seat `seatId` of the same room; the old machine's
   * sessions are revoked and its socket evicted, so the candidate logs in on the new machine and resumes
   * (the clock keeps running unless the invigilator paused it).
   */
  async moveSeat(
    acting: StaffActing,
    attemptId: string,
    seatId: string,
    reason: string,
    now: Date,
  ): Promise<{ seatLabel: string }> {
    let seatLabel = '';
    const { row } = await this.roomTransition(
      acting,
      attemptId,
      'moveSeat',
      reason,
      now,
      async (row, tx) => {
        const seat = await this.repository.freeSeatFor(tx, row.sittingId, row.applicationId, seatId);
        if (seat.problem) await this.refused(acting, row, 'moveSeat', seat.problem, { seatId });
        seatLabel = seat.label;
        await this.repository.moveSeat(tx, row.sittingId, row.applicationId, seatId, {
          reason,
          byUserId: acting.actor.userId,
          at: now,
        });
        await this.repository.revokeSessions(tx, row.id, now);
        return { activeClientId: null, clientSeenAt: null };
      },
      () => ({ seatId, seatLabel }),
      () => ({ seatId }),
    );
    this.notice(row.id, 'info', `请到 ${seatLabel} 号座位的考试机上重新登录，继续作答`, now);
    const timer = setTimeout(() => this.activeClients.evict(row.id), EVICT_AFTER_NOTICE_MS);
    timer.unref();
    return { seatLabel };
  }

  /** 解锁: clears the lock (切屏 over the limit, or set by the room); refused when the client is not locked. */
  async unlock(acting: StaffActing, attemptId: string, reason: string, now: Date): Promise<void> {
    await this.roomTransition(
      acting,
      attemptId,
      'unlock',
      reason,
      now,
      async (row) => {
        if (!row.lockedAt) await this.refused(acting, row, 'unlock', '该考生的考试机未被锁定，无需解锁', {});
        return { lockedAt: null, lockReason: null };
      },
      (row) => ({ lockedAt: row.lockedAt?.toISOString() ?? null, lockReason: row.lockReason }),
      () => ({ locked: false }),
    );
    const unlocked = await this.repository.find(attemptId);
    if (unlocked) this.emitClock(unlocked, now);
    this.notice(attemptId, 'info', '监考老师已解锁，请继续作答', now);
  }

  /** 警告: counted on the attempt and shown on the candidate's screen. */
  async warn(
    acting: StaffActing,
    attemptId: string,
    message: string,
    reason: string,
    now: Date,
  ): Promise<void> {
    const { row } = await this.roomTransition(
      acting,
      attemptId,
      'warn',
      reason,
      now,
      () => ({ warnings: { increment: 1 } }),
      () => ({ message }),
      (updated) => ({ warnings: updated.warnings }),
    );
    this.notice(row.id, 'warning', message, now);
  }

  /** 强制收卷: closed by the invigilator with what was saved (the writer drained first), scored like a submission. */
  async forceSubmit(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    await this.writer.drain(attemptId);
    const { before, row } = await this.inTransaction(async (tx) => {
      const before = await this.locked(tx, attemptId);
      return {
        before,
        row: await this.close(tx, acting, before, 'forceSubmit', 'invigilator', now, now, reason),
      };
    });
    this.emitClosed(row, now);
    this.emitTransition(before, row, 'forceSubmit', acting.actor, reason, now);
    return clockView(clockState(row), now);
  }

  /**
   * 判为无效（违纪）: any attempt not yet voided. The score must not count: the ComponentScore row of the
   * attempt is deleted and its pending marking tasks dropped (marked ones stay for the record), the
   * attempt's scoreTenths is cleared; its objective points stay on the attempt and in the audit entry.
   */
  async voidAttempt(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    await this.writer.drain(attemptId);
    let voidDetails: Record<string, number | null> = {};
    const { row } = await this.roomTransition(
      acting,
      attemptId,
      'void',
      reason,
      now,
      async (row, tx) => {
        const removed = await this.repository.removeScore(tx, row.id);
        voidDetails = { ...removed, scoreTenths: row.scoreTenths, objectiveTenths: row.objectiveTenths };
        return {
          status: 'voided',
          closedAt: row.closedAt ?? now,
          closedBy: 'voided',
          remainingMs: null,
          pausedAt: null,
          scoreTenths: null,
          pendingMarking: 0,
        };
      },
      () => voidDetails,
    );
    this.emitClosed(row, now);
    return clockView(clockState(row), now);
  }

  // ── the candidate's connection (the clock keeps running) ──

  /** in_progress → disconnected (the candidate's socket went away); anything else: nothing to do. */
  async disconnected(attemptId: string, now: Date): Promise<void> {
    await this.connectionTransition(attemptId, 'disconnect', 'in_progress', now, {
      status: 'disconnected',
      disconnectedAt: now,
    });
  }

  /** disconnected → in_progress (the candidate's socket is back); anything else: the time seen is noted. */
  async reconnected(attemptId: string, now: Date): Promise<void> {
    await this.connectionTransition(attemptId, 'reconnect', 'disconnected', now, {
      status: 'in_progress',
      disconnectedAt: null,
      clientSeenAt: now,
    });
  }

  // ── the server ──

  /**
   * Time-up: closes every running attempt whose end plus the grace for saves on the wire has passed, with
   * what was saved (closedAt = its end), scores it and emits 'closed'. Each attempt in its own transaction,
   * taken with FOR UPDATE SKIP LOCKED, so two processes never close one twice. Returns how many it closed.
   */
  async closeExpired(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - SAVE_GRACE_MS);
    let closed = 0;
    for (;;) {
      const ids = await this.repository.expiredIds(cutoff, 200);
      if (ids.length === 0) return closed;
      let progress = 0;
      for (const id of ids) {
        await this.writer
          .drain(id)
          .catch((error: unknown) => this.logger.warn(`drain ${id}: ${String(error)}`));
        const row = await this.inTransaction(async (tx) => {
          if (!(await this.repository.lockIfExpired(tx, id, cutoff))) return null;
          const locked = await this.locked(tx, id);
          const closedAt = locked.endsAt ?? now;
          return this.close(
            tx,
            { actor: null, origin: SYSTEM },
            locked,
            'timeUp',
            'time_up',
            closedAt,
            now,
            null,
          );
        }).catch((error: unknown) => {
          // one attempt that cannot be closed (scored) must not hold up the others; the next sweep retries it
          this.logger.error(
            `time-up of attempt ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          return null;
        });
        if (row) {
          progress++;
          this.emitClosed(row, now);
          this.emitTransition({ ...row, status: 'in_progress' }, row, 'timeUp', null, null, now);
        }
      }
      closed += progress;
      if (progress === 0 || ids.length < 200) return closed;
    }
  }

  // ── transitions ──

  /** Runs `fn` once the actor's scope over the attempt's room is checked (the per-attempt HTTP routes). */
  private async inScope<T>(acting: StaffActing, attemptId: string, fn: () => Promise<T>): Promise<T> {
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
  private async roomTransition(
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
  private async connectionTransition(
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

  private emitTransition(
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

  private notice(attemptId: string, kind: 'info' | 'warning', message: string, now: Date): void {
    this.events.emit({ type: 'notice', attemptId, notice: { kind, message, at: now.toISOString() } });
  }

  /** Closes a locked attempt: status, closer, time, score — in the caller's transaction. */
  private async close(
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

  private emitClosed(row: AttemptRow, now: Date): void {
    this.events.emit({ type: 'closed', attemptId: row.id, clock: clockView(clockState(row), now) });
  }

  private async locked(tx: Tx, attemptId: string): Promise<AttemptRow> {
    const row = await this.repository.lock(tx, attemptId);
    if (!row) throw new NotFound('没有找到该考试');
    return row;
  }

  /** The status after the action, or: the refusal audited (outside the transaction) and thrown. */
  /** A transaction of this service; a refused transition is audited after it has rolled back. */
  private async inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.repository.transaction(fn);
    } catch (error) {
      if (error instanceof RefusedTransition) await error.audit();
      throw error;
    }
  }

  private async allow(
    acting: ActingAs,
    row: AttemptRow,
    action: AttemptAction | RoomAction,
    reason: string | null,
  ) {
    const result = transition(row.status, action);
    if (result.ok) return result.to;
    return this.refused(acting, row, action, result.message, reason ? { reason } : {});
  }

  private async refused(
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

  private record(
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
