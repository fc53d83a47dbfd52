import {
  APPLICATION_TYPE_LABELS,
  ASSESSMENT_GRADE_LABELS,
  EDUCATION_LABELS,
  formatShanghai,
  levelName,
  maskIdNumber,
  maskPhone,
  SEX_LABELS,
  type EligibilityInput,
  type Level,
  type PolicyDocument,
} from '@exam/contracts';
import type { DocumentSpec, FormCell, FormRow, TableValue } from '../documents/document-model.js';

/** The 申报表/审批表 and the 名册, built as plain data (the documents module renders them). */

export interface FormPerson {
  name: string;
  sex: 'M' | 'F';
  ethnicity: string | null;
  birthDate: string;
  education: string;
  politicalStatus: string | null;
  idNumber: string;
  phone: string | null;
  organisationName: string;
}

export interface FormDecision {
  stageName: string;
  decision: string;
  reason: string;
  reviewerName: string | null;
  at: Date;
}

export interface ApplicationFormData {
  number: string;
  batchName: string;
  policy: PolicyDocument;
  policyLabel: string;
  person: FormPerson;
  occupationName: string;
  targetLevel: Level;
  declared: EligibilityInput;
  eligible: boolean;
  failedRules: string[];
  stages: { name: string; organisationName: string; decision: FormDecision | null }[];
  photo: Uint8Array | null;
  printedAt: Date;
}

const label = (text: string, colSpan = 1): FormCell => ({ kind: 'label', text, colSpan });
const value = (text: string | null | undefined, colSpan = 1): FormCell => ({
  kind: 'value',
  text: text || '',
  colSpan,
});
const month = (day: string | null | undefined) => (day ? day.slice(0, 7).replace('-', '年') + '月' : '');

function formTitle(policy: PolicyDocument): string {
  return `${policy.regionName}机关事业单位工勤技能岗位等级考核${policy.lockOnPrint.enabled ? '审批表' : '申报表'}`;
}

export function applicationFormSpec(d: ApplicationFormData): DocumentSpec {
  const p = d.person;
  const g = d.declared.currentGrade;
  const assessments = [...d.declared.annualAssessments]
    .sort((a, b) => a.year - b.year)
    .slice(-5)
    .map(
      (a) =>
        `${a.year}年 ${ASSESSMENT_GRADE_LABELS[a.grade]}${a.excellentPartyMember ? '（优秀共产党员）' : ''}`,
    )
    .join('；');
  const honours = d.declared.honours.map(
    (h) => `${h.awardedOn} ${h.title}${h.grantedBy ? `（${h.grantedBy}）` : ''}`,
  );
  const photo: FormCell = d.photo
    ? {
        kind: 'value',
        rowSpan: 4,
        image: { data: d.photo, fit: [70, 98] },
        align: 'center',
        verticalAlign: 'middle',
      }
    : { kind: 'label', rowSpan: 4, text: '照片\n（1寸）', align: 'center', verticalAlign: 'middle' };
  const rows: FormRow[] = [
    {
      cells: [
        label('姓名'),
        value(p.name),
        label('性别'),
        value(SEX_LABELS[p.sex]),
        label('民族'),
        value(p.ethnicity),
        photo,
      ],
    },
    {
      cells: [
        label('出生年月'),
        value(month(p.birthDate)),
        label('文化程度'),
        value(EDUCATION_LABELS[d.declared.person.education]),
        label('政治面貌'),
        value(p.politicalStatus),
      ],
    },
    { cells: [label('身份证号'), value(p.idNumber, 3), label('联系电话'), value(p.phone)] },
    {
      cells: [
        label('参加工作时间'),
        value(d.declared.person.workStartDate),
        label('转正定级'),
        value(d.declared.person.regularizedOn),
        label('所在单位'),
        value(p.organisationName),
      ],
    },
    {
      cells: [
        label('现等级工种'),
        value(g?.occupation ?? '无'),
        label('现等级'),
        value(g ? levelName(d.policy, g.level) : '无'),
        label('证书取得 / 聘任'),
        value(g ? `${g.certifiedOn} / ${g.appointedOn ?? '未聘任'}` : '', 2),
      ],
    },
    {
      cells: [
        label('申报工种'),
        value(d.occupationName),
        label('申报等级'),
        value(levelName(d.policy, d.targetLevel)),
        label('申报类型'),
        value(
          `${APPLICATION_TYPE_LABELS[d.declared.applicationType]}${d.declared.exceptionalCategory ? `（${d.declared.exceptionalCategory}）` : ''}`,
          2,
        ),
      ],
    },
    { cells: [label('近5年年度考核'), value(assessments || '无记录', 6)] },
    { cells: [label('表彰奖励'), value(honours.join('\n') || '无', 6)], height: 36 },
    {
      cells: [
        label('资格审核（系统）'),
        value(
          d.eligible ? `符合申报条件（依 ${d.policyLabel} 逐条核验）` : `不符合：${d.failedRules.join('；')}`,
          6,
        ),
      ],
    },
    {
      cells: [
        label('申报人承诺'),
        {
          kind: 'value',
          colSpan: 6,
          signature: {
            opinion: '本人承诺以上填报内容真实有效，若有不实之处，自行承担后果。',
            signers: ['申报人签字'],
            date: true,
            height: 56,
          },
        },
      ],
    },
    ...d.stages.map((s): FormRow => ({
      cells: [
        label(`${s.name}意见`),
        {
          kind: 'value',
          colSpan: 6,
          signature: {
            opinion: s.decision
              ? `${s.decision.decision}：${s.decision.reason}（${s.decision.reviewerName ?? ''}，${formatShanghai(s.decision.at).slice(0, 10)}）`
              : s.organisationName,
            signers: ['经办人', '负责人'],
            seal: true,
            date: true,
            height: 64,
          },
        },
      ],
    })),
  ];
  return {
    title: formTitle(d.policy),
    meta: [[`申报编号：${d.number}`, `批次：${d.batchName}`]],
    blocks: [{ kind: 'form', columns: [1.3, 1.2, 1, 1.2, 1.1, 1.3, 1], rows, fontSize: 9 }],
    footer: {
      pageNumbers: true,
      text: `此表一式${d.policy.lockOnPrint.copies}份；打印于 ${formatShanghai(d.printedAt)}${d.policy.lockOnPrint.enabled ? '；打印后申报信息不能再修改' : ''}`,
    },
    subject: d.policyLabel,
  };
}

export interface RosterRow {
  name: string;
  sex: 'M' | 'F';
  ethnicity: string | null;
  idNumber: string;
  occupationName: string;
  targetLevel: Level;
  currentLevel: Level | null;
  appointedOn: string | null;
  organisationName: string;
  phone: string | null;
}

export const ROSTER_COLUMNS = [
  { title: '序号', width: 28, align: 'center' as const },
  { title: '姓名', width: 48 },
  { title: '性别', width: 28, align: 'center' as const },
  { title: '族别', width: 36 },
  { title: '身份证号码', width: 112 },
  { title: '申报职业（工种）', width: '*' as const },
  { title: '申报等级', width: 70 },
  { title: '现聘任等级', width: 70 },
  { title: '聘任时间', width: 58 },
  { title: '申报单位', width: '*' as const },
  { title: '联系电话', width: 70 },
];

/** 申报人员名册 (seed 000 附件2): the 汇总名册 for the reviewing offices, or the 公示名册 with masked numbers. */
export function rosterSpec(input: {
  title: string;
  subtitle: string;
  policy: PolicyDocument;
  rows: RosterRow[];
  masked: boolean;
  footerText: string;
  closing: string;
}): DocumentSpec {
  const rows: TableValue[][] = input.rows.map((r, i) => [
    i + 1,
    r.name,
    SEX_LABELS[r.sex],
    r.ethnicity,
    input.masked ? maskIdNumber(r.idNumber) : r.idNumber,
    r.occupationName,
    levelName(input.policy, r.targetLevel),
    r.currentLevel ? levelName(input.policy, r.currentLevel) : '无',
    r.appointedOn,
    r.organisationName,
    input.masked ? maskPhone(r.phone) : r.phone,
  ]);
  return {
    orientation: 'landscape',
    title: input.title,
    subtitle: input.subtitle,
    meta: [['上级主管部门（盖章）：', `制表日期：      年    月    日`]],
    blocks: [
      { kind: 'table', columns: ROSTER_COLUMNS, rows, repeatHeader: true, fontSize: 8, sheetName: '名册' },
      {
        kind: 'signatures',
        parties: [
          {
            title: '审核意见',
            opinion: input.closing,
            signers: ['经办人', '负责人'],
            seal: true,
            date: true,
          },
        ],
      },
    ],
    footer: { pageNumbers: true, text: input.footerText },
  };
}
