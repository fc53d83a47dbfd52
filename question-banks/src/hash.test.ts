import { describe, expect, it } from 'vitest';
import type { SingleChoiceItem } from '@exam/contracts';
import { itemContentHash, stableJson } from './hash.js';

const item: SingleChoiceItem = {
  id: 'JD01-ZD-0001',
  subject: 'ZD',
  type: 'single',
  levels: ['L5'],
  topic: '职业守则',
  difficulty: 2,
  pointsTenths: 10,
  source: '测试',
  stem: '题干（　）。',
  options: [
    { letter: 'A', text: '甲' },
    { letter: 'B', text: '乙' },
    { letter: 'C', text: '丙' },
  ],
  key: 'A',
  explanation: null,
  image: null,
  contentHash: '',
};

describe('content hash', () => {
  it('stable JSON sorts keys at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('ignores metadata and key order, changes with content', () => {
    const h = itemContentHash(item);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(
      itemContentHash({
        ...item,
        levels: ['L4'],
        topic: '别的',
        difficulty: 5,
        source: '另',
        explanation: '解析',
        id: 'X',
      } as SingleChoiceItem),
    ).toBe(h);
    const reordered = Object.fromEntries(Object.entries(item).reverse()) as unknown as SingleChoiceItem;
    expect(itemContentHash(reordered)).toBe(h);
    expect(itemContentHash({ ...item, stem: '题干（ ）。' })).not.toBe(h);
    expect(itemContentHash({ ...item, key: 'B' })).not.toBe(h);
    expect(itemContentHash({ ...item, pointsTenths: 15 })).not.toBe(h);
    expect(
      itemContentHash({ ...item, options: [...item.options.slice(0, 2), { letter: 'C', text: '丁' }] }),
    ).not.toBe(h);
    const image = {
      path: 'images/a.png',
      mediaType: 'image/png' as const,
      bytes: 70,
      sha256: 'a'.repeat(64),
    };
    const withImage = itemContentHash({ ...item, image });
    expect(withImage).not.toBe(h);
    expect(itemContentHash({ ...item, image: { ...image, path: 'images/renamed.png' } })).toBe(withImage);
    expect(itemContentHash({ ...item, image: { ...image, sha256: 'b'.repeat(64) } })).not.toBe(withImage);
  });
});
