import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  PROCTOR_ACTION_LABELS,
  PROCTOR_REASONS,
  describeProctorReason,
  type ProctorActionResult,
  type proctorActionSchema,
} from '@exam/contracts';
import type { z } from 'zod';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import type { StaffActing } from '../exam/attempt-transitions.js';
import { AttemptsService } from '../exam/attempts.service.js';
import { ExamStaffAccess } from '../exam/exam-staff-access.js';
import { RoomActionsService } from '../exam/room-actions.service.js';
import { RoomSnapshotRepository } from './room-snapshot.repository.js';

export type ProctorActionInput = z.output<typeof proctorActionSchema>;

/** Extra time for these reasons is planned (an approved accommodation); the others make up for an incident. */
const PLANNED_EXTRA_TIME = new Set(['planned_accommodation']);

/**
 * The invigilator's actions on a room, from the console (socket or HTTP): the room's scope is checked once
 * (an invigilator on duty in that room for that sitting, the exam office of its region, an admin), the
 * reason must come from the action's fixed list (其他 with text), every candidate must sit in that room;
 * then each candidate is acted on in a transaction of its own (RoomActionsService) and the result says, per
 * candidate, done or why not. A single-candidate action that is refused throws the refusal instead.
 * Every refusal is audited; nothing changes for a refused candidate.
 */
@Injectable()
export class ProctorActionsService {
  private readonly logger = new Logger('ProctorActions');

  constructor(
    private readonly attempts: AttemptsService,
    private readonly roomActions: RoomActionsService,
    private readonly staffAccess: ExamStaffAccess,
    private readonly repository: RoomSnapshotRepository,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async act(actor: Actor, origin: RequestOrigin, input: ProctorActionInput): Promise<ProctorActionResult> {
    await this.staffAccess.assertRoom(actor, origin, input.sittingId, input.roomId);
    const reason = describeProctorReason(input.action, input.reason);
    if (!reason) {
      const allowed = PROCTOR_REASONS[input.action].map((r) => r.label).join('、');
      await this.refuse(actor, origin, input, 'unknown_reason');
      throw new ValidationFailed(`请从“${PROCTOR_ACTION_LABELS[input.action]}”的原因列表中选择：${allowed}`, [
        { path: 'reason.code', message: '原因不在列表中' },
      ]);
    }
    const acting: StaffActing = { actor, origin };
    if (input.action === 'start_room') {
      const started = await this.attempts.startRoom(actor, origin, input.sittingId, input.roomId, reason);
      return {
        action: input.action,
        results: [
          {
            attemptId: null,
            ok: true,
            message: `已开考 ${started.started} 人${started.notReady ? `，尚有 ${started.notReady} 人未就绪` : ''}`,
          },
        ],
      };
    }

    const ids = [...new Set(input.attemptIds)];
    const places = await this.repository.places(ids);
    const inRoom = new Set(
      places
        .filter((p) => p.sittingId === input.sittingId && p.roomId === input.roomId)
        .map((p) => p.attemptId),
    );
    const outside = ids.filter((id) => !inRoom.has(id));
    if (outside.length > 0) await this.refuse(actor, origin, input, 'not_in_room', outside);

    const results: ProctorActionResult['results'] = [];
    for (const id of ids) {
      if (!inRoom.has(id)) {
        results.push({ attemptId: id, ok: false, message: '该考生不在本考场，不能在此操作' });
        continue;
      }
      try {
        const message = await this.one(acting, id, input, reason);
        results.push({ attemptId: id, ok: true, message });
      } catch (error) {
        if (!(error instanceof DomainError)) {
          this.logger.error(
            `${input.action} ${id}: ${error instanceof Error ? error.message : String(error)}`,
          );
          if (ids.length === 1) throw error;
          results.push({ attemptId: id, ok: false, message: '操作失败，请稍后重试' });
          continue;
        }
        if (ids.length === 1) throw error;
        results.push({ attemptId: id, ok: false, message: error.message });
      }
    }
    if (ids.length === 1 && results[0] && !results[0].ok)
      throw new OutOfScope(results[0].message ?? '该考生不在本考场，不能在此操作');
    return { action: input.action, results };
  }

  /** One candidate, one transaction; returns what the console shows. */
  private async one(acting: StaffActing, attemptId: string, input: ProctorActionInput, reason: string) {
    const now = this.clock.now();
    switch (input.action) {
      case 'check_in':
        await this.roomActions.confirmIdentity(acting, attemptId, reason, now);
        return '已核验身份';
      case 'admit':
        await this.roomActions.admit(acting, attemptId, reason, now);
        return '已准许入场';
      case 'pause':
        await this.roomActions.pauseAttempt(acting, attemptId, reason, now);
        return '已暂停';
      case 'resume':
        await this.roomActions.resumeAttempt(acting, attemptId, reason, now);
        return '已继续';
      case 'extra_time': {
        const minutes = input.minutes ?? 0;
        const kind = PLANNED_EXTRA_TIME.has(input.reason.code) ? 'planned' : 'incident';
        await this.roomActions.extendAttempt(acting, attemptId, minutes * 60, kind, reason, now);
        return `已延时 ${minutes} 分钟`;
      }
      case 'move_seat': {
        const moved = await this.roomActions.moveSeat(acting, attemptId, input.seatId!, reason, now);
        return `已换到 ${moved.seatLabel} 号座位，请考生在新座位重新登录`;
      }
      case 'unlock':
        await this.roomActions.unlock(acting, attemptId, reason, now);
        return '已解锁';
      case 'warn': {
        const label = PROCTOR_REASONS.warn.find((r) => r.code === input.reason.code)?.label ?? '违反考场纪律';
        const message = input.message?.trim() || `监考老师警告：${label}，请遵守考场纪律`;
        await this.roomActions.warn(acting, attemptId, message, reason, now);
        return '已警告';
      }
      case 'force_submit':
        await this.roomActions.forceSubmit(acting, attemptId, reason, now);
        return '已强制收卷';
      case 'void':
        await this.roomActions.voidAttempt(acting, attemptId, reason, now);
        return '已判为无效，成绩不计';
      default:
        throw new ValidationFailed('操作类型不正确');
    }
  }

  /** Audits a refused action (wrong reason, candidates outside the room). */
  refuse(
    actor: Actor | null,
    origin: RequestOrigin,
    input: { action?: unknown; sittingId?: unknown; roomId?: unknown } | null,
    cause: string,
    attemptIds: string[] = [],
    message: string | null = null,
  ) {
    return this.audit.record(actor, origin, {
      category: 'exam_event',
      action: 'proctor.action_refused',
      entityType: 'SittingRoom',
      entityId: typeof input?.roomId === 'string' ? input.roomId.slice(0, 128) : null,
      details: {
        cause,
        action: typeof input?.action === 'string' ? input.action.slice(0, 40) : null,
        sittingId: typeof input?.sittingId === 'string' ? input.sittingId.slice(0, 64) : null,
        attemptIds,
        message,
      },
    });
  }
}
