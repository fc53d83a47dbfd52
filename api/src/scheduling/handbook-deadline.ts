import {
  HANDBOOK_NEAR_DAYS,
  shanghaiDay,
  type HandbookLeadTimeView,
  type HandbookWarning,
} from '@exam/contracts';
import { shiftDay } from '../calendar/working-days.js';

/**
 * The 考务手册's publication deadline and how close it is. Pure: the working-day calendar and `now` are
 * passed in. Days are `YYYY-MM-DD` in Asia/Shanghai.
 *
 * - `months`: the same calendar day N months before the exam day (the day of the earliest live sitting);
 *   when that month is shorter, its last day (31 March − 1 month → 28/29 February).
 * - `working_days`: the N-th working day before the exam day on the official calendar (调休 included), so
 *   that the deadline day itself and the working days after it up to the eve of the exam are N working days
 *   (exam on Monday 15 June, 5 working days → Monday 8 June). A day in a year the calendar does not cover
 *   throws `CalendarNotCovered` (422).
 *
 * Publishing on the deadline day is on time. Warning (only while no current version is published):
 * `overdue` after the deadline, `due` on it, `near` within HANDBOOK_NEAR_DAYS (7) calendar days before it —
 * calendar days for both units, so the warning starts a week ahead whatever the policy counts in.
 */

export interface LeadTime {
  unit: 'months' | 'working_days';
  value: number;
}

export interface WorkingDayLookup {
  isWorkingDay(day: string): boolean;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The same calendar day `n` months earlier, clamped to the end of a shorter month. */
export function monthsBefore(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const index = y * 12 + (m - 1) - n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** The n-th working day before `day` (not counting `day` itself). */
export function workingDaysBefore(day: string, n: number, calendar: WorkingDayLookup): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
  let current = day;
  let counted = 0;
  while (counted < n) {
    current = shiftDay(current, -1);
    if (calendar.isWorkingDay(current)) counted += 1;
  }
  return current;
}

/** The last day on which the handbook is published on time for an exam starting at `firstStartsAt`. */
export function handbookDeadline(lead: LeadTime, firstStartsAt: Date, calendar: WorkingDayLookup): string {
  const examDay = shanghaiDay(firstStartsAt);
  return lead.unit === 'months'
    ? monthsBefore(examDay, lead.value)
    : workingDaysBefore(examDay, lead.value, calendar);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [a, b, c] = parts(from);
  const [x, y, z] = parts(to);
  return Math.round((Date.UTC(x, y - 1, z) - Date.UTC(a, b - 1, c)) / 86_400_000);
}

export interface DeadlineState {
  daysLeft: number;
  warning: HandbookWarning;
}

/** How close the deadline is at `now`; `none` once a current version is published. */
export function deadlineState(deadline: string, now: Date, currentPublished: boolean): DeadlineState {
  const daysLeft = daysBetween(shanghaiDay(now), deadline);
  if (currentPublished) return { daysLeft, warning: 'none' };
  if (daysLeft < 0) return { daysLeft, warning: 'overdue' };
  if (daysLeft === 0) return { daysLeft, warning: 'due' };
  return { daysLeft, warning: daysLeft <= HANDBOOK_NEAR_DAYS ? 'near' : 'none' };
}

/** Published after the deadline day (Asia/Shanghai)? */
export function publishedLate(publishedAt: Date, deadline: string | null): boolean {
  return deadline !== null && shanghaiDay(publishedAt) > deadline;
}

export function leadTimeText(lead: LeadTime): string {
  return lead.unit === 'months' ? `考前 ${lead.value} 个月` : `考前 ${lead.value} 个工作日`;
}

export function leadTimeView(lead: LeadTime & { cite: string }): HandbookLeadTimeView {
  return { unit: lead.unit, value: lead.value, text: leadTimeText(lead), cite: lead.cite };
}

/** The sentence shown to the office for a deadline and its state. */
export function deadlineMessage(
  lead: LeadTime,
  deadline: string,
  state: DeadlineState,
  published: 'none' | 'current' | 'outdated',
): string {
  const rule = `按政策须于${leadTimeText(lead)}发布考务手册，发布时限为 ${deadline}`;
  if (published === 'current') return `${rule}；当前版本为最新。`;
  const what = published === 'outdated' ? '考务安排已变更，请重新发布考务手册' : '考务手册尚未发布';
  switch (state.warning) {
    case 'overdue':
      return `${rule}，已超过 ${-state.daysLeft} 天；${what}。`;
    case 'due':
      return `${rule}（今天）；${what}。`;
    case 'near':
      return `${rule}，还剩 ${state.daysLeft} 天；${what}。`;
    default:
      return `${rule}，还剩 ${state.daysLeft} 天。`;
  }
}
