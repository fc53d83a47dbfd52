import { describe, expect, it } from 'vitest';
import { policyDocumentSchema } from '@exam/contracts';
import { SHIPPED_POLICIES } from '@exam/db';

const IDS = ['xinjiang-2022', 'xinxiang-2024', 'inner-mongolia-2022', 'luoyang-2023', 'nantong-2024'];
const REGIONS = ['xinjiang', 'xinxiang', 'inner-mongolia', 'luoyang', 'nantong'];
const SEED = {
  'xinjiang-2022': '000',
  'xinxiang-2024': '001',
  'inner-mongolia-2022': '002',
  'luoyang-2023': '003',
  'nantong-2024': '004',
} as Record<string, string>;

const parsed = SHIPPED_POLICIES.map((p) => {
  const result = policyDocumentSchema.safeParse(p);
  if (!result.success) throw new Error(`${String(p.id)}: ${JSON.stringify(result.error.issues.slice(0, 3))}`);
  return result.data;
});

describe('shipped policies', () => {
  it('are the five seeds, with their ids and regions', () => {
    expect(parsed.map((p) => p.id)).toEqual(IDS);
    expect(parsed.map((p) => p.regionId)).toEqual(REGIONS);
  });

  describe.each(parsed.map((p) => [p.id, p] as const))('%s', (id, policy) => {
    const ownSeed = `seed ${SEED[id]}`;
    const cited = [
      policy.offeredLevels,
      policy.countYearsTo,
      policy.deferredEvidence,
      policy.fraud,
      policy.lockOnPrint,
      policy.handbookLeadTime,
      policy.electronicCertificate,
      ...(policy.retirementAge ? [policy.retirementAge] : []),
      ...(policy.scoreEntryWorkingDays ? [policy.scoreEntryWorkingDays] : []),
      ...policy.applicationTypes,
      ...policy.exceptionalCategories,
      ...policy.eligibility,
      ...policy.materials,
      ...policy.components,
      ...policy.windows,
      ...policy.reviewChain,
      ...policy.publicity,
      ...policy.fees,
    ];

    it('cites its own seed in every rule, material, component, window, fee and stage', () => {
      for (const item of cited) expect(item.cite, JSON.stringify(item)).toMatch(new RegExp(`^${ownSeed} `));
    });

    it('has unique rule ids, material codes and category codes', () => {
      const unique = (xs: string[]) => expect(new Set(xs).size).toBe(xs.length);
      unique(policy.eligibility.map((r) => r.id));
      unique(policy.materials.map((m) => m.code));
      unique(policy.exceptionalCategories.map((c) => c.code));
    });

    it('waives only rules of its own that apply to the same levels', () => {
      const ids = new Map(policy.eligibility.map((r) => [r.id, r]));
      for (const rule of policy.eligibility) {
        if (rule.check.kind !== 'honour_waiver') continue;
        for (const target of rule.check.waives) {
          expect(ids.get(target)?.levels, `${rule.id} → ${target}`).toEqual(rule.levels);
        }
      }
    });

    it('offers application types only for offered levels, and a component for every offered level', () => {
      for (const t of policy.applicationTypes)
        for (const l of t.levels) expect(policy.offeredLevels.levels).toContain(l);
      for (const l of policy.offeredLevels.levels)
        expect(policy.components.filter((c) => c.level === l).length).toBeGreaterThan(0);
      for (const c of policy.components) expect(c.passMark).toBe(60);
    });

    it('has no dead rule: every rule level is offered are offered and its types accepted there', () => {
      for (const rule of policy.eligibility) {
        for (const level of rule.levels) {
          expect(policy.offeredLevels.levels, rule.id).toContain(level);
          const accepted = policy.applicationTypes.filter((t) => t.levels.includes(level)).map((t) => t.type);
          for (const type of rule.types) expect(accepted, `${rule.id} ${level}`).toContain(type);
        }
      }
    });

    it('has windows that open before they close', () => {
      for (const w of policy.windows) expect(w.opens < w.closes, JSON.stringify(w)).toBe(true);
    });
  });
});
