import { z } from 'zod';
import type { ItemType, OptionLetter } from './question-bank.js';
import type { PartialCreditRule } from './blueprint.js';
import { reasonSchema } from './common.js';

/**
 * 人机对话: what crosses the wire between the exam client and the server — the candidate's login with
 * 准考证号 + 身份证号, the attempt and its server-owned clock, the paper (delivered encrypted at check-in,
 * its key sent at the start signal), answer saves with their acknowledgements, and the socket.io events.
 */

/** socket.io namespace of the candidates' clients */
export const EXAM_NAMESPACE = '/exam';

/**
 * A save received up to this long after time-up is still taken (it was given before time-up and was on the
 * wire); the server closes the attempt once this has passed too. The client stops input at time-up.
 */
export const SAVE_GRACE_MS = 2000;

export const ATTEMPT_STATUSES = [
  'not_started',
  'checked_in',
  'ready',
  'in_progress',
  'paused',
  'disconnected',
  'submitted',
  'force_submitted',
  'voided',
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
export const ATTEMPT_STATUS_LABELS: Record<AttemptStatus, string> = {
  not_started: '未登录',
  checked_in: '已登录',
  ready: '待开考',
  in_progress: '答题中',
  paused: '已暂停',
  disconnected: '已断线',
  submitted: '已交卷',
  force_submitted: '已收卷',
  voided: '成绩无效',
};
/** an attempt in one of these takes no more answers */
export const CLOSED_ATTEMPT_STATUSES: readonly AttemptStatus[] = ['submitted', 'force_submitted', 'voided'];

/** who closed an attempt */
export const ATTEMPT_CLOSERS = ['candidate', 'time_up', 'invigilator', 'voided'] as const;
export type AttemptCloser = (typeof ATTEMPT_CLOSERS)[number];

// ── login ──

const clientIdSchema = z
  .string({ error: '缺少客户端标识' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '客户端标识应为 8–64 位字母、数字、- 或 _' });

export const examLoginSchema = z.strictObject({
  ticketNumber: z
    .string({ error: '请输入准考证号' })
    .trim()
    .min(4, { error: '准考证号格式不正确' })
    .max(32, { error: '准考证号格式不正确' }),
  idNumber: z
    .string({ error: '请输入身份证号' })
    .trim()
    .toUpperCase()
    .regex(/^\d{17}[\dX]$|^\d{15}$/, { error: '身份证号应为 18 位（末位可为 X）' }),
  /** one per browser tab (sessionStorage): a reload keeps it, a second window has another */
  clientId: clientIdSchema,
});
export type ExamLoginRequest = z.input<typeof examLoginSchema>;

export interface ExamCandidateView {
  name: string;
  /** e.g. 4107**********0132 */
  idNumberMasked: string;
  /** a data: URL of the photo on the application, when there is one */
  photo: string | null;
  ticketNumber: string;
  occupationName: string;
  levelLabel: string;
  organisationName: string;
}

export interface ExamSittingView {
  id: string;
  name: string;
  subject: string | null;
  subjectName: string | null;
  startsAt: string;
  durationMinutes: number;
  roomName: string;
  seatLabel: string;
  machineId: string | null;
  /** 切屏 allowed before the room is alerted */
  screenSwitchLimit: number;
}

/** The attempt's clock as the server decides it. The client only displays it, corrected by `serverNow`. */
export interface ExamClockView {
  status: AttemptStatus;
  serverNow: string;
  startedAt: string | null;
  /** while in progress */
  endsAt: string | null;
  /** while in progress or paused; the full duration before the start */
  remainingMs: number | null;
  extraSeconds: number;
  closedAt: string | null;
  closedBy: AttemptCloser | null;
  /** the client is locked (切屏 over the limit) until the invigilator unlocks it; answers are still saved */
  locked: boolean;
  lockReason: string | null;
}

/** A stored answer, as the client restores it. */
export interface SavedAnswer {
  position: number;
  response: AnswerResponse;
  seq: number;
  savedAt: string;
}

export interface ExamAttemptView {
  id: string;
  candidate: ExamCandidateView;
  sitting: ExamSittingView;
  /** 考场规则 shown before the start */
  rules: string[];
  clock: ExamClockView;
  itemCount: number;
  totalPointsTenths: number;
  /** the highest save sequence number the server has stored */
  lastSeq: number;
  answers: SavedAnswer[];
  screenSwitches: number;
  /** base64 AES-256-GCM key of the paper, once the attempt has started */
  paperKey: string | null;
  /** after submission: the objective score (tenths) and how many short answers wait for markers */
  result: { objectiveTenths: number; pendingMarking: number; scoreTenths: number | null } | null;
}

export interface ExamLoginResponse {
  token: string;
  attempt: ExamAttemptView;
}

export const examReadySchema = z.strictObject({
  identityConfirmed: z.literal(true, { error: '请先确认本人信息' }),
  rulesAccepted: z.literal(true, { error: '请先阅读并同意考场规则' }),
});
export type ExamReadyRequest = z.input<typeof examReadySchema>;

export const examSubmitSchema = z.strictObject({
  confirm: z.literal(true, { error: '请确认交卷' }),
  /** the highest seq the client has had acknowledged: a submission never outruns unsaved answers */
  lastSeq: z.int().min(0),
});
export type ExamSubmitRequest = z.input<typeof examSubmitSchema>;

// ── the paper ──

/** The paper as delivered at check-in: AES-256-GCM, `data` = ciphertext ‖ 16-byte tag, all base64. */
export interface EncryptedPaper {
  attemptId: string;
  algorithm: 'AES-GCM';
  iv: string;
  data: string;
  itemCount: number;
}

export interface DeliveredSection {
  index: number;
  title: string;
  type: ItemType;
  pointsTenths: number;
  partialCredit: PartialCreditRule;
  /** positions, inclusive */
  from: number;
  to: number;
}

export interface DeliveredItem {
  position: number;
  section: number;
  type: ItemType;
  stem: string;
  /** in the order shown (labelled A, B, C… on screen); `id` is what an answer names */
  options: { id: OptionLetter; text: string }[] | null;
  /** number of blanks of a fill-in item */
  blanks: number | null;
  pointsTenths: number;
  /** data: URL */
  image: string | null;
}

/** The decrypted paper. */
export interface PaperContent {
  attemptId: string;
  title: string;
  sections: DeliveredSection[];
  items: DeliveredItem[];
}

// ── answers ──

/** single: an option id; multiple: option ids; true/false: a boolean; fill-in: one text per blank; short answer: text; null clears */
export type AnswerResponse = string | string[] | boolean | null;

export const answerResponseSchema = z.union([
  z.string().max(5000, { error: '作答内容不能超过 5000 字' }),
  z.array(z.string().max(500, { error: '每空不能超过 500 字' })).max(20),
  z.boolean(),
  z.null(),
]);

export const answerSaveSchema = z.strictObject({
  attemptId: z.uuid({ error: '作答标识格式不正确' }),
  /** per attempt, strictly increasing from 1 in the order the candidate answered */
  seq: z.int({ error: '序号应为整数' }).min(1).max(10_000_000),
  position: z.int({ error: '题号应为整数' }).min(1).max(1000),
  response: answerResponseSchema,
  /** idempotency key of this save: a resend carries the same key */
  key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '幂等键应为 8–64 位字母、数字、- 或 _' }),
});
export type AnswerSaveMessage = z.input<typeof answerSaveSchema>;

export const SAVE_REFUSALS = [
  /** the message is malformed */
  'invalid',
  /** the server is at capacity: resend after retryAfterMs */
  'busy',
  'not_started',
  'paused',
  'time_up',
  'closed',
  'not_in_paper',
  /** an option that the item does not have, or a response of the wrong shape for the item */
  'bad_response',
  /** a used seq with another key (a replayed or forged save) */
  'replay',
  /** a seq lower than one already stored (a reordered save) */
  'stale',
  /** not this session's attempt */
  'forbidden',
  /** another client holds the attempt */
  'second_client',
] as const;
export type SaveRefusal = (typeof SAVE_REFUSALS)[number];
/** refusals the client keeps the save for and resends */
export const RETRYABLE_REFUSALS: readonly SaveRefusal[] = ['busy'];

export type SaveAck =
  | { ok: true; seq: number; savedAt: string; duplicate: boolean }
  | {
      ok: false;
      seq: number | null;
      code: SaveRefusal;
      message: string;
      retryAfterMs?: number;
      lastSeq?: number;
    };

// ── integrity ──

export const INTEGRITY_KINDS = ['blur', 'hidden', 'fullscreen_exit'] as const;
export type IntegrityKind = (typeof INTEGRITY_KINDS)[number];
export const INTEGRITY_KIND_LABELS: Record<IntegrityKind, string> = {
  blur: '离开考试窗口',
  hidden: '切换到其他页面',
  fullscreen_exit: '退出全屏',
};
export const integrityEventSchema = z.strictObject({
  kind: z.enum(INTEGRITY_KINDS, { error: '事件类型不正确' }),
  /** how long the window was left, when it came back (ms) */
  awayMs: z.int().min(0).max(86_400_000).optional(),
});
export type IntegrityEvent = z.input<typeof integrityEventSchema>;
export interface IntegrityAck {
  screenSwitches: number;
  limit: number;
  exceeded: boolean;
}

// ── socket.io ──

/** `io(url + EXAM_NAMESPACE, { auth })`: the exam login token and this tab's client id */
export interface ExamSocketAuth {
  token: string;
  clientId: string;
}

/** `connect_error` data from the exam namespace */
export interface ExamConnectRefusal {
  code: 'unauthenticated' | 'second_client' | 'closed';
  message: string;
}

export interface ExamClientToServerEvents {
  'answer:save': (save: AnswerSaveMessage, ack: (result: SaveAck) => void) => void;
  'clock:sync': (ack: (clock: ExamClockView) => void) => void;
  'integrity:event': (event: IntegrityEvent, ack: (result: IntegrityAck | { error: string }) => void) => void;
}

export interface ExamServerToClientEvents {
  /** the clock changed: start (with the paper key), pause, resume, extra time */
  'attempt:clock': (clock: ExamClockView & { paperKey?: string }) => void;
  /** submitted, collected at time-up or by the invigilator, or voided */
  'attempt:closed': (clock: ExamClockView) => void;
  /** a message from the room (warning, notice) */
  'exam:notice': (notice: { kind: 'info' | 'warning'; message: string; at: string }) => void;
}

// ── staff: starting a room, the clock ──

export const examReasonSchema = z.strictObject({ reason: reasonSchema });
export type ExamReasonRequest = z.input<typeof examReasonSchema>;

export const extraTimeSchema = z.strictObject({
  minutes: z
    .int({ error: '延时应为整数分钟' })
    .min(1, { error: '延时至少 1 分钟' })
    .max(120, { error: '延时不能超过 120 分钟' }),
  reason: reasonSchema,
});
export type ExtraTimeRequest = z.input<typeof extraTimeSchema>;

export interface RoomStartResult {
  sittingId: string;
  roomId: string;
  started: number;
  /** candidates in the room not yet ready (they start when they are) */
  notReady: number;
}
