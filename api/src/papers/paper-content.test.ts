import { describe, expect, it } from 'vitest';
import type { PaperContent } from '@exam/contracts';
import { blankCount, buildPaperContent, type ContentItem } from './paper-content.js';
import { decryptJson, encryptJson, newPaperKey } from './paper-crypto.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

const items: ContentItem[] = [
  {
    position: 2,
    section: 0,
    pointsTenths: 10,
    optionOrder: [2, 0, 1, 3],
    type: 'single',
    stem: '安全电压的上限是（　）。',
    options: [
      { letter: 'A', text: '24 V' },
      { letter: 'B', text: '36 V' },
      { letter: 'C', text: '42 V' },
      { letter: 'D', text: '50 V' },
    ],
    key: 'SECRET-KEY-B',
    image: { mediaType: 'image/png', bytes: PNG },
  },
  {
    position: 1,
    section: 0,
    pointsTenths: 10,
    optionOrder: [1, 0, 2],
    type: 'single',
    stem: '第一题',
    options: [
      { letter: 'A', text: '甲' },
      { letter: 'B', text: '乙' },
      { letter: 'C', text: '丙' },
    ],
    key: 'A',
    image: null,
  },
  {
    position: 3,
    section: 1,
    pointsTenths: 20,
    optionOrder: [],
    type: 'fill_blank',
    stem: '保护接地线用____表示，颜色为____。',
    key: [['PE-SECRET'], ['黄绿双色']],
    options: null,
    image: null,
  },
  {
    position: 4,
    section: 2,
    pointsTenths: 100,
    optionOrder: [],
    type: 'short_answer',
    stem: '简述停电操作的顺序。',
    key: 'REFERENCE-ANSWER-SECRET',
    options: null,
    image: null,
  },
];

const blueprint = {
  name: '电工四级岗位技能',
  sections: [
    { type: 'single', title: '一、单项选择题', count: 2, pointsTenths: 10, partialCredit: 'none' },
    { type: 'fill_blank', count: 1, pointsTenths: 20, partialCredit: 'none' },
    { type: 'short_answer', count: 1, pointsTenths: 100, partialCredit: 'none' },
  ],
} as const;

describe('paper content', () => {
  const content = buildPaperContent('attempt-1', blueprint as never, items);

  it('lists items in paper order with options in the candidate’s order, named by their original letters', () => {
    expect(content.items.map((i) => i.position)).toEqual([1, 2, 3, 4]);
    expect(content.items[1]!.options).toEqual([
      { id: 'C', text: '42 V' },
      { id: 'A', text: '24 V' },
      { id: 'B', text: '36 V' },
      { id: 'D', text: '50 V' },
    ]);
    expect(content.items[0]!.options!.map((o) => o.id)).toEqual(['B', 'A', 'C']);
    expect(content.items[2]!.blanks).toBe(2);
    expect(content.items[2]!.options).toBeNull();
    expect(content.items[1]!.image).toBe(`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`);
  });

  it('has sections with titles from the blueprint or the type’s name, and their positions', () => {
    expect(content.sections).toEqual([
      {
        index: 0,
        title: '一、单项选择题',
        type: 'single',
        pointsTenths: 10,
        partialCredit: 'none',
        from: 1,
        to: 2,
      },
      {
        index: 1,
        title: '填空题',
        type: 'fill_blank',
        pointsTenths: 20,
        partialCredit: 'none',
        from: 3,
        to: 3,
      },
      {
        index: 2,
        title: '简答题',
        type: 'short_answer',
        pointsTenths: 100,
        partialCredit: 'none',
        from: 4,
        to: 4,
      },
    ]);
  });

  it('never carries a key, a reference answer or a rubric', () => {
    const text = JSON.stringify(content);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('"key"');
    expect(text).not.toContain('rubric');
  });

  it('counts blanks by the ____ marks, else by the key', () => {
    expect(blankCount('a ____ b ______ c', [['x']])).toBe(2);
    expect(blankCount('没有空格标记', [['x'], ['y'], ['z']])).toBe(3);
  });
});

describe('paper encryption', () => {
  it('round-trips with the paper key and fails with another key or altered data', () => {
    const content = buildPaperContent('attempt-1', blueprint as never, items);
    const key = newPaperKey();
    const encrypted = encryptJson(content, key);
    expect(Buffer.from(encrypted.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(encrypted.data, 'base64').toString('utf8')).not.toContain('安全电压');
    expect(decryptJson<PaperContent>(encrypted, key)).toEqual(content);
    expect(() => decryptJson(encrypted, newPaperKey())).toThrow();
    const data = Buffer.from(encrypted.data, 'base64');
    data[0] = data[0]! ^ 1;
    expect(() => decryptJson({ ...encrypted, data: data.toString('base64') }, key)).toThrow();
    // a fresh iv each time
    expect(encryptJson(content, key).iv).not.toBe(encrypted.iv);
  });

  it('decrypts with WebCrypto as the exam client does', async () => {
    const key = newPaperKey();
    const encrypted = encryptJson({ hello: '考试' }, key);
    const cryptoKey = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: Buffer.from(encrypted.iv, 'base64') },
      cryptoKey,
      Buffer.from(encrypted.data, 'base64'),
    );
    expect(JSON.parse(new TextDecoder().decode(plain))).toEqual({ hello: '考试' });
  });
});
