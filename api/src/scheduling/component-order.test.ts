import { describe, expect, it } from 'vitest';
import { SHIPPED_POLICIES } from '@exam/db';
import { levelsTaking, orderViolation, schedulingPolicy, type TimedSitting } from './component-order.js';
import { seatedProblemsByApplication } from './sitting-checks.js';

const day = (d: number, h: number) => new Date(Date.UTC(2026, 5, d, h));
const s = (id: string, component: TimedSitting['component'], from: Date, hours = 2): TimedSitting => ({
  id,
  name: id,
  component,
  startsAt: from,
  endsAt: new Date(from.getTime() + hours * 3_600_000),
});
const order = {
  stages: [['theory', 'practical'], ['committee_review']] as TimedSitting['component'][][],
  cite: 'x',
};

describe('component order', () => {
  it('lets components of one stage come in any order', () => {
    expect(orderViolation(order, s('p', 'practical', day(1, 1)), [s('t', 'theory', day(2, 1))])).toBeNull();
    expect(orderViolation(order, s('t', 'theory', day(2, 1)), [s('p', 'practical', day(1, 1))])).toBeNull();
  });

  it('needs every earlier stage to have ended when a later one starts', () => {
    const theory = s('t', 'theory', day(1, 1));
    expect(orderViolation(order, s('r', 'committee_review', day(1, 3)), [theory])).toBeNull();
    expect(orderViolation(order, s('r', 'committee_review', day(1, 2)), [theory])).toContain('须在理论知识');
    expect(orderViolation(order, theory, [s('r', 'committee_review', day(1, 2))])).toContain(
      '须在综合评审之前',
    );
    expect(orderViolation(order, theory, [s('r', 'committee_review', day(1, 3))])).toBeNull();
  });

  it('ignores a component the policy leaves out of its stages', () => {
    const partial = { stages: [['committee_review']] as TimedSitting['component'][][], cite: 'x' };
    expect(
      orderViolation(partial, s('t', 'theory', day(2, 1)), [s('r', 'committee_review', day(1, 1))]),
    ).toBeNull();
  });

  it('reads every shipped policy, and knows who takes which paper', () => {
    for (const document of SHIPPED_POLICIES) {
      const policy = schedulingPolicy(document.id, document);
      expect(policy, document.id).not.toBeNull();
      expect(policy!.order.stages.flat()).toContain('committee_review');
    }
    const xinxiang = schedulingPolicy(
      'xinxiang',
      SHIPPED_POLICIES.find((p) => p.id === 'xinxiang-2024'),
    )!;
    expect(levelsTaking(xinxiang, 'theory', '职业道德')).toEqual(['L5', 'L4', 'L3', 'L2']);
    expect(levelsTaking(xinxiang, 'theory', null)).toEqual(['L5', 'L4', 'L3', 'L2', 'L1']);
    expect(levelsTaking(xinxiang, 'committee_review', null)).toEqual(['L1']);
    expect(levelsTaking(xinxiang, 'practical', null)).toEqual([]);
    expect(schedulingPolicy('broken', { componentOrder: { stages: [] } })).toBeNull();
  });

  it('finds, per candidate, a clash with any exam of the person and an order problem within the application', () => {
    const policy = schedulingPolicy(
      'xinxiang',
      SHIPPED_POLICIES.find((p) => p.id === 'xinxiang-2024'),
    )!;
    const review = s('r', 'committee_review', day(1, 3));
    const holder = (applicationId: string, personId: string) => ({
      applicationId,
      application: { number: applicationId, personId },
    });
    const problems = seatedProblemsByApplication(
      policy,
      review,
      [holder('a1', 'p1'), holder('a2', 'p2'), holder('a3', 'p3')],
      [
        { applicationId: 'other', application: { personId: 'p1' }, sitting: s('x', 'theory', day(1, 4)) },
        { applicationId: 'a2', application: { personId: 'p2' }, sitting: s('t', 'theory', day(1, 6)) },
        {
          applicationId: 'earlier-batch',
          application: { personId: 'p3' },
          sitting: s('y', 'theory', day(2, 1)),
        },
      ],
    );
    expect(problems.get('a1')?.code).toBe('overlap');
    expect(problems.get('a2')?.code).toBe('order');
    expect(problems.has('a3')).toBe(false);
  });
});
