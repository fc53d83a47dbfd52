import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdNumber } from '@exam/contracts';
import { DEMO_ACCOUNTS, seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('exam seed demo', () => {
  it('creates the region, catalogue, people and one account per role, and adds nothing the second time', async () => {
    const first = await seedDemo(t.prisma);
    expect(first.created.persons).toBeGreaterThanOrEqual(300);
    expect(first.created.occupations).toBeGreaterThanOrEqual(50);
    expect(first.created.users).toBe(DEMO_ACCOUNTS.length);
    const counts = async () => ({
      persons: await t.prisma.person.count(),
      orgs: await t.prisma.organisation.count(),
      users: await t.prisma.user.count(),
      assessments: await t.prisma.annualAssessment.count(),
      grades: await t.prisma.personGrade.count(),
    });
    const before = await counts();
    const second = await seedDemo(t.prisma);
    expect(second.created).toEqual({ organisations: 0, occupations: 0, persons: 0, users: 0 });
    expect(await counts()).toEqual(before);
  });

  it('gives every person a valid ID number that agrees with their birth date and sex', async () => {
    const people = await t.prisma.person.findMany({ select: { idNumber: true, birthDate: true, sex: true } });
    for (const p of people) {
      const parsed = parseIdNumber(p.idNumber);
      expect(typeof parsed, p.idNumber).toBe('object');
      if (typeof parsed === 'object') {
        expect(parsed.birthDate).toBe(p.birthDate.toISOString().slice(0, 10));
        expect(parsed.sex).toBe(p.sex);
      }
    }
  });

  it('lets each demo account log in with the documented password', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const token = await login(t.baseUrl, account.username, 'exam2026');
      const me = await http(t.baseUrl, 'GET', '/api/auth/me', { token });
      expect(me.body.roles.map((r: { role: string }) => r.role)).toEqual([account.role]);
    }
  });
});
