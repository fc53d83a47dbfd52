import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/domain-errors.js';
import { earliestIncidentTime, incidentTime } from './incident-time.js';

const now = new Date('2026-03-02T01:00:00Z'); // 09:00 in Beijing
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('not refused');
};

describe('incident time', () => {
  it('is midnight in Beijing of the day before the sitting’s Beijing day, whatever the UTC date', () => {
    // 07:30 Beijing on 2 March is still 1 March in UTC
    expect(earliestIncidentTime(new Date('2026-03-01T23:30:00Z')).toISOString()).toBe(
      '2026-02-28T16:00:00.000Z',
    );
    expect(earliestIncidentTime(new Date('2026-03-02T06:00:00Z')).toISOString()).toBe(
      '2026-02-28T16:00:00.000Z',
    );
  });

  it('defaults to now and accepts times back to the day before the sitting', () => {
    const start = new Date('2026-03-02T00:30:00Z');
    expect(incidentTime(undefined, now, start)).toEqual(now);
    expect(incidentTime('2026-03-01T00:00:00+08:00', now, start).toISOString()).toBe(
      '2026-02-28T16:00:00.000Z',
    );
    // a device clock a minute ahead is not the future
    expect(incidentTime('2026-03-02T01:01:00Z', now, start).toISOString()).toBe('2026-03-02T01:01:00.000Z');
  });

  it('refuses the future and anything earlier than the day before, with a Chinese message', () => {
    const start = new Date('2026-03-02T00:30:00Z');
    const future = refusal(() => incidentTime('2026-03-02T01:03:00Z', now, start));
    expect(future.status).toBe(400);
    expect(future.message).toContain('晚于当前时间');
    expect(future.message).toContain('2026-03-02 09:03');
    const early = refusal(() => incidentTime('2026-02-28T23:59:00+08:00', now, start));
    expect(early.status).toBe(400);
    expect(early.message).toContain('早于本场次考试日的前一天（2026-03-01）');
  });
});
