import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

let t: TestApp;
const token: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma);
  for (const name of ['admin', 'office', 'reviewer', 'unithr', 'candidate', 'invigilator'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
});
afterAll(() => t.close());

describe('persons and scope', () => {
  it('each staff role sees exactly its subtree; ID numbers come masked', async () => {
    const all = await t.prisma.person.count();
    const count = async (who: string) =>
      (await http(t.baseUrl, 'GET', '/api/persons?pageSize=1', { token: token[who] })).body.total;
    const inUnit = await t.prisma.person.count({ where: { organisation: { code: 'XX-SWJW-ZXYY' } } });
    const inDept = await t.prisma.person.count({
      where: { organisation: { code: { startsWith: 'XX-SWJW-' } } },
    });
    expect(await count('admin')).toBe(all);
    expect(await count('office')).toBe(all);
    expect(await count('reviewer')).toBe(inDept);
    expect(await count('unithr')).toBe(inUnit);
    expect(inUnit).toBeLessThan(inDept);
    const page = await http(t.baseUrl, 'GET', '/api/persons?pageSize=200', { token: token.unithr });
    for (const p of page.body.items) expect(p.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  });

  it('finds a person by full ID number or by name', async () => {
    const p = await t.prisma.person.findFirstOrThrow({ where: { organisation: { code: 'XX-SWJW-ZXYY' } } });
    const byId = await http(t.baseUrl, 'GET', `/api/persons?q=${p.idNumber}`, { token: token.unithr });
    expect(byId.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const byName = await http(t.baseUrl, 'GET', `/api/persons?q=${encodeURIComponent(p.name)}`, {
      token: token.unithr,
    });
    expect(byName.body.items.map((x: { id: string }) => x.id)).toContain(p.id);
  });

  it('reveals a whole ID number to staff in scope only with a reason, and audits it', async () => {
    const p = await t.prisma.person.findFirstOrThrow({ where: { organisation: { code: 'XX-SWJW-ZXYY' } } });
    const noReason = await http(t.baseUrl, 'POST', `/api/persons/${p.id}/id-number`, {
      token: token.reviewer,
      body: {},
    });
    expect(noReason.status).toBe(400);
    const r = await http(t.baseUrl, 'POST', `/api/persons/${p.id}/id-number`, {
      token: token.reviewer,
      body: { reason: '核对申报表' },
    });
    expect(r.status).toBe(200);
    expect(r.body.idNumber).toBe(p.idNumber);
    const entry = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'person.reveal_id_number', entityId: p.id },
    });
    expect(entry).toMatchObject({ reason: '核对申报表', actorUsername: 'reviewer', category: 'access' });
    const outside = await t.prisma.person.findFirstOrThrow({
      where: { organisation: { code: 'XX-HX-WJW-RMYY' } },
    });
    expect(
      (
        await http(t.baseUrl, 'POST', `/api/persons/${outside.id}/id-number`, {
          token: token.reviewer,
          body: { reason: '核对申报表' },
        })
      ).status,
    ).toBe(403);
  });

  it('shows a candidate their own record with its history, and nobody else’s', async () => {
    const mine = await http(t.baseUrl, 'GET', '/api/me/person', { token: token.candidate });
    expect(mine.status).toBe(200);
    expect(mine.body.annualAssessments.length).toBeGreaterThan(0);
    expect(mine.body.grades.length).toBeGreaterThan(0);
    expect(mine.body.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(
      (await http(t.baseUrl, 'GET', `/api/persons/${mine.body.id}`, { token: token.candidate })).status,
    ).toBe(403);
    expect((await http(t.baseUrl, 'GET', '/api/me/person', { token: token.invigilator })).status).toBe(403);
  });
});

describe('organisations', () => {
  it('lists the subtree of the caller', async () => {
    const mine = await http(t.baseUrl, 'GET', '/api/organisations', { token: token.reviewer });
    expect(mine.body.map((o: { name: string }) => o.name)).toContain('新乡市中心医院');
    expect(mine.body.every((o: { kind: string }) => o.kind === 'department' || o.kind === 'unit')).toBe(true);
    const all = await http(t.baseUrl, 'GET', '/api/organisations', { token: token.office });
    expect(all.body.length).toBe(await t.prisma.organisation.count());
  });

  it('adds a unit under a department with a reason, keeps the tree order, and audits it', async () => {
    const dept = await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-SWJW' } });
    const ok = await http(t.baseUrl, 'POST', '/api/organisations', {
      token: token.office,
      body: {
        parentId: dept.id,
        kind: 'unit',
        code: 'XX-SWJW-XUEZHAN',
        name: '新乡市中心血站',
        reason: '新设单位',
      },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.depth).toBe(2);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'organisation.create', entityId: ok.body.id },
    });
    expect(audit.reason).toBe('新设单位');
    const upward = await http(t.baseUrl, 'POST', '/api/organisations', {
      token: token.office,
      body: { parentId: ok.body.id, kind: 'county', code: 'BAD-1', name: '错误的县', reason: '测试' },
    });
    expect(upward.status).toBe(400);
    const dup = await http(t.baseUrl, 'POST', '/api/organisations', {
      token: token.office,
      body: { parentId: dept.id, kind: 'unit', code: 'XX-SWJW-XUEZHAN', name: '重复', reason: '测试' },
    });
    expect(dup.status).toBe(409);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/organisations', {
          token: token.reviewer,
          body: { parentId: dept.id, kind: 'unit', code: 'XX-X', name: '审核员建的', reason: '测试' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('accounts (admin)', () => {
  it('creates a scoped reviewer and an invigilator with rooms, audited with the reason', async () => {
    const county = await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-HX' } });
    const room = await t.prisma.room.findFirstOrThrow({ where: { name: '第2考场' } });
    const r = await http(t.baseUrl, 'POST', '/api/users', {
      token: token.admin,
      body: {
        username: 'hx.reviewer',
        displayName: '辉县审核',
        password: 'start2026',
        roles: [{ role: 'reviewer', organisationId: county.id }, { role: 'invigilator' }],
        roomIds: [room.id],
        reason: '辉县审核员',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.roomIds).toEqual([room.id]);
    const entry = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'user.create', entityId: r.body.id },
    });
    expect(entry).toMatchObject({ reason: '辉县审核员', actorUsername: 'admin', category: 'data_change' });
    const dup = await http(t.baseUrl, 'POST', '/api/users', {
      token: token.admin,
      body: {
        username: 'HX.Reviewer',
        displayName: '重复',
        password: 'start2026',
        roles: [{ role: 'admin' }],
        reason: '测试',
      },
    });
    expect(dup.status).toBe(409);
  });

  it('disabling an account ends its sessions; resetting a password forces a change', async () => {
    const victim = await login(t.baseUrl, 'panel', 'exam2026');
    const panel = await t.prisma.user.findUniqueOrThrow({ where: { username: 'panel' } });
    const off = await http(t.baseUrl, 'POST', `/api/users/${panel.id}/status`, {
      token: token.admin,
      body: { status: 'disabled', reason: '调离岗位' },
    });
    expect(off.status).toBe(200);
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token: victim })).status).toBe(401);
    const decision = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'user.disable', entityId: panel.id },
    });
    expect(decision).toMatchObject({ category: 'decision', reason: '调离岗位' });
    await http(t.baseUrl, 'POST', `/api/users/${panel.id}/status`, {
      token: token.admin,
      body: { status: 'active', reason: '返岗' },
    });
    const reset = await http(t.baseUrl, 'POST', `/api/users/${panel.id}/password-reset`, {
      token: token.admin,
      body: { newPassword: 'reset2026', reason: '忘记密码' },
    });
    expect(reset.status).toBe(200);
    const me = await http(t.baseUrl, 'GET', '/api/auth/me', {
      token: await login(t.baseUrl, 'panel', 'reset2026'),
    });
    expect(me.body.mustChangePassword).toBe(true);
    const self = await t.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    expect(
      (
        await http(t.baseUrl, 'POST', `/api/users/${self.id}/status`, {
          token: token.admin,
          body: { status: 'disabled', reason: '测试' },
        })
      ).status,
    ).toBe(400);
  });

  it('lists the audit log for admins, newest first', async () => {
    const r = await http(t.baseUrl, 'GET', '/api/audit?pageSize=5', { token: token.admin });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(5);
    const ids = r.body.items.map((e: { id: string }) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const filtered = await http(t.baseUrl, 'GET', '/api/audit?category=decision', { token: token.admin });
    expect(
      filtered.body.items.every(
        (e: { category: string; reason: string }) => e.category === 'decision' && e.reason,
      ),
    ).toBe(true);
  });
});

describe('reference data', () => {
  it('serves the catalogue, policies and batches to any signed-in user', async () => {
    const occ = await http(t.baseUrl, 'GET', '/api/occupations?regionId=xinxiang', {
      token: token.candidate,
    });
    expect(occ.body.length).toBeGreaterThanOrEqual(50);
    expect(occ.body.map((o: { category: string }) => o.category)).toContain('卫生健康类');
    const policies = await http(t.baseUrl, 'GET', '/api/policies', { token: token.candidate });
    expect(policies.body.map((p: { id: string }) => p.id).sort()).toEqual([
      'inner-mongolia-2022',
      'luoyang-2023',
      'nantong-2024',
      'xinjiang-2022',
      'xinxiang-2024',
    ]);
    expect(policies.body.find((p: { id: string }) => p.id === 'xinxiang-2024')).toMatchObject({
      documentNo: '新人社办〔2024〕22号',
      status: 'published',
      latestVersion: 1,
    });
    const batches = await http(t.baseUrl, 'GET', '/api/batches?regionId=xinxiang', { token: token.office });
    const historical = batches.body.find((b: { code: string }) => b.code === '2024');
    expect(historical.windows[0]).toMatchObject({
      kind: 'registration',
      opensAt: '2024-03-20T16:00:00.000Z',
    });
    expect(batches.body.find((b: { code: string }) => b.code === 'demo')).toMatchObject({ status: 'open' });
    expect(
      (await http(t.baseUrl, 'GET', '/api/occupations?regionId=nowhere', { token: token.office })).status,
    ).toBe(404);
    const health = await http(t.baseUrl, 'GET', '/api/health');
    expect(health.body).toMatchObject({ status: 'ok', now: '2026-03-02T01:00:00.000Z' });
  });
});
