import { Inject, Injectable } from '@nestjs/common';
import type { LoginRequest, LoginResponse, PasswordChangeRequest, SessionView } from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';
import { Clock } from '../common/clock.js';
import { NotFound, RateLimited, Unauthenticated, ValidationFailed } from '../common/domain-errors.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { AuthRepository } from './auth.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService, toCurrentUser } from './session.service.js';

const WRONG_CREDENTIALS = '用户名或密码错误';

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Too many failures for one account, or from one address, within the window block further tries until
   * the oldest failure leaves the window. Checked before the password, so a locked account cannot be probed.
   */
  private async assertNotLimited(username: string, ip: string, now: Date): Promise<void> {
    const { windowMinutes, maxAccountFailures, maxIpFailures } = this.settings.login;
    const since = new Date(now.getTime() - windowMinutes * 60_000);
    for (const [by, max, text] of [
      [{ username }, maxAccountFailures, '该账号登录失败次数过多'],
      [{ ip }, maxIpFailures, '您所在的网络地址登录失败次数过多'],
    ] as const) {
      if ((await this.repository.countFailures(by, since)) < max) continue;
      const oldest = await this.repository.oldestFailure(by, since);
      const retryAt = (oldest?.at.getTime() ?? now.getTime()) + windowMinutes * 60_000;
      const seconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
      throw new RateLimited(`${text}，请 ${Math.ceil(seconds / 60)} 分钟后再试`, seconds);
    }
  }

  async login(request: LoginRequest, origin: RequestOrigin): Promise<LoginResponse> {
    const now = this.clock.now();
    const ip = origin.ip ?? 'unknown';
    await this.assertNotLimited(request.username, ip, now);
    const user = await this.repository.findUserByUsername(request.username);
    const ok = await this.hasher.verify(request.password, user?.passwordHash ?? null);
    if (!user || !ok || user.status !== 'active') {
      await this.repository.recordAttempt(request.username, ip, false, now);
      await this.audit.record(null, origin, {
        category: 'security',
        action: 'auth.login_failed',
        entityType: 'User',
        entityId: user?.id ?? null,
        details: {
          username: request.username,
          cause: !user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled',
        },
      });
      if (user && ok) throw new Unauthenticated('账号已停用，请联系管理员');
      throw new Unauthenticated(WRONG_CREDENTIALS);
    }
    await this.repository.recordAttempt(request.username, ip, true, now);
    const opened = await this.prisma.$transaction(async (tx) => {
      const result = await this.sessions.open(user, origin, tx);
      await this.repository.markLogin(user.id, now, tx);
      await this.audit.record(
        result.actor,
        origin,
        {
          category: 'security',
          action: 'auth.login',
          entityType: 'Session',
          entityId: result.session.id,
        },
        tx,
      );
      return result;
    });
    return {
      token: opened.token,
      expiresAt: opened.session.expiresAt.toISOString(),
      user: toCurrentUser(opened.actor),
    };
  }

  async logout(actor: Actor, origin: RequestOrigin): Promise<void> {
    const now = this.clock.now();
    await this.prisma.$transaction(async (tx) => {
      await this.repository.revokeSession(actor.sessionId, now, 'logout', tx);
      await this.audit.record(
        actor,
        origin,
        { category: 'security', action: 'auth.logout', entityType: 'Session', entityId: actor.sessionId },
        tx,
      );
    });
  }

  /** Changes the caller's password after checking the current one; every other session is ended. */
  async changePassword(
    actor: Actor,
    request: PasswordChangeRequest,
    origin: RequestOrigin,
  ): Promise<{ revokedSessions: number }> {
    const user = await this.repository.findUserById(actor.userId);
    if (!user) throw new Unauthenticated();
    if (!(await this.hasher.verify(request.currentPassword, user.passwordHash))) {
      await this.audit.record(actor, origin, {
        category: 'security',
        action: 'auth.password_change_failed',
        entityType: 'User',
        entityId: user.id,
      });
      throw new ValidationFailed('当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
    }
    if (request.newPassword === request.currentPassword) {
      throw new ValidationFailed('新密码不能与当前密码相同', [
        { path: 'newPassword', message: '新密码不能与当前密码相同' },
      ]);
    }
    if (request.newPassword.toLowerCase().includes(user.username)) {
      throw new ValidationFailed('新密码不能包含用户名', [
        { path: 'newPassword', message: '新密码不能包含用户名' },
      ]);
    }
    const hash = await this.hasher.hash(request.newPassword);
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      await this.repository.updatePassword(user.id, hash, now, false, tx);
      const revokedSessions = await this.repository.revokeSessions(
        user.id,
        now,
        'password_changed',
        actor.sessionId,
        tx,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'security',
          action: 'auth.password_change',
          entityType: 'User',
          entityId: user.id,
          details: { revokedSessions },
        },
        tx,
      );
      return { revokedSessions };
    });
  }

  async listSessions(actor: Actor): Promise<SessionView[]> {
    const rows = await this.repository.listActiveSessions(actor.userId, this.clock.now());
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === actor.sessionId,
    }));
  }

  /** Ends one of the caller's own sessions (e.g. a browser left signed in elsewhere). */
  async revokeOwnSession(actor: Actor, sessionId: string, origin: RequestOrigin): Promise<void> {
    const session = await this.repository.findSession(sessionId);
    if (!session || session.userId !== actor.userId) throw new NotFound('没有找到该登录会话');
    await this.prisma.$transaction(async (tx) => {
      await this.repository.revokeSession(sessionId, this.clock.now(), 'revoked_by_user', tx);
      await this.audit.record(
        actor,
        origin,
        { category: 'security', action: 'session.revoke', entityType: 'Session', entityId: sessionId },
        tx,
      );
    });
  }
}
