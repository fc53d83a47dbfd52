import { z } from 'zod';
import { reasonSchema, uuidSchema } from './common.js';

/**
 * 考务手册 (exam handbook) of a batch: the timetable, room plans, invigilator lists, sign-in sheets and rules
 * as one PDF, published in versions no later than the policy's `handbookLeadTime` before the first sitting.
 * A sitting opens only when the batch has a published handbook that still matches the plan.
 */

/** How close the publication deadline is (only while no current version is published). */
export const HANDBOOK_WARNINGS = ['none', 'near', 'due', 'overdue'] as const;
export type HandbookWarning = (typeof HANDBOOK_WARNINGS)[number];

export const HANDBOOK_WARNING_LABELS: Record<HandbookWarning, string> = {
  none: '无需提醒',
  near: '临近发布时限',
  due: '今天是发布时限',
  overdue: '已超过发布时限',
};

/** 'near' when the deadline is this many calendar days away or fewer (and not yet today). */
export const HANDBOOK_NEAR_DAYS = 7;

/**
 * none: no version published; current: the latest version matches the plan; outdated: the plan (sittings,
 * rooms, seats, candidates, tickets or invigilators) changed after the latest version.
 */
export type HandbookState = 'none' | 'current' | 'outdated';

export const HANDBOOK_STATE_LABELS: Record<HandbookState, string> = {
  none: '未发布',
  current: '已发布（最新）',
  outdated: '已发布（已过期，需重新发布）',
};

export const publishHandbookSchema = z.strictObject({ reason: reasonSchema });
export type PublishHandbookRequest = z.infer<typeof publishHandbookSchema>;

/** Draft preview of the whole handbook, or of one sitting (and one of its rooms). */
export const handbookPreviewQuerySchema = z.strictObject({
  sittingId: uuidSchema.optional(),
  roomId: uuidSchema.optional(),
});
export type HandbookPreviewQuery = z.infer<typeof handbookPreviewQuerySchema>;

export const handbookVersionParamSchema = z.coerce
  .number({ error: '版本号应为正整数' })
  .int({ error: '版本号应为正整数' })
  .min(1, { error: '版本号应为正整数' })
  .max(100000, { error: '版本号应为正整数' });

export const openSittingSchema = z.strictObject({ reason: reasonSchema });
export type OpenSittingRequest = z.infer<typeof openSittingSchema>;

export const publishSittingsSchema = z.strictObject({ reason: reasonSchema });
export type PublishSittingsRequest = z.infer<typeof publishSittingsSchema>;

export interface HandbookLeadTimeView {
  unit: 'months' | 'working_days';
  value: number;
  /** e.g. 「考前 1 个月」, 「考前 5 个工作日」 */
  text: string;
  /** where the policy says so */
  cite: string;
}

export interface HandbookDeadlineView {
  leadTime: HandbookLeadTimeView;
  /** ISO instant of the earliest live sitting; null without sittings */
  firstSittingAt: string | null;
  /** last day (Asia/Shanghai, YYYY-MM-DD) on which publishing is on time; null without sittings */
  deadline: string | null;
  /** calendar days from today (Asia/Shanghai) to the deadline; negative once past */
  daysLeft: number | null;
  warning: HandbookWarning;
  /** the warning as a sentence for the office, or why no deadline could be computed */
  message: string;
}

export interface HandbookVersionView {
  id: string;
  version: number;
  publishedAt: string;
  publishedBy: { userId: string; displayName: string | null };
  reason: string;
  fileName: string;
  sha256: string;
  pages: number;
  sittingIds: string[];
  summary: { sittings: number; rooms: number; candidates: number };
  /** the deadline in force when it was published */
  deadline: string | null;
  /** published after that deadline (allowed, but shown) */
  late: boolean;
}

export interface HandbookStatusView {
  batchId: string;
  batchName: string;
  state: HandbookState;
  stateLabel: string;
  /** what changed since the latest version (outdated only) */
  changes: string[];
  /** live (not cancelled) sittings of the batch now */
  sittings: number;
  deadline: HandbookDeadlineView;
  latest: HandbookVersionView | null;
  /** newest first */
  versions: HandbookVersionView[];
}

/** The handbook line of a batch's overview (GET /api/batches/:id). */
export interface BatchHandbookSummary {
  state: HandbookState;
  latestVersion: number | null;
  deadline: string | null;
  daysLeft: number | null;
  warning: HandbookWarning;
  message: string;
}

/** The result of the publication job. */
export interface PublishHandbookResult {
  handbookId: string;
  version: number;
  pages: number;
  late: boolean;
  /** set when published after the deadline */
  warning: string | null;
}

export interface PublishSittingsResult {
  /** sittings moved draft → published by this call */
  published: number;
  /** live sittings that were already published (or beyond) */
  alreadyPublished: number;
}
