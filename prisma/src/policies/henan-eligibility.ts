import type { EligibilityRuleInput } from '@exam/contracts';

/**
 * Henan's provincial eligibility conditions (豫人社工考〔2013〕1号 for 五级–二级, 豫人社办〔2021〕27号 for
 * 一级), as seed 001 (新乡 2024) spells them out. Seed 003 (洛阳 2023) refers to the same provincial rules
 * without quoting them, so both policies are built here for their exam year: the dated cut-offs are
 * relative to the exam year (2024: 2019-09-30, 2015-12-31, 2007-12-31; 2023: one year earlier).
 */
export interface HenanYear {
  /** the exam year */
  year: number;
  /** the notice's date: people retired or at retirement age before it are out (一（三）) */
  noticeDate: string;
  /** the first day of online registration: sanctions are judged on it */
  registrationOpens: string;
  /** `cite(clause of seed 001)` → the cite for this policy */
  cite: (seed001Clause: string) => string;
}

const HONOUR_KINDS = [
  'municipal_commendation',
  'labour_medal',
  'technical_expert',
  'competition_award',
  'patent',
  'special_talent',
];

export function henanEligibility(h: HenanYear): EligibilityRuleInput[] {
  const y = h.year;
  const all = ['L5', 'L4', 'L3', 'L2', 'L1'] as const;
  return [
    {
      id: 'not-retired',
      levels: [...all],
      cite: h.cite(
        '一（三）：本通知下发前已办理退休手续和已达到退休年龄的人员不再列入考核范围（退休年龄按法定：男60周岁、女工人50周岁）',
      ),
      check: { kind: 'not_retired', asOf: h.noticeDate },
    },
    {
      id: 'no-fraud-ban',
      levels: [...all],
      cite: h.cite('六（四）：填报虚假信息材料的，取消当年申报资格，两年内禁止再次申报（以报名开始日判断）'),
      check: { kind: 'no_sanction', kinds: ['fraud_ban'], asOf: h.registrationOpens },
    },
    {
      id: 'l5-regularized',
      levels: ['L5'],
      cite: h.cite(`二（二）1：${y}年9月底前已转正定级的工勤技能人员，可申报五级（初级工）`),
      check: { kind: 'regularized_by', date: `${y}-09-30` },
    },
    {
      id: 'l4-grade-or-work-start',
      levels: ['L4'],
      cite: h.cite(
        `二（二）2：${y - 5}年9月30日前通过初级工考核并在本工种本等级工作满5年以上，或于${y - 9}年12月31日前参加工作`,
      ),
      check: {
        kind: 'any_of',
        text: `①${y - 5}-09-30前取得本工种五级并满5年，或②${y - 9}-12-31前参加工作`,
        checks: [
          { kind: 'grade_held', level: 'L5', sameOccupation: true, certifiedBy: `${y - 5}-09-30`, years: 5 },
          { kind: 'work_started_by', date: `${y - 9}-12-31` },
        ],
      },
    },
    {
      id: 'l3-grade-or-work-start',
      levels: ['L3'],
      cite: h.cite(
        `二（二）3：${y - 5}年9月30日前通过中级工考核并在本工种本等级工作满5年以上，或于${y - 17}年12月31日前参加工作`,
      ),
      check: {
        kind: 'any_of',
        text: `①${y - 5}-09-30前取得本工种四级并满5年，或②${y - 17}-12-31前参加工作`,
        checks: [
          { kind: 'grade_held', level: 'L4', sameOccupation: true, certifiedBy: `${y - 5}-09-30`, years: 5 },
          { kind: 'work_started_by', date: `${y - 17}-12-31` },
        ],
      },
    },
    {
      id: 'l2-grade',
      levels: ['L2'],
      cite: h.cite('二（二）〔技师〕3：通过三级（高级工）考核并在本工种本等级连续工作满5年以上'),
      check: { kind: 'grade_held', level: 'L3', sameOccupation: true, years: 5 },
    },
    {
      id: 'l2-education',
      levels: ['L2'],
      cite: h.cite(
        '二（二）〔技师〕4：技工学校（职专）或高中以上；男50周岁以上、女45周岁以上可放宽到初中（年龄算至考核当年12月31日）',
      ),
      check: {
        kind: 'education',
        min: 'senior_high',
        exceptions: [
          { sex: 'M', minAge: 50, min: 'junior_high' },
          { sex: 'F', minAge: 45, min: 'junior_high' },
        ],
      },
    },
    {
      id: 'l1-work-years',
      levels: ['L1'],
      cite: h.cite('二（四）2：工作年限25年以上；附件1 第十一条：计算到考评当年度12月31日'),
      check: { kind: 'work_years', years: 25 },
    },
    {
      id: 'l1-grade',
      levels: ['L1'],
      cite: h.cite('二（四）2：取得二级工勤技能岗位等级资格证书满5年，且已聘任至二级工勤技能岗位'),
      check: { kind: 'grade_held', level: 'L2', sameOccupation: false, years: 5, mustBeAppointed: true },
    },
    {
      id: 'l1-education',
      levels: ['L1'],
      cite: h.cite('二（四）3：具有技工学校（职业中专）或高中（含职业高中）以上文化程度'),
      check: { kind: 'education', min: 'senior_high', exceptions: [] },
    },
    {
      id: 'l1-assessments',
      levels: ['L1'],
      cite: h.cite(
        `二（四）4：近5年（${y - 5}—${y - 1}）年度考核均为合格以上，且2年以上为优秀或年度优秀共产党员；附件1 第五条：同一年度按1年对待；三（三）：${y - 1}年度结果未备案的容缺后补`,
      ),
      check: {
        kind: 'assessments',
        years: 5,
        lastYear: y - 1,
        minGrade: 'competent',
        minExcellent: 2,
        partyMemberCountsAsExcellent: true,
        deferrableLastYear: true,
      },
    },
    {
      id: 'l1-honour-waiver',
      levels: ['L1'],
      cite: h.cite(
        '二（四）6（1）—（6）：取得二级证书后获六类表彰奖励之一者，不受第3、4条限制；附件1 第一条',
      ),
      check: {
        kind: 'honour_waiver',
        honourKinds: HONOUR_KINDS,
        afterGrade: 'L2',
        waives: ['l1-education', 'l1-assessments'],
        waivesText: '文化程度（第3条）和年度考核（第4条）条件',
      },
    },
    {
      id: 'l1-exclusions',
      levels: ['L1'],
      cite: h.cite(
        '附件1 第十二条（一）（二）：被立案审查尚未结案、尚在党纪处分影响期和政务处分期间者不得申报',
      ),
      check: {
        kind: 'no_sanction',
        kinds: ['under_investigation', 'party_discipline', 'government_discipline'],
        asOf: h.registrationOpens,
      },
    },
  ];
}
