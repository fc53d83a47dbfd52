import {
  BLUEPRINT_SUBJECT_NAMES,
  DEFAULT_LEVEL_NAMES,
  LEVELS,
  type AttemptStatus,
  type Level,
  type SittingAttemptRow,
} from '@exam/contracts';

/** 组卷 and 作答情况 of a sitting as the console shows them. */

/** "FW03 三级（高级工） 职业道德" for a group of candidates (occupation code × level × blueprint subject). */
export function groupLabel(occupationCode: string, level: string, subject: string): string {
  const levelName = (LEVELS as readonly string[]).includes(level)
    ? DEFAULT_LEVEL_NAMES[level as Level]
    : level;
  return `${occupationCode} ${levelName} ${BLUEPRINT_SUBJECT_NAMES[subject] ?? subject}`;
}

export interface ShortageGroup {
  label: string;
  messages: string[];
}

/**
 * A refused assembly's issues (path `FW03.L3.ZD`, one per shortage) grouped per candidate group, in the
 * server's order; an issue with another path is a group of its own under its path.
 */
export function groupShortages(
  issues: readonly { path: string; message: string }[] | undefined,
): ShortageGroup[] {
  const groups = new Map<string, ShortageGroup>();
  for (const issue of issues ?? []) {
    const parts = issue.path.split('.');
    const label = parts.length === 3 ? groupLabel(parts[0]!, parts[1]!, parts[2]!) : issue.path || '组卷';
    const group = groups.get(issue.path) ?? { label, messages: [] };
    group.messages.push(issue.message);
    groups.set(issue.path, group);
  }
  return [...groups.values()];
}

/** How many attempts are in each status, in the statuses' order of the exam (only those present). */
export function statusCounts(rows: readonly Pick<SittingAttemptRow, 'status'>[]): [AttemptStatus, number][] {
  const order: AttemptStatus[] = [
    'not_started',
    'checked_in',
    'ready',
    'in_progress',
    'paused',
    'disconnected',
    'submitted',
    'force_submitted',
    'voided',
  ];
  const counts = new Map<AttemptStatus, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return order.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)!]);
}

/** Closed attempts: the candidate cannot answer any more (交卷, 收卷, 成绩无效). */
export function isClosed(status: AttemptStatus): boolean {
  return status === 'submitted' || status === 'force_submitted' || status === 'voided';
}
