import type { EligibilityRuleInput, Level, PolicyDocumentInput } from '@exam/contracts';

/** Seed 002: 内蒙古自治区 2022, 全区机关事业单位技能人员职业技能等级认定工作方案. */
const s = (clause: string) => `seed 002 ${clause}`;
const MB = 1024 * 1024;
const ALL = ['L5', 'L4', 'L3', 'L2', 'L1'] as const;
const STANDARD = (years: string) =>
  s(`四（二）1：按《国家职业技能标准》申报条件（通知未引述年限；取国家标准通用年限：${years}）`);
const TITLE_FIELDS = ['工程', '农业', '工艺美术', '文物博物', '实验技术', '艺术', '体育', '技工院校教师'];
const BRIDGE_CITE = '四（二）3：工程、农业等8个领域，助理级或初级职称→高级工，中级→技师，副高级以上→高级技师';

/** 初次/晋级: the grade below held in the same occupation for N years (国家职业技能标准) */
const promotion: { level: Level; below: Level; years: number }[] = [
  { level: 'L3', below: 'L4', years: 5 },
  { level: 'L2', below: 'L3', years: 4 },
  { level: 'L1', below: 'L2', years: 4 },
];
const bridges = [
  { level: 'L3', minRank: 'technician' },
  { level: 'L2', minRank: 'intermediate' },
  { level: 'L1', minRank: 'deputy_senior' },
] as const;

const eligibility: EligibilityRuleInput[] = [
  {
    id: 'not-retired',
    levels: [...ALL],
    cite: s('四（一）：全区机关事业单位（在职）技能人员；以报名开始日判断，法定退休年龄男60、女工人50周岁'),
    check: { kind: 'not_retired', asOf: '2022-06-21' },
  },
  {
    id: 'l5-work-years',
    levels: ['L5'],
    types: ['normal'],
    cite: STANDARD('五级：累计从事本职业1年以上'),
    check: { kind: 'work_years', years: 1 },
  },
  {
    id: 'l4-grade-or-work-years',
    levels: ['L4'],
    types: ['normal'],
    cite: STANDARD('四级：取得五级后累计从事本职业4年以上，或累计从事本职业6年以上'),
    check: {
      kind: 'any_of',
      text: '①取得本职业五级后满4年，或②工作满6年',
      checks: [
        { kind: 'grade_held', level: 'L5', sameOccupation: true, years: 4 },
        { kind: 'work_years', years: 6 },
      ],
    },
  },
  ...promotion.map(({ level, below, years }): EligibilityRuleInput => ({
    id: `${level.toLowerCase()}-grade`,
    levels: [level],
    types: ['normal'],
    cite: STANDARD(`取得下一等级后累计从事本职业${years}年以上`),
    check: { kind: 'grade_held', level: below, sameOccupation: true, years },
  })),
  {
    id: 'lateral-same-level',
    levels: ['L5', 'L4', 'L3', 'L2'],
    types: ['lateral'],
    cite: s('四（二）2：原证书与现岗位不匹配的，可平级申报技师（含）以下与现岗位相关相近职业（工种）'),
    check: { kind: 'grade_held', level: 'target', sameOccupation: false },
  },
  ...bridges.map(({ level, minRank }): EligibilityRuleInput => ({
    id: `${level.toLowerCase()}-title-bridge`,
    levels: [level],
    types: ['title_bridge'],
    cite: s(BRIDGE_CITE),
    check: { kind: 'title', minRank, fields: TITLE_FIELDS },
  })),
  {
    id: 'veteran-junior',
    levels: ['L5', 'L4'],
    types: ['veteran'],
    cite: s('四（二）4：退役军人工资按初、中级工待遇兑现的，可申报初、中级工'),
    check: { kind: 'transfer_in', kinds: ['veteran'], treatmentLevels: ['L5', 'L4'] },
  },
  {
    id: 'veteran-senior',
    levels: ['L3'],
    types: ['veteran'],
    cite: s('四（二）4：退役军人工资按高级工（含）以上待遇兑现的，可申报高级工'),
    check: { kind: 'transfer_in', kinds: ['veteran'], treatmentLevels: ['L3', 'L2', 'L1'] },
  },
];

const pdf = (code: string, name: string, levels: Level[], minTextChars: number, cite: string) => ({
  code,
  name,
  levels,
  required: true,
  formats: ['pdf' as const],
  maxBytes: 20 * MB,
  minTextChars,
  cite: s(`${cite}（大小上限为本系统默认值）`),
});
const scan = (code: string, name: string) => ({
  code,
  name,
  required: true,
  formats: ['pdf' as const, 'jpg' as const, 'png' as const],
  maxBytes: 5 * MB,
  cite: s(`六（二）：${name}电子扫描件（大小上限为本系统默认值）`),
});

export const INNER_MONGOLIA_2022_POLICY = {
  id: 'inner-mongolia-2022',
  regionId: 'inner-mongolia',
  regionName: '内蒙古自治区',
  year: 2022,
  title: '2022年全区机关事业单位技能人员职业技能等级认定',
  documentNo: null,
  issuedOn: '2022-06-21',
  source: 'seed 002：内蒙古自治区人社厅印发《2022年全区机关事业单位技能人员职业技能等级认定工作方案》',
  levels: [
    { level: 'L5', name: '初级工' },
    { level: 'L4', name: '中级工' },
    { level: 'L3', name: '高级工' },
    { level: 'L2', name: '技师' },
    { level: 'L1', name: '高级技师' },
  ],
  offeredLevels: { levels: [...ALL], cite: s('三：初、中、高级工及技师、高级技师') },
  countYearsTo: {
    date: '2022-07-20',
    cite: s('通知未规定年限计算截止日；按报名截止日7月20日计（五（一））'),
  },
  retirementAge: { M: 60, F: 50, cite: s('四（一）：在职技能人员；法定退休年龄男60、女工人50周岁') },
  applicationTypes: [
    { type: 'normal', name: '初次申报和晋级申报', levels: [...ALL], cite: s('四（二）1') },
    {
      type: 'lateral',
      name: '平转申报',
      levels: ['L5', 'L4', 'L3', 'L2'],
      cite: s('四（二）2：技师（含）以下平级申报'),
    },
    { type: 'title_bridge', name: '贯通申报', levels: ['L3', 'L2', 'L1'], cite: s(BRIDGE_CITE) },
    { type: 'veteran', name: '退役军人申报', levels: ['L5', 'L4', 'L3'], cite: s('四（二）4') },
  ],
  exceptionalCategories: [],
  eligibility,
  materials: [
    {
      code: 'application_form',
      name: '职业技能等级认定申报表',
      required: true,
      formats: ['pdf'],
      maxBytes: 10 * MB,
      cite: s('六（一）：申报表（附件5）一式两份，签署意见并加盖公章（大小上限为本系统默认值）'),
    },
    scan('education_certificate', '学历证书'),
    scan('id_card', '身份证正反面'),
    scan('integrity_pledge', '诚信承诺书'),
    {
      code: 'photo',
      name: '白色背景电子照片',
      required: true,
      formats: ['png', 'bmp', 'jpg'],
      maxBytes: 2 * MB,
      fileNamePattern: '{name}_{idNumber}',
      cite: s('六（二）：白色背景电子照片，png或bmp或jpg，2M以下，名称为 姓名_身份证号'),
    },
    pdf(
      'tech_summary',
      '专业技术总结',
      ['L2', 'L1'],
      1000,
      '六（三）、（四）：技师、高级技师提交PDF专业技术总结，不少于1000字',
    ),
    pdf(
      'paper',
      '专利成果或项目报告或技术论文',
      ['L1'],
      3000,
      '六（四）：高级技师提交PDF专利成果、项目报告或技术论文，不少于3000字',
    ),
  ],
  deferredEvidence: { allowed: false, until: null, cite: s('方案未规定容缺后补') },
  components: [
    ...ALL.flatMap((level) => [
      {
        level,
        kind: 'theory' as const,
        maxScore: 100 as const,
        passMark: 60,
        cite: s('三：理论知识考试以笔试为主；百分制，60分（含）以上合格'),
      },
      {
        level,
        kind: 'practical' as const,
        maxScore: 100 as const,
        passMark: 60,
        cite: s('三：技能考核；百分制，60分（含）以上合格'),
      },
    ]),
    ...(['L2', 'L1'] as const).map((level) => ({
      level,
      kind: 'committee_review' as const,
      maxScore: 100 as const,
      passMark: 60,
      cite: s('三：技师和高级技师增加综合评审；百分制，60分（含）以上合格'),
    })),
  ],
  windows: [
    {
      kind: 'registration',
      opens: '2022-06-21T00:00',
      closes: '2022-07-20T23:59',
      cite: s('五（一）：报名时间6月21日至7月20日'),
    },
    {
      kind: 'payment',
      opens: '2022-07-20T00:00',
      closes: '2022-07-30T23:59',
      cite: s(
        '五（三）：缴费时间7月20日至7月30日；收费标准按内发改费字〔2015〕1552号执行，方案未列金额，故不编码金额',
      ),
    },
    {
      kind: 'exam',
      opens: '2022-08-21T00:00',
      closes: '2022-08-31T23:59',
      cite: s('五（四）：考试时间暂定于8月下旬，具体另行通知'),
    },
  ],
  reviewChain: [
    { orgKind: 'unit', name: '所在单位签署意见', cite: s('六（一）：申报表签署意见并加盖公章') },
    {
      orgKind: 'prefecture',
      name: '盟市协办单位资格初审',
      cite: s('五（二）：各盟市协办单位资格初审；八（四）汇总、盖章后报就促会'),
    },
    {
      orgKind: 'region_office',
      name: '就促会资格复审',
      cite: s('一；五（三）：就促会组织实施，资格复审合格后缴费'),
    },
  ],
  publicity: [],
  fees: [],
  fraud: {
    banYears: null,
    revokeCertificates: true,
    cite: s('八（二）：伪造、瞒报、误报者取消考试资格或成绩、证书；未规定禁考年限'),
  },
  lockOnPrint: { enabled: false, copies: 2, cite: s('六（一）：申报表一式两份；未规定打印后锁定') },
  componentOrder: {
    stages: [['theory', 'practical'], ['committee_review']],
    cite: s(
      '二：理论知识考试、技能考核以及综合评审；技师和高级技师增加综合评审，在理论、技能考核之后（本系统取法）',
    ),
  },
  handbookLeadTime: {
    unit: 'working_days',
    value: 5,
    cite: s('八（四）：评价实施5个工作日前上报《考务手册》'),
  },
  scoreEntryWorkingDays: {
    value: 10,
    cite: s('八（四）：评价结束后10个工作日内完成技能考核（实操）成绩录入'),
  },
  electronicCertificate: { enabled: false, cite: s('七：就促会统一制发证书，网上可查询；未规定电子证书') },
} satisfies PolicyDocumentInput;
