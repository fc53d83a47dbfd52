import { formatShanghai, shanghaiDay } from '@exam/contracts';
import { ValidationFailed } from '../common/domain-errors.js';

const day = 86_400_000;
/** a device clock a little ahead of the server's is not "the future" */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

/** Midnight (Asia/Shanghai) of the day before the sitting's day: the earliest time an incident may have. */
export function earliestIncidentTime(sittingStartsAt: Date): Date {
  const midnight = new Date(`${shanghaiDay(sittingStartsAt)}T00:00:00+08:00`);
  return new Date(midnight.getTime() - day);
}

/**
 * When the incident happened: the given time, or now. Not in the future (beyond a small clock tolerance)
 * and not before the day before the sitting's day.
 */
export function incidentTime(occurredAt: string | undefined, now: Date, sittingStartsAt: Date): Date {
  const at = occurredAt ? new Date(occurredAt) : now;
  if (at.getTime() > now.getTime() + CLOCK_TOLERANCE_MS)
    throw new ValidationFailed(
      `发生时间（${formatShanghai(at).slice(0, 16)}）晚于当前时间（${formatShanghai(now).slice(0, 16)}），不能记录未来的情况`,
      [{ path: 'occurredAt', message: '发生时间不能晚于当前时间' }],
    );
  const earliest = earliestIncidentTime(sittingStartsAt);
  if (at < earliest)
    throw new ValidationFailed(
      `发生时间（${formatShanghai(at).slice(0, 16)}）早于本场次考试日的前一天（${formatShanghai(earliest).slice(0, 10)}），请核对时间`,
      [{ path: 'occurredAt', message: '发生时间过早' }],
    );
  return at;
}
