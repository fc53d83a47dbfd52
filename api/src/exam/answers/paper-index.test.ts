import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher.js';
import { buildPaperIndex, PaperIndexCache, responseProblem, type PaperIndex } from './paper-index.js';
import { RefusalAuditThrottle } from './save-refusals.js';

const letters = (...l: string[]) => l.map((letter) => ({ letter, text: letter }));
const index = buildPaperIndex([
  { position: 1, type: 'single', options: letters('A', 'B', 'C'), key: 'A' },
  { position: 2, type: 'multiple', options: letters('A', 'B', 'C', 'D'), key: ['A', 'B'] },
  { position: 3, type: 'true_false', options: null, key: true },
  { position: 4, type: 'fill_blank', options: null, key: [['1'], ['2'], ['3']] },
  { position: 5, type: 'short_answer', options: null, key: '参考' },
]);
const item = (p: number) => index.get(p)!;

describe('responseProblem', () => {
  it('accepts responses that fit the item, and null for any item', () => {
    expect(responseProblem(item(1), 'C')).toBeNull();
    expect(responseProblem(item(2), ['D', 'A'])).toBeNull();
    expect(responseProblem(item(3), false)).toBeNull();
    expect(responseProblem(item(4), ['a', '', 'c'])).toBeNull();
    expect(responseProblem(item(5), '答')).toBeNull();
    for (let p = 1; p <= 5; p++) expect(responseProblem(item(p), null)).toBeNull();
  });

  it('refuses options the item does not have and responses of the wrong shape, in Chinese', () => {
    expect(responseProblem(item(1), 'D')).toBe('选项 D 不属于本题');
    expect(responseProblem(item(1), ['A'])).toBe('单选题应选择一个选项');
    expect(responseProblem(item(1), true)).not.toBeNull();
    expect(responseProblem(item(2), ['A', 'E'])).toBe('选项 E 不属于本题');
    expect(responseProblem(item(2), ['A', 'A'])).toBe('选项 A 重复');
    expect(responseProblem(item(2), [])).not.toBeNull();
    expect(responseProblem(item(2), 'A')).not.toBeNull();
    expect(responseProblem(item(3), 'true')).not.toBeNull();
    expect(responseProblem(item(4), ['a', 'b'])).toBe('本题有 3 个空，收到 2 个');
    expect(responseProblem(item(4), 'abc')).not.toBeNull();
    expect(responseProblem(item(5), ['答'])).not.toBeNull();
  });
});

describe('PaperIndexCache', () => {
  it('shares a load, keeps at most `capacity` papers (least recently used out), retries a failed load', async () => {
    const loads: string[] = [];
    let fail = true;
    const cache = new PaperIndexCache((id): Promise<PaperIndex> => {
      loads.push(id);
      if (id === 'x' && fail) {
        fail = false;
        return Promise.reject(new Error('down'));
      }
      return Promise.resolve(new Map());
    }, 2);
    await Promise.all([cache.get('a'), cache.get('a')]);
    await cache.get('b');
    await cache.get('a'); // a is now the most recent
    await cache.get('c'); // b goes
    expect(cache.size).toBe(2);
    await cache.get('a');
    await cache.get('b');
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
    await expect(cache.get('x')).rejects.toThrow('down');
    await new Promise((r) => setImmediate(r));
    await cache.get('x');
    expect(loads.filter((id) => id === 'x')).toHaveLength(2);
  });
});

describe('RefusalAuditThrottle', () => {
  it('admits the first of each kind per attempt, then one per interval with the count left out', () => {
    const throttle = new RefusalAuditThrottle(10_000, 100);
    expect(throttle.admit('a', 'stale', 0)).toEqual({ suppressed: 0 });
    expect(throttle.admit('a', 'stale', 1000)).toBeNull();
    expect(throttle.admit('a', 'stale', 2000)).toBeNull();
    expect(throttle.admit('a', 'replay', 2000)).toEqual({ suppressed: 0 });
    expect(throttle.admit('b', 'stale', 2000)).toEqual({ suppressed: 0 });
    expect(throttle.admit('a', 'stale', 10_000)).toEqual({ suppressed: 2 });
    expect(throttle.admit('a', 'stale', 10_001)).toBeNull();
  });
});

describe('MicroBatcher', () => {
  it('loads keys asked for together in one call, and reports a failed load to each caller', async () => {
    const calls: string[][] = [];
    const batcher = new MicroBatcher<number>((keys) => {
      calls.push(keys);
      if (keys.includes('bad')) return Promise.reject(new Error('no'));
      return Promise.resolve(new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.length])));
    }, 3);
    const got = await Promise.all(['a', 'bb', 'a', 'ccc', 'none'].map((k) => batcher.load(k)));
    expect(got).toEqual([1, 2, 1, 3, undefined]);
    expect(calls).toEqual([['a', 'bb', 'ccc'], ['none']]);
    await expect(batcher.load('bad')).rejects.toThrow('no');
  });
});
