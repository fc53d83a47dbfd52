import { z } from 'zod';
import { dateSchema } from './common.js';
import { LEVELS, ORGANISATION_KINDS, type Level } from './domain.js';
import { APPLICATION_TYPES } from './eligibility.js';
import { eligibilityRuleSchema } from './policy-rules.js';

/**
 * A policy version (政策): one region's notice for one year as data. Every rule cites the seed clause it
 * encodes (`cite`). Published versions are immutable; a change makes a new version.
 */
const cite = z.string().trim().min(2, { error: '每条规则都要注明所依据的文件条款（cite）' }).max(300);
const level = z.enum(LEVELS);
/** a Beijing wall-clock time, YYYY-MM-DDTHH:mm */
const beijingTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: '时间格式应为 YYYY-MM-DDTHH:mm（北京时间）' });

export const POLICY_ID_PATTERN = /^[a-z][a-z0-9-]{2,62}$/;
export const policyIdSchema = z
  .string()
  .regex(POLICY_ID_PATTERN, { error: '政策编号只能含小写字母、数字和连字符，例如 xinxiang-2024' });

export const COMPONENT_KINDS = ['theory', 'practical', 'committee_review'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export const COMPONENT_KIND_LABELS: Record<ComponentKind, string> = {
  theory: '理论知识考试',
  practical: '技能操作考核',
  committee_review: '综合评审',
};

export const MATERIAL_FORMATS = ['jpg', 'png', 'bmp', 'pdf', 'xlsx'] as const;
export type MaterialFormat = (typeof MATERIAL_FORMATS)[number];

export const POLICY_WINDOW_KINDS = [
  'registration',
  'review',
  'payment',
  'publication',
  'exam',
  'score_entry',
] as const;
export type PolicyWindowKind = (typeof POLICY_WINDOW_KINDS)[number];
export const WINDOW_KIND_LABELS: Record<PolicyWindowKind, string> = {
  registration: '报名',
  review: '资格审核',
  payment: '缴费',
  publication: '结果公示',
  exam: '考试',
  score_entry: '成绩录入',
};

/** a material's stable code, e.g. photo, id_card, education_certificate, tech_summary, paper */
export const materialCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,40}$/, { error: '材料类别应为小写字母、数字和下划线组成的编码' });

export const materialRuleSchema = z.strictObject({
  code: materialCodeSchema,
  name: z.string().trim().min(2).max(60),
  /** the levels that need it (empty: every level) */
  levels: z.array(level).default([]),
  /** the application types that need it (empty: every type) */
  types: z.array(z.enum(APPLICATION_TYPES)).default([]),
  required: z.boolean(),
  /** may be handed in later (容缺后补) under the applicant's pledge */
  deferrable: z.boolean().default(false),
  formats: z.array(z.enum(MATERIAL_FORMATS)).min(1),
  maxBytes: z.int().positive(),
  /** minimum characters of text for 技术总结 / 论文 (PDF text layer) */
  minTextChars: z.int().positive().optional(),
  /** photo dimensions in pixels */
  minWidth: z.int().positive().optional(),
  minHeight: z.int().positive().optional(),
  maxWidth: z.int().positive().optional(),
  maxHeight: z.int().positive().optional(),
  /** required file name without extension; placeholders {name} and {idNumber}, e.g. {name}_{idNumber} */
  fileNamePattern: z.string().max(60).optional(),
  cite,
});
export type MaterialRule = z.output<typeof materialRuleSchema>;

export const policyDocumentSchema = z.strictObject({
  id: policyIdSchema,
  regionId: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
  regionName: z.string().trim().min(2).max(60),
  year: z.int().min(2000).max(2100),
  title: z.string().trim().min(4).max(200),
  documentNo: z.string().trim().max(128).nullable(),
  issuedOn: dateSchema,
  /** which seed file and notice this encodes */
  source: z.string().trim().min(2).max(300),
  levels: z.array(z.strictObject({ level, name: z.string().trim().min(2).max(30) })).length(5),
  offeredLevels: z.strictObject({ levels: z.array(level).min(1), cite }),
  /** 工作年限 and years in grade are counted to this day (inclusive) */
  countYearsTo: z.strictObject({ date: dateSchema, cite }),
  /** 退休年龄 by sex, for the exclusion of people retired or at retirement age */
  retirementAge: z.strictObject({ M: z.int().min(40).max(70), F: z.int().min(40).max(70), cite }).nullable(),
  applicationTypes: z
    .array(
      z.strictObject({
        type: z.enum(APPLICATION_TYPES),
        name: z.string().trim().min(2).max(30),
        levels: z.array(level).min(1),
        cite,
      }),
    )
    .min(1),
  /** 破格 categories (each usable once per career) */
  exceptionalCategories: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
        name: z.string().trim().min(2).max(100),
        cite,
      }),
    )
    .default([]),
  eligibility: z.array(eligibilityRuleSchema).min(1),
  materials: z.array(materialRuleSchema).min(1),
  /** 容缺后补: what may be handed in late, and until when */
  deferredEvidence: z.strictObject({ allowed: z.boolean(), until: z.enum(['exam']).nullable(), cite }),
  components: z
    .array(
      z.strictObject({
        level,
        kind: z.enum(COMPONENT_KINDS),
        /** a 人机对话 subject, e.g. 职业道德 (seed 003) */
        subject: z.string().trim().max(30).nullable().default(null),
        maxScore: z.literal(100),
        passMark: z.int().min(1).max(100),
        cite,
      }),
    )
    .min(5),
  /** the notice's dated windows, Beijing time; `round` names one of several rounds a year (上半年) */
  windows: z.array(
    z.strictObject({
      round: z.string().trim().max(20).nullable().default(null),
      kind: z.enum(POLICY_WINDOW_KINDS),
      opens: beijingTime,
      closes: beijingTime,
      cite,
    }),
  ),
  /** the review chain: organisation kinds from the unit upwards; a kind the unit has no ancestor of is skipped */
  reviewChain: z
    .array(
      z.strictObject({
        orgKind: z.enum(ORGANISATION_KINDS),
        name: z.string().trim().min(2).max(40),
        /** a deadline for this stage earlier than the review window's end, Beijing time */
        deadline: beijingTime.nullable().default(null),
        cite,
      }),
    )
    .min(1),
  /** 公示: after the named stage approves, the listed levels wait this many working days */
  publicity: z.array(
    z.strictObject({
      afterStage: z.enum(ORGANISATION_KINDS),
      workingDays: z.int().min(1).max(30),
      levels: z.array(level).min(1),
      cite,
    }),
  ),
  /** fees in fen; `when` says when the order is raised */
  fees: z
    .array(
      z.strictObject({
        level,
        item: z.enum(['exam', 'committee_review']),
        name: z.string().trim().min(2).max(60),
        amountFen: z.int().min(0),
        when: z.enum(['after_review', 'before_committee_review']),
        cite,
      }),
    )
    .superRefine((fees, ctx) => {
      const seen = new Set<string>();
      fees.forEach((fee, i) => {
        const key = `${fee.level}/${fee.item}`;
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [i], message: `${fee.level} 的「${fee.item}」收费重复` });
        seen.add(key);
      });
    }),
  fraud: z.strictObject({
    /** years during which the person may not apply again; null: the notice names no period */
    banYears: z.int().min(0).max(10).nullable(),
    revokeCertificates: z.boolean(),
    cite,
  }),
  /** printing the 申报表/审批表 for signature locks the application against edits */
  lockOnPrint: z.strictObject({ enabled: z.boolean(), copies: z.int().min(1).max(5), cite }),
  /**
   * The order of a candidate's components: every sitting of an earlier stage ends before any sitting of a
   * later stage starts; components in one stage may come in any order (never at the same time).
   */
  componentOrder: z
    .strictObject({ stages: z.array(z.array(z.enum(COMPONENT_KINDS)).min(1)).min(1), cite })
    .superRefine((order, ctx) => {
      const seen = new Set<string>();
      order.stages.flat().forEach((kind) => {
        if (seen.has(kind))
          ctx.addIssue({ code: 'custom', path: ['stages'], message: `「${kind}」在多个阶段中重复` });
        seen.add(kind);
      });
    })
    .default({
      stages: [['theory', 'practical'], ['committee_review']],
      cite: '政策未规定考核顺序：理论与实操不分先后，综合评审在其后（本系统默认）',
    }),
  /** 考务手册 / 考务安排 published this long before the exam */
  handbookLeadTime: z.strictObject({
    unit: z.enum(['months', 'working_days']),
    value: z.int().min(1).max(60),
    cite,
  }),
  /** practical scores entered within this many working days after the exam */
  scoreEntryWorkingDays: z.strictObject({ value: z.int().min(1).max(60), cite }).nullable(),
  electronicCertificate: z.strictObject({ enabled: z.boolean(), cite }),
});
export type PolicyDocument = z.output<typeof policyDocumentSchema>;
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

export function levelName(policy: Pick<PolicyDocument, 'levels'>, value: Level): string {
  return policy.levels.find((l) => l.level === value)?.name ?? value;
}

export interface PolicyVersionView {
  policyId: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  checksum: string;
  publishedAt: string | null;
  document: PolicyDocument;
}

export const newPolicyVersionSchema = z.strictObject({
  document: z.unknown(),
  reason: z
    .string({ error: '请填写理由' })
    .trim()
    .min(2, { error: '理由至少 2 个字' })
    .max(500, { error: '理由不能超过 500 字' }),
});

export const publishPolicyVersionSchema = newPolicyVersionSchema.pick({ reason: true });

export interface PolicyDetailView {
  id: string;
  regionId: string;
  year: number;
  title: string;
  documentNo: string | null;
  versions: {
    version: number;
    status: 'draft' | 'published' | 'retired';
    checksum: string;
    publishedAt: string | null;
  }[];
}
