import type { Role } from '@exam/contracts';

export type SectionId =
  | 'overview'
  | 'persons'
  | 'organisations'
  | 'applications'
  | 'publicity'
  | 'fees'
  | 'batches'
  | 'venues'
  | 'sittings'
  | 'monitor'
  | 'tickets'
  | 'blueprints'
  | 'marking'
  | 'calendar'
  | 'users'
  | 'audit'
  | 'sessions';

export interface Section {
  id: SectionId;
  path: string;
  label: string;
  /** roles that may use the section; null: every signed-in user */
  roles: readonly Role[] | null;
}

/** Roles that read person records and organisations (the server scopes them to an organisation subtree). */
export const RECORD_ROLES: readonly Role[] = ['unit_hr', 'reviewer', 'exam_office', 'admin'];

/** Roles that review applications along the chain (and see its publicities). */
export const REVIEW_ROLES: readonly Role[] = ['unit_hr', 'reviewer', 'exam_office', 'admin'];

/** Roles that may enter an application for a person of their unit (代为申报). */
export const PROXY_APPLICANT_ROLES: readonly Role[] = ['unit_hr', 'exam_office', 'admin'];

/** Roles that plan batches, venues, sittings and 准考证 (the exam office; admin sees everything). */
export const PLANNER_ROLES: readonly Role[] = ['exam_office', 'admin'];

/** Roles that read sittings: planners, and invigilators the sittings they watch (read-only). */
export const SITTING_READER_ROLES: readonly Role[] = ['exam_office', 'admin', 'invigilator'];

/** Roles that watch rooms live on exam day (the server checks each room: an invigilator only their own). */
export const MONITOR_ROLES: readonly Role[] = ['invigilator', 'exam_office', 'admin'];

/** Roles that mark short answers (阅卷): panel members their assigned batch × occupation × level, the office its region. */
export const MARKER_ROLES: readonly Role[] = ['panel_member', 'exam_office', 'admin'];

export const SECTIONS: readonly Section[] = [
  { id: 'overview', path: '/', label: '概览', roles: null },
  { id: 'persons', path: '/persons', label: '人员档案', roles: RECORD_ROLES },
  { id: 'organisations', path: '/organisations', label: '机构', roles: RECORD_ROLES },
  { id: 'applications', path: '/applications', label: '申报审核', roles: REVIEW_ROLES },
  { id: 'publicity', path: '/publicity', label: '公示', roles: REVIEW_ROLES },
  { id: 'fees', path: '/fees', label: '缴费', roles: ['exam_office', 'admin'] },
  { id: 'batches', path: '/batches', label: '考试批次', roles: PLANNER_ROLES },
  { id: 'venues', path: '/venues', label: '考点考场', roles: PLANNER_ROLES },
  { id: 'sittings', path: '/sittings', label: '场次安排', roles: SITTING_READER_ROLES },
  { id: 'monitor', path: '/monitor', label: '考场监控', roles: MONITOR_ROLES },
  { id: 'tickets', path: '/tickets', label: '准考证', roles: PLANNER_ROLES },
  { id: 'blueprints', path: '/blueprints', label: '组卷方案', roles: PLANNER_ROLES },
  { id: 'marking', path: '/marking', label: '阅卷', roles: MARKER_ROLES },
  { id: 'calendar', path: '/calendar', label: '节假日', roles: RECORD_ROLES },
  { id: 'users', path: '/users', label: '账号管理', roles: ['admin'] },
  { id: 'audit', path: '/audit', label: '审计日志', roles: ['admin'] },
  { id: 'sessions', path: '/sessions', label: '登录设备', roles: null },
];

export function mayUse(section: Section, roles: readonly Role[]): boolean {
  return section.roles === null || section.roles.some((role) => roles.includes(role));
}

/** The section a path belongs to, e.g. /persons/123 → persons. */
export function sectionOf(path: string): Section | undefined {
  const first = `/${path.split('/')[1] ?? ''}`;
  return SECTIONS.find((section) => section.path === first);
}
