import type { PolicyDocumentInput } from '@exam/contracts';
import { henanEligibility } from './henan-eligibility.js';

/** Seed 003: 洛阳市 2023 (refers to Henan's provincial rules, which seed 001 spells out for 2024). */
const s = (clause: string) => `seed 003 ${clause}`;
/** a condition of the provincial rules, quoted from seed 001 with the dates shifted to 2023 */
const henan = (clause: string) =>
  `seed 003 二（二）、（三）依豫人社工考〔2013〕1号、豫人社办〔2021〕27号；条件按 seed 001 ${clause}（年份相对考核年度前移一年）`;
const MB = 1024 * 1024;
const levels5 = ['L5', 'L4', 'L3', 'L2'] as const;
const examFees = { L5: 27500, L4: 32000, L3: 36500, L2: 47000 } as const;

export const LUOYANG_2023_POLICY = {
  id: 'luoyang-2023',
  regionId: 'luoyang',
  regionName: '洛阳市',
  year: 2023,
  title: '洛阳市2023年全市机关事业单位工勤技能岗位等级考核',
  documentNo: null,
  issuedOn: '2023-03-09',
  source:
    'seed 003：洛阳市人力资源和社会保障局关于做好2023年全市机关事业单位工勤技能岗位等级考核考务工作的通知',
  levels: [
    { level: 'L5', name: '五级（初级工）' },
    { level: 'L4', name: '四级（中级工）' },
    { level: 'L3', name: '三级（高级工）' },
    { level: 'L2', name: '二级（技师）' },
    { level: 'L1', name: '一级（高级技师）' },
  ],
  offeredLevels: { levels: ['L5', 'L4', 'L3', 'L2', 'L1'], cite: s('一（二）：开展全部工种一至五级考核') },
  countYearsTo: {
    date: '2023-12-31',
    cite: henan('二（二）4；附件1 第十一条：工作年限计算到考核当年度12月31日'),
  },
  retirementAge: {
    M: 60,
    F: 50,
    cite: s('一（二）：已达到退休年龄的人员不再列入考核范围；法定退休年龄男60、女工人50周岁'),
  },
  applicationTypes: [
    {
      type: 'normal',
      name: '正常申报',
      levels: ['L5', 'L4', 'L3', 'L2', 'L1'],
      cite: s('二（二）、（三）：五级至二级、一级的申报资格条件'),
    },
  ],
  exceptionalCategories: [],
  eligibility: henanEligibility({
    year: 2023,
    noticeDate: '2023-03-09',
    registrationOpens: '2023-03-10',
    cite: (clause) =>
      clause.startsWith('一（三）')
        ? s(
            `一（二）：本通知下发前已办理退休手续和已达到退休年龄的人员不再列入考核范围（法定退休年龄男60、女工人50周岁）`,
          )
        : clause.startsWith('六（四）')
          ? s('八（三）：填报虚假信息材料的，取消当年申报资格，两年内禁止再次申报（以报名开始日判断）')
          : henan(clause),
  }),
  materials: [
    {
      code: 'annual_assessment',
      name: '年度考核结果',
      levels: ['L1'],
      required: true,
      deferrable: true,
      formats: ['pdf', 'jpg', 'png'],
      maxBytes: 5 * MB,
      cite: s('三（三）：年度考核结果未备案的，承诺制容缺后补，考试前上传（大小上限为本系统默认值）'),
    },
    {
      code: 'application_form',
      name: '一级（高级技师）个人纸质申报材料',
      levels: ['L1'],
      required: true,
      formats: ['pdf'],
      maxBytes: 10 * MB,
      cite: s('四（二）：申报一级的，按豫人社办〔2021〕27号提交个人纸质申报材料1份'),
    },
    {
      code: 'grade_certificate',
      name: '现等级证书',
      levels: ['L4', 'L3', 'L2', 'L1'],
      required: true,
      formats: ['pdf', 'jpg', 'png'],
      maxBytes: 5 * MB,
      cite: s('三（二）、（四）：上传申报材料，现场审查文件、证书原件'),
    },
  ],
  deferredEvidence: {
    allowed: true,
    until: 'exam',
    cite: s('三（三）：年度考核结果未备案的容缺后补，备案后的结果应在考试前上传完毕；三（四）'),
  },
  components: [
    ...levels5.flatMap((level) =>
      ['职业道德', '职业能力', '岗位技能'].map((subject) => ({
        level,
        kind: 'theory' as const,
        subject,
        maxScore: 100 as const,
        passMark: 60,
        cite: s('五（一）：五级至二级考核科目为职业道德、职业能力、岗位技能，满分均为100分，人机对话'),
      })),
    ),
    {
      level: 'L1',
      kind: 'theory',
      subject: null,
      maxScore: 100,
      passMark: 60,
      cite: s('五（二）：一级采取理论考试与综合评审相结合'),
    },
    {
      level: 'L1',
      kind: 'committee_review',
      subject: null,
      maxScore: 100,
      passMark: 60,
      cite: s('五（二）：一级综合评审；六（六）11月—12月组织一级评审'),
    },
  ],
  windows: [
    {
      kind: 'registration',
      opens: '2023-03-10T00:00',
      closes: '2023-03-28T23:59',
      cite: s('六（二）：3月10日—3月28日网上注册报名，3月28日24时后停止受理'),
    },
    {
      kind: 'review',
      opens: '2023-03-10T00:00',
      closes: '2023-04-10T23:59',
      cite: s('六（三）：3月10日—4月10日网上资格审查、现场审查确认'),
    },
    {
      kind: 'exam',
      opens: '2023-07-01T00:00',
      closes: '2023-11-30T23:59',
      cite: s('六（五）：7月—11月组织人机对话考试和一级考评'),
    },
    {
      kind: 'publication',
      opens: '2023-11-01T00:00',
      closes: '2023-12-31T23:59',
      cite: s('六（六）：11月—12月公示各等级考核考评结果'),
    },
  ],
  reviewChain: [
    {
      orgKind: 'unit',
      name: '单位人事部门初审',
      deadline: '2023-04-02T23:59',
      cite: s('二（一）；六（三）：各单位应于4月3日前完成所有网上报名资格初审'),
    },
    { orgKind: 'department', name: '主管部门同意', cite: s('二（一）：经所在单位及主管部门同意后方可申报') },
    {
      orgKind: 'county',
      name: '县区工考管理机构审核',
      cite: s('三（三）、（四）：县区审核，负责本地区资格审查'),
    },
    {
      orgKind: 'region_office',
      name: '洛阳市工考管理机构资格审查',
      cite: s('三（四）：市直单位报市工考管理机构资格审查，并事中事后监管'),
    },
  ],
  publicity: [],
  fees: [
    ...levels5.map((level) => ({
      level,
      item: 'exam' as const,
      name: '考核费',
      amountFen: examFees[level],
      when: 'after_review' as const,
      cite: s('七（一）：五级275元、四级320元、三级365元、二级470元/人；四（四）通过资格审核后网上缴费'),
    })),
    {
      level: 'L1',
      item: 'exam',
      name: '报名考试费及培训费',
      amountFen: 38000,
      when: 'after_review',
      cite: s('七（一）：一级通过资格审查后缴纳380元（报名考试费60元、培训费320元）'),
    },
    {
      level: 'L1',
      item: 'committee_review',
      name: '评审费',
      amountFen: 13000,
      when: 'before_committee_review',
      cite: s('七（一）：进入评审环节人员缴纳评审费130元；未进入者不再缴纳'),
    },
  ],
  fraud: {
    banYears: 2,
    revokeCertificates: true,
    cite: s('八（三）：取消当年申报资格，两年内禁止再次申报；已取得的证书撤销并收回'),
  },
  lockOnPrint: {
    enabled: false,
    copies: 1,
    cite: s('四（二）：一级提交纸质申报材料1份；通知未规定打印后锁定'),
  },
  componentOrder: {
    stages: [['theory', 'practical'], ['committee_review']],
    cite: s('六（五）7月—11月人机对话考试和一级考评；六（六）11月—12月一级评审：综合评审在理论考试之后'),
  },
  handbookLeadTime: {
    unit: 'working_days',
    value: 5,
    cite: s(
      '五（一）具体组织实施另行通知；未规定提前时间，取5个工作日（本系统默认，参照 seed 002 八（四））',
    ),
  },
  scoreEntryWorkingDays: null,
  electronicCertificate: { enabled: false, cite: s('六（六）：办理合格人员证书；未提及电子证书') },
} satisfies PolicyDocumentInput;
