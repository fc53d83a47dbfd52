import { describe, expect, it } from 'vitest';
import { evaluateEligibility, applicableRules } from './engine.js';
import { at, shippedPolicy } from './table.test-support.js';

describe('evaluateEligibility', () => {
  const nantong = shippedPolicy('nantong-2024');

  it('reports <id>@<version>, the offered level and type first, then the rules in policy order', () => {
    const result = evaluateEligibility(nantong, 3, at('L4').build());
    expect(result.policy).toBe('nantong-2024@3');
    expect(result.rules.map((r) => r.id)).toEqual([
      'offered-level',
      'application-type',
      'not-retired',
      'assessments',
      'continuing-education',
      'l4-grade',
      'l4-education',
      'l4-work-years',
    ]);
    expect(result.eligible).toBe(true);
    for (const r of result.rules) expect(r.cite).toMatch(/^seed 004 /);
  });

  it('applies a rule only to its levels and types (empty types: every type)', () => {
    const ids = applicableRules(nantong, at('L4').type('transfer').build()).map((r) => r.id);
    expect(ids).toEqual(['not-retired', 'assessments', 'continuing-education', 'transfer-same-level']);
  });

  it('is ineligible when any verdict fails, and says which', () => {
    const result = evaluateEligibility(nantong, 1, at('L4').edu('primary').build());
    expect(result.eligible).toBe(false);
    expect(result.rules.filter((r) => !r.passed).map((r) => r.id)).toEqual(['l4-education']);
  });

  it('lowers years only for a standing 破格 claim', () => {
    const used = at('L4')
      .work('2018-01-01')
      .exceptional('model_worker', [{ category: 'model_worker', year: 2020 }]);
    const fresh = at('L4').work('2018-01-01').exceptional('model_worker');
    const verdict = (b: typeof used) =>
      evaluateEligibility(nantong, 1, b.build()).rules.find((r) => r.id === 'l4-work-years')!;
    expect(verdict(used).passed).toBe(false);
    expect(verdict(fresh)).toMatchObject({ passed: true });
    expect(verdict(fresh).text).toContain('工作年限（2018-01-01参加工作）截至2024-12-31为7年');
  });

  it('marks waived rules as passed and waived, keeping the original verdict in the text', () => {
    const xinxiang = shippedPolicy('xinxiang-2024');
    const result = evaluateEligibility(
      xinxiang,
      1,
      at('L1').edu('junior_high').honour('patent', '2022-01-01').build(),
    );
    const education = result.rules.find((r) => r.id === 'l1-education')!;
    expect(education).toMatchObject({ passed: true, waived: true });
    expect(education.text).toContain('本条原判：文化程度为初中');
    expect(result.eligible).toBe(true);
  });
});
