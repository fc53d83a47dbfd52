export const LEVELS = ['L5', 'L4', 'L3', 'L2', 'L1'] as const;
export type Level = (typeof LEVELS)[number];
export const DEFAULT_LEVEL_NAMES: Record<Level, string> = {
  L5: '五级（初级工）',
  L4: '四级（中级工）',
  L3: '三级（高级工）',
  L2: '二级（技师）',
  L1: '一级（高级技师）',
};

export const ORGANISATION_KINDS = ['region_office', 'prefecture', 'county', 'department', 'unit'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  region_office: '考核管理机构',
  prefecture: '地（市）',
  county: '县（市、区）',
  department: '主管部门',
  unit: '单位',
};
/** A child sits strictly below its parent in this order. */
export const ORGANISATION_KIND_RANK: Record<OrganisationKind, number> = {
  region_office: 0,
  prefecture: 1,
  county: 2,
  department: 3,
  unit: 4,
};

export const EDUCATIONS = [
  'primary',
  'junior_high',
  'senior_high',
  'technical_school',
  'vocational_college',
  'bachelor',
  'master',
  'doctor',
] as const;
export type Education = (typeof EDUCATIONS)[number];
export const EDUCATION_LABELS: Record<Education, string> = {
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  technical_school: '技工学校（职业中专）',
  vocational_college: '大专',
  bachelor: '本科',
  master: '硕士研究生',
  doctor: '博士研究生',
};

export const ASSESSMENT_GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export type AssessmentGrade = (typeof ASSESSMENT_GRADES)[number];
export const ASSESSMENT_GRADE_LABELS: Record<AssessmentGrade, string> = {
  excellent: '优秀',
  competent: '合格',
  basically_competent: '基本合格',
  incompetent: '不合格',
};

export const SEXES = ['M', 'F'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, string> = { M: '男', F: '女' };
