import { describe, expect, it } from 'vitest';
import {
  eligibilityInputSchema,
  idNumberCheckChar,
  policyDocumentSchema,
  type ApplicationType,
  type AssessmentGrade,
  type Education,
  type EligibilityInput,
  type EligibilityInputBody,
  type EligibilityResult,
  type Level,
  type PolicyDocument,
  type SanctionKind,
  type Sex,
  type TitleRank,
} from '@exam/contracts';
import { SHIPPED_POLICIES } from '@exam/db';
import { evaluateEligibility } from './engine.js';

/** Test support for the table-driven suites: an input builder and a runner that checks rule coverage. */

export function shippedPolicy(id: string): PolicyDocument {
  const input = SHIPPED_POLICIES.find((p) => p.id === id);
  if (!input) throw new Error(`no shipped policy ${id}`);
  return policyDocumentSchema.parse(input);
}

const BELOW: Record<Level, Level | null> = { L5: null, L4: 'L5', L3: 'L4', L2: 'L3', L1: 'L2' };

function idNumberFor(birthDate: string): string {
  const first17 = `410702${birthDate.replaceAll('-', '')}123`;
  return first17 + idNumberCheckChar(first17);
}

type Body = EligibilityInputBody & {
  person: EligibilityInputBody['person'];
  annualAssessments: NonNullable<EligibilityInputBody['annualAssessments']>;
};

/**
 * A person who meets every ordinary rule of every shipped policy for `level`: born 1975-06-15 (M), 本科,
 * working since 1995, the level below held since 2010 (certified and appointed) in the same occupation,
 * every assessment 2015–2023 合格 with 2021 and 2022 优秀, continuing education every year.
 */
export class InputBuilder {
  private body: Body;
  constructor(level: Level) {
    const below = BELOW[level];
    this.body = {
      targetLevel: level,
      occupation: '电工',
      applicationType: 'normal',
      person: {
        idNumber: idNumberFor('1975-06-15'),
        sex: 'M',
        birthDate: '1975-06-15',
        education: 'bachelor',
        workStartDate: '1995-01-01',
        regularizedOn: '1996-01-01',
        retiredOn: null,
      },
      currentGrade: below
        ? { level: below, occupation: '电工', certifiedOn: '2010-01-01', appointedOn: '2010-01-01' }
        : null,
      annualAssessments: Array.from({ length: 9 }, (_, i) => ({
        year: 2015 + i,
        grade: (2015 + i === 2021 || 2015 + i === 2022 ? 'excellent' : 'competent') as AssessmentGrade,
      })),
      continuingEducationYears: Array.from({ length: 9 }, (_, i) => 2015 + i),
    };
  }
  type(t: ApplicationType) {
    this.body.applicationType = t;
    return this;
  }
  person(sex: Sex, birthDate: string) {
    this.body.person = { ...this.body.person, sex, birthDate, idNumber: idNumberFor(birthDate) };
    return this;
  }
  edu(education: Education) {
    this.body.person.education = education;
    return this;
  }
  work(workStartDate: string) {
    this.body.person.workStartDate = workStartDate;
    return this;
  }
  regularized(on: string | null) {
    this.body.person.regularizedOn = on;
    return this;
  }
  retired(on: string) {
    this.body.person.retiredOn = on;
    return this;
  }
  grade(
    level: Level | null,
    certifiedOn = '2010-01-01',
    more: { occupation?: string; appointedOn?: string | null } = {},
  ) {
    this.body.currentGrade = level
      ? {
          level,
          certifiedOn,
          occupation: more.occupation ?? '电工',
          appointedOn: more.appointedOn === undefined ? certifiedOn : more.appointedOn,
        }
      : null;
    return this;
  }
  /** replaces the assessment history: `grades` maps a year to 'E' 优秀, 'P' 优秀+优秀党员, 'p' 合格+优秀党员, 'C' 合格, 'B' 基本合格 */
  assessments(grades: Record<number, 'E' | 'P' | 'p' | 'C' | 'B'>) {
    const map = {
      E: 'excellent',
      P: 'excellent',
      p: 'competent',
      C: 'competent',
      B: 'basically_competent',
    } as const;
    this.body.annualAssessments = Object.entries(grades).map(([year, g]) => ({
      year: Number(year),
      grade: map[g],
      ...(g === 'P' || g === 'p' ? { excellentPartyMember: true } : {}),
    }));
    return this;
  }
  /** every year from..to 合格 */
  competent(from: number, to: number) {
    const grades: Record<number, 'C'> = {};
    for (let y = from; y <= to; y++) grades[y] = 'C';
    return this.assessments(grades);
  }
  ce(years: number[]) {
    this.body.continuingEducationYears = years;
    return this;
  }
  honour(kind: string, awardedOn: string) {
    this.body.honours = [...(this.body.honours ?? []), { kind, title: `${kind}表彰`, awardedOn }];
    return this;
  }
  title(rank: TitleRank, field = '工程', transferred = false) {
    this.body.professionalTitle = {
      rank,
      field,
      obtainedOn: '2005-01-01',
      transferredFromTechnicalPost: transferred,
    };
    return this;
  }
  sanction(kind: SanctionKind, startsOn: string, endsOn: string | null) {
    this.body.sanctions = [...(this.body.sanctions ?? []), { kind, startsOn, endsOn }];
    return this;
  }
  exceptional(category: string, used: { category: string; year: number }[] = []) {
    this.body.applicationType = 'exceptional';
    this.body.exceptionalCategory = category;
    this.body.exceptionalUsed = used;
    return this;
  }
  transferIn(
    kind: 'veteran' | 'enterprise' | 'other_province',
    years: number,
    treatmentLevel: Level | null = null,
  ) {
    this.body.transferIn = { kind, arrivedOn: '2020-05-01', yearsInOccupation: years, treatmentLevel };
    return this;
  }
  occupation(name: string) {
    this.body.occupation = name;
    return this;
  }
  build(): EligibilityInput {
    return eligibilityInputSchema.parse(this.body);
  }
}

export const at = (level: Level) => new InputBuilder(level);

/** rule id → expected passed, or [passed, a fragment of the text] */
export type Expectation = Record<string, boolean | [boolean, string]>;
export type Row = [name: string, input: InputBuilder, expected: Expectation, eligible?: boolean];

/** Runs the rows against one shipped policy, then fails if a rule of it was never asserted failing and passing. */
export function runTable(policyId: string, rows: Row[]): void {
  const policy = shippedPolicy(policyId);
  const seen = new Map<string, Set<boolean>>();
  describe(`${policyId} eligibility table`, () => {
    it.each(rows)('%s', (_name, builder, expected, eligible) => {
      const result: EligibilityResult = evaluateEligibility(policy, 1, builder.build());
      for (const [id, want] of Object.entries(expected)) {
        const verdict = result.rules.find((r) => r.id === id);
        const [passed, fragment] = typeof want === 'boolean' ? [want, undefined] : want;
        expect(verdict, `rule ${id} not in ${result.rules.map((r) => r.id).join(',')}`).toBeDefined();
        expect(verdict!.passed, `${id}: ${verdict!.text}`).toBe(passed);
        if (fragment) expect(verdict!.text).toContain(fragment);
        if (!seen.has(id)) seen.set(id, new Set());
        seen.get(id)!.add(passed);
      }
      if (eligible !== undefined)
        expect(result.eligible, JSON.stringify(result.rules, null, 1)).toBe(eligible);
    });

    it('asserts every rule of the policy both failing and passing', () => {
      const missing: string[] = [];
      for (const rule of policy.eligibility) {
        const outcomes = seen.get(rule.id) ?? new Set();
        const needs = rule.check.kind === 'honour_waiver' ? [true] : [true, false];
        for (const n of needs) if (!outcomes.has(n)) missing.push(`${rule.id}:${n ? 'pass' : 'fail'}`);
      }
      for (const id of ['offered-level', 'application-type']) if (!seen.has(id)) missing.push(id);
      expect(missing).toEqual([]);
    });
  });
}
