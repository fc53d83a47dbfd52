export const ROLES = [
  'candidate',
  'unit_hr',
  'reviewer',
  'exam_office',
  'invigilator',
  'panel_member',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  candidate: '考生',
  unit_hr: '单位经办人',
  reviewer: '审核人员',
  exam_office: '考务管理',
  invigilator: '监考员',
  panel_member: '考评员',
  admin: '系统管理员',
};

/** Roles whose grant is scoped to an organisation subtree. */
export const ORGANISATION_SCOPED_ROLES: readonly Role[] = ['unit_hr', 'reviewer', 'exam_office'];
