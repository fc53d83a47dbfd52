import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma);
});
afterAll(() => t.close());

describe('login', () => {
  it('returns a token, the user and roles; the token works and is stored only as a hash', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'Office', password: 'exam2026' },
    });
    expect(r.status).toBe(200);
    expect(r.body.user.username).toBe('office');
    expect(r.body.user.roles[0].role).toBe('exam_office');
    const me = await http(t.baseUrl, 'GET', '/api/auth/me', { token: r.body.token });
    expect(me.status).toBe(200);
    const stored = await t.prisma.session.findMany({ where: { userId: r.body.user.id } });
    expect(stored.every((s) => s.tokenHash !== r.body.token && s.tokenHash.length === 64)).toBe(true);
    const audit = await t.prisma.auditLog.findFirst({
      where: { action: 'auth.login', actorUserId: r.body.user.id },
    });
    expect(audit?.ip).toBeTruthy();
  });

  it('hashes passwords with bcrypt at cost 10 or more', async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    const cost = Number(/^\$2[aby]\$(\d\d)\$/.exec(user.passwordHash)?.[1]);
    expect(cost).toBeGreaterThanOrEqual(10);
  });

  it('says the same thing for an unknown user and a wrong password, and audits both', async () => {
    const a = await http(t.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'nobody', password: 'x' },
    });
    const b = await http(t.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'panel', password: 'wrong-1' },
    });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.message).toBe(b.body.message);
    expect(await t.prisma.auditLog.count({ where: { action: 'auth.login_failed' } })).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('locks an account after 5 failures in the window, even for the right password, until the window passes', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await http(t.baseUrl, 'POST', '/api/auth/login', {
        body: { username: 'reviewer', password: `wrong-${i}` },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(r.status).toBe(401);
    }
    const locked = await http(t.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'reviewer', password: 'exam2026' },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('rate_limited');
    expect(locked.body.message).toMatch(/该账号登录失败次数过多，请 \d+ 分钟后再试/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // another account from the same address is unaffected
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/auth/login', {
          body: { username: 'unithr', password: 'exam2026' },
        })
      ).status,
    ).toBe(200);
    t.clock.advanceMinutes(16);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/auth/login', {
          body: { username: 'reviewer', password: 'exam2026' },
        })
      ).status,
    ).toBe(200);
  });

  it('limits failures per address across accounts', async () => {
    const limited = await startTestApp({
      login: { windowMinutes: 15, maxAccountFailures: 5, maxIpFailures: 3 },
    });
    try {
      for (const name of ['a1', 'a2', 'a3']) {
        expect(
          (
            await http(limited.baseUrl, 'POST', '/api/auth/login', {
              body: { username: name, password: 'x' },
            })
          ).status,
        ).toBe(401);
      }
      const r = await http(limited.baseUrl, 'POST', '/api/auth/login', {
        body: { username: 'a4', password: 'x' },
      });
      expect(r.status).toBe(429);
      expect(r.body.message).toMatch(/网络地址/);
    } finally {
      await limited.close();
    }
  });

  it('refuses a disabled account', async () => {
    await t.prisma.user.update({ where: { username: 'panel' }, data: { status: 'disabled' } });
    const r = await http(t.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'panel', password: 'exam2026' },
    });
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/停用/);
    await t.prisma.user.update({ where: { username: 'panel' }, data: { status: 'active' } });
  });
});

describe('sessions', () => {
  it('expire after the idle limit and after the absolute lifetime, with a message that says so', async () => {
    const token = await login(t.baseUrl, 'office', 'exam2026');
    t.clock.advanceMinutes(t.settings.sessionIdleMinutes + 1);
    const idle = await http(t.baseUrl, 'GET', '/api/auth/me', { token });
    expect(idle.status).toBe(401);
    expect(idle.body.error).toBe('session_expired');
    expect(idle.body.message).toBe('登录已过期，请重新登录');

    const token2 = await login(t.baseUrl, 'office', 'exam2026');
    for (let minutes = 0; minutes <= t.settings.sessionTtlMinutes; minutes += 60) {
      t.clock.advanceMinutes(60);
      const r = await http(t.baseUrl, 'GET', '/api/auth/me', { token: token2 });
      if (minutes + 60 < t.settings.sessionTtlMinutes) expect(r.status).toBe(200);
      else expect(r.body.error).toBe('session_expired');
    }
  });

  it('ends on logout, and a revoked token is refused', async () => {
    const token = await login(t.baseUrl, 'office', 'exam2026');
    expect((await http(t.baseUrl, 'POST', '/api/auth/logout', { token })).status).toBe(204);
    const r = await http(t.baseUrl, 'GET', '/api/auth/me', { token });
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/已失效/);
  });

  it('can be listed and ended one by one by their owner only', async () => {
    const a = await login(t.baseUrl, 'unithr', 'exam2026');
    const b = await login(t.baseUrl, 'unithr', 'exam2026');
    const list = await http(t.baseUrl, 'GET', '/api/auth/sessions', { token: a });
    const others = list.body.filter((s: { current: boolean }) => !s.current);
    expect(list.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(others.length).toBeGreaterThanOrEqual(1);
    const stranger = await login(t.baseUrl, 'office', 'exam2026');
    expect(
      (await http(t.baseUrl, 'DELETE', `/api/auth/sessions/${others[0].id}`, { token: stranger })).status,
    ).toBe(404);
    for (const other of others) {
      expect((await http(t.baseUrl, 'DELETE', `/api/auth/sessions/${other.id}`, { token: a })).status).toBe(
        204,
      );
    }
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token: b })).status).toBe(401);
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token: a })).status).toBe(200);
  });

  it('rejects malformed tokens and Authorization headers with 401', async () => {
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token: 'abc' })).status).toBe(401);
    const r = await http(t.baseUrl, 'GET', '/api/auth/me', {
      headers: { authorization: 'Basic Zm9vOmJhcg==' },
    });
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/Bearer/);
  });
});

describe('password change', () => {
  it('checks the current password and the rules, then ends every other session', async () => {
    const a = await login(t.baseUrl, 'invigilator', 'exam2026');
    const b = await login(t.baseUrl, 'invigilator', 'exam2026');
    const wrong = await http(t.baseUrl, 'POST', '/api/auth/password', {
      token: a,
      body: { currentPassword: 'nope', newPassword: 'newpass2026' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues[0].path).toBe('currentPassword');
    const weak = await http(t.baseUrl, 'POST', '/api/auth/password', {
      token: a,
      body: { currentPassword: 'exam2026', newPassword: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.issues[0].path).toBe('newPassword');
    const ok = await http(t.baseUrl, 'POST', '/api/auth/password', {
      token: a,
      body: { currentPassword: 'exam2026', newPassword: 'newpass2026' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.revokedSessions).toBeGreaterThanOrEqual(1);
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token: b })).status).toBe(401);
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token: a })).status).toBe(200);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/auth/login', {
          body: { username: 'invigilator', password: 'exam2026' },
        })
      ).status,
    ).toBe(401);
    await login(t.baseUrl, 'invigilator', 'newpass2026');
  });

  it('holds an account with a pending password change to the change-password routes', async () => {
    const admin = await login(t.baseUrl, 'admin', 'exam2026');
    const created = await http(t.baseUrl, 'POST', '/api/users', {
      token: admin,
      body: {
        username: 'newoffice',
        displayName: '新考务',
        password: 'start2026',
        roles: [{ role: 'admin' }],
        reason: '新员工入职',
      },
    });
    expect(created.status).toBe(201);
    const token = await login(t.baseUrl, 'newoffice', 'start2026');
    const blocked = await http(t.baseUrl, 'GET', '/api/users', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.message).toMatch(/修改初始密码/);
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token })).body.mustChangePassword).toBe(true);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/auth/password', {
          token,
          body: { currentPassword: 'start2026', newPassword: 'mine2026x' },
        })
      ).status,
    ).toBe(200);
    const fresh = await login(t.baseUrl, 'newoffice', 'mine2026x');
    expect((await http(t.baseUrl, 'GET', '/api/users', { token: fresh })).status).toBe(200);
  });
});
