import { z } from 'zod';
import { dateSchema, idNumberSchema } from './common.js';
import { ASSESSMENT_GRADES, EDUCATIONS, LEVELS, SEXES } from './domain.js';

/** 申报类型: 正常/初次/晋级, 破格, 转岗, 复核, 平转, 贯通, 退役军人. */
export const APPLICATION_TYPES = [
  'normal',
  'exceptional',
  'transfer',
  'recheck',
  'lateral',
  'title_bridge',
  'veteran',
] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];
export const APPLICATION_TYPE_LABELS: Record<ApplicationType, string> = {
  normal: '正常申报（初次/晋级）',
  exceptional: '破格申报',
  transfer: '转岗申报',
  recheck: '复核申报',
  lateral: '平转申报',
  title_bridge: '贯通申报',
  veteran: '退役军人申报',
};

export const SANCTION_KINDS = [
  'under_investigation',
  'party_discipline',
  'government_discipline',
  'fraud_ban',
] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];
export const SANCTION_KIND_LABELS: Record<SanctionKind, string> = {
  under_investigation: '被立案审查尚未结案',
  party_discipline: '党纪处分影响期',
  government_discipline: '政务处分期',
  fraud_ban: '弄虚作假禁考期',
};

/** 专业技术职称 levels, lowest first (贯通 / 职称 routes). */
export const TITLE_RANKS = ['technician', 'assistant', 'intermediate', 'deputy_senior', 'senior'] as const;
export type TitleRank = (typeof TITLE_RANKS)[number];
export const TITLE_RANK_LABELS: Record<TitleRank, string> = {
  technician: '员级（技术员）',
  assistant: '助理级（初级）',
  intermediate: '中级',
  deputy_senior: '副高级',
  senior: '正高级',
};

const levelSchema = z.enum(LEVELS, { error: `等级应为 ${LEVELS.join('、')} 之一` });
const text = (max: number, what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, { error: `请填写${what}` })
    .max(max, { error: `${what}不能超过 ${max} 字` });

/**
 * What the eligibility engine decides on: the person's record and the target. The same shape is the body
 * of an application (`POST /api/applications`, with `batchId`) and the input file of
 * `exam eligibility check`. Every field is documented in README.md.
 */
export const eligibilityInputSchema = z.strictObject({
  targetLevel: levelSchema,
  /** 工种: the catalogue code or name */
  occupation: text(64, '申报工种'),
  applicationType: z.enum(APPLICATION_TYPES, {
    error: `申报类型应为 ${APPLICATION_TYPES.join('、')} 之一`,
  }),
  person: z.strictObject({
    idNumber: idNumberSchema,
    sex: z.enum(SEXES, { error: '性别应为 M（男）或 F（女）' }),
    birthDate: dateSchema,
    education: z.enum(EDUCATIONS, { error: `文化程度应为 ${EDUCATIONS.join('、')} 之一` }),
    workStartDate: dateSchema,
    /** 转正定级 */
    regularizedOn: dateSchema.nullable().optional(),
    /** 已办理退休手续的日期 */
    retiredOn: dateSchema.nullable().optional(),
  }),
  /** the grade held now (现聘任等级), or null for a first application */
  currentGrade: z
    .strictObject({
      level: levelSchema,
      /** 工种 of the grade held: code or name */
      occupation: text(64, '现等级工种'),
      certifiedOn: dateSchema,
      appointedOn: dateSchema.nullable().optional(),
    })
    .nullable(),
  annualAssessments: z
    .array(
      z.strictObject({
        year: z.int({ error: '年度应为整数' }).min(1950).max(2100),
        grade: z.enum(ASSESSMENT_GRADES, { error: `年度考核结果应为 ${ASSESSMENT_GRADES.join('、')} 之一` }),
        /** 年度优秀共产党员 (counted like an 优秀 year where the policy says so; the same year once) */
        excellentPartyMember: z.boolean().optional(),
      }),
    )
    .max(60),
  honours: z
    .array(
      z.strictObject({
        /** e.g. municipal_commendation, labour_medal, technical_expert, competition_award, patent, special_talent, model_worker, innovation_award */
        kind: text(64, '表彰类别'),
        title: text(200, '表彰名称'),
        awardedOn: dateSchema,
        grantedBy: z.string().trim().max(200).optional(),
      }),
    )
    .max(50)
    .default([]),
  /** 专业技术职称, for 贯通 and the title routes of some policies */
  professionalTitle: z
    .strictObject({
      rank: z.enum(TITLE_RANKS, { error: `职称级别应为 ${TITLE_RANKS.join('、')} 之一` }),
      /** e.g. 工程, 农业, 工艺美术, 文物博物, 实验技术, 艺术, 体育, 技工院校教师 */
      field: text(64, '职称领域'),
      obtainedOn: dateSchema,
      /** 从事业单位专业技术岗位转聘到工勤技能岗位 */
      transferredFromTechnicalPost: z.boolean().optional(),
    })
    .nullable()
    .default(null),
  sanctions: z
    .array(
      z.strictObject({
        kind: z.enum(SANCTION_KINDS, { error: `处分类别应为 ${SANCTION_KINDS.join('、')} 之一` }),
        startsOn: dateSchema,
        /** null: not ended (e.g. an investigation still open) */
        endsOn: dateSchema.nullable(),
      }),
    )
    .max(20)
    .default([]),
  /** 破格: the category claimed in this application */
  exceptionalCategory: z.string().trim().max(64).nullable().default(null),
  /** 破格 categories used in earlier applications (each category once per career) */
  exceptionalUsed: z
    .array(z.strictObject({ category: text(64, '破格类别'), year: z.int().min(1950).max(2100) }))
    .max(20)
    .default([]),
  /** 退役军人 / 企业调入 / 外省调入: the facts those routes count */
  transferIn: z
    .strictObject({
      kind: z.enum(['veteran', 'enterprise', 'other_province'], {
        error: '调入类别应为 veteran（退役安置）、enterprise（企业调入）或 other_province（外省调入）之一',
      }),
      arrivedOn: dateSchema,
      /** years in this occupation before arriving */
      yearsInOccupation: z.number().min(0).max(60),
      /** the level whose pay the veteran receives (退役军人按…待遇兑现), or the grade held elsewhere */
      treatmentLevel: levelSchema.nullable().optional(),
    })
    .nullable()
    .default(null),
  /** 继续教育: the years whose training was completed */
  continuingEducationYears: z.array(z.int().min(1950).max(2100)).max(60).default([]),
});
export type EligibilityInput = z.output<typeof eligibilityInputSchema>;
export type EligibilityInputBody = z.input<typeof eligibilityInputSchema>;

/** One rule's verdict, in Chinese, with what was counted. */
export interface RuleVerdict {
  id: string;
  passed: boolean;
  /** e.g. 工作年限截至2024-12-31为9年11个月，需满10年 */
  text: string;
  /** the seed clause the rule encodes */
  cite: string;
  /** true when the rule did not apply because of a waiver or another route passed */
  waived?: boolean;
}

export interface EligibilityResult {
  /** `<policy id>@<version>` */
  policy: string;
  eligible: boolean;
  rules: RuleVerdict[];
}
