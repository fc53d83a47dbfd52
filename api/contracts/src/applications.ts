import { z } from 'zod';
import { pageQuerySchema, reasonSchema, uuidSchema } from './common.js';
import type { Level, OrganisationKind } from './domain.js';
import {
  eligibilityInputSchema,
  type ApplicationType,
  type EligibilityInput,
  type EligibilityResult,
} from './eligibility.js';
import { materialCodeSchema } from './policy.js';

export const APPLICATION_STATUSES = [
  'draft',
  'in_review',
  'returned',
  'publicity',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿（未提交）',
  in_review: '审核中',
  returned: '退回修改',
  publicity: '公示中',
  approved: '审核通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export const REVIEW_DECISIONS = ['approve', 'return', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_LABELS: Record<ReviewDecision | 'submit' | 'withdraw', string> = {
  submit: '提交',
  approve: '审核通过',
  return: '退回修改',
  reject: '不予通过',
  withdraw: '撤回',
};

/**
 * The body of an application: the eligibility input (see `eligibilityInputSchema`) plus the batch. The
 * applicant's person is found by `person.idNumber` (a candidate may only apply for themselves).
 */
export const applicationBodySchema = eligibilityInputSchema.extend({
  batchId: uuidSchema,
  /** material codes the applicant pledges to hand in later (容缺后补), where the policy allows it */
  deferredMaterials: z.array(materialCodeSchema).max(20).default([]),
});
export type ApplicationBody = z.input<typeof applicationBodySchema>;
export type ApplicationRequest = z.output<typeof applicationBodySchema>;

export const submitApplicationSchema = z.strictObject({
  /** the applicant's pledge (本人承诺以上填报内容真实有效) */
  pledge: z.literal(true, { error: '提交前须确认承诺：本人填报内容真实有效' }),
});

export const withdrawApplicationSchema = z.strictObject({ reason: reasonSchema });

export const reviewDecisionSchema = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS, { error: '审核结论应为 approve、return 或 reject' }),
  reason: reasonSchema,
});
export type ReviewDecisionRequest = z.output<typeof reviewDecisionSchema>;

export const bulkReviewSchema = reviewDecisionSchema.extend({
  applicationIds: z
    .array(uuidSchema)
    .min(1, { error: '请至少选择一条申报' })
    .max(500, { error: '一次最多处理 500 条申报' }),
});

export const applicationListQuerySchema = pageQuerySchema.extend({
  batchId: uuidSchema.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  level: z.enum(['L5', 'L4', 'L3', 'L2', 'L1']).optional(),
  organisationId: uuidSchema.optional(),
  /** only the applications waiting for the caller's decision */
  awaitingMe: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  eligible: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(64).optional(),
});

export interface ReviewStageView {
  index: number;
  name: string;
  orgKind: OrganisationKind;
  organisationId: string;
  organisationName: string;
}

export interface ApplicationSummary {
  id: string;
  number: string;
  batchId: string;
  batchName: string;
  personId: string;
  personName: string;
  idNumberMasked: string;
  organisationId: string;
  organisationName: string;
  occupationName: string;
  targetLevel: Level;
  targetLevelName: string;
  applicationType: ApplicationType;
  status: ApplicationStatus;
  eligible: boolean;
  /** the stage that acts next, when in review */
  stage: ReviewStageView | null;
  round: number;
  locked: boolean;
  submittedAt: string | null;
  updatedAt: string;
  /** the caller may decide on it now */
  awaitingMe: boolean;
}

export interface ReviewHistoryEntry {
  round: number;
  stageName: string;
  decision: ReviewDecision | 'submit' | 'withdraw';
  reason: string;
  reviewerName: string | null;
  eligibleAtDecision: boolean;
  at: string;
}

export interface ApplicationDetail extends ApplicationSummary {
  policyId: string;
  policyVersion: number;
  declared: EligibilityInput;
  eligibility: EligibilityResult;
  /** differences between what was declared and the person's archive (人事档案) */
  discrepancies: { field: string; declared: string; archive: string }[];
  chain: ReviewStageView[];
  history: ReviewHistoryEntry[];
  deferredMaterials: string[];
  /** current uploads (a re-upload supersedes the earlier file) */
  materials: MaterialView[];
  /** what the policy asks of this level and type, and whether it is there */
  requiredMaterials: {
    code: string;
    name: string;
    required: boolean;
    deferrable: boolean;
    formats: string[];
    maxBytes: number;
    minTextChars: number | null;
    fileNamePattern: string | null;
    uploaded: boolean;
    deferred: boolean;
  }[];
  publicity: {
    id: string;
    startsOn: string;
    endsOn: string;
    status: string;
    objection: string | null;
  } | null;
  fees: FeeOrderView[];
  /** what the caller may do now */
  actions: { edit: boolean; submit: boolean; withdraw: boolean; decide: boolean };
}

export interface MaterialView {
  id: string;
  code: string;
  name: string;
  fileName: string;
  format: string;
  size: number;
  textChars: number | null;
  width: number | null;
  height: number | null;
  uploadedAt: string;
}

export interface BulkReviewResult {
  done: { id: string; number: string; status: ApplicationStatus }[];
  failed: { id: string; number: string | null; message: string }[];
}

// ───────── publicity (公示) ─────────

export const createPublicitySchema = z.strictObject({
  batchId: uuidSchema,
  organisationId: uuidSchema,
  applicationIds: z.array(uuidSchema).min(1, { error: '公示名单不能为空' }).max(2000),
  /** first day shown, YYYY-MM-DD (Beijing); default today */
  startsOn: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }).optional(),
  title: z.string().trim().min(4).max(100).optional(),
});

export const publicityObjectionSchema = z.strictObject({
  applicationId: uuidSchema,
  objection: z.string().trim().min(4, { error: '请写明异议内容（至少 4 个字）' }).max(1000),
});

export const closePublicitySchema = z.strictObject({ reason: reasonSchema });

export interface PublicityView {
  id: string;
  batchId: string;
  organisationId: string;
  organisationName: string;
  title: string;
  workingDays: number;
  startsOn: string;
  endsOn: string;
  status: 'running' | 'closed' | 'cancelled';
  /** the day after which it may be closed */
  closable: boolean;
  entries: {
    applicationId: string;
    number: string;
    personName: string;
    occupationName: string;
    targetLevelName: string;
    objection: string | null;
  }[];
}

// ───────── fees ─────────

export const FEE_STATUSES = ['unpaid', 'paid', 'cancelled'] as const;
export type FeeStatus = (typeof FEE_STATUSES)[number];

export interface FeeOrderView {
  id: string;
  applicationId: string;
  applicationNumber: string;
  personName: string;
  item: string;
  name: string;
  amountFen: number;
  reference: string;
  status: FeeStatus;
  paidAt: string | null;
  paidAmountFen: number | null;
  paymentMethod: string | null;
}

export const feeListQuerySchema = pageQuerySchema.extend({
  batchId: uuidSchema.optional(),
  status: z.enum(FEE_STATUSES).optional(),
});

export const confirmPaymentSchema = z.strictObject({
  reason: reasonSchema,
  /** e.g. 现场刷卡, 转账 */
  method: z.string().trim().min(2).max(32),
});

/** a bank statement export (CSV, UTF-8 or GBK already decoded by the client) */
export const reconcileStatementSchema = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  content: z
    .string()
    .min(1, { error: '对账文件为空' })
    .max(2_000_000, { error: '对账文件过大（超过 2 MB）' }),
  reason: reasonSchema,
});

export interface ReconcileResult {
  rows: number;
  matched: { line: number; reference: string; amountFen: number; applicationNumber: string }[];
  alreadyPaid: { line: number; reference: string }[];
  problems: { line: number; message: string }[];
}
