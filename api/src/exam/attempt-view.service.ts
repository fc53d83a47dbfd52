import { Inject, Injectable } from '@nestjs/common';
import {
  BLUEPRINT_SUBJECT_NAMES,
  DEFAULT_LEVEL_NAMES,
  maskIdNumber,
  type AnswerResponse,
  type AttemptCloser,
  type AttemptStatus,
  type ExamAttemptView,
  type Level,
  type SittingAttemptsView,
} from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { NotFound } from '../common/domain-errors.js';
import { FileStore } from '../files/file-store.js';
import { PaperDeliveryService } from '../papers/paper-delivery.service.js';
import { ADMISSION_TICKET_RULES } from '../scheduling/admission-ticket-document.js';
import { clockView, isClosed, remainingAt, type ClockState } from './attempt-state.js';
import { AttemptsRepository, type AttemptRow } from './attempts.repository.js';
import { ExamStaffAccess } from './exam-staff-access.js';

/** The attempt row's clock columns with its paper's duration. */
export function clockState(row: AttemptRow): ClockState {
  return { ...row, durationMinutes: row.paper.durationMinutes };
}

/** 考场规则 shown before the start: the ticket's rules (but the one about keeping the ticket), then the exam client's own. */
export function examRules(screenSwitchLimit: number): string[] {
  return [
    ...ADMISSION_TICKET_RULES.filter((rule) => !rule.startsWith('本准考证')),
    `考试期间须保持考试窗口全屏，不得切换到其他窗口或程序；每次离开考试窗口（切屏）都会被记录，超过 ${screenSwitchLimit} 次将报告监考老师。`,
    '答案在作答时自动保存，屏幕上显示最近一次保存的时间；网络中断、刷新或换机后重新登录可继续作答。',
    '考试时间以服务器时间为准，不因断网而暂停；时间到时系统自动交卷，确认交卷后不能再修改答案。',
  ];
}

/** What the candidate's client and the invigilator's console read about attempts. */
@Injectable()
export class AttemptViewService {
  constructor(
    private readonly repository: AttemptsRepository,
    private readonly files: FileStore,
    private readonly papers: PaperDeliveryService,
    private readonly staffAccess: ExamStaffAccess,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * 核验身份: the photo on the candidate's application, for the invigilator on duty in their room (or the
   * office); every view is audited, as a photo is personal data.
   */
  async staffPhoto(
    actor: Actor,
    origin: RequestOrigin,
    attemptId: string,
  ): Promise<{ bytes: Buffer; mime: string }> {
    const row = await this.repository.find(attemptId);
    if (!row) throw new NotFound('没有找到该考生的作答记录');
    const context = await this.repository.context(row);
    if (!context?.seat) throw new NotFound('该考生在本场次没有座位');
    await this.staffAccess.assertRoom(actor, origin, row.sittingId, context.seat.roomId);
    if (!context.photo) throw new NotFound('该考生的申报材料中没有照片，请核对身份证');
    const bytes = await this.files.read(context.photo.sha256);
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'exam.photo_view',
      entityType: 'Attempt',
      entityId: attemptId,
      details: { sittingId: row.sittingId, roomId: context.seat.roomId },
    });
    return { bytes, mime: context.photo.mime };
  }

  async view(attemptId: string, now: Date): Promise<ExamAttemptView> {
    const row = await this.repository.find(attemptId);
    if (!row) throw new NotFound('没有找到该考试');
    const [context, answers] = await Promise.all([
      this.repository.context(row),
      this.repository.currentAnswers(row.id),
    ]);
    if (!context) throw new NotFound('没有找到该考试的场次');
    const started = row.startedAt !== null && row.status !== 'voided';
    const [photo, paperKey] = await Promise.all([
      context.photo ? this.photo(context.photo) : null,
      started ? this.papers.paperKey(row.id) : null,
    ]);
    const s = context.sitting;
    return {
      id: row.id,
      candidate: {
        name: context.person.name,
        idNumberMasked: maskIdNumber(context.person.idNumber),
        photo,
        ticketNumber: context.ticketNumber ?? '',
        occupationName: context.occupationName,
        levelLabel: DEFAULT_LEVEL_NAMES[context.targetLevel as Level],
        organisationName: context.organisationName,
      },
      sitting: {
        id: s.id,
        name: s.name,
        subject: s.subject,
        subjectName: s.subject ? (BLUEPRINT_SUBJECT_NAMES[s.subject] ?? s.subject) : null,
        startsAt: s.startsAt.toISOString(),
        durationMinutes: row.paper.durationMinutes,
        roomName: context.seat?.roomName ?? '',
        seatLabel: context.seat?.label ?? '',
        machineId: context.seat?.machineId ?? null,
        screenSwitchLimit: s.screenSwitchLimit,
      },
      rules: examRules(s.screenSwitchLimit),
      clock: clockView(clockState(row), now),
      itemCount: row.paper.itemCount,
      totalPointsTenths: row.paper.totalPointsTenths,
      lastSeq: row.lastSeq,
      answers: answers.map((a) => ({
        position: Number(a.position),
        response: (a.response ?? null) as AnswerResponse,
        seq: Number(a.seq),
        savedAt: new Date(a.receivedAt).toISOString(),
      })),
      screenSwitches: row.screenSwitches,
      paperKey,
      result:
        isClosed(row.status) && row.status !== 'voided' && row.objectiveTenths !== null
          ? {
              objectiveTenths: row.objectiveTenths,
              pendingMarking: row.pendingMarking ?? 0,
              scoreTenths: row.scoreTenths,
            }
          : null,
    };
  }

  /** The sitting's attempts (of one room, or of every room the actor may see), for the console. */
  async sittingAttempts(
    actor: Actor,
    origin: RequestOrigin,
    sittingId: string,
    roomId: string | undefined,
    now: Date,
  ): Promise<SittingAttemptsView> {
    const visible = roomId
      ? (await this.staffAccess.assertRoom(actor, origin, sittingId, roomId), [roomId])
      : await this.staffAccess.visibleRooms(actor, origin, sittingId);
    const rows = await this.repository.sittingAttempts(sittingId, visible);
    const answered = await this.repository.answeredCounts(rows.map((r) => r.id));
    const rooms = await this.repository.sittingRooms(sittingId, visible);
    return {
      sittingId,
      serverNow: now.toISOString(),
      rooms: rooms.map((r) => ({
        roomId: r.roomId,
        roomName: r.room.name,
        startedAt: r.startedAt?.toISOString() ?? null,
      })),
      attempts: rows.map((r) => {
        const status = r.status as AttemptStatus;
        const clock = clockView({ ...r, status, closedBy: r.closedBy }, now);
        return {
          attemptId: r.id,
          roomId: r.roomId,
          seatLabel: r.seatLabel,
          name: r.name,
          ticketNumber: r.ticketNumber,
          status,
          startedAt: clock.startedAt,
          endsAt: clock.endsAt,
          remainingMs: remainingAt({ ...r, status }, now),
          extraSeconds: r.extraSeconds,
          lastSeq: r.lastSeq,
          answered: answered.get(r.id) ?? 0,
          itemCount: r.itemCount,
          screenSwitches: r.screenSwitches,
          closedAt: clock.closedAt,
          closedBy: r.closedBy as AttemptCloser | null,
          objectiveTenths: r.objectiveTenths,
        };
      }),
    };
  }

  private async photo(photo: { sha256: string; mime: string }): Promise<string | null> {
    try {
      const bytes = await this.files.read(photo.sha256);
      return `data:${photo.mime};base64,${bytes.toString('base64')}`;
    } catch {
      return null;
    }
  }
}
