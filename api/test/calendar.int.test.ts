import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { CalendarNotCovered } from '../src/calendar/working-days.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

let t: TestApp;
const token: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma);
  for (const name of ['admin', 'office', 'reviewer', 'candidate'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
});
afterAll(() => t.close());

// an illustrative arrangement for 2027 (the real one is announced late in 2026)
const arrangement2027 = {
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-08', '2027-02-09'],
  makeupWorkdays: ['2027-02-06'],
  source: '国办发明电〔2026〕X号 国务院办公厅关于2027年部分节假日安排的通知',
  reason: '录入国务院公布的2027年放假安排',
};

describe('calendar', () => {
  it('lists the covered years to any signed-in user, and refuses the anonymous', async () => {
    const r = await http(t.baseUrl, 'GET', '/api/calendar/years', { token: token.candidate });
    expect(r.status).toBe(200);
    expect(r.body.builtIn).toEqual({ from: 2004, to: 2026 });
    expect(r.body.entered).toEqual([]);
    expect(r.body.covered).toContain(2026);
    expect(r.body.covered).not.toContain(2027);
    expect((await http(t.baseUrl, 'GET', '/api/calendar/years')).status).toBe(401);
  });

  it('shows a built-in year and refuses an uncovered one with a clear message', async () => {
    const y = await http(t.baseUrl, 'GET', '/api/calendar/2024', { token: token.reviewer });
    expect(y.status).toBe(200);
    expect(y.body.origin).toBe('built_in');
    expect(y.body.holidays).toContain('2024-10-01');
    expect(y.body.makeupWorkdays).toEqual(expect.arrayContaining(['2024-09-29', '2024-10-12']));
    const none = await http(t.baseUrl, 'GET', '/api/calendar/2027', { token: token.reviewer });
    expect(none.status).toBe(422);
    expect(none.body.message).toContain('2027年的节假日安排尚未录入');
    expect((await http(t.baseUrl, 'GET', '/api/calendar/abc', { token: token.reviewer })).status).toBe(400);
  });

  it('refuses to enter a year for roles without the right', async () => {
    for (const who of ['reviewer', 'candidate']) {
      const r = await http(t.baseUrl, 'PUT', '/api/calendar/2027', {
        token: token[who],
        body: arrangement2027,
      });
      expect(r.status).toBe(403);
    }
  });

  it('refuses bad bodies naming the field', async () => {
    const bad = async (body: unknown) => {
      const r = await http(t.baseUrl, 'PUT', '/api/calendar/2027', { token: token.office, body });
      expect(r.status).toBe(400);
      return r.body.issues.map((i: { path: string }) => i.path) as string[];
    };
    expect(await bad({ ...arrangement2027, reason: undefined })).toContain('reason');
    expect(await bad({ ...arrangement2027, source: '' })).toContain('source');
    expect(await bad({ ...arrangement2027, holidays: ['2027-13-01'] })).toContain('holidays.0');
    // 2027-02-10 is a Wednesday: not a possible make-up day
    expect(await bad({ ...arrangement2027, makeupWorkdays: ['2027-02-06', '2027-02-10'] })).toContain(
      'makeupWorkdays.1',
    );
    // a day both off and worked
    expect(
      await bad({ ...arrangement2027, holidays: [...arrangement2027.holidays, '2027-02-06'] }),
    ).toContain('makeupWorkdays.0');
    // a day of another year
    expect(await bad({ ...arrangement2027, holidays: ['2026-12-31', '2027-01-01'] })).toContain('holidays.0');
    expect(await bad({ ...arrangement2027, extra: 1 })).toContain('');
    expect(await t.prisma.calendarYear.count()).toBe(0);
  });

  it('refuses to overwrite a built-in year unless it is a correction', async () => {
    const body = { ...arrangement2027, holidays: ['2026-01-01'], makeupWorkdays: [] };
    const r = await http(t.baseUrl, 'PUT', '/api/calendar/2026', { token: token.office, body });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('correctsBuiltIn');
  });

  it('enters 2027, audits it with the reason, and the service counts working days in it', async () => {
    const service = t.app.get(CalendarService);
    const before = await service.calendar();
    expect(() => before.isWorkingDay('2027-03-01')).toThrow(CalendarNotCovered);

    const r = await http(t.baseUrl, 'PUT', '/api/calendar/2027', {
      token: token.office,
      body: arrangement2027,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ year: 2027, origin: 'entered', makeupWorkdays: ['2027-02-06'] });
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'calendar.year_enter', entityId: '2027' },
    });
    expect(audit).toMatchObject({
      reason: arrangement2027.reason,
      actorUsername: 'office',
      entityType: 'CalendarYear',
      category: 'data_change',
    });

    const after = await service.calendar();
    expect(after.isWorkingDay('2027-02-06')).toBe(true);
    expect(after.isWorkingDay('2027-02-08')).toBe(false);
    expect(after.addWorkingDays('2026-12-28', 10)).toBe('2027-01-11');

    const years = await http(t.baseUrl, 'GET', '/api/calendar/years', { token: token.candidate });
    expect(years.body.entered).toEqual([2027]);
    expect(years.body.covered).toContain(2027);
    const shown = await http(t.baseUrl, 'GET', '/api/calendar/2027', { token: token.candidate });
    expect(shown.body.source).toBe(arrangement2027.source);

    // entering it again is an update, audited with the previous arrangement
    const again = await http(t.baseUrl, 'PUT', '/api/calendar/2027', {
      token: token.admin,
      body: { ...arrangement2027, makeupWorkdays: [], reason: '更正调休安排' },
    });
    expect(again.status).toBe(200);
    const update = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'calendar.year_update', entityId: '2027' },
    });
    expect(update.reason).toBe('更正调休安排');
    expect(update.details).toMatchObject({ previous: { makeupWorkdays: ['2027-02-06'] } });
    expect((await service.calendar()).isWorkingDay('2027-02-06')).toBe(false);
  });

  it('accepts a correction of a built-in year when asked to', async () => {
    const r = await http(t.baseUrl, 'PUT', '/api/calendar/2026', {
      token: token.admin,
      body: {
        ...arrangement2027,
        holidays: builtIn2026.holidays,
        makeupWorkdays: builtIn2026.makeupWorkdays,
        correctsBuiltIn: true,
        reason: '按补充通知更正',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.origin).toBe('entered');
  });
});

let builtIn2026: { holidays: string[]; makeupWorkdays: string[] };
beforeAll(async () => {
  const r = await http(t.baseUrl, 'GET', '/api/calendar/2026', { token: token.office });
  builtIn2026 = r.body;
});
