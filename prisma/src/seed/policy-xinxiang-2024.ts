/**
 * The demo region's rules from seed 001 (新人社办〔2024〕22号), each citing the clause it encodes. The full
 * policy model (eligibility rules, materials, fees) is built by the policy engine; this is its first version.
 */
export const XINXIANG_2024 = {
  id: 'xinxiang-2024',
  regionId: 'xinxiang',
  year: 2024,
  title: '新乡市2024年全市机关事业单位工勤技能岗位等级考核考务工作',
  documentNo: '新人社办〔2024〕22号',
  issuedOn: '2024-03-15',
  document: {
    levels: [
      { level: 'L5', name: '五级（初级工）' },
      { level: 'L4', name: '四级（中级工）' },
      { level: 'L3', name: '三级（高级工）' },
      { level: 'L2', name: '二级（技师）' },
      { level: 'L1', name: '一级（高级技师）' },
    ],
    offeredLevels: ['L5', 'L4', 'L3', 'L2', 'L1'],
    citeOfferedLevels: '一（二）：开展全部工种一至五级工勤技能岗位等级考核',
    yearsCountedTo: '2024-12-31',
    citeYearsCountedTo: '二（二）4；附件1 第十一条',
    components: {
      L5: [
        { kind: 'theory', passMark: 60, maxScore: 100 },
        { kind: 'practical', passMark: 60, maxScore: 100 },
      ],
      L4: [
        { kind: 'theory', passMark: 60, maxScore: 100 },
        { kind: 'practical', passMark: 60, maxScore: 100 },
      ],
      L3: [
        { kind: 'theory', passMark: 60, maxScore: 100 },
        { kind: 'practical', passMark: 60, maxScore: 100 },
      ],
      L2: [
        { kind: 'theory', passMark: 60, maxScore: 100 },
        { kind: 'practical', passMark: 60, maxScore: 100 },
        { kind: 'committee_review', passMark: 60, maxScore: 100 },
      ],
      L1: [
        { kind: 'theory', passMark: 60, maxScore: 100 },
        { kind: 'practical', passMark: 60, maxScore: 100 },
        { kind: 'committee_review', passMark: 60, maxScore: 100 },
      ],
    },
    citeComponents: '六（三）人机对话考试；domain.md：各部分满分100分，60分合格',
    unitPublicityWorkingDays: 5,
    citeUnitPublicity: '四（二）2：公示时间不少于5个工作日',
    fraudBanYears: 2,
    citeFraudBan: '六（四）：两年内禁止再次申报；已取得的证书撤销并收回',
    allowsDeferredEvidence: true,
    citeDeferredEvidence: '三（三）：2023年度考核结果未备案的，可实行承诺制，容缺后补',
  },
} as const;
