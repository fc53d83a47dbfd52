import type { PolicyDocumentInput } from '@exam/contracts';
import { henanEligibility } from './henan-eligibility.js';

/** Seed 001: 新乡市 2024, 新人社办〔2024〕22号 (Henan's provincial conditions spelt out). */
const s = (clause: string) => `seed 001 ${clause}`;
const MB = 1024 * 1024;

export const XINXIANG_2024_POLICY = {
  id: 'xinxiang-2024',
  regionId: 'xinxiang',
  regionName: '新乡市',
  year: 2024,
  title: '新乡市2024年全市机关事业单位工勤技能岗位等级考核',
  documentNo: '新人社办〔2024〕22号',
  issuedOn: '2024-03-15',
  source:
    'seed 001：新乡市人力资源和社会保障局关于做好2024年全市机关事业单位工勤技能岗位等级考核考务工作的通知',
  levels: [
    { level: 'L5', name: '五级（初级工）' },
    { level: 'L4', name: '四级（中级工）' },
    { level: 'L3', name: '三级（高级工）' },
    { level: 'L2', name: '二级（技师）' },
    { level: 'L1', name: '一级（高级技师）' },
  ],
  offeredLevels: { levels: ['L5', 'L4', 'L3', 'L2', 'L1'], cite: s('一（二）：开展全部工种一至五级考核') },
  countYearsTo: {
    date: '2024-12-31',
    cite: s('二（二）4；附件1 第十一条：工作年限计算到考核当年度12月31日'),
  },
  retirementAge: {
    M: 60,
    F: 50,
    cite: s('一（三）：已达到退休年龄的人员不再列入考核范围；法定退休年龄男60、女工人50周岁'),
  },
  applicationTypes: [
    {
      type: 'normal',
      name: '正常申报',
      levels: ['L5', 'L4', 'L3', 'L2', 'L1'],
      cite: s('二（二）—（四）：各等级申报资格条件'),
    },
  ],
  exceptionalCategories: [],
  eligibility: henanEligibility({
    year: 2024,
    noticeDate: '2024-03-15',
    registrationOpens: '2024-03-21',
    cite: s,
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
      cite: s(
        '二（四）4；三（三）：2023年度考核结果未备案的可承诺制容缺后补（文件大小上限为本系统默认值，通知未规定）',
      ),
    },
    {
      code: 'application_form',
      name: '高级技师考评申报表',
      levels: ['L1'],
      required: true,
      formats: ['pdf'],
      maxBytes: 10 * MB,
      cite: s('四（一）：填写《高级技师考评申报表》（附件2）一式三份（大小上限为本系统默认值）'),
    },
    {
      code: 'honour_documents',
      name: '表彰奖励文件、证书',
      levels: ['L1'],
      required: false,
      formats: ['pdf', 'jpg', 'png'],
      maxBytes: 10 * MB,
      cite: s('四（一）；附件1 第四条、第九条：表彰奖励文件、证书，专利证书及检索结果'),
    },
    {
      code: 'grade_certificate',
      name: '现等级证书',
      levels: ['L4', 'L3', 'L2', 'L1'],
      required: true,
      formats: ['pdf', 'jpg', 'png'],
      maxBytes: 5 * MB,
      cite: s('三（一）、（四）：网上上传申报材料，现场审查文件、证书原件'),
    },
  ],
  deferredEvidence: {
    allowed: true,
    until: 'exam',
    cite: s('三（三）：2023年度考核结果未备案的，承诺制容缺后补；三（四）：考试前确定最终资格审查结果'),
  },
  components: [
    ...(['L5', 'L4', 'L3', 'L2'] as const).flatMap((level) =>
      ['职业道德', '职业能力', '岗位技能'].map((subject) => ({
        level,
        kind: 'theory' as const,
        subject,
        maxScore: 100 as const,
        passMark: 60,
        cite: s(
          '六（三）人机对话考试；科目按河南省统一安排（seed 003 五（一）：职业道德、职业能力、岗位技能，各100分）',
        ),
      })),
    ),
    {
      level: 'L1',
      kind: 'theory',
      subject: null,
      maxScore: 100,
      passMark: 60,
      cite: s(
        '二（四）、六（二）：一级（高级技师）考评；理论考试与综合评审相结合（seed 003 五（二）所载河南省办法）',
      ),
    },
    {
      level: 'L1',
      kind: 'committee_review',
      subject: null,
      maxScore: 100,
      passMark: 60,
      cite: s('二（四）、六（二）：一级考评含综合评审；60分合格（domain.md）'),
    },
  ],
  windows: [
    {
      kind: 'registration',
      opens: '2024-03-21T00:00',
      closes: '2024-04-05T23:59',
      cite: s('五（二）：3月21日—4月5日网上注册报名，4月5日24时后停止受理'),
    },
    {
      kind: 'review',
      opens: '2024-03-21T00:00',
      closes: '2024-04-15T23:59',
      cite: s('五（三）：3月21日—4月15日网上资格审查、现场审查确认'),
    },
  ],
  reviewChain: [
    {
      orgKind: 'unit',
      name: '单位人事部门初审',
      deadline: '2024-04-12T23:59',
      cite: s('三（三）；五（三）：各单位应于4月13日前完成所有网上报名资格初审'),
    },
    { orgKind: 'department', name: '主管部门审核', cite: s('二（一）；四（三）：报主管部门审核同意') },
    {
      orgKind: 'county',
      name: '县（市、区）工考管理机构',
      cite: s('三（四）：县（区）工考管理机构初审或资格审查'),
    },
    {
      orgKind: 'region_office',
      name: '新乡市工考办资格审查',
      cite: s('三（四）：报新乡市工考管理机构进行资格审查'),
    },
  ],
  publicity: [
    {
      afterStage: 'unit',
      workingDays: 5,
      levels: ['L1'],
      cite: s('四（二）2：申报材料、证件统一在单位公示，公示时间不少于5个工作日'),
    },
  ],
  fees: [],
  fraud: {
    banYears: 2,
    revokeCertificates: true,
    cite: s('六（四）：取消当年申报资格，两年内禁止再次申报；已取得的证书撤销并收回'),
  },
  lockOnPrint: { enabled: false, copies: 3, cite: s('四（一）：申报表一式三份；通知未规定打印后锁定') },
  componentOrder: {
    stages: [['theory', 'practical'], ['committee_review']],
    cite: s(
      '二（四）、六（二）：一级理论考试与综合评审相结合；综合评审在理论考试之后（seed 003 六（五）（六）所载河南省安排）',
    ),
  },
  handbookLeadTime: {
    unit: 'working_days',
    value: 5,
    cite: s('通知未规定考务手册提前发布时间；取5个工作日（本系统默认，参照 seed 002 八（四））'),
  },
  scoreEntryWorkingDays: null,
  electronicCertificate: { enabled: false, cite: s('通知未提及电子证书') },
} satisfies PolicyDocumentInput;
