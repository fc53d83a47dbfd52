import { z } from 'zod';
import { reasonSchema } from './common.js';
import { POLICY_WINDOW_KINDS, WINDOW_KIND_LABELS, policyIdSchema, type PolicyWindowKind } from './policy.js';

/**
 * 考核批次: one region's round under one pinned policy version, with its dated windows (stored as UTC
 * instants, opens inclusive, closes exclusive) and its status draft → open → closed → archived.
 */
export const BATCH_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  draft: '草稿',
  open: '进行中',
  closed: '已结束',
  archived: '已归档',
};

/** The only moves a batch's status may make. */
export const BATCH_TRANSITIONS: Record<BatchStatus, BatchStatus | null> = {
  draft: 'open',
  open: 'closed',
  closed: 'archived',
  archived: null,
};

export const BATCH_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const instant = z.iso.datetime({
  offset: true,
  error: '时间应为带时区的 ISO 时间，如 2026-05-10T09:00:00+08:00',
});

export const batchWindowInputSchema = z.strictObject({
  kind: z.enum(POLICY_WINDOW_KINDS, {
    error: `时间段类别应为 ${POLICY_WINDOW_KINDS.join('、')} 之一`,
  }),
  opensAt: instant,
  closesAt: instant,
});
export type BatchWindowInput = z.infer<typeof batchWindowInputSchema>;

/** A set of windows: one per kind, each closing after it opens. */
export const batchWindowsSchema = z
  .array(batchWindowInputSchema, { error: '请给出时间段列表' })
  .max(POLICY_WINDOW_KINDS.length)
  .superRefine((windows, ctx) => {
    const seen = new Set<string>();
    windows.forEach((w, i) => {
      const label = WINDOW_KIND_LABELS[w.kind];
      if (seen.has(w.kind))
        ctx.addIssue({ code: 'custom', path: [i, 'kind'], message: `${label}时间段重复` });
      seen.add(w.kind);
      if (Date.parse(w.closesAt) <= Date.parse(w.opensAt))
        ctx.addIssue({ code: 'custom', path: [i, 'closesAt'], message: `${label}的截止时间应晚于开始时间` });
    });
  });

export const createBatchSchema = z.strictObject({
  regionId: z
    .string({ error: '请选择地区' })
    .trim()
    .regex(/^[a-z0-9-]{2,64}$/, { error: '地区编号格式不正确' }),
  policyId: policyIdSchema,
  /** the policy version to pin; default: the newest published one */
  policyVersion: z.int({ error: '政策版本应为正整数' }).positive({ error: '政策版本应为正整数' }).optional(),
  code: z
    .string({ error: '请填写批次编号' })
    .trim()
    .regex(BATCH_CODE_PATTERN, { error: '批次编号只能含字母、数字、下划线和连字符，最长 64 位' }),
  name: z.string({ error: '请填写批次名称' }).trim().min(2, { error: '批次名称至少 2 个字' }).max(200),
  /** one of the policy's rounds (上半年); required when the policy has rounds */
  round: z.string().trim().min(1).max(20).optional(),
  /** the windows to use instead of the policy's */
  windows: batchWindowsSchema.optional(),
  reason: reasonSchema,
});
export type CreateBatchRequest = z.infer<typeof createBatchSchema>;

export const replaceBatchWindowsSchema = z.strictObject({
  windows: batchWindowsSchema,
  reason: reasonSchema,
});
export type ReplaceBatchWindowsRequest = z.infer<typeof replaceBatchWindowsSchema>;

export const changeBatchStatusSchema = z.strictObject({
  status: z.enum(['open', 'closed', 'archived'], { error: '状态应为 open、closed 或 archived' }),
  reason: reasonSchema,
});
export type ChangeBatchStatusRequest = z.infer<typeof changeBatchStatusSchema>;

export type WindowState = 'upcoming' | 'current' | 'ended';
export const WINDOW_STATE_LABELS: Record<WindowState, string> = {
  upcoming: '未开始',
  current: '进行中',
  ended: '已结束',
};

export interface BatchWindowView {
  kind: PolicyWindowKind;
  label: string;
  opensAt: string;
  closesAt: string;
  state: WindowState;
  stateLabel: string;
}

export interface BatchDetailView {
  id: string;
  regionId: string;
  code: string;
  name: string;
  year: number;
  status: BatchStatus;
  statusLabel: string;
  createdAt: string;
  /** the pinned policy version, `xinxiang-2024@1` */
  policy: {
    id: string;
    version: number;
    ref: string;
    title: string;
    status: 'draft' | 'published' | 'retired';
  };
  /** the server's clock the states were computed against */
  now: string;
  /** sorted by opening (then closing, then kind) */
  timeline: BatchWindowView[];
  /** the kinds of the windows open now */
  current: PolicyWindowKind[];
}
