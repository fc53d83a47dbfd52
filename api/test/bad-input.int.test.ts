import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

/** Wrong input gets a clear 4xx that a person can act on, never a 500, and nothing half-written. */
let t: TestApp;
let admin: string;
let unitHr: string;
let unitId: string;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma);
  admin = await login(t.baseUrl, 'admin', 'exam2026');
  unitHr = await login(t.baseUrl, 'unithr', 'exam2026');
  unitId = (await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-SWJW-ZXYY' } })).id;
});
afterAll(() => t.close());

const person = (overrides: Record<string, unknown> = {}) => ({
  idNumber: '410702198503150013',
  name: '测试人员',
  sex: 'M',
  birthDate: '1985-03-15',
  education: 'senior_high',
  organisationId: unitId,
  workStartDate: '2005-07-01',
  ...overrides,
});

async function counts() {
  return {
    persons: await t.prisma.person.count(),
    users: await t.prisma.user.count(),
    orgs: await t.prisma.organisation.count(),
  };
}

describe('bodies', () => {
  it('a malformed JSON body is a 400 that says so', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/auth/login', { rawBody: '{"username": "admin", ' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'malformed_json', message: '请求内容不是有效的 JSON，请检查格式' });
  });

  it('an oversized body is a 413 that names the limit', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: 'x'.repeat(300 * 1024) },
    });
    expect(r.status).toBe(413);
    expect(r.body.message).toMatch(/256kb/);
  });

  it('a body that is not JSON is a 415', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/auth/login', {
      rawBody: 'username=admin',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(415);
    expect(r.body.message).toMatch(/JSON/);
  });

  it('an unknown field is refused by name', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: 'exam2026', isAdmin: true },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('isAdmin');
  });

  it('a wrong type is refused with the field path', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/persons', {
      token: unitHr,
      body: person({ workStartDate: 20050701 }),
    });
    expect(r.status).toBe(400);
    expect(r.body.issues.map((i: { path: string }) => i.path)).toContain('workStartDate');
  });

  it('a JSON array or string where an object belongs is a 400', async () => {
    for (const raw of ['[1,2]', '"admin"', 'null']) {
      const r = await http(t.baseUrl, 'POST', '/api/auth/login', { rawBody: raw });
      expect(r.status, raw).toBe(400);
    }
  });

  it('a bad query parameter or id is a 400, an unknown route a 404', async () => {
    expect((await http(t.baseUrl, 'GET', '/api/persons?pageSize=100000', { token: admin })).status).toBe(400);
    expect((await http(t.baseUrl, 'GET', '/api/persons?sort=name', { token: admin })).status).toBe(400);
    const badId = await http(t.baseUrl, 'GET', '/api/persons/not-a-uuid', { token: admin });
    expect(badId.status).toBe(400);
    expect(badId.body.message).toMatch(/UUID/);
    expect((await http(t.baseUrl, 'GET', '/api/no-such-thing', { token: admin })).status).toBe(404);
  });
});

describe('ID numbers', () => {
  it('a wrong check digit is refused with a message that says what is wrong, and nothing is written', async () => {
    const before = await counts();
    const r = await http(t.baseUrl, 'POST', '/api/persons', {
      token: unitHr,
      body: person({ idNumber: '410702198503150012' }),
    });
    expect(r.status).toBe(400);
    expect(r.body.issues).toContainEqual({
      path: 'idNumber',
      message: '身份证号校验位不正确，请核对是否输错',
    });
    expect(await counts()).toEqual(before);
  });

  it('an impossible birth date in the number, or a wrong length, is refused', async () => {
    for (const [idNumber, text] of [
      ['410702198502300017', '出生日期'],
      ['41070219850315001', '18位'],
      ['990702198503150012', '行政区划'],
    ] as const) {
      const r = await http(t.baseUrl, 'POST', '/api/persons', { token: unitHr, body: person({ idNumber }) });
      expect(r.status, idNumber).toBe(400);
      expect(r.body.message, idNumber).toContain(text);
    }
  });

  it('a birth date or sex that disagrees with the number is refused', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/persons', {
      token: unitHr,
      body: person({ birthDate: '1985-03-16', sex: 'F' }),
    });
    expect(r.status).toBe(400);
    const paths = r.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['birthDate', 'sex']));
  });

  it('a valid person is created once; the same number again is a 409', async () => {
    const ok = await http(t.baseUrl, 'POST', '/api/persons', {
      token: unitHr,
      body: person({ idNumber: '41070219850315169x' }),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.idNumberMasked).toBe('4107**********169X');
    const again = await http(t.baseUrl, 'POST', '/api/persons', {
      token: unitHr,
      body: person({ idNumber: '41070219850315169X' }),
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/已登记/);
  });
});

describe('sessions and scope', () => {
  it('an expired session is a 401 that asks to log in again', async () => {
    const token = await login(t.baseUrl, 'office', 'exam2026');
    t.clock.advanceMinutes(t.settings.sessionTtlMinutes + 1);
    const r = await http(t.baseUrl, 'GET', '/api/persons', { token });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: 'session_expired', message: '登录已过期，请重新登录' });
    admin = await login(t.baseUrl, 'admin', 'exam2026');
    unitHr = await login(t.baseUrl, 'unithr', 'exam2026');
  });

  it('unit HR cannot register a person in another unit, and nothing is written', async () => {
    const other = await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-HX-WJW-RMYY' } });
    const before = await counts();
    const r = await http(t.baseUrl, 'POST', '/api/persons', {
      token: unitHr,
      body: person({ idNumber: '410782199001010017', birthDate: '1990-01-01', organisationId: other.id }),
    });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('out_of_scope');
    expect(await counts()).toEqual(before);
  });

  it('unit HR cannot read a person of another unit, nor list another unit', async () => {
    const stranger = await t.prisma.person.findFirstOrThrow({
      where: { organisation: { code: 'XX-HX-WJW-RMYY' } },
    });
    const r = await http(t.baseUrl, 'GET', `/api/persons/${stranger.id}`, { token: unitHr });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/管理范围/);
    const list = await http(t.baseUrl, 'GET', `/api/persons?organisationId=${stranger.organisationId}`, {
      token: unitHr,
    });
    expect(list.status).toBe(403);
  });

  it('a person may only be registered under a unit', async () => {
    const dept = await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-SWJW' } });
    const r = await http(t.baseUrl, 'POST', '/api/persons', {
      token: admin,
      body: person({ idNumber: '410702199001010015', birthDate: '1990-01-01', organisationId: dept.id }),
    });
    expect(r.status).toBe(400);
    expect(r.body.issues[0]).toMatchObject({ path: 'organisationId' });
  });

  it('an account with a bad grant is refused whole: no user, no role row', async () => {
    const before = await counts();
    const r = await http(t.baseUrl, 'POST', '/api/users', {
      token: admin,
      body: {
        username: 'half',
        displayName: '半个账号',
        password: 'start2026',
        roles: [
          { role: 'reviewer' },
          { role: 'unit_hr', organisationId: '00000000-0000-4000-8000-000000000000' },
        ],
        reason: '测试',
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.issues.map((i: { path: string }) => i.path)).toEqual([
      'roles.0.organisationId',
      'roles.1.organisationId',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('a decision without a reason is refused', async () => {
    const target = await t.prisma.user.findUniqueOrThrow({ where: { username: 'panel' } });
    const r = await http(t.baseUrl, 'POST', `/api/users/${target.id}/status`, {
      token: admin,
      body: { status: 'disabled' },
    });
    expect(r.status).toBe(400);
    expect(r.body.issues[0]).toEqual({ path: 'reason', message: '请填写理由' });
    const blank = await http(t.baseUrl, 'POST', `/api/users/${target.id}/status`, {
      token: admin,
      body: { status: 'disabled', reason: '  ' },
    });
    expect(blank.status).toBe(400);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('active');
  });
});
