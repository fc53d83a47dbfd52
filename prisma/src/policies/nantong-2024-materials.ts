import type { PolicyDocumentInput } from '@exam/contracts';

type Material = PolicyDocumentInput['materials'][number];

/** Seed 004 (南通 2024): what each application type hands in, 五（一）3–5. */
const s = (clause: string) => `seed 004 ${clause}`;
const MB = 1024 * 1024;

const doc = (code: string, name: string, cite: string, extra: Partial<Material> = {}) => ({
  code,
  name,
  required: true,
  formats: ['pdf' as const, 'jpg' as const, 'png' as const],
  maxBytes: 5 * MB,
  cite: s(`${cite}（大小上限为本系统默认值）`),
  ...extra,
});

export const NANTONG_2024_MATERIALS: Material[] = [
  {
    code: 'photo',
    name: '本人近期免冠证件照片',
    required: true,
    formats: ['jpg'],
    maxBytes: 20 * 1024,
    cite: s('五（一）3：JPG格式，文件大小不超过20k；用于准考证和电子合格证书'),
  },
  {
    code: 'approval_form',
    name: '江苏省机关事业单位工勤技能岗位技术等级考核审批表',
    required: true,
    formats: ['pdf'],
    maxBytes: 10 * MB,
    cite: s('五（一）4、5（1）：审批表3份，A4正反面打印（大小上限为本系统默认值）'),
  },
  doc('annual_assessment', '近五年年度考核表（2019—2023年）', '五（一）5（2）'),
  doc('continuing_education', '2019—2023年度继续教育培训合格证明', '五（一）5（3）'),
  doc(
    'grade_certificate',
    '原技术等级岗位证书',
    '五（一）5（4）：原证书原件及复印件；转岗的同时提供转岗前证书',
    {
      levels: ['L4', 'L3'],
    },
  ),
  doc('diploma_id_card', '毕业证书、身份证', '五（一）5（5）'),
  doc('entry_documents', '入职相关材料', '五（一）5（6）：初次申报等级的提供入职材料', {
    levels: ['L5'],
    types: ['normal'],
  }),
  doc('exceptional_proof', '破格条件证明材料', '五（一）5（7）', { types: ['exceptional'] }),
  doc('transfer_request', '个人转岗申请（单位领导签署意见并盖章）', '五（一）5（8）', {
    types: ['transfer'],
  }),
  doc('veteran_documents', '入伍批准书、退出现役证等', '五（一）5（9）：退役安置人员提供', {
    types: ['recheck'],
    required: false,
  }),
  doc(
    'other_province_certificate',
    '原机关事业单位岗位等级证书',
    '五（一）5（9）：外省调入有等级的人员提供',
    {
      types: ['recheck'],
      required: false,
    },
  ),
];
