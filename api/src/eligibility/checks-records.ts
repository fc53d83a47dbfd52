import {
  ASSESSMENT_GRADE_LABELS,
  TITLE_RANK_LABELS,
  TITLE_RANKS,
  type AssessmentGrade,
  type LeafCheck,
} from '@exam/contracts';
import {
  gradeAtLeast,
  gradeMinText,
  levelLabel,
  listYears,
  outcome,
  yearRange,
  type CheckContext,
  type CheckOutcome,
} from './check-context.js';

type Check<K extends LeafCheck['kind']> = Extract<LeafCheck, { kind: K }>;

/** The years of the window that are required: all, or (sinceWorkStart) from the year after work start. */
function requiredYears(ctx: CheckContext, years: number, lastYear: number, sinceWorkStart: boolean) {
  const first = lastYear - years + 1;
  const startYear = Number(ctx.input.person.workStartDate.slice(0, 4));
  const all = Array.from({ length: years }, (_, i) => first + i);
  return { first, all, required: sinceWorkStart ? all.filter((y) => y > startYear) : all, startYear };
}

export function assessments(ctx: CheckContext, check: Check<'assessments'>): CheckOutcome {
  const { first, all, required, startYear } = requiredYears(
    ctx,
    check.years,
    check.lastYear,
    check.sinceWorkStart,
  );
  // one entry per year: the lowest grade given for it; 优秀 or 优秀共产党员 count that year once
  const byYear = new Map<number, { grade: AssessmentGrade; excellent: boolean }>();
  for (const a of ctx.input.annualAssessments) {
    if (!all.includes(a.year)) continue;
    const excellent =
      a.grade === 'excellent' || (check.partyMemberCountsAsExcellent && a.excellentPartyMember === true);
    const seen = byYear.get(a.year);
    byYear.set(a.year, {
      grade: seen && !gradeAtLeast(a.grade, seen.grade) ? seen.grade : a.grade,
      excellent: (seen?.excellent ?? false) || excellent,
    });
  }
  const window = `近${check.years}年（${yearRange(first, check.lastYear)}）`;
  const newcomer = required.length < all.length ? `（${startYear}年参加工作，按实际工作年度）` : '';
  let missing = required.filter((y) => !byYear.has(y));
  const deferred = check.deferrableLastYear && missing.includes(check.lastYear);
  if (deferred) missing = missing.filter((y) => y !== check.lastYear);
  if (missing.length > 0) {
    return outcome(false, `${window}年度考核${newcomer}缺${listYears(missing)}年度结果`);
  }
  const pledge = deferred ? `；${check.lastYear}年度结果未备案，按承诺制容缺后补（考试前补交）` : '';
  const low = required.filter((y) => byYear.has(y) && !gradeAtLeast(byYear.get(y)!.grade, check.minGrade));
  if (low.length > 0) {
    const detail = low.map((y) => `${y}年为${ASSESSMENT_GRADE_LABELS[byYear.get(y)!.grade]}`).join('、');
    return outcome(false, `${window}年度考核需均为${gradeMinText(check.minGrade)}，${detail}`);
  }
  let text = `${window}年度考核${newcomer}均为${gradeMinText(check.minGrade)}${pledge}`;
  if (check.minExcellent === 0) return outcome(true, text);
  const excellent = all.filter((y) => byYear.get(y)?.excellent);
  const what = check.partyMemberCountsAsExcellent ? '优秀或优秀共产党员（同一年度按1年计）' : '优秀';
  text += `；${what}${excellent.length}年${excellent.length ? `（${listYears(excellent)}）` : ''}，需至少${check.minExcellent}年`;
  return outcome(excellent.length >= check.minExcellent, text);
}

export function continuingEducation(ctx: CheckContext, check: Check<'continuing_education'>): CheckOutcome {
  const { first, all, required, startYear } = requiredYears(
    ctx,
    check.years,
    check.lastYear,
    check.sinceWorkStart,
  );
  const window = `${yearRange(first, check.lastYear)}年度继续教育`;
  const newcomer = required.length < all.length ? `（${startYear}年参加工作，按实际工作年度）` : '';
  const done = new Set(ctx.input.continuingEducationYears);
  const missing = required.filter((y) => !done.has(y));
  return missing.length > 0
    ? outcome(false, `${window}${newcomer}未完成：缺${listYears(missing)}年度培训合格证明`)
    : outcome(true, `${window}${newcomer}均已完成`);
}

export function title(ctx: CheckContext, check: Check<'title'>): CheckOutcome {
  const t = ctx.input.professionalTitle;
  const need = `需${TITLE_RANK_LABELS[check.minRank]}以上专业技术职称${check.fields ? `（${check.fields.join('、')}领域）` : ''}`;
  if (!t) return outcome(false, `未填专业技术职称，${need}`);
  const has = `职称为${TITLE_RANK_LABELS[t.rank]}（${t.field}，${t.obtainedOn}取得）`;
  if (TITLE_RANKS.indexOf(t.rank) < TITLE_RANKS.indexOf(check.minRank))
    return outcome(false, `${has}，${need}`);
  if (check.fields && !check.fields.includes(t.field)) {
    return outcome(false, `${has}，领域「${t.field}」不在${check.fields.join('、')}之列`);
  }
  if (check.transferredFromTechnicalPost && !t.transferredFromTechnicalPost) {
    return outcome(false, `${has}，但并非由专业技术岗位转聘到工勤技能岗位`);
  }
  const moved = check.transferredFromTechnicalPost ? '，由专业技术岗位转聘' : '';
  return outcome(true, `${has}${moved}，${need}`);
}

const TRANSFER_KIND_LABELS = {
  veteran: '退役安置',
  enterprise: '企业调入',
  other_province: '外省调入',
} as const;

export function transferIn(ctx: CheckContext, check: Check<'transfer_in'>): CheckOutcome {
  const t = ctx.input.transferIn;
  const kinds = check.kinds.map((k) => TRANSFER_KIND_LABELS[k]).join('或');
  if (!t) return outcome(false, `未填调入情况，需为${kinds}人员`);
  const has = `${TRANSFER_KIND_LABELS[t.kind]}（${t.arrivedOn}）`;
  if (!check.kinds.includes(t.kind)) return outcome(false, `${has}，需为${kinds}人员`);
  const parts = [has];
  if (check.minYearsInOccupation !== undefined) {
    const ok = t.yearsInOccupation >= check.minYearsInOccupation;
    parts.push(`调入前从事本职业（工种）${t.yearsInOccupation}年，需满${check.minYearsInOccupation}年`);
    if (!ok) return outcome(false, parts.join('，'));
  }
  if (check.treatmentLevels) {
    const names = check.treatmentLevels.map((l) => levelLabel(ctx, l)).join('、');
    const level = t.treatmentLevel ?? null;
    if (!level || !check.treatmentLevels.includes(level)) {
      const got = level ? `按${levelLabel(ctx, level)}待遇兑现` : '未填待遇等级';
      return outcome(false, `${has}，${got}，需按${names}待遇兑现`);
    }
    parts.push(`按${levelLabel(ctx, level)}待遇兑现（可申报：${names}待遇者）`);
  }
  return outcome(true, parts.join('，'));
}

export function exceptional(ctx: CheckContext): CheckOutcome {
  const code = ctx.input.exceptionalCategory;
  const categories = ctx.policy.exceptionalCategories;
  if (!code) return outcome(false, '破格申报须填写破格类别（exceptionalCategory）');
  const category = categories.find((c) => c.code === code);
  if (!category) {
    const allowed = categories.map((c) => `${c.code}（${c.name}）`).join('、') || '无';
    return outcome(false, `破格类别「${code}」不是本政策的破格条件；可用：${allowed}`);
  }
  const used = ctx.input.exceptionalUsed.find((u) => u.category === code);
  if (used) {
    return outcome(
      false,
      `破格类别「${category.name}」已于${used.year}年使用过，每类破格条件在整个岗位技术等级晋升期间只能使用一次`,
    );
  }
  return outcome(true, `破格类别「${category.name}」此前未使用，可放宽年限`);
}
