import { describe, expect, it } from 'vitest';
import { componentScore, normalise, scoreObjective } from './scoring.js';

describe('objective scoring', () => {
  it('scores single choice and true/false all or nothing', () => {
    expect(scoreObjective({ type: 'single', key: 'B' }, 'B', 10)).toBe(10);
    expect(scoreObjective({ type: 'single', key: 'B' }, 'C', 10)).toBe(0);
    expect(scoreObjective({ type: 'single', key: 'B' }, null, 10)).toBe(0);
    expect(scoreObjective({ type: 'true_false', key: false }, false, 10)).toBe(10);
    expect(scoreObjective({ type: 'true_false', key: false }, true, 10)).toBe(0);
  });

  it('scores multiple choice by the blueprint’s partial-credit rule, a wrong letter always 0', () => {
    const key = (partialCredit: 'none' | 'half_for_subset' | 'proportional_subset') =>
      ({ type: 'multiple', key: ['A', 'C', 'D'], partialCredit }) as const;
    expect(scoreObjective(key('none'), ['D', 'A', 'C'], 20)).toBe(20);
    expect(scoreObjective(key('none'), ['A', 'C'], 20)).toBe(0);
    expect(scoreObjective(key('half_for_subset'), ['A', 'C'], 20)).toBe(10);
    expect(scoreObjective(key('proportional_subset'), ['A'], 30)).toBe(10);
    expect(scoreObjective(key('half_for_subset'), ['A', 'B'], 20)).toBe(0);
    expect(scoreObjective(key('half_for_subset'), [], 20)).toBe(0);
  });

  it('scores each blank against its accepted answers, ignoring spaces, width and case', () => {
    const item = {
      type: 'fill_blank',
      key: [
        ['PE', '保护线'],
        ['380V', '380 V'],
      ],
    } as const;
    expect(scoreObjective(item, ['ｐｅ', '380 v'], 20)).toBe(20);
    expect(scoreObjective(item, ['保护线', '220V'], 20)).toBe(10);
    expect(scoreObjective(item, ['', ''], 20)).toBe(0);
    expect(normalise(' ３８０ Ｖ。')).toBe('380v');
  });

  it('turns points into a component score out of 100', () => {
    expect(componentScore(735, 1000)).toBe(73.5);
    expect(componentScore(1000, 1000)).toBe(100);
    expect(componentScore(0, 0)).toBe(0);
  });
});
