import { describe, expect, it } from 'vitest';
import { blueprintSchema, type BlueprintInput, type ItemType, type Level } from '@exam/contracts';
import { blueprintShortages, orderPaper, orderRoom, selectItems, type PoolItem } from './paper-assembly.js';

const TOPICS = ['安全', '识图', '配电', '测量', '电机'];

/** A pool of `n` items per type, topics and difficulties spread evenly, all for L4 and L3. */
function pool(n: number, types: ItemType[] = ['single', 'multiple', 'true_false']): PoolItem[] {
  return types.flatMap((type) =>
    Array.from({ length: n }, (_, i) => ({
      versionId: `${type}-${i}-v1`,
      itemId: `${type}-${i}`,
      type,
      topic: TOPICS[i % TOPICS.length]!,
      difficulty: (i % 5) + 1,
      levels: ['L4', 'L3'] as Level[],
      options: type === 'true_false' ? 0 : 4,
    })),
  );
}

const blueprint = (over: Partial<BlueprintInput> = {}) =>
  blueprintSchema.parse({
    occupation: 'JD02',
    level: 'L4',
    subject: 'JN',
    name: '电工四级岗位技能',
    durationMinutes: 90,
    sections: [
      {
        type: 'single',
        count: 40,
        pointsTenths: 10,
        topics: { 安全: 10, 配电: 8 },
        difficulty: { '1': 8, '5': 4 },
      },
      { type: 'multiple', count: 20, pointsTenths: 20, partialCredit: 'half_for_subset' },
      { type: 'true_false', count: 20, pointsTenths: 10 },
    ],
    ...over,
  });

describe('blueprints', () => {
  it('must add up to 100 points, and quotas must fit their section', () => {
    expect(() => blueprint({ sections: [{ type: 'single', count: 10, pointsTenths: 10 }] })).toThrow(
      '100 分',
    );
    expect(() =>
      blueprint({ sections: [{ type: 'single', count: 100, pointsTenths: 10, topics: { 安全: 101 } }] }),
    ).toThrow('超过');
    expect(() =>
      blueprint({
        sections: [{ type: 'single', count: 100, pointsTenths: 10, partialCredit: 'half_for_subset' }],
      }),
    ).toThrow('只有多项选择题');
  });
});

describe('selecting items', () => {
  it('meets every count, topic and difficulty, never repeating an item, the same for the same seed', () => {
    const a = selectItems(blueprint(), pool(150), 'sitting-1');
    if (!a.ok) throw new Error(JSON.stringify(a.shortages));
    const single = a.sections[0]!.items;
    expect(single).toHaveLength(40);
    expect(single.filter((i) => i.topic === '安全').length).toBeGreaterThanOrEqual(10);
    expect(single.filter((i) => i.topic === '配电').length).toBeGreaterThanOrEqual(8);
    expect(single.filter((i) => i.difficulty === 1).length).toBeGreaterThanOrEqual(8);
    expect(single.filter((i) => i.difficulty === 5).length).toBeGreaterThanOrEqual(4);
    const all = a.sections.flatMap((s) => s.items.map((i) => i.itemId));
    expect(new Set(all).size).toBe(80);
    const b = selectItems(blueprint(), pool(150), 'sitting-1');
    expect(b).toEqual(a);
    const c = selectItems(blueprint(), pool(150), 'sitting-2');
    expect(c.ok && c.sections[0]!.items.map((i) => i.itemId)).not.toEqual(single.map((i) => i.itemId));
  });

  it('fills tight quotas exactly when the pool allows', () => {
    // 25 single items: 5 per topic, difficulties 1..5; ask for every 安全 item and every difficulty-1 item
    const bp = blueprint({
      sections: [
        { type: 'single', count: 25, pointsTenths: 40, topics: { 安全: 5 }, difficulty: { '1': 5, '2': 5 } },
      ],
    });
    const r = selectItems(bp, pool(25, ['single']), 'x');
    expect(r.ok).toBe(true);
  });

  it('refuses, with what is short, a blueprint the bank cannot fill', () => {
    const items = pool(30).filter((i) => !(i.type === 'single' && i.topic === '安全'));
    const r = selectItems(blueprint(), items, 'x');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.shortages.map((s) => s.message);
    expect(messages).toContain('单项选择需要 40 题，题库中适用于该等级的只有 24 题');
    expect(messages).toContain('单项选择「安全」需要 10 题，题库只有 0 题');
    expect(messages.some((m) => m.startsWith('多项选择需要 20 题'))).toBe(false);
  });

  it('only uses items marked for the blueprint’s level', () => {
    const items = pool(150).map((i) => ({ ...i, levels: ['L5'] as Level[] }));
    // three types short, and the named topics and difficulties of the single-choice section
    expect(blueprintShortages(blueprint(), items)).toHaveLength(7);
  });

  it('reports a combination of quotas no selection can meet', () => {
    // 10 安全 items all of difficulty 3; the blueprint wants 10 安全 and 40 of difficulty 1 among 40
    const items = pool(60, ['single']).map((i, n) => ({
      ...i,
      topic: n < 10 ? '安全' : '其他',
      difficulty: n < 10 ? 3 : 1,
    }));
    const bp = blueprint({
      sections: [
        { type: 'single', count: 40, pointsTenths: 25, topics: { 安全: 10 }, difficulty: { '1': 40 } },
      ],
    });
    const r = selectItems(bp, items, 'x');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.shortages[0]!.what).toBe('combination');
  });
});

describe('ordering papers', () => {
  const selection = selectItems(blueprint(), pool(150), 's');
  if (!selection.ok) throw new Error('selection failed');

  it('keeps sections in order and every item once, shuffling items and options per candidate', () => {
    const p1 = orderPaper(blueprint(), selection.sections, 'c1');
    const p2 = orderPaper(blueprint(), selection.sections, 'c2');
    expect(p1.map((i) => i.position)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(p1.slice(0, 40).every((i) => i.section === 0)).toBe(true);
    expect(p1.slice(60).every((i) => i.optionOrder === null)).toBe(true);
    expect(new Set(p1.map((i) => i.versionId))).toEqual(new Set(p2.map((i) => i.versionId)));
    expect(p1.map((i) => i.versionId)).not.toEqual(p2.map((i) => i.versionId));
    for (const item of p1.filter((i) => i.optionOrder))
      expect([...item.optionOrder!].sort()).toEqual([0, 1, 2, 3]);
    expect(orderPaper(blueprint(), selection.sections, 'c1')).toEqual(p1);
  });

  it('keeps the printed order when the blueprint says not to shuffle', () => {
    const p = orderPaper({ shuffleItems: false, shuffleOptions: false }, selection.sections, 'c1');
    expect(p.map((i) => i.versionId)).toEqual(
      selection.sections.flatMap((s) => s.items.map((i) => i.versionId)),
    );
    expect(p[0]!.optionOrder).toEqual([0, 1, 2, 3]);
  });

  it('gives no two candidates of a room the same order, even on a tiny paper', () => {
    const tiny = selectItems(
      blueprint({ sections: [{ type: 'single', count: 2, pointsTenths: 500 }] }),
      pool(2, ['single']),
      's',
    );
    if (!tiny.ok) throw new Error('tiny failed');
    // 2 items × 4! × 4! orders: 30 candidates all different
    const room = orderRoom(
      blueprint(),
      tiny.sections,
      'room-1',
      Array.from({ length: 30 }, (_, i) => `c${i}`),
    );
    const orders = [...room.values()].map((p) => JSON.stringify(p));
    expect(new Set(orders).size).toBe(30);
  });
});
