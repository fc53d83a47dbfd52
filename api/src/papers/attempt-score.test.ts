import { describe, expect, it } from 'vitest';
import {
  answerText,
  checkedResponse,
  componentTenths,
  scorePaper,
  type PaperItemToScore,
} from './attempt-score.js';

const options = (n: number) =>
  ['A', 'B', 'C', 'D', 'E'].slice(0, n).map((letter) => ({ letter, text: letter }));

const paper: PaperItemToScore[] = [
  { position: 1, type: 'single', pointsTenths: 10, key: 'B', options: options(4), partialCredit: 'none' },
  { position: 2, type: 'single', pointsTenths: 10, key: 'C', options: options(4), partialCredit: 'none' },
  {
    position: 3,
    type: 'multiple',
    pointsTenths: 20,
    key: ['A', 'C', 'D'],
    options: options(5),
    partialCredit: 'half_for_subset',
  },
  { position: 4, type: 'true_false', pointsTenths: 10, key: false, options: null, partialCredit: 'none' },
  {
    position: 5,
    type: 'fill_blank',
    pointsTenths: 20,
    key: [['PE', '保护线'], ['380V']],
    options: null,
    partialCredit: 'none',
  },
  {
    position: 6,
    type: 'short_answer',
    pointsTenths: 100,
    key: '参考答案',
    options: null,
    partialCredit: 'none',
  },
];

describe('scoring a paper', () => {
  it('scores right, wrong, partial and fill-in answers, and queues short answers', () => {
    const answers = new Map<number, unknown>([
      [1, 'B'],
      [2, 'A'],
      [3, ['C', 'A']],
      [4, false],
      [5, ['ｐｅ', '220V']],
      [6, '先断开断路器，再拉开隔离开关。'],
    ]);
    const score = scorePaper(paper, answers);
    expect(score.objectiveTenths).toBe(10 + 0 + 10 + 10 + 10);
    expect(score.shortAnswers).toEqual([{ position: 6, maxTenths: 100 }]);
    expect(score.totalTenths).toBe(170);
  });

  it('scores a response of the wrong shape as 0, never throwing', () => {
    const bad = new Map<number, unknown>([
      [1, ['B']],
      [2, 'Z'],
      [3, ['A', 'C', 'D', 'D']],
      [4, 'false'],
      [5, 'PE'],
    ]);
    expect(scorePaper(paper, bad).objectiveTenths).toBe(0);
    expect(checkedResponse(paper[0]!, { letter: 'B' })).toBeNull();
    expect(checkedResponse(paper[0]!, 'E')).toBeNull(); // a letter the item does not have
    expect(checkedResponse(paper[2]!, ['A', 'F'])).toBeNull();
    expect(checkedResponse(paper[4]!, [1, 2])).toBeNull();
    expect(scorePaper(paper, new Map()).objectiveTenths).toBe(0);
  });

  it('ignores an item whose stored key is broken instead of crediting it', () => {
    const broken: PaperItemToScore = { ...paper[0]!, key: null };
    expect(scorePaper([broken], new Map([[1, 'B']])).objectiveTenths).toBe(0);
  });

  it('turns points into a component score out of 100 in tenths', () => {
    expect(componentTenths(735, 1000)).toBe(735);
    expect(componentTenths(50, 170)).toBe(294);
    expect(componentTenths(0, 0)).toBe(0);
    expect(answerText(['a', 'b'])).toBe('a\nb');
    expect(answerText(true)).toBe('');
  });
});
