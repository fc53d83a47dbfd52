import {
  INCIDENT_CATEGORY_LABELS,
  type AttemptCloser,
  type AttemptStatus,
  type CandidateTile,
  type ExamClockView,
  type IncidentCategory,
} from '@exam/contracts';
import { remainingAt } from '../exam/attempt-state.js';
import type { RoomCandidateRow } from './room-snapshot.repository.js';

/**
 * Pure pieces of the room view: a candidate's tile from its row, the tile patch of a clock, and the
 * timeline label of an audited exam event (the same words for the snapshot's history and the live events).
 */

export function tileOf(
  r: RoomCandidateRow,
  extra: {
    answered: number;
    lastSaveAt: Date | null;
    connectedAt: string | null;
    screenSwitchLimit: number;
    now: Date;
  },
): CandidateTile {
  const status = r.status as AttemptStatus;
  const running = status === 'in_progress' || status === 'disconnected';
  return {
    attemptId: r.attemptId,
    applicationId: r.applicationId,
    seatId: r.seatId,
    seatLabel: r.seatLabel,
    row: r.row,
    column: r.column,
    machineId: r.machineId,
    name: r.name,
    ticketNumber: r.ticketNumber ?? '',
    status,
    connected: extra.connectedAt !== null,
    lastSeenAt: extra.connectedAt ?? r.clientSeenAt?.toISOString() ?? null,
    answered: extra.answered,
    itemCount: r.itemCount,
    lastSaveAt: extra.lastSaveAt?.toISOString() ?? null,
    lastSeq: r.lastSeq,
    startedAt: r.startedAt?.toISOString() ?? null,
    endsAt: running ? (r.endsAt?.toISOString() ?? null) : null,
    remainingMs: running ? null : remainingAt({ ...r, status }, extra.now),
    extraSeconds: r.extraSeconds,
    screenSwitches: r.screenSwitches,
    screenSwitchLimit: extra.screenSwitchLimit,
    warnings: r.warnings,
    locked: r.lockedAt !== null,
    closedBy: (r.closedBy as AttemptCloser | null) ?? null,
  };
}

/** What a clock change shows on the tile. */
export function clockPatch(clock: ExamClockView): Partial<CandidateTile> {
  const running = clock.status === 'in_progress' || clock.status === 'disconnected';
  return {
    status: clock.status,
    startedAt: clock.startedAt,
    endsAt: clock.endsAt,
    remainingMs: running ? null : clock.remainingMs,
    extraSeconds: clock.extraSeconds,
    closedBy: clock.closedBy,
  };
}

const LABELS: Record<string, string> = {
  check_in: '登录考试',
  identity_check: '核验身份',
  ready: '确认就绪',
  admit: '准许入场',
  start: '开始作答',
  room_start: '考场开考',
  pause: '暂停',
  resume: '继续',
  submit: '交卷',
  time_up: '时间到，自动交卷',
  force_submit: '强制收卷',
  void: '判为无效',
  disconnected: '断线',
  reconnected: '恢复连接',
  move_seat: '换座',
  lock: '考试机锁定',
  unlock: '解锁',
  warn: '警告',
  transition_refused: '操作被拒绝',
};

type Details = Record<string, unknown> | null | undefined;

/** The timeline's words for an audited exam event (action without the `exam.` prefix), or null if not shown. */
export function timelineLabel(action: string, details: Details): string | null {
  const name = action.replace(/^exam\./, '');
  const d = details ?? {};
  switch (name) {
    case 'extra_time': {
      const minutes = Math.round(Number(d.seconds ?? 0) / 60);
      const kind = d.kind === 'planned' ? '（计划延时）' : d.kind === 'incident' ? '（事故延时）' : '';
      return minutes > 0 ? `延时 ${minutes} 分钟${kind}` : `延时${kind}`;
    }
    case 'screen_switch':
      return `切屏（第 ${Number(d.count ?? 0)} 次）`;
    case 'move_seat':
      return d.seatLabel ? `换座至 ${String(d.seatLabel as string)}` : '换座';
    case 'start':
      return d.lateEntry ? '迟到入场，开始作答' : LABELS.start!;
    case 'transition_refused':
      return typeof d.message === 'string' ? `操作被拒绝：${d.message}` : LABELS.transition_refused!;
    default:
      if (action === 'incident.record')
        return `考场记录：${INCIDENT_CATEGORY_LABELS[d.category as IncidentCategory] ?? '其他情况'}`;
      return LABELS[name] ?? null;
  }
}
