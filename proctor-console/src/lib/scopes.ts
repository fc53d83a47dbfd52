import type { RoleGrantView } from '@exam/contracts';

/** What one role grant lets the user do, in plain words. */
export function describeGrant(grant: RoleGrantView): { duty: string; scope: string } {
  const org = grant.organisationName;
  switch (grant.role) {
    case 'admin':
      return { duty: '管理账号、查看审计日志，可查阅全部人员档案和机构', scope: '全部机构' };
    case 'unit_hr':
      return { duty: '管理本单位人员档案', scope: org ? `${org}及其下属机构` : '未指定机构' };
    case 'reviewer':
      return { duty: '审核管辖范围内人员的档案和申报材料', scope: org ? `${org}及其下属机构` : '未指定机构' };
    case 'exam_office':
      return { duty: '组织管辖范围内的考务工作', scope: org ? `${org}及其下属机构` : '未指定机构' };
    case 'invigilator':
      return { duty: '在分配给您的考场监考', scope: '仅限考务管理人员分配给您的考场' };
    case 'panel_member':
      return { duty: '对考生的技能操作进行评分', scope: '仅限分配给您的考核批次、工种和等级' };
    case 'candidate':
      return { duty: '参加考核，查看本人档案', scope: '本人档案（请在考生端查看）' };
  }
}
