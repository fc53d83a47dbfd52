import { HANDBOOK_WARNING_LABELS, type HandbookStatusView } from '@exam/contracts';

/** What the office must be told about a batch's 考务手册, prominently; null when nothing is pressing. */
export interface HandbookAlert {
  /** near: yellow; due: orange; overdue: red; outdated: yellow (republish needed) */
  level: 'near' | 'due' | 'overdue' | 'outdated';
  title: string;
  text: string;
}

/** 「还剩 5 天」「今天截止」「已超过 3 天」 */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `还剩 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天截止';
  return `已超过 ${-daysLeft} 天`;
}

/** `withChanges`: name what changed since the latest version in the text (the panel lists it instead). */
export function handbookAlert(status: HandbookStatusView, withChanges = false): HandbookAlert | null {
  if (status.state === 'current') return null;
  const { warning, message, deadline } = status.deadline;
  if (status.state === 'outdated') {
    const version = status.latest?.version;
    const changes = withChanges && status.changes.length ? `（${status.changes.join('；')}）` : '';
    return {
      level: warning === 'none' ? 'outdated' : warning,
      title: '考务手册需重新发布',
      text: `第 ${version ?? '?'} 版发布后考务安排已变更${changes}，重新发布前各场次不能开考。${
        warning === 'none' ? '' : `${HANDBOOK_WARNING_LABELS[warning]}${deadline ? `（${deadline}）` : ''}。`
      }`,
    };
  }
  if (warning === 'none') return null;
  return { level: warning, title: `考务手册未发布 · ${HANDBOOK_WARNING_LABELS[warning]}`, text: message };
}
