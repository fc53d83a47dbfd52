import { describe, expect, it } from 'vitest';
import { LEVELS, WHOLE_BANK_SUBJECT, blueprintSubjectOf, type Level } from '@exam/contracts';
import { loadBank } from '@exam/question-banks';
import { SHIPPED_BANKS, SHIPPED_BANKS_DIR } from '../question-banks/shipped-banks.js';
import { blueprintSpecHash } from './blueprint-spec.js';
import { selectItems, type PoolItem } from './paper-assembly.js';
import { loadShippedBlueprints } from './shipped-blueprints.js';

async function pools(code: string): Promise<(PoolItem & { subject: string | null })[]> {
  const bank = await loadBank(`${SHIPPED_BANKS_DIR}${code}`);
  expect(bank.problems).toEqual([]);
  return bank.items.map(({ item }) => ({
    versionId: item.id,
    itemId: item.id,
    type: item.type,
    topic: item.topic,
    difficulty: item.difficulty,
    levels: item.levels,
    options: 'options' in item ? item.options.length : 0,
    subject: item.subject,
  }));
}

describe('shipped blueprints', () => {
  const shipped = loadShippedBlueprints();

  it('cover every level and subject a policy can ask of the sample occupations', () => {
    const keys = new Set(shipped.map((b) => `${b.spec.occupation}/${b.spec.level}-${b.spec.subject}`));
    for (const code of SHIPPED_BANKS) {
      // seed 003: 五级–二级 take 职业道德, 职业能力, 岗位技能
      for (const level of ['L5', 'L4', 'L3', 'L2'] as Level[])
        for (const subject of ['ZD', 'NL', 'JN']) expect(keys).toContain(`${code}/${level}-${subject}`);
      // one 理论知识 paper from the whole bank: seed 003's 一级, and every level of policies without subjects
      for (const level of LEVELS) expect(keys).toContain(`${code}/${level}-${WHOLE_BANK_SUBJECT}`);
    }
    expect(shipped).toHaveLength(SHIPPED_BANKS.length * 17);
  });

  it('are realistic papers: 100 points, 60–90 minutes, distinct specs', () => {
    for (const { file, spec } of shipped) {
      expect(
        spec.sections.reduce((s, x) => s + x.count * x.pointsTenths, 0),
        file,
      ).toBe(1000);
      expect(spec.durationMinutes, file).toBeGreaterThanOrEqual(60);
      expect(spec.durationMinutes, file).toBeLessThanOrEqual(90);
      expect(
        spec.sections.every((s) => s.title),
        file,
      ).toBe(true);
    }
    expect(new Set(shipped.map((b) => blueprintSpecHash(b.spec))).size).toBe(shipped.length);
  });

  it('every one fills from its shipped bank, for any seed', async () => {
    for (const code of SHIPPED_BANKS) {
      const items = await pools(code);
      for (const { file, spec } of shipped.filter((b) => b.spec.occupation === code)) {
        const pool =
          spec.subject === WHOLE_BANK_SUBJECT ? items : items.filter((i) => i.subject === spec.subject);
        for (const seed of ['a', 'b', 'c', 'sitting-42']) {
          const selection = selectItems(spec, pool, seed);
          expect(selection.ok ? [] : selection.shortages.map((s) => s.message), `${file} ${seed}`).toEqual(
            [],
          );
        }
      }
    }
  });
});

describe('the blueprint subject of a sitting', () => {
  it('maps the policy’s subject names to bank codes, and no subject to the whole-bank paper', () => {
    expect(blueprintSubjectOf('职业道德')).toBe('ZD');
    expect(blueprintSubjectOf('职业能力')).toBe('NL');
    expect(blueprintSubjectOf(' 岗位技能 ')).toBe('JN');
    expect(blueprintSubjectOf('JN')).toBe('JN');
    expect(blueprintSubjectOf(null)).toBe('LL');
    expect(blueprintSubjectOf('')).toBe('LL');
    expect(blueprintSubjectOf('安全知识')).toBe('安全知识');
  });
});

describe('blueprint versions', () => {
  it('hash the canonical spec: key order and omitted defaults make no new version', () => {
    const spec = shipped()[0]!.spec;
    const reordered = JSON.parse(JSON.stringify({ ...spec, sections: spec.sections, name: spec.name }));
    const { shuffleItems: _a, shuffleOptions: _b, ...withoutDefaults } = reordered;
    expect(blueprintSpecHash(withoutDefaults)).toBe(blueprintSpecHash(spec));
    expect(blueprintSpecHash({ ...spec, durationMinutes: spec.durationMinutes + 5 })).not.toBe(
      blueprintSpecHash(spec),
    );
  });
});

function shipped() {
  return loadShippedBlueprints();
}
