import { Injectable } from '@nestjs/common';
import type { ExamClockView } from '@exam/contracts';
import { AnswerWriter } from './answers/answer-writer.js';
import { addExtraTime, clockView, pauseClock, resumeClock } from './attempt-state.js';
import { AttemptTransitions, type StaffActing } from './attempt-transitions.js';
import { clockState } from './attempt-view.service.js';
import { ActiveClients } from './active-clients.js';
import { AttemptsRepository } from './attempts.repository.js';

/** the candidate's notice goes out before the moved client is disconnected */
const EVICT_AFTER_NOTICE_MS = 300;

/**
 * The invigilator's transitions of one attempt (the caller has checked the room's scope:
 * ProctorActionsService, or AttemptsService's HTTP routes) and the ones that follow the candidate's
 * connection. Each is one transaction through AttemptTransitions: checked, written, audited, then emitted.
 */
@Injectable()
export class RoomActionsService {
  constructor(
    private readonly repository: AttemptsRepository,
    private readonly transitions: AttemptTransitions,
    private readonly writer: AnswerWriter,
    private readonly activeClients: ActiveClients,
  ) {}

  /** 核验身份: the invigilator confirmed the candidate against the photo (recorded as identityCheckedAt in the audit). */
  async confirmIdentity(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    const { row } = await this.transitions.roomTransition(
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
    const result = await this.transitions.inTransaction(async (tx) => {
      const row = await this.transitions.locked(tx, attemptId);
      return { before: row, ...(await this.transitions.becomeReady(tx, acting, row, 'admit', reason, now)) };
    });
    await this.transitions.afterReady(
      result.before,
      result.row,
      result.started,
      'admit',
      acting.actor,
      reason,
      now,
    );
    return clockView(clockState(result.row), now);
  }

  /** Pause: the time left is kept (credited back at the resume), the clock stops. */
  async pauseAttempt(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    const { row } = await this.transitions.roomTransition(acting, attemptId, 'pause', reason, now, (row) => ({
      status: 'paused',
      disconnectedAt: null,
      ...pauseClock(clockState(row), now),
    }));
    this.transitions.emitClock(row, now);
    // the reason stays in the record (it may name the candidate's health); the screen says what it means
    this.transitions.notice(
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
    const { row } = await this.transitions.roomTransition(
      acting,
      attemptId,
      'resume',
      reason,
      now,
      (row) => ({
        status: 'in_progress',
        ...resumeClock(clockState(row), now),
      }),
    );
    this.transitions.emitClock(row, now);
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
    const { row } = await this.transitions.roomTransition(
      acting,
      attemptId,
      'extraTime',
      reason,
      now,
      (row) => addExtraTime(clockState(row), seconds),
      (row) => ({ seconds, kind: kind ?? (row.startedAt ? 'incident' : 'planned') }),
    );
    this.transitions.emitClock(row, now);
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
    const { row } = await this.transitions.roomTransition(
      acting,
      attemptId,
      'moveSeat',
      reason,
      now,
      async (row, tx) => {
        const seat = await this.repository.freeSeatFor(tx, row.sittingId, row.applicationId, seatId);
        if (seat.problem) await this.transitions.refused(acting, row, 'moveSeat', seat.problem, { seatId });
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
    this.transitions.notice(row.id, 'info', `请到 ${seatLabel} 号座位的考试机上重新登录，继续作答`, now);
    const timer = setTimeout(() => this.activeClients.evict(row.id), EVICT_AFTER_NOTICE_MS);
    timer.unref();
    return { seatLabel };
  }

  /** 解锁: clears the lock (切屏 over the limit, or set by the room); refused when the client is not locked. */
  async unlock(acting: StaffActing, attemptId: string, reason: string, now: Date): Promise<void> {
    await this.transitions.roomTransition(
      acting,
      attemptId,
      'unlock',
      reason,
      now,
      async (row) => {
        if (!row.lockedAt)
          await this.transitions.refused(acting, row, 'unlock', '该考生的考试机未被锁定，无需解锁', {});
        return { lockedAt: null, lockReason: null };
      },
      (row) => ({ lockedAt: row.lockedAt?.toISOString() ?? null, lockReason: row.lockReason }),
      () => ({ locked: false }),
    );
    const unlocked = await this.repository.find(attemptId);
    if (unlocked) this.transitions.emitClock(unlocked, now);
    this.transitions.notice(attemptId, 'info', '监考老师已解锁，请继续作答', now);
  }

  /** 警告: counted on the attempt and shown on the candidate's screen. */
  async warn(
    acting: StaffActing,
    attemptId: string,
    message: string,
    reason: string,
    now: Date,
  ): Promise<void> {
    const { row } = await this.transitions.roomTransition(
      acting,
      attemptId,
      'warn',
      reason,
      now,
      () => ({ warnings: { increment: 1 } }),
      () => ({ message }),
      (updated) => ({ warnings: updated.warnings }),
    );
    this.transitions.notice(row.id, 'warning', message, now);
  }

  /** 强制收卷: closed by the invigilator with what was saved (the writer drained first), scored like a submission. */
  async forceSubmit(
    acting: StaffActing,
    attemptId: string,
    reason: string,
    now: Date,
  ): Promise<ExamClockView> {
    await this.writer.drain(attemptId);
    const { before, row } = await this.transitions.inTransaction(async (tx) => {
      const before = await this.transitions.locked(tx, attemptId);
      return {
        before,
        row: await this.transitions.close(tx, acting, before, 'forceSubmit', 'invigilator', now, now, reason),
      };
    });
    this.transitions.emitClosed(row, now);
    this.transitions.emitTransition(before, row, 'forceSubmit', acting.actor, reason, now);
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
    const { row } = await this.transitions.roomTransition(
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
    this.transitions.emitClosed(row, now);
    return clockView(clockState(row), now);
  }

  // ── the candidate's connection (the clock keeps running) ──

  /** in_progress → disconnected (the candidate's socket went away); anything else: nothing to do. */
  async disconnected(attemptId: string, now: Date): Promise<void> {
    await this.transitions.connectionTransition(attemptId, 'disconnect', 'in_progress', now, {
      status: 'disconnected',
      disconnectedAt: now,
    });
  }

  /** disconnected → in_progress (the candidate's socket is back); anything else: the time seen is noted. */
  async reconnected(attemptId: string, now: Date): Promise<void> {
    await this.transitions.connectionTransition(attemptId, 'reconnect', 'disconnected', now, {
      status: 'in_progress',
      disconnectedAt: null,
      clientSeenAt: now,
    });
  }
}
