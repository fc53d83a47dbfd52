import { ROLE_LABELS, type AuditCategory, type Role } from '@exam/contracts';

/** Display names the console alone needs; the shared ones are in @exam/ui/lib/labels. */
export const AUDIT_CATEGORY_LABELS: Record<AuditCategory, string> = {
  security: '安全',
  data_change: '数据变更',
  decision: '管理决定',
  exam_event: '考试事件',
  access: '敏感信息查看',
};

const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.password_change': '修改密码',
  'auth.password_change_failed': '修改密码失败',
  'session.revoke': '结束登录会话',
  'access.denied': '越权访问被拒绝',
  'user.create': '新建账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.password_reset': '重置密码',
  'user.sessions_revoke': '结束账号全部登录',
  'person.create': '登记人员',
  'person.reveal_id_number': '查看完整身份证号',
  'organisation.create': '新建机构',
  'seed.demo': '写入示例数据',
};

export const ENTITY_TYPE_LABELS: Record<string, string> = {
  User: '账号',
  Session: '登录会话',
  Person: '人员',
  Organisation: '机构',
  Region: '地区',
  Route: '接口',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export function entityTypeLabel(type: string): string {
  return ENTITY_TYPE_LABELS[type] ?? type;
}

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}
