import type { RuleCheck } from '@exam/contracts';
import { levelLabel, outcome, type CheckContext, type CheckOutcome } from './check-context.js';

type HonourWaiverCheck = Extract<RuleCheck, { kind: 'honour_waiver' }>;

/** Chinese names of the honour kinds the seeds list (seed 001 二（四）6); other kinds show their code. */
export const HONOUR_KIND_LABELS: Record<string, string> = {
  municipal_commendation: '省辖市级以上党委、政府表彰或省级以上工作部门工作表彰',
  labour_medal: '五一劳动奖章',
  technical_expert: '省辖市级以上技术能手',
  competition_award: '省辖市级以上技能竞赛个人三等奖以上',
  patent: '本工种相关国家发明专利1项或实用新型专利2项（前5名）',
  special_talent: '本行业特殊人才（绝招、绝技、绝活）',
  model_worker: '劳动模范',
  innovation_award: '技术革新、技术发明成果奖',
};
export const honourLabel = (kind: string): string => HONOUR_KIND_LABELS[kind] ?? kind;

/**
 * An honour of a listed kind obtained on or after the certificate of `afterGrade` (seed 001 附件1 第一条:
 * 取得二级证书以来) waives the listed rules. The verdict itself always passes; it explains.
 */
export function honourWaiver(
  ctx: CheckContext,
  check: HonourWaiverCheck,
): { outcome: CheckOutcome; waives: string[] } {
  const grade = ctx.input.currentGrade;
  const name = levelLabel(ctx, check.afterGrade);
  const listed = ctx.input.honours.filter((h) => check.honourKinds.includes(h.kind));
  const rules = check.waivesText ?? check.waives.join('、');
  if (!grade || grade.level !== check.afterGrade) {
    return {
      outcome: outcome(true, `未持${name}证书，不适用表彰豁免；须满足${rules}`),
      waives: [],
    };
  }
  const after = listed.filter((h) => h.awardedOn >= grade.certifiedOn);
  if (after.length > 0) {
    const h = after[0]!;
    return {
      outcome: outcome(
        true,
        `取得${name}证书（${grade.certifiedOn}）后获得${honourLabel(h.kind)}「${h.title}」（${h.awardedOn}），可不受${rules}限制`,
      ),
      waives: check.waives,
    };
  }
  const before = listed.length
    ? `；所列表彰（${listed.map((h) => `「${h.title}」${h.awardedOn}`).join('、')}）早于${name}证书取得时间${grade.certifiedOn}，不予认可`
    : '';
  return {
    outcome: outcome(true, `无取得${name}证书后获得的表彰奖励，不适用豁免${before}；须满足${rules}`),
    waives: [],
  };
}
