import {
  APPLICATION_TYPE_LABELS,
  levelName,
  type AllOfCheck,
  type AnyOfCheck,
  type EligibilityInput,
  type EligibilityResult,
  type EligibilityRule,
  type LeafCheck,
  type PolicyDocument,
  type RuleVerdict,
} from '@exam/contracts';
import { outcome, type CheckContext, type CheckOutcome } from './check-context.js';
import {
  education,
  gradeHeld,
  noSanction,
  notRetired,
  regularizedBy,
  workStartedBy,
  workYears,
} from './checks-person.js';
import { assessments, continuingEducation, exceptional, title, transferIn } from './checks-records.js';
import { honourWaiver } from './honour-waiver.js';

export const OFFERED_LEVEL_RULE = 'offered-level';
export const APPLICATION_TYPE_RULE = 'application-type';

function evaluateLeaf(ctx: CheckContext, check: LeafCheck): CheckOutcome {
  switch (check.kind) {
    case 'regularized_by':
      return regularizedBy(ctx, check);
    case 'work_years':
      return workYears(ctx, check);
    case 'work_started_by':
      return workStartedBy(ctx, check);
    case 'grade_held':
      return gradeHeld(ctx, check);
    case 'education':
      return education(ctx, check);
    case 'assessments':
      return assessments(ctx, check);
    case 'no_sanction':
      return noSanction(ctx, check);
    case 'not_retired':
      return notRetired(ctx, check);
    case 'title':
      return title(ctx, check);
    case 'transfer_in':
      return transferIn(ctx, check);
    case 'exceptional':
      return exceptional(ctx);
    case 'continuing_education':
      return continuingEducation(ctx, check);
  }
}

function evaluateAllOf(ctx: CheckContext, check: AllOfCheck): CheckOutcome {
  const results = check.checks.map((c) => evaluateLeaf(ctx, c));
  return outcome(
    results.every((r) => r.passed),
    results.map((r) => r.text).join('；'),
  );
}

const NUMERALS = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'];

function evaluateAnyOf(ctx: CheckContext, check: AnyOfCheck): CheckOutcome {
  const results = check.checks.map((c) =>
    c.kind === 'all_of' ? evaluateAllOf(ctx, c) : evaluateLeaf(ctx, c),
  );
  const index = results.findIndex((r) => r.passed);
  if (index >= 0) return outcome(true, `${check.text}：满足第${index + 1}项——${results[index]!.text}`);
  const all = results.map((r, i) => `${NUMERALS[i] ?? `(${i + 1})`}${r.text}`).join('；');
  return outcome(false, `${check.text}：均不满足——${all}`);
}

function evaluateRule(ctx: CheckContext, rule: EligibilityRule): CheckOutcome {
  const check = rule.check;
  if (check.kind === 'any_of') return evaluateAnyOf(ctx, check);
  if (check.kind === 'all_of') return evaluateAllOf(ctx, check);
  if (check.kind === 'honour_waiver') return honourWaiver(ctx, check).outcome;
  return evaluateLeaf(ctx, check);
}

/** The rules of the policy that apply to this level and application type, in the policy's order. */
export function applicableRules(policy: PolicyDocument, input: EligibilityInput): EligibilityRule[] {
  return policy.eligibility.filter(
    (r) =>
      r.levels.includes(input.targetLevel) &&
      (r.types.length === 0 || r.types.includes(input.applicationType)),
  );
}

function offeredVerdicts(policy: PolicyDocument, input: EligibilityInput): RuleVerdict[] {
  const level = levelName(policy, input.targetLevel);
  const offered = policy.offeredLevels.levels.includes(input.targetLevel);
  const levels = policy.offeredLevels.levels.map((l) => levelName(policy, l)).join('、');
  const typeName = APPLICATION_TYPE_LABELS[input.applicationType];
  const entry = policy.applicationTypes.find(
    (t) => t.type === input.applicationType && t.levels.includes(input.targetLevel),
  );
  const accepted = policy.applicationTypes
    .filter((t) => t.levels.includes(input.targetLevel))
    .map((t) => t.name)
    .join('、');
  return [
    {
      id: OFFERED_LEVEL_RULE,
      passed: offered,
      text: offered ? `本次考核开考${level}` : `本次考核不开考${level}；开考等级：${levels}`,
      cite: policy.offeredLevels.cite,
    },
    {
      id: APPLICATION_TYPE_RULE,
      passed: entry !== undefined,
      text: entry
        ? `${level}受理${entry.name}`
        : `本政策${level}不受理${typeName}；可用的申报类型：${accepted || '无'}`,
      cite: entry?.cite ?? policy.applicationTypes.map((t) => t.cite).join('；'),
    },
  ];
}

/**
 * Decides, rule by rule, whether the input may apply under the policy. Pure and synchronous: every date
 * it compares comes from the policy or the input.
 */
export function evaluateEligibility(
  policy: PolicyDocument,
  version: number,
  input: EligibilityInput,
): EligibilityResult {
  const ctx: CheckContext = { policy, input, through: policy.countYearsTo.date, exceptionalApplies: false };
  ctx.exceptionalApplies = input.applicationType === 'exceptional' && exceptional(ctx).passed;
  const rules = applicableRules(policy, input);
  const waived = new Map<string, string>();
  for (const rule of rules) {
    if (rule.check.kind !== 'honour_waiver') continue;
    const result = honourWaiver(ctx, rule.check);
    for (const id of result.waives) waived.set(id, rule.id);
  }
  const verdicts: RuleVerdict[] = offeredVerdicts(policy, input);
  for (const rule of rules) {
    const result = evaluateRule(ctx, rule);
    const by = waived.get(rule.id);
    if (by !== undefined) {
      verdicts.push({
        id: rule.id,
        passed: true,
        waived: true,
        text: `已依表彰奖励豁免（${by}），不受本条限制（本条原判：${result.text}）`,
        cite: rule.cite,
      });
      continue;
    }
    verdicts.push({ id: rule.id, passed: result.passed, text: result.text, cite: rule.cite });
  }
  return {
    policy: `${policy.id}@${version}`,
    eligible: verdicts.every((v) => v.passed),
    rules: verdicts,
  };
}
