import {
  ASSESSMENT_GRADE_LABELS,
  EDUCATION_LABELS,
  levelName,
  type AssessmentGrade,
  type Education,
  type EligibilityInput,
  type Level,
  type PolicyDocument,
} from '@exam/contracts';

/** What every check sees: the policy, the input, the cut-off day, and whether a 破格 claim stands. */
export interface CheckContext {
  policy: PolicyDocument;
  input: EligibilityInput;
  /** countYearsTo.date: years are counted through this day */
  through: string;
  /** the application is 破格 and its category is valid and unused */
  exceptionalApplies: boolean;
}

export interface CheckOutcome {
  passed: boolean;
  text: string;
}

export const outcome = (passed: boolean, text: string): CheckOutcome => ({ passed, text });

/** 技工学校（职业中专）ranks with 高中 (the seeds say 技工学校或高中以上). */
const EDUCATION_RANK: Record<Education, number> = {
  primary: 0,
  junior_high: 1,
  senior_high: 2,
  technical_school: 2,
  vocational_college: 3,
  bachelor: 4,
  master: 5,
  doctor: 6,
};
export const educationAtLeast = (has: Education, min: Education): boolean =>
  EDUCATION_RANK[has] >= EDUCATION_RANK[min];
export function educationMinText(min: Education): string {
  if (min === 'senior_high' || min === 'technical_school') return '高中或技工学校（职业中专）以上';
  return `${EDUCATION_LABELS[min]}以上`;
}

const GRADE_RANK: Record<AssessmentGrade, number> = {
  excellent: 3,
  competent: 2,
  basically_competent: 1,
  incompetent: 0,
};
export const gradeAtLeast = (has: AssessmentGrade, min: AssessmentGrade): boolean =>
  GRADE_RANK[has] >= GRADE_RANK[min];
export const gradeMinText = (min: AssessmentGrade): string => `${ASSESSMENT_GRADE_LABELS[min]}以上`;

export const levelLabel = (ctx: CheckContext, level: Level): string => levelName(ctx.policy, level);

/** "2019、2021" */
export const listYears = (years: number[]): string => years.join('、');
/** "2019—2023" */
export const yearRange = (from: number, to: number): string => (from === to ? `${from}` : `${from}—${to}`);
