import {
  CLOSED_ATTEMPT_STATUSES,
  SAVE_GRACE_MS,
  type AttemptCloser,
  type AttemptStatus,
  type ExamClockView,
} from '@exam/contracts';

/**
 * The attempt state machine and the server-owned clock, as pure functions of the attempt's row and `now`.
 * Services apply a transition only if `transition()` allows it; everything about time (remaining, ends at,
 * pause, resume, extra time, time-up) is computed here.
 */

export const ATTEMPT_ACTIONS = [
  'checkIn',
  'ready',
  'start',
  'pause',
  'resume',
  'extraTime',
  'submit',
  'timeUp',
  'forceSubmit',
  'void',
] as const;
export type AttemptAction = (typeof ATTEMPT_ACTIONS)[number];

/** The clock runs in these: `endsAt` is set (a lost connection does not stop the clock). */
export const RUNNING_STATUSES: readonly AttemptStatus[] = ['in_progress', 'disconnected'];
/** Not yet started: the full duration (plus planned extra time) is still ahead. */
export const BEFORE_START_STATUSES: readonly AttemptStatus[] = ['not_started', 'checked_in', 'ready'];
const OPEN_STATUSES: readonly AttemptStatus[] = [...BEFORE_START_STATUSES, ...RUNNING_STATUSES, 'paused'];

/** from → to, per action; a status missing from an action's map may not take it. */
export const TRANSITIONS: Record<AttemptAction, Partial<Record<AttemptStatus, AttemptStatus>>> = {
  checkIn: { not_started: 'checked_in' },
  ready: { checked_in: 'ready' },
  start: { ready: 'in_progress' },
  pause: { in_progress: 'paused', disconnected: 'paused' },
  resume: { paused: 'in_progress' },
  extraTime: Object.fromEntries(OPEN_STATUSES.map((s) => [s, s])),
  submit: { in_progress: 'submitted', disconnected: 'submitted' },
  timeUp: { in_progress: 'submitted', disconnected: 'submitted' },
  forceSubmit: { in_progress: 'force_submitted', disconnected: 'force_submitted', paused: 'force_submitted' },
  void: Object.fromEntries([...OPEN_STATUSES, 'submitted', 'force_submitted'].map((s) => [s, 'voided'])),
};

const ACTION_VERBS: Record<AttemptAction, string> = {
  checkIn: '登录',
  ready: '确认就绪',
  start: '开考',
  pause: '暂停',
  resume: '继续',
  extraTime: '延时',
  submit: '交卷',
  timeUp: '结束考试',
  forceSubmit: '收卷',
  void: '判为无效',
};

const STATUS_PHRASES: Record<AttemptStatus, string> = {
  not_started: '考生尚未登录',
  checked_in: '考生尚未确认就绪',
  ready: '考试尚未开始',
  in_progress: '考试正在进行',
  paused: '考试已暂停',
  disconnected: '考试正在进行',
  submitted: '已交卷的考试',
  force_submitted: '已收卷的考试',
  voided: '已判为无效的考试',
};

/**
 * The room's actions on an attempt (the invigilator's, and the connection's), besides the clock moves above:
 *  - confirmIdentity (核验身份): before the start and during the exam (status unchanged); a candidate not yet
 *    logged in counts as checked in;
 *  - admit (准许入场): checked_in → ready on the invigilator's say (a candidate who cannot click);
 *  - disconnect / reconnect: in_progress ↔ disconnected, driven by the candidate's connection (the clock runs on);
 *  - moveSeat, warn: any open attempt, status unchanged;
 *  - lock (切屏 over the limit) / unlock: status unchanged; the lock is Attempt.lockedAt.
 */
export const ROOM_ACTIONS = [
  'confirmIdentity',
  'admit',
  'disconnect',
  'reconnect',
  'moveSeat',
  'lock',
  'unlock',
  'warn',
] as const;
export type RoomAction = (typeof ROOM_ACTIONS)[number];

const same = (statuses: readonly AttemptStatus[]) =>
  Object.fromEntries(statuses.map((s) => [s, s])) as Partial<Record<AttemptStatus, AttemptStatus>>;

export const ROOM_TRANSITIONS: Record<RoomAction, Partial<Record<AttemptStatus, AttemptStatus>>> = {
  confirmIdentity: {
    not_started: 'checked_in',
    checked_in: 'checked_in',
    ready: 'ready',
    in_progress: 'in_progress',
    paused: 'paused',
    disconnected: 'disconnected',
  },
  admit: { checked_in: 'ready' },
  disconnect: { in_progress: 'disconnected' },
  reconnect: { disconnected: 'in_progress' },
  moveSeat: same(OPEN_STATUSES),
  lock: same([...RUNNING_STATUSES, 'paused']),
  unlock: same(OPEN_STATUSES),
  warn: same(OPEN_STATUSES),
};

const ROOM_ACTION_VERBS: Record<RoomAction, string> = {
  confirmIdentity: '核验身份',
  admit: '准许入场',
  disconnect: '标记为断线',
  reconnect: '恢复连接',
  moveSeat: '换座',
  lock: '锁定',
  unlock: '解锁',
  warn: '警告',
};

export type TransitionResult = { ok: true; to: AttemptStatus } | { ok: false; message: string };

/** The status after `action` from `from`, or the Chinese refusal. */
export function transition(from: AttemptStatus, action: AttemptAction | RoomAction): TransitionResult {
  const to = isRoomAction(action) ? ROOM_TRANSITIONS[action][from] : TRANSITIONS[action][from];
  if (to) return { ok: true, to };
  const phrase = STATUS_PHRASES[from];
  const joiner = phrase.endsWith('考试') ? '' : '，';
  const verb = isRoomAction(action) ? ROOM_ACTION_VERBS[action] : ACTION_VERBS[action];
  return { ok: false, message: `${phrase}${joiner}不能${verb}` };
}

export function isRoomAction(action: AttemptAction | RoomAction): action is RoomAction {
  return (ROOM_ACTIONS as readonly string[]).includes(action);
}

/**
 * 切屏 over the limit locks the client: the count goes above `limit`. A limit of 0 never locks (the
 * switches are still counted and shown to the room).
 */
export function locksAfterSwitch(count: number, limit: number): boolean {
  return limit > 0 && count > limit;
}

export function isClosed(status: AttemptStatus): boolean {
  return CLOSED_ATTEMPT_STATUSES.includes(status);
}

export function isRunning(status: AttemptStatus): boolean {
  return RUNNING_STATUSES.includes(status);
}

// ── the clock ──

/** The clock-relevant columns of an Attempt (and its paper's duration). */
/** The columns of an attempt that hold its clock (as the database returns them). */
export interface AttemptClockColumns {
  startedAt: Date | null;
  endsAt: Date | null;
  remainingMs: number | null;
  pausedAt: Date | null;
  pausedMsTotal: number;
  extraSeconds: number;
  closedAt: Date | null;
  closedBy: string | null;
  durationMinutes: number;
}

export interface ClockState extends AttemptClockColumns {
  status: AttemptStatus;
  lockedAt?: Date | null;
  lockReason?: string | null;
}

/** Time left at `now`: counting down while running, frozen while paused, the whole time before the start, 0 once closed. */
export function remainingAt(state: ClockState, now: Date): number {
  if (isClosed(state.status)) return 0;
  if (state.status === 'paused') return Math.max(0, state.remainingMs ?? 0);
  if (isRunning(state.status)) return Math.max(0, (state.endsAt?.getTime() ?? now.getTime()) - now.getTime());
  return state.durationMinutes * 60_000 + state.extraSeconds * 1000;
}

export function clockView(state: ClockState, now: Date): ExamClockView {
  return {
    status: state.status,
    serverNow: now.toISOString(),
    startedAt: state.startedAt?.toISOString() ?? null,
    endsAt: isRunning(state.status) ? (state.endsAt?.toISOString() ?? null) : null,
    remainingMs: remainingAt(state, now),
    extraSeconds: state.extraSeconds,
    closedAt: state.closedAt?.toISOString() ?? null,
    closedBy: (state.closedBy as AttemptCloser | null) ?? null,
    locked: !!state.lockedAt && !isClosed(state.status),
    lockReason: state.lockedAt && !isClosed(state.status) ? (state.lockReason ?? null) : null,
  };
}

/** When an attempt started from `base` (the room's start signal) ends: duration plus the attempt's extra time. */
export function endsAtFrom(base: Date, durationMinutes: number, extraSeconds: number): Date {
  return new Date(base.getTime() + durationMinutes * 60_000 + extraSeconds * 1000);
}

/** The columns a pause sets: the time left is kept, the clock stops. */
export function pauseClock(state: ClockState, now: Date) {
  return { remainingMs: remainingAt(state, now), pausedAt: now, endsAt: null };
}

/** The columns a resume sets: the time left runs again from now; the pause is added to the total. */
export function resumeClock(state: ClockState, now: Date) {
  const pausedFor = state.pausedAt ? Math.max(0, now.getTime() - state.pausedAt.getTime()) : 0;
  return {
    endsAt: new Date(now.getTime() + Math.max(0, state.remainingMs ?? 0)),
    remainingMs: null,
    pausedAt: null,
    pausedMsTotal: state.pausedMsTotal + pausedFor,
  };
}

/** The columns extra time sets: later end while running, more time kept while paused, planned before the start. */
export function addExtraTime(state: ClockState, seconds: number) {
  const extraSeconds = state.extraSeconds + seconds;
  if (isRunning(state.status) && state.endsAt)
    return { extraSeconds, endsAt: new Date(state.endsAt.getTime() + seconds * 1000) };
  if (state.status === 'paused')
    return { extraSeconds, remainingMs: (state.remainingMs ?? 0) + seconds * 1000 };
  return { extraSeconds };
}

/** Time-up has passed for the server to close it: the end plus the grace for saves on the wire. */
export function isExpired(state: ClockState, now: Date): boolean {
  return isRunning(state.status) && !!state.endsAt && state.endsAt.getTime() + SAVE_GRACE_MS <= now.getTime();
}

/** Has time run out (saves are no longer given, even if the grace has not passed yet)? */
export function isTimeUp(state: ClockState, now: Date): boolean {
  return isRunning(state.status) && !!state.endsAt && state.endsAt.getTime() <= now.getTime();
}

/** Candidates may enter up to this long after the room's start signal (考场规则: 开考 15 分钟后不得入场). */
export const LATE_ENTRY_MS = 15 * 60_000;

export function lateEntryAllowed(roomStartedAt: Date, now: Date): boolean {
  return now.getTime() - roomStartedAt.getTime() <= LATE_ENTRY_MS;
}
