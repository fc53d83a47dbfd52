import type { EligibilityRuleInput, Level, PolicyDocumentInput } from '@exam/contracts';
import { NANTONG_2024_MATERIALS } from './nantong-2024-materials.js';

/** Seed 004: 南通市 2024, 通人社考〔2024〕2号. */
const s = (clause: string) => `seed 004 ${clause}`;
const OFFERED = ['L5', 'L4', 'L3'] as const;
const EXCEPTIONAL_CITE =
  '四：申报中级工、高级工具备破格条件之一，可放宽工作年限3年和本等级工作年限2年；每类只能使用一次';

/** 三（一）2 and 三（二）2、3: the level below held 5 years; education; work years or the title route */
const levels: {
  level: Level;
  below: Level;
  belowName: string;
  education: 'junior_high' | 'senior_high';
  work: number;
  rank: 'technician' | 'assistant';
  rankName: string;
  titleWork: number;
  clause: string;
}[] = [
  {
    level: 'L4',
    below: 'L5',
    belowName: '初级工',
    education: 'junior_high',
    work: 10,
    rank: 'technician',
    rankName: '技术人员职称',
    titleWork: 5,
    clause:
      '三（二）2：申报中级工，初中或同等及以上学历；工作年限10年，或专技岗位转聘、具有技术人员职称且工作年限满5年',
  },
  {
    level: 'L3',
    below: 'L4',
    belowName: '中级工',
    education: 'senior_high',
    work: 20,
    rank: 'assistant',
    rankName: '助理工程师职称',
    titleWork: 10,
    clause:
      '三（二）3：申报高级工，高中或同等及以上学历；工作年限20年，或专技岗位转聘、具有助理工程师职称且工作年限满10年',
  },
];

const eligibility: EligibilityRuleInput[] = [
  {
    id: 'not-retired',
    levels: [...OFFERED],
    cite: s('一：2024年8月底前仍在职在岗人员（法定退休年龄男60、女工人50周岁）'),
    check: { kind: 'not_retired', asOf: '2024-08-31' },
  },
  {
    id: 'assessments',
    levels: [...OFFERED],
    cite: s(
      '三（一）3：近5年年度考核为合格（称职）及以上（新进人员按实际工作年度）；五（一）5（2）2019—2023年',
    ),
    check: { kind: 'assessments', years: 5, lastYear: 2023, minGrade: 'competent', sinceWorkStart: true },
  },
  {
    id: 'continuing-education',
    levels: [...OFFERED],
    cite: s(
      '三（一）4：按规定完成继续教育培训；五（一）5（3）2019—2023年度合格证明（新进人员按实际工作年限）',
    ),
    check: { kind: 'continuing_education', years: 5, lastYear: 2023, sinceWorkStart: true },
  },
  {
    id: 'l5-probation-completed',
    levels: ['L5'],
    types: ['normal'],
    cite: s(
      '三（二）1：被招录（聘）到工勤技能岗位，试用期满（转正定级），以报名截止日4月10日判断；申报初级工无工作年限要求',
    ),
    check: { kind: 'regularized_by', date: '2024-04-10' },
  },
  ...levels.flatMap((l): EligibilityRuleInput[] => {
    const id = l.level.toLowerCase();
    const title = { kind: 'title' as const, minRank: l.rank, transferredFromTechnicalPost: true };
    return [
      {
        id: `${id}-grade`,
        levels: [l.level],
        types: ['normal', 'exceptional'],
        cite: s(
          `三（一）2：取得${l.belowName}证书，本等级工作年限满5年可申报上一等级（专技岗位转聘人员按职称）；${EXCEPTIONAL_CITE}`,
        ),
        check: {
          kind: 'any_of',
          text: `①取得${l.belowName}满5年，或②由专业技术岗位转聘并具有${l.rankName}`,
          checks: [
            { kind: 'grade_held', level: l.below, sameOccupation: false, years: 5, reducedByExceptional: 2 },
            title,
          ],
        },
      },
      {
        id: `${id}-education`,
        levels: [l.level],
        types: ['normal', 'exceptional'],
        cite: s(l.clause),
        check: { kind: 'education', min: l.education, exceptions: [] },
      },
      {
        id: `${id}-work-years`,
        levels: [l.level],
        types: ['normal', 'exceptional'],
        cite: s(`${l.clause}；${EXCEPTIONAL_CITE}`),
        check: {
          kind: 'any_of',
          text: `①工作年限满${l.work}年，或②专技岗位转聘、具有${l.rankName}且工作年限满${l.titleWork}年`,
          checks: [
            { kind: 'work_years', years: l.work, reducedByExceptional: 3 },
            { kind: 'all_of', checks: [title, { kind: 'work_years', years: l.titleWork }] },
          ],
        },
      },
    ];
  }),
  {
    id: 'exceptional-category',
    levels: ['L4', 'L3'],
    types: ['exceptional'],
    cite: s(EXCEPTIONAL_CITE),
    check: { kind: 'exceptional' },
  },
  {
    id: 'transfer-same-level',
    levels: [...OFFERED],
    types: ['transfer'],
    cite: s('三（二）4：高级工以下转工种（岗位），经本人申请、单位同意，可申报同等级新岗位工种'),
    check: { kind: 'grade_held', level: 'target', sameOccupation: false },
  },
  {
    id: 'recheck-transfer-in',
    levels: [...OFFERED],
    types: ['recheck'],
    cite: s(
      '五（一）5（9）：复核申报人员是指部队退役安置人员和外省调入工勤人员；三（二）4 比照同期同条件人员认定',
    ),
    check: { kind: 'transfer_in', kinds: ['veteran', 'other_province'] },
  },
];

export const NANTONG_2024_POLICY = {
  id: 'nantong-2024',
  regionId: 'nantong',
  regionName: '南通市',
  year: 2024,
  title: '2024年南通市机关事业单位工勤技能岗位技术等级考核',
  documentNo: '通人社考〔2024〕2号',
  issuedOn: '2024-03-13',
  source: 'seed 004：关于做好2024年南通市机关事业单位工勤技能岗位技术等级考核工作的通知',
  levels: [
    { level: 'L5', name: '初级工' },
    { level: 'L4', name: '中级工' },
    { level: 'L3', name: '高级工' },
    { level: 'L2', name: '技师' },
    { level: 'L1', name: '高级技师' },
  ],
  offeredLevels: { levels: [...OFFERED], cite: s('三（二）：各等级申报条件仅列初级工、中级工、高级工') },
  countYearsTo: {
    date: '2024-12-31',
    cite: s('通知未规定年限计算截止日；按考核当年12月31日计（参照 seed 001 二（二）4）'),
  },
  retirementAge: { M: 60, F: 50, cite: s('一：2024年8月底前仍在职在岗；法定退休年龄男60、女工人50周岁') },
  applicationTypes: [
    { type: 'normal', name: '正常申报', levels: [...OFFERED], cite: s('五（一）：正常申报') },
    {
      type: 'exceptional',
      name: '破格申报',
      levels: ['L4', 'L3'],
      cite: s(`五（一）：破格申报；${EXCEPTIONAL_CITE}`),
    },
    { type: 'transfer', name: '转岗申报', levels: [...OFFERED], cite: s('五（一）：转岗申报；三（二）4') },
    {
      type: 'recheck',
      name: '复核申报',
      levels: [...OFFERED],
      cite: s('五（一）：复核申报；五（一）5（9）'),
    },
  ],
  exceptionalCategories: [
    { code: 'consecutive_excellent', name: '连续2年年度考核结果为优秀等次', cite: s('四、破格申报条件 1') },
    {
      code: 'innovation_award',
      name: '技术革新、技术发明优秀成果获省、部级以上奖励',
      cite: s('四、破格申报条件 2'),
    },
    { code: 'model_worker', name: '获得市级以上劳动模范称号', cite: s('四、破格申报条件 3') },
    {
      code: 'higher_education',
      name: '本工种专科以上学历或成人高等教育专业证书',
      cite: s('四、破格申报条件 4'),
    },
    {
      code: 'embassy_service',
      name: '公派至国外使馆工作，回国后仍从事本工种',
      cite: s('四、破格申报条件 5'),
    },
  ],
  eligibility,
  materials: NANTONG_2024_MATERIALS,
  deferredEvidence: { allowed: false, until: null, cite: s('通知未规定容缺后补') },
  components: OFFERED.flatMap((level) => [
    {
      level,
      kind: 'theory' as const,
      maxScore: 100 as const,
      passMark: 60,
      cite: s('五（五）：理论考试由市人社部门组织实施（60分合格，domain.md）'),
    },
    {
      level,
      kind: 'practical' as const,
      maxScore: 100 as const,
      passMark: 60,
      cite: s('五（五）：实际操作考核由市人社部门组织实施（60分合格，domain.md）'),
    },
  ]),
  windows: [
    {
      kind: 'registration',
      opens: '2024-03-25T00:00',
      closes: '2024-04-10T23:59',
      cite: s('五（一）1：报名时间2024年3月25日—4月10日'),
    },
    {
      kind: 'review',
      opens: '2024-03-25T09:00',
      closes: '2024-04-10T17:00',
      cite: s('五（三）1：现场资格复核时间2024年3月25日—4月10日（工作日9:00—11:30、13:30—17:00）'),
    },
    {
      kind: 'exam',
      opens: '2024-06-01T00:00',
      closes: '2024-08-31T23:59',
      cite: s('五（五）：培训考核初步安排在6—8月份'),
    },
  ],
  reviewChain: [
    { orgKind: 'unit', name: '单位资格初审', cite: s('五（二）：单位对申报人材料进行资格初审') },
    { orgKind: 'department', name: '主管部门审核', cite: s('五（二）：初审后主管部门再次审核，签字盖章') },
    {
      orgKind: 'county',
      name: '县（市、区）人社局工考部门复核',
      cite: s('五（三）：报属地县（市、区）人社局工考部门复核'),
    },
    {
      orgKind: 'region_office',
      name: '市人社局工考部门复核',
      cite: s('五（三）、（四）：市人社局工考部门复核，网上审核通过后报名完成'),
    },
  ],
  publicity: [],
  fees: [],
  fraud: {
    banYears: null,
    revokeCertificates: false,
    cite: s('五（三）：一经发现资格条件不符，即取消资格；通知未规定禁考期'),
  },
  lockOnPrint: {
    enabled: true,
    copies: 3,
    cite: s('五（一）4：打印审批表后，不能再修改报名信息；5（1）审批表3份'),
  },
  componentOrder: {
    stages: [['theory', 'practical'], ['committee_review']],
    cite: s('理论考试与实际操作考核由市人社部门组织实施，未规定先后；综合评审在其后（本系统取法）'),
  },
  handbookLeadTime: {
    unit: 'working_days',
    value: 5,
    cite: s(
      '五（五）：具体培训考核时间另行通知；未规定提前时间，取5个工作日（本系统默认，参照 seed 002 八（四））',
    ),
  },
  scoreEntryWorkingDays: null,
  electronicCertificate: { enabled: true, cite: s('五（六）：本年度证书为电子证书，登录一体化平台直接打印') },
} satisfies PolicyDocumentInput;
