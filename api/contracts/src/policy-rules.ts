import { z } from 'zod';
import { dateSchema } from './common.js';
import { APPLICATION_TYPES, SANCTION_KINDS, TITLE_RANKS } from './eligibility.js';
import { ASSESSMENT_GRADES, EDUCATIONS, LEVELS, SEXES } from './domain.js';

/**
 * The closed vocabulary of eligibility checks. Every date inside a check is a literal YYYY-MM-DD; every
 * count of years runs to the policy's `countYearsTo.date` inclusive. The engine (api/src/eligibility)
 * evaluates them and explains each verdict in Chinese.
 */
const level = z.enum(LEVELS);
const years = z.number().min(0).max(60);
const year = z.int().min(1950).max(2100);

/** 转正定级 on or before `date` */
const regularizedBy = z.strictObject({ kind: z.literal('regularized_by'), date: dateSchema });
/** 工作年限 ≥ years (from workStartDate); a valid 破格 claim lowers it by `reducedByExceptional` */
const workYears = z.strictObject({
  kind: z.literal('work_years'),
  years,
  reducedByExceptional: years.optional(),
});
/** 参加工作 on or before `date` */
const workStartedBy = z.strictObject({ kind: z.literal('work_started_by'), date: dateSchema });
/**
 * The grade held now: `level` ('target' = the level applied for, as in 平转/转岗), optionally in the same
 * occupation, certified by a date, held (from certification or appointment) for some years, appointed.
 */
const gradeHeld = z.strictObject({
  kind: z.literal('grade_held'),
  level: z.union([level, z.literal('target')]),
  sameOccupation: z.boolean(),
  certifiedBy: dateSchema.optional(),
  years: years.optional(),
  countFrom: z.enum(['certified', 'appointed']).default('certified'),
  mustBeAppointed: z.boolean().default(false),
  reducedByExceptional: years.optional(),
});
/** 文化程度 ≥ min; older people (age at countYearsTo.date ≥ minAge, by sex) may have a lower minimum */
const education = z.strictObject({
  kind: z.literal('education'),
  min: z.enum(EDUCATIONS),
  exceptions: z
    .array(z.strictObject({ sex: z.enum(SEXES), minAge: z.int().min(16).max(70), min: z.enum(EDUCATIONS) }))
    .default([]),
});
/**
 * 年度考核: the `years` years ending with `lastYear` are all ≥ minGrade; at least `minExcellent` are 优秀
 * (or 优秀共产党员 when partyMemberCountsAsExcellent; the same year counts once). With sinceWorkStart, years
 * before the year after the work start are not required (新进人员按实际工作年度).
 */
const assessments = z.strictObject({
  kind: z.literal('assessments'),
  years: z.int().min(1).max(10),
  lastYear: year,
  minGrade: z.enum(ASSESSMENT_GRADES),
  minExcellent: z.int().min(0).max(10).default(0),
  partyMemberCountsAsExcellent: z.boolean().default(false),
  sinceWorkStart: z.boolean().default(false),
  /** 容缺后补: a missing result for `lastYear` (not yet filed) passes under the applicant's pledge */
  deferrableLastYear: z.boolean().default(false),
});
/** no sanction of the listed kinds active on `asOf` (an open end is active; a fraud ban without an end lasts the policy's banYears) */
const noSanction = z.strictObject({
  kind: z.literal('no_sanction'),
  kinds: z.array(z.enum(SANCTION_KINDS)).min(1),
  asOf: dateSchema,
});
/** not retired on `asOf`, and below the policy's retirementAge on `asOf` */
const notRetired = z.strictObject({ kind: z.literal('not_retired'), asOf: dateSchema });
/** 专业技术职称 of at least `minRank`, in one of `fields` (when given), optionally 由专技岗位转聘 */
const title = z.strictObject({
  kind: z.literal('title'),
  minRank: z.enum(TITLE_RANKS),
  fields: z.array(z.string().trim().min(1).max(64)).optional(),
  transferredFromTechnicalPost: z.boolean().optional(),
});
/** 退役安置 / 企业调入 / 外省调入: of the listed kinds, with years in the occupation, or a treatment level */
const transferIn = z.strictObject({
  kind: z.literal('transfer_in'),
  kinds: z.array(z.enum(['veteran', 'enterprise', 'other_province'])).min(1),
  minYearsInOccupation: years.optional(),
  treatmentLevels: z.array(level).optional(),
});
/** 破格: the category claimed is one of the policy's and was not used in an earlier application */
const exceptional = z.strictObject({ kind: z.literal('exceptional') });
/** 继续教育 completed for the `years` years ending with `lastYear` */
const continuingEducation = z.strictObject({
  kind: z.literal('continuing_education'),
  years: z.int().min(1).max(10),
  lastYear: year,
  sinceWorkStart: z.boolean().default(false),
});
/**
 * An honour of the listed kinds obtained on or after the certification of the grade `afterGrade` waives the
 * rules `waives` (ids of the same policy). Its own verdict always passes: it only explains.
 */
const honourWaiver = z.strictObject({
  kind: z.literal('honour_waiver'),
  honourKinds: z.array(z.string().trim().min(1).max(64)).min(1),
  afterGrade: level,
  waives: z.array(z.string()).min(1),
  /** how the waived conditions read in Chinese, e.g. 文化程度（第3条）和年度考核（第4条）条件 */
  waivesText: z.string().trim().min(2).max(100).optional(),
});

const leafChecks = [
  regularizedBy,
  workYears,
  workStartedBy,
  gradeHeld,
  education,
  assessments,
  noSanction,
  notRetired,
  title,
  transferIn,
  exceptional,
  continuingEducation,
] as const;
export const leafCheckSchema = z.discriminatedUnion('kind', leafChecks);
/** every check holds */
export const allOfCheckSchema = z.strictObject({
  kind: z.literal('all_of'),
  checks: z.array(leafCheckSchema).min(1),
});
/** at least one alternative holds; `text` names the alternatives in Chinese */
export const anyOfCheckSchema = z.strictObject({
  kind: z.literal('any_of'),
  text: z.string().trim().min(2).max(200),
  checks: z.array(z.discriminatedUnion('kind', [...leafChecks, allOfCheckSchema])).min(2),
});
export const ruleCheckSchema = z.discriminatedUnion('kind', [
  ...leafChecks,
  allOfCheckSchema,
  anyOfCheckSchema,
  honourWaiver,
]);
export type RuleCheck = z.output<typeof ruleCheckSchema>;
export type LeafCheck = z.output<typeof leafCheckSchema>;
export type AllOfCheck = z.output<typeof allOfCheckSchema>;
export type AnyOfCheck = z.output<typeof anyOfCheckSchema>;
export type RuleCheckKind = RuleCheck['kind'];

/**
 * One eligibility rule of a policy: which levels and application types it applies to (types empty: all),
 * the seed clause it encodes, and the check.
 */
export const eligibilityRuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,80}$/),
  levels: z.array(level).min(1),
  types: z.array(z.enum(APPLICATION_TYPES)).default([]),
  cite: z.string().trim().min(2).max(300),
  check: ruleCheckSchema,
});
export type EligibilityRule = z.output<typeof eligibilityRuleSchema>;
export type EligibilityRuleInput = z.input<typeof eligibilityRuleSchema>;
