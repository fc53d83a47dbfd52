import bcrypt from 'bcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installShippedPolicies } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';
import { makeIdNumber } from '../../prisma/src/seed/people.js';

/**
 * 破格 under seed 004 (南通 2024): each category once per career. A category used by an earlier application
 * counts as used whatever the applicant declares, so a second 破格 of the same category is refused.
 */
let t: TestApp;
let token: string;
const batches: string[] = [];
let personId: string;
const day = (s: string) => new Date(`${s}T00:00:00.000Z`);

beforeAll(async () => {
  t = await startTestApp();
  const installed = await installShippedPolicies(t.prisma, t.clock.now());
  const version = installed.find((p) => p.id === 'nantong-2024')!;
  const org = async (
    code: string,
    name: string,
    kind: 'region_office' | 'department' | 'unit',
    parent?: { id: string; ancestorIds: string[] },
  ) => {
    const id = crypto.randomUUID();
    return t.prisma.organisation.create({
      data: {
        id,
        regionId: 'nantong',
        code,
        name,
        kind,
        parentId: parent?.id ?? null,
        ancestorIds: [...(parent?.ancestorIds ?? []), id],
      },
    });
  };
  const root = await org('NT', '南通市人社局工考部门', 'region_office');
  const dept = await org('NT-WJW', '南通市卫生健康委员会', 'department', root);
  const unit = await org('NT-WJW-YY', '南通市第一人民医院', 'unit', dept);
  const electrician = await t.prisma.occupation.create({
    data: { regionId: 'nantong', code: 'JD02', name: '电工', category: '机电类' },
  });
  const person = await t.prisma.person.create({
    data: {
      idNumber: makeIdNumber('320602', '1990-05-05', 11, 'M'),
      name: '破格甲',
      sex: 'M',
      birthDate: day('1990-05-05'),
      education: 'senior_high',
      organisationId: unit.id,
      occupationId: electrician.id,
      workStartDate: day('2016-03-01'),
      regularizedOn: day('2017-03-01'),
      grades: { create: [{ level: 'L5', occupationId: electrician.id, certifiedOn: day('2017-06-01') }] },
      annualAssessments: {
        create: [2019, 2020, 2021, 2022, 2023].map((year) => ({
          year,
          grade: year >= 2022 ? ('excellent' as const) : ('competent' as const),
        })),
      },
    },
  });
  personId = person.id;
  await t.prisma.user.create({
    data: {
      username: 'nthr',
      displayName: '南通经办',
      passwordHash: await bcrypt.hash('exam2026', 10),
      roles: { create: [{ role: 'unit_hr', organisationId: unit.id }] },
    },
  });
  for (const code of ['a', 'b'])
    batches.push(
      (
        await t.prisma.batch.create({
          data: {
            regionId: 'nantong',
            policyVersionId: version.versionId,
            code,
            name: `南通测试批次${code}`,
            year: 2024,
            status: 'open',
            windows: {
              create: [
                { kind: 'registration', opensAt: day('2026-01-01'), closesAt: day('2026-06-01') },
                { kind: 'review', opensAt: day('2026-01-01'), closesAt: day('2026-06-01') },
              ],
            },
          },
        })
      ).id,
    );
  token = await login(t.baseUrl, 'nthr', 'exam2026');
});
afterAll(() => t.close());

async function body(batchId: string, category: string) {
  const pre = await http(
    t.baseUrl,
    'GET',
    `/api/applications/prefill?batchId=${batchId}&personId=${personId}&level=L4&occupation=电工`,
    { token },
  );
  expect(pre.status, JSON.stringify(pre.body)).toBe(200);
  return {
    ...pre.body,
    applicationType: 'exceptional',
    exceptionalCategory: category,
    continuingEducationYears: [2019, 2020, 2021, 2022, 2023],
  };
}

describe('破格, once per category per career', () => {
  it('lets a 破格 shorten the work years, and refuses the same category a second time', async () => {
    const normal = await http(t.baseUrl, 'POST', '/api/applications/evaluate', {
      token,
      body: {
        ...(await body(batches[0]!, 'consecutive_excellent')),
        applicationType: 'normal',
        exceptionalCategory: null,
      },
    });
    expect(normal.status, JSON.stringify(normal.body)).toBe(200);
    expect(normal.body.eligible).toBe(false);
    const first = await http(t.baseUrl, 'POST', '/api/applications', {
      token,
      body: await body(batches[0]!, 'consecutive_excellent'),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(
      first.body.eligible,
      JSON.stringify(first.body.eligibility.rules.filter((r: { passed: boolean }) => !r.passed)),
    ).toBe(true);
    // the first application went through (its review is tested elsewhere)
    await t.prisma.application.update({ where: { id: first.body.id }, data: { status: 'approved' } });

    const second = await http(t.baseUrl, 'POST', '/api/applications/evaluate', {
      token,
      body: await body(batches[1]!, 'consecutive_excellent'),
    });
    expect(second.body.eligible).toBe(false);
    const refused = second.body.rules.find((r: { id: string }) => r.id === 'exceptional-category');
    expect(refused).toMatchObject({ passed: false, text: expect.stringContaining('已于2024年使用过') });
    // without the 破格 reduction the work years fall short again
    expect(second.body.rules.find((r: { id: string }) => r.id === 'l4-work-years').passed).toBe(false);
    const other = await http(t.baseUrl, 'POST', '/api/applications/evaluate', {
      token,
      body: await body(batches[1]!, 'higher_education'),
    });
    expect(other.body.rules.find((r: { id: string }) => r.id === refused.id)?.passed).toBe(true);
  });
});
