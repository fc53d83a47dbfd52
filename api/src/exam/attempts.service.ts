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
  type RoomStartResult,
} from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/domain-errors.js';
import { PaperDeliveryService } from '../papers/paper-delivery.service.js';
import { AnswerWriter } from './answers/answer-writer.js';
import { clockView, isClosed, isRunning, locksAfterSwitch } from './attempt-state.js';
import { AttemptTransitions, type Tx } from './attempt-transitions.js';
import { AttemptViewService, clockState } from './attempt-view.service.js';
import { AttemptsRepository, type AttemptRow } from './attempts.repository.js';
import { ExamEvents } from './exam-events.js';
import type { ExamSessionContext } from './exam-session.js';
import { ExamStaffAccess } from './exam-staff-access.js';
import { RoomActionsService } from './room-actions.service.js';

const SYSTEM: RequestOrigin = { ip: null, userAgent: 'exam-clock' };

const originOf = (session: ExamSessionContext): RequestOrigin => ({
  ip: session.ip,
  userAgent: session.userAgent,
});

/**
 * The attempt state machine with its server-owned clock (rules in attempt-state.ts). Each transition is one
 * method: it locks the attempt's row, checks the transition, writes the new state with who, why and when
 * (audit category exam_event), all in one transaction, and emits one ExamEvent after the commit. A
 * forbidden transition changes nothing, is audited and answered with a Chinese refusal (409).
 * The shared mechanics live in AttemptTransitions; the invigilator's and the connection's transitions in
 * RoomActionsService.
 */
@Injectable()
export class AttemptsService {
  private readonly logger = new Logger('Attempts');

  constructor(
    private readonly repository: AttemptsRepository,
    private readonly views: AttemptViewService,
    private readonly staffAccess: ExamStaffAccess,
    private readonly papers: PaperDeliveryService,
    private readonly writer: AnswerWriter,
    private readonly events: ExamEvents,
    private readonly audit: AuditService,
    private readonly transitions: AttemptTransitions,
    private readonly roomActions: RoomActionsService,
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
      await this.transitions.record({ actor: null, origin }, tx, row, 'exam.check_in', null, {
        to: 'checked_in',
      });
    return { row: updated, checkedIn };
  }

  /**
   * checked_in → ready (identity confirmed, rules accepted). If the room has started already, the attempt
   * starts at once but ends with the room; more than 15 minutes after the room's start, entry is refused.
   */
  async ready(session: ExamSessionContext, _input: ExamReadyRequest): Promise<ExamAttemptView> {
    const now = this.clock.now();
    const acting = { actor: null, origin: originOf(session) };
    const result = await this.transitions.inTransaction(async (tx) => {
      const row = await this.transitions.locked(tx, session.attemptId);
      if (row.status === 'ready') return { before: row, row, started: false, changed: false };
      return { before: row, ...(await this.transitions.becomeReady(tx, acting, row, 'ready', null, now)) };
    });
    if (result.changed)
      await this.transitions.afterReady(result.before, result.row, result.started, 'ready', null, null, now);
    return this.views.view(session.attemptId, now);
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
    const closed = await this.transitions.inTransaction(async (tx) => {
      const row = await this.transitions.locked(tx, session.attemptId);
      if (row.status === 'submitted' && row.closedBy === 'candidate') return null;
      await this.transitions.allow(acting, row, 'submit', null);
      if (input.lastSeq > row.lastSeq) {
        await this.transitions.refused(
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
      return this.transitions.close(tx, acting, row, 'submit', 'candidate', now, now, null);
    });
    if (closed) {
      this.transitions.emitClosed(closed, now);
      this.transitions.emitTransition(
        { ...closed, status: 'in_progress' },
        closed,
        'submit',
        null,
        null,
        now,
      );
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
    const outcome = await this.transitions.inTransaction(async (tx) => {
      const row = await this.transitions.locked(tx, session.attemptId);
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
        await this.transitions.record(acting, tx, row, 'exam.screen_switch', null, {
          kind: event.kind,
          awayMs: event.awayMs ?? null,
          count: updated.screenSwitches,
          limit,
          at: now.toISOString(),
        });
      if (locks)
        await this.transitions.record(acting, tx, row, 'exam.lock', lockReason, {
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
      this.transitions.emitClock(outcome.updated, now);
      this.transitions.emitTransition(outcome.row, outcome.updated, 'lock', null, outcome.lockReason, now, {
        locked: true,
      });
      this.transitions.notice(
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
    const { started, notReady, roomStartedAt } = await this.transitions.inTransaction(async (tx) => {
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
      this.transitions.emitClock(row, now, await this.papers.paperKey(s.id));
      this.transitions.emitTransition({ ...row, status: 'ready' }, row, 'start', actor, reason, now);
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
    return this.transitions.inScope({ actor, origin }, attemptId, () =>
      this.roomActions.pauseAttempt({ actor, origin }, attemptId, reason, this.clock.now()),
    );
  }

  resume(actor: Actor, origin: RequestOrigin, attemptId: string, reason: string): Promise<ExamClockView> {
    return this.transitions.inScope({ actor, origin }, attemptId, () =>
      this.roomActions.resumeAttempt({ actor, origin }, attemptId, reason, this.clock.now()),
    );
  }

  /** Extra time: a later end while running, more time kept while paused, planned extra time before the start. */
  extraTime(
    actor: Actor,
    origin: RequestOrigin,
    attemptId: string,
    input: ExtraTimeRequest,
  ): Promise<ExamClockView> {
    return this.transitions.inScope({ actor, origin }, attemptId, () =>
      this.roomActions.extendAttempt(
        { actor, origin },
        attemptId,
        input.minutes * 60,
        null,
        input.reason,
        this.clock.now(),
      ),
    );
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
        const row = await this.transitions
          .inTransaction(async (tx) => {
            if (!(await this.repository.lockIfExpired(tx, id, cutoff))) return null;
            const locked = await this.transitions.locked(tx, id);
            const closedAt = locked.endsAt ?? now;
            return this.transitions.close(
              tx,
              { actor: null, origin: SYSTEM },
              locked,
              'timeUp',
              'time_up',
              closedAt,
              now,
              null,
            );
          })
          .catch((error: unknown) => {
            // one attempt that cannot be closed (scored) must not hold up the others; the next sweep retries it
            this.logger.error(
              `time-up of attempt ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
            );
            return null;
          });
        if (row) {
          progress++;
          this.transitions.emitClosed(row, now);
          this.transitions.emitTransition({ ...row, status: 'in_progress' }, row, 'timeUp', null, null, now);
        }
      }
      closed += progress;
      if (progress === 0 || ids.length < 200) return closed;
    }
  }
}
