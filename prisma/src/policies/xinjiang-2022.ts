import type { EligibilityRuleInput, Level, PolicyDocumentInput } from '@exam/contracts';

/** Seed 000: 新疆维吾尔自治区 2022, 新人社函〔2022〕43号. */
const s = (clause: string) => `seed 000 ${clause}`;
const MB = 1024 * 1024;
const ALL = ['L5', 'L4', 'L3', 'L2', 'L1'] as const;

/** 三（二）: work years, and years appointed (聘任) in the level below */
const promotion: { level: Level; work: number; below: Level; belowName: string }[] = [
  { level: 'L4', work: 10, below: 'L5', belowName: '初级工' },
  { level: 'L3', work: 15, below: 'L4', belowName: '中级工' },
  { level: 'L2', work: 18, below: 'L3', belowName: '高级工' },
  { level: 'L1', work: 21, below: 'L2', belowName: '技师' },
];
/** 三（三）: veterans and enterprise transfers, by years in the occupation on arrival */
const transfers: { level: Level; years: number }[] = [
  { level: 'L5', years: 5 },
  { level: 'L4', years: 10 },
  { level: 'L3', years: 15 },
];
const TRANSFER_CITE =
  '三（三）：退伍安置或企业调入时从事本职业（工种）满5年、10年、15年及以上，分别参加初级工、中级工、高级工考核';

const eligibility: EligibilityRuleInput[] = [
  {
    id: 'not-retired',
    levels: [...ALL],
    cite: s(
      '一：考核对象为已建立人事关系的（在职）技术工人；以上半年材料上报开始日判断，法定退休年龄男60、女工人50周岁',
    ),
    check: { kind: 'not_retired', asOf: '2022-04-10' },
  },
  {
    id: 'no-fraud-ban',
    levels: [...ALL],
    cite: s('六（四）：填写虚假信息的个人取消资格，三年内不得参加考核'),
    check: { kind: 'no_sanction', kinds: ['fraud_ban'], asOf: '2022-04-10' },
  },
  {
    id: 'assessments',
    levels: [...ALL],
    cite: s('三（一）：连续三年年度考核为合格以上（取2019—2021年度）'),
    check: { kind: 'assessments', years: 3, lastYear: 2021, minGrade: 'competent' },
  },
  {
    id: 'l5-work-years',
    levels: ['L5'],
    types: ['normal'],
    cite: s('三（二）：工作满1年的工人可申报初级工'),
    check: { kind: 'work_years', years: 1 },
  },
  ...promotion.flatMap(({ level, work, below, belowName }): EligibilityRuleInput[] => [
    {
      id: `${level.toLowerCase()}-work-years`,
      levels: [level],
      types: ['normal'],
      cite: s(`三（二）：工作年限满${work}年并聘任${belowName}满5年`),
      check: { kind: 'work_years', years: work },
    },
    {
      id: `${level.toLowerCase()}-appointed`,
      levels: [level],
      types: ['normal'],
      cite: s(`三（二）：聘任${belowName}满5年（自聘任时间算起）`),
      check: {
        kind: 'grade_held',
        level: below,
        sameOccupation: false,
        years: 5,
        countFrom: 'appointed',
        mustBeAppointed: true,
      },
    },
  ]),
  ...transfers.flatMap(({ level, years }): EligibilityRuleInput[] => [
    {
      id: `${level.toLowerCase()}-veteran`,
      levels: [level],
      types: ['veteran'],
      cite: s(TRANSFER_CITE),
      check: { kind: 'transfer_in', kinds: ['veteran'], minYearsInOccupation: years },
    },
    {
      id: `${level.toLowerCase()}-enterprise`,
      levels: [level],
      types: ['recheck'],
      cite: s(TRANSFER_CITE),
      check: { kind: 'transfer_in', kinds: ['enterprise'], minYearsInOccupation: years },
    },
  ]),
];

const rounds = [
  { round: '上半年', reg: ['2022-04-10', '2022-04-30'], review: ['2022-05-01', '2022-05-20'] },
  { round: '下半年', reg: ['2022-08-01', '2022-08-30'], review: ['2022-08-31', '2022-09-30'] },
] as const;

export const XINJIANG_2022_POLICY = {
  id: 'xinjiang-2022',
  regionId: 'xinjiang',
  regionName: '新疆维吾尔自治区',
  year: 2022,
  title: '2022年自治区机关事业单位工勤人员技能等级晋级考核',
  documentNo: '新人社函〔2022〕43号',
  issuedOn: '2022-03-21',
  source: 'seed 000：关于开展自治区机关事业单位工勤人员技能等级晋级考核工作的通知',
  levels: [
    { level: 'L5', name: '初级工' },
    { level: 'L4', name: '中级工' },
    { level: 'L3', name: '高级工' },
    { level: 'L2', name: '技师' },
    { level: 'L1', name: '高级技师' },
  ],
  offeredLevels: {
    levels: [...ALL],
    cite: s('序言、二：自治区本级初级工、中级工、高级工及全区技师、高级技师晋级考核'),
  },
  countYearsTo: {
    date: '2022-12-31',
    cite: s('三（二）未规定工作年限计算截止日；按考核当年12月31日计（参照 seed 001 二（二）4）'),
  },
  retirementAge: { M: 60, F: 50, cite: s('一：考核对象为在职技术工人；法定退休年龄男60、女工人50周岁') },
  applicationTypes: [
    { type: 'normal', name: '晋级申报', levels: [...ALL], cite: s('三（二）：各等级晋级条件') },
    { type: 'veteran', name: '退伍安置申报', levels: ['L5', 'L4', 'L3'], cite: s(TRANSFER_CITE) },
    { type: 'recheck', name: '企业调入申报', levels: ['L5', 'L4', 'L3'], cite: s(TRANSFER_CITE) },
  ],
  exceptionalCategories: [],
  eligibility,
  materials: [
    {
      code: 'application_form',
      name: '机关事业单位工勤人员考核申报表',
      required: true,
      formats: ['pdf'],
      maxBytes: 10 * MB,
      cite: s('五（一）：填写《考核申报表》（附件1）一式两份，逐级审核签字盖章（大小上限为本系统默认值）'),
    },
    {
      code: 'photo',
      name: '1寸照片',
      required: true,
      formats: ['jpg', 'png'],
      maxBytes: 2 * MB,
      cite: s('附件1：申报表贴1寸照片（格式与大小为本系统默认值，通知未规定）'),
    },
    {
      code: 'placement_documents',
      name: '退伍安置或企业调入相关文件',
      levels: ['L5', 'L4', 'L3'],
      types: ['veteran', 'recheck'],
      required: true,
      formats: ['pdf', 'jpg', 'png'],
      maxBytes: 10 * MB,
      cite: s('三（三）：依据退伍安置或企业调入等相关文件参加考核'),
    },
  ],
  deferredEvidence: { allowed: false, until: null, cite: s('通知未规定容缺后补') },
  components: [
    ...ALL.flatMap((level) => [
      {
        level,
        kind: 'theory' as const,
        maxScore: 100 as const,
        passMark: 60,
        cite: s('五（四）、（五）：理论知识考核；附件1 理论知识考核成绩（60分合格，domain.md）'),
      },
      {
        level,
        kind: 'practical' as const,
        maxScore: 100 as const,
        passMark: 60,
        cite: s('五（五）：技能操作考核；附件1 操作技能考核结果'),
      },
    ]),
    ...(['L2', 'L1'] as const).map((level) => ({
      level,
      kind: 'committee_review' as const,
      maxScore: 100 as const,
      passMark: 60,
      cite: s('附件1：综合评审成绩（技师、高级技师）'),
    })),
  ],
  windows: rounds.flatMap(({ round, reg, review }) => [
    {
      round,
      kind: 'registration' as const,
      opens: `${reg[0]}T00:00`,
      closes: `${reg[1]}T23:59`,
      cite: s(`四：${round}材料上报时间`),
    },
    {
      round,
      kind: 'review' as const,
      opens: `${review[0]}T00:00`,
      closes: `${review[1]}T23:59`,
      cite: s(`四：${round}材料审核时间`),
    },
  ]),
  reviewChain: [
    { orgKind: 'unit', name: '所在单位初审', cite: s('五（一）；附件1：所在单位初审意见') },
    { orgKind: 'department', name: '主管部门推荐', cite: s('五（一）；附件1：主管部门推荐意见') },
    { orgKind: 'county', name: '区、县级人社部门审核', cite: s('附件1：区、县级人社部门审核意见') },
    {
      orgKind: 'prefecture',
      name: '地州市职业技能鉴定中心（工考办）复核',
      cite: s('五（二）；附件1：地州市职业技能鉴定中心（工考办）复核意见'),
    },
    {
      orgKind: 'region_office',
      name: '自治区职业技能鉴定中心审核',
      cite: s('五（二）；附件2：自治区职业技能鉴定中心意见'),
    },
  ],
  publicity: [
    {
      afterStage: 'region_office',
      workingDays: 5,
      levels: [...ALL],
      cite: s(
        '五（三）：自治区职业技能鉴定中心在自治区职业资格工作网公示名册；通知未规定天数，取5个工作日（本系统默认）',
      ),
    },
  ],
  fees: [],
  fraud: {
    banYears: 3,
    revokeCertificates: false,
    cite: s('六（四）：全区通报批评，取消资格，三年内不得参加考核'),
  },
  lockOnPrint: { enabled: false, copies: 2, cite: s('五（一）；附件1 填表说明：一式两份；未规定打印后锁定') },
  componentOrder: {
    stages: [['theory', 'practical'], ['committee_review']],
    cite: s(
      '五（四）（五）及审批表：理论知识考核、技能操作考核、综合评审；未规定理论与实操先后，综合评审在两者之后（本系统取法）',
    ),
  },
  handbookLeadTime: { unit: 'months', value: 1, cite: s('五（四）：考务安排于考核前一个月发布公告') },
  scoreEntryWorkingDays: null,
  electronicCertificate: { enabled: false, cite: s('五（五）：由自治区人社厅印发资格文件；未提及电子证书') },
} satisfies PolicyDocumentInput;
