import { z } from 'zod';
import { reasonSchema, uuidSchema } from './common.js';

/**
 * 监考: the invigilator's actions on attempts and rooms, each with a reason from a fixed list plus free
 * text, and the room's incident log (违纪 / 技术故障) kept for the 考务 record.
 */

export const PROCTOR_ACTIONS = [
  'check_in',
  'admit',
  'start_room',
  'pause',
  'resume',
  'extra_time',
  'move_seat',
  'unlock',
  'warn',
  'force_submit',
  'void',
] as const;
export type ProctorAction = (typeof PROCTOR_ACTIONS)[number];
export const PROCTOR_ACTION_LABELS: Record<ProctorAction, string> = {
  check_in: '核验身份',
  admit: '准许入场',
  start_room: '开考',
  pause: '暂停',
  resume: '继续',
  extra_time: '延时',
  move_seat: '换座（换机）',
  unlock: '解锁',
  warn: '警告',
  force_submit: '强制收卷',
  void: '取消成绩（违纪）',
};

/** The fixed reasons an invigilator picks from, per action; `other` always needs free text. */
export const PROCTOR_REASONS: Record<ProctorAction, readonly { code: string; label: string }[]> = {
  check_in: [
    { code: 'photo_match', label: '人证相符' },
    { code: 'id_card_checked', label: '已核验身份证与准考证' },
    { code: 'other', label: '其他' },
  ],
  admit: [
    { code: 'on_time', label: '按时入场' },
    { code: 'late_within_limit', label: '迟到，未超过入场时限' },
    { code: 'other', label: '其他' },
  ],
  start_room: [
    { code: 'scheduled', label: '按时开考' },
    { code: 'delayed_start', label: '延迟开考' },
    { code: 'other', label: '其他' },
  ],
  pause: [
    { code: 'equipment_failure', label: '设备故障' },
    { code: 'power_or_network', label: '断电或网络中断' },
    { code: 'candidate_unwell', label: '考生身体不适' },
    { code: 'room_disturbance', label: '考场秩序问题' },
    { code: 'other', label: '其他' },
  ],
  resume: [
    { code: 'fault_cleared', label: '故障已排除' },
    { code: 'order_restored', label: '秩序已恢复' },
    { code: 'other', label: '其他' },
  ],
  extra_time: [
    { code: 'planned_accommodation', label: '事先批准的延时（如残疾考生）' },
    { code: 'technical_loss', label: '技术故障损失的时间' },
    { code: 'late_start', label: '开考延误' },
    { code: 'other', label: '其他' },
  ],
  move_seat: [
    { code: 'machine_failure', label: '考试机故障' },
    { code: 'seat_problem', label: '座位问题' },
    { code: 'other', label: '其他' },
  ],
  unlock: [
    { code: 'client_locked', label: '考试机被锁定' },
    { code: 'switch_limit_reviewed', label: '切屏超限，经核实后解锁' },
    { code: 'other', label: '其他' },
  ],
  warn: [
    { code: 'looking_around', label: '左顾右盼' },
    { code: 'talking', label: '交头接耳' },
    { code: 'screen_switching', label: '频繁切屏' },
    { code: 'prohibited_item', label: '携带违禁物品' },
    { code: 'other', label: '其他' },
  ],
  force_submit: [
    { code: 'irregularity', label: '违纪' },
    { code: 'candidate_left', label: '考生离场' },
    { code: 'end_of_sitting', label: '考试结束统一收卷' },
    { code: 'other', label: '其他' },
  ],
  void: [
    { code: 'cheating', label: '作弊' },
    { code: 'impersonation', label: '替考' },
    { code: 'prohibited_device', label: '使用违禁设备' },
    { code: 'other', label: '其他' },
  ],
};

/** A reason given for an action: a code from the action's list and, for `other` (or when wanted), text. */
export const proctorReasonSchema = z
  .strictObject({
    code: z.string({ error: '请选择原因' }).trim().min(1, { error: '请选择原因' }).max(40),
    text: z.string().trim().max(500, { error: '说明不能超过 500 字' }).optional(),
  })
  .refine((r) => r.code !== 'other' || (r.text?.length ?? 0) >= 2, {
    message: '选择“其他”时请填写说明（至少 2 个字）',
    path: ['text'],
  });
export type ProctorReason = z.input<typeof proctorReasonSchema>;

/** "label：text" as recorded in the audit log. */
export function describeProctorReason(action: ProctorAction, reason: ProctorReason): string | null {
  const item = PROCTOR_REASONS[action].find((r) => r.code === reason.code);
  if (!item) return null;
  return reason.text ? `${item.label}：${reason.text}` : item.label;
}

// ── incidents (考场记录) ──

export const INCIDENT_CATEGORIES = ['irregularity', 'technical_failure', 'other'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const INCIDENT_CATEGORY_LABELS: Record<IncidentCategory, string> = {
  irregularity: '违纪违规',
  technical_failure: '技术故障',
  other: '其他情况',
};

export const createIncidentSchema = z.strictObject({
  sittingId: uuidSchema,
  roomId: uuidSchema,
  category: z.enum(INCIDENT_CATEGORIES, { error: '请选择记录类别' }),
  /** when it happened (ISO); defaults to now */
  occurredAt: z.iso.datetime({ offset: true, error: '时间格式不正确' }).optional(),
  /** the candidates concerned, by attempt */
  attemptIds: z.array(uuidSchema).max(200).default([]),
  narrative: z
    .string({ error: '请填写经过' })
    .trim()
    .min(4, { error: '经过至少 4 个字' })
    .max(4000, { error: '经过不能超过 4000 字' }),
  /** what was done about it */
  actionTaken: z.string().trim().max(1000).optional(),
});
export type CreateIncidentRequest = z.input<typeof createIncidentSchema>;

export const amendIncidentSchema = z.strictObject({
  narrative: z.string().trim().min(4).max(4000).optional(),
  actionTaken: z.string().trim().max(1000).optional(),
  reason: reasonSchema,
});
export type AmendIncidentRequest = z.input<typeof amendIncidentSchema>;

export interface IncidentAttachmentView {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedAt: string;
}

export interface IncidentView {
  id: string;
  sittingId: string;
  roomId: string;
  roomName: string;
  category: IncidentCategory;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  candidates: { attemptId: string; name: string; ticketNumber: string; seatLabel: string }[];
  narrative: string;
  actionTaken: string | null;
  attachments: IncidentAttachmentView[];
  amendedAt: string | null;
}
