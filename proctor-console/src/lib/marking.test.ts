import type { MarkingStatus } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import { checkedSum, markingQueue, nextIndex, quickScores, rubricTotal, sittingsOfTasks } from './marking';

const rubric = [
  { point: '说出原则', pointsTenths: 30 },
  { point: '举例', pointsTenths: 40 },
  { point: '结论', pointsTenths: 30 },
];

describe('rubric sums', () => {
  it('adds the rubric points', () => {
    expect(rubricTotal(rubric)).toBe(100);
    expect(rubricTotal([])).toBe(0);
  });

  it('adds the ticked points, capped at full marks', () => {
    expect(checkedSum(rubric, [true, false, true], 100)).toBe(60);
    expect(checkedSum(rubric, [], 100)).toBe(0);
    expect(checkedSum(rubric, [true, true, true, true], 80)).toBe(80);
  });

  it('offers 0, the running sums and full marks', () => {
    expect(quickScores(rubric, 100)).toEqual([0, 30, 70, 100]);
    expect(quickScores([], 50)).toEqual([0, 50]);
    // a rubric worth more than the item: sums above full marks are left out
    expect(quickScores(rubric, 60)).toEqual([0, 30, 60]);
  });
});

describe('the marking queue', () => {
  const tasks = [
    { id: 'a', sittingId: 's1', sittingName: '理论一', status: 'pending' as MarkingStatus },
    { id: 'b', sittingId: 's1', sittingName: '理论一', status: 'marked' as MarkingStatus },
    { id: 'c', sittingId: 's2', sittingName: '理论二', status: 'pending' as MarkingStatus },
    { id: 'd', sittingId: 's1', sittingName: '理论一', status: 'pending' as MarkingStatus },
  ];

  it('lists the sittings with their counts', () => {
    expect(sittingsOfTasks(tasks)).toEqual([
      { sittingId: 's1', sittingName: '理论一', pending: 2, marked: 1 },
      { sittingId: 's2', sittingName: '理论二', pending: 1, marked: 0 },
    ]);
  });

  it('queues one sitting’s tasks of one status', () => {
    expect(markingQueue(tasks, 's1', 'pending')).toEqual(['a', 'd']);
    expect(markingQueue(tasks, 's1', 'marked')).toEqual(['b']);
    expect(markingQueue(tasks, 's3', 'pending')).toEqual([]);
  });

  it('moves to the next task still waiting, wrapping round', () => {
    const status: Record<string, MarkingStatus> = { a: 'marked', b: 'pending', c: 'marked', d: 'pending' };
    const queue = ['a', 'b', 'c', 'd'];
    expect(nextIndex(queue, 1, (id) => status[id])).toBe(3);
    expect(nextIndex(queue, 3, (id) => status[id])).toBe(1);
    status.b = 'marked';
    status.d = 'marked';
    // nothing waits: step on (re-marking), and stop at the end
    expect(nextIndex(queue, 1, (id) => status[id])).toBe(2);
    expect(nextIndex(queue, 3, (id) => status[id])).toBeNull();
  });
});
