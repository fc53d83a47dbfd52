import { EDUCATION_LABELS, SANCTION_KIND_LABELS, SEX_LABELS, type LeafCheck } from '@exam/contracts';
import {
  addYears,
  addDays,
  ageOn,
  formatSpan,
  formatYears,
  hasYearsThrough,
  spanThrough,
} from './durations.js';
import {
  educationAtLeast,
  educationMinText,
  levelLabel,
  outcome,
  type CheckContext,
  type CheckOutcome,
} from './check-context.js';

type Check<K extends LeafCheck['kind']> = Extract<LeafCheck, { kind: K }>;

export function regularizedBy(ctx: CheckContext, check: Check<'regularized_by'>): CheckOutcome {
  const on = ctx.input.person.regularizedOn;
  if (!on) return outcome(false, `未转正定级（需于${check.date}前转正定级）`);
  if (on > check.date) return outcome(false, `转正定级日期${on}晚于${check.date}`);
  return outcome(true, `已于${on}转正定级，在${check.date}（含）之前`);
}

/** The required years, lowered by a standing 破格 claim; and how the requirement reads. */
function required(ctx: CheckContext, years: number, reduction: number | undefined): [number, string] {
  if (reduction && ctx.exceptionalApplies) {
    const lowered = Math.max(0, years - reduction);
    return [
      lowered,
      `需满${formatYears(years)}，破格放宽${formatYears(reduction)}后需满${formatYears(lowered)}`,
    ];
  }
  return [years, `需满${formatYears(years)}`];
}

export function workYears(ctx: CheckContext, check: Check<'work_years'>): CheckOutcome {
  const start = ctx.input.person.workStartDate;
  const [years, need] = required(ctx, check.years, check.reducedByExceptional);
  const span = formatSpan(spanThrough(start, ctx.through));
  const passed = hasYearsThrough(start, ctx.through, years);
  return outcome(passed, `工作年限（${start}参加工作）截至${ctx.through}为${span}，${need}`);
}

export function workStartedBy(ctx: CheckContext, check: Check<'work_started_by'>): CheckOutcome {
  const start = ctx.input.person.workStartDate;
  return start <= check.date
    ? outcome(true, `参加工作时间${start}，在${check.date}（含）之前`)
    : outcome(false, `参加工作时间${start}，晚于${check.date}`);
}

export function gradeHeld(ctx: CheckContext, check: Check<'grade_held'>): CheckOutcome {
  const level = check.level === 'target' ? ctx.input.targetLevel : check.level;
  const name = levelLabel(ctx, level);
  const grade = ctx.input.currentGrade;
  if (!grade) return outcome(false, `未取得${name}等级（申报中未填现等级）`);
  if (grade.level !== level) return outcome(false, `现等级为${levelLabel(ctx, grade.level)}，需为${name}`);
  const parts = [`现等级${name}，工种${grade.occupation}，${grade.certifiedOn}取得`];
  if (check.sameOccupation && grade.occupation !== ctx.input.occupation) {
    return outcome(
      false,
      `现等级工种为「${grade.occupation}」，与申报工种「${ctx.input.occupation}」不同，需为本工种`,
    );
  }
  if (check.certifiedBy && grade.certifiedOn > check.certifiedBy) {
    return outcome(false, `${name}取得时间${grade.certifiedOn}晚于${check.certifiedBy}`);
  }
  if (check.certifiedBy) parts.push(`在${check.certifiedBy}（含）之前`);
  const appointed = grade.appointedOn ?? null;
  if ((check.mustBeAppointed || check.countFrom === 'appointed') && !appointed) {
    return outcome(false, `${parts.join('，')}，但尚未聘任至${name}岗位`);
  }
  if (appointed && (check.mustBeAppointed || check.countFrom === 'appointed')) parts.push(`${appointed}聘任`);
  if (check.years !== undefined) {
    const from = check.countFrom === 'appointed' ? appointed! : grade.certifiedOn;
    const what = check.countFrom === 'appointed' ? '聘任' : '取得';
    const [years, need] = required(ctx, check.years, check.reducedByExceptional);
    const span = formatSpan(spanThrough(from, ctx.through));
    parts.push(`自${what}截至${ctx.through}为${span}，${need}`);
    return outcome(hasYearsThrough(from, ctx.through, years), parts.join('，'));
  }
  return outcome(true, parts.join('，'));
}

export function education(ctx: CheckContext, check: Check<'education'>): CheckOutcome {
  const { education: has, sex, birthDate } = ctx.input.person;
  const hasText = `文化程度为${EDUCATION_LABELS[has]}`;
  if (educationAtLeast(has, check.min)) return outcome(true, `${hasText}，需${educationMinText(check.min)}`);
  const age = ageOn(birthDate, ctx.through);
  for (const exception of check.exceptions) {
    if (exception.sex !== sex) continue;
    const relaxed = `${SEX_LABELS[sex]}，截至${ctx.through}年满${age}周岁`;
    if (age >= exception.minAge && educationAtLeast(has, exception.min)) {
      return outcome(
        true,
        `${hasText}；${relaxed}（${exception.minAge}周岁以上），可放宽到${educationMinText(exception.min)}`,
      );
    }
    if (age >= exception.minAge) {
      return outcome(false, `${hasText}；${relaxed}，放宽后仍需${educationMinText(exception.min)}`);
    }
    return outcome(
      false,
      `${hasText}，需${educationMinText(check.min)}；${relaxed}，未满${exception.minAge}周岁，不能放宽到${educationMinText(exception.min)}`,
    );
  }
  return outcome(false, `${hasText}，需${educationMinText(check.min)}`);
}

export function notRetired(ctx: CheckContext, check: Check<'not_retired'>): CheckOutcome {
  const { retiredOn, sex, birthDate } = ctx.input.person;
  if (retiredOn && retiredOn <= check.asOf)
    return outcome(false, `已于${retiredOn}办理退休手续（${check.asOf}前）`);
  const age = ageOn(birthDate, check.asOf);
  const limit = ctx.policy.retirementAge?.[sex];
  if (limit === undefined) return outcome(true, `截至${check.asOf}未办理退休手续`);
  if (age >= limit) {
    return outcome(false, `截至${check.asOf}年满${age}周岁，已达到${SEX_LABELS[sex]}性退休年龄${limit}周岁`);
  }
  return outcome(true, `截至${check.asOf}未办理退休手续，${age}周岁，未达到退休年龄${limit}周岁`);
}

/** When a sanction ends: its own end, or a fraud ban's start plus the policy's ban years. */
function sanctionEnd(ctx: CheckContext, s: { kind: string; startsOn: string; endsOn: string | null }) {
  if (s.endsOn) return s.endsOn;
  const ban = ctx.policy.fraud.banYears;
  if (s.kind === 'fraud_ban' && ban !== null) return addDays(addYears(s.startsOn, ban), -1);
  return null;
}

export function noSanction(ctx: CheckContext, check: Check<'no_sanction'>): CheckOutcome {
  const active = ctx.input.sanctions
    .filter((s) => check.kinds.includes(s.kind) && s.startsOn <= check.asOf)
    .map((s) => ({ ...s, end: sanctionEnd(ctx, s) }))
    .filter((s) => s.end === null || s.end >= check.asOf);
  if (active.length > 0) {
    const list = active
      .map((s) => `${SANCTION_KIND_LABELS[s.kind]}（${s.startsOn}起，${s.end ? `至${s.end}` : '尚未结束'}）`)
      .join('、');
    return outcome(false, `${check.asOf}时尚在${list}，不得申报`);
  }
  const kinds = check.kinds.map((k) => SANCTION_KIND_LABELS[k]).join('、');
  return outcome(true, `${check.asOf}时无${kinds}情形`);
}
