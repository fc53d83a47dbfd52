import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CurrentUser } from '@exam/contracts';
import type { Actor } from '../access/actor.js';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';
import { Clock } from '../common/clock.js';
import { Unauthenticated } from '../common/domain-errors.js';
import type { Db } from '../database/prisma.js';
import { AuthRepository, type UserWithGrants } from './auth.repository.js';

const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toActor(user: UserWithGrants, sessionId: string): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    personId: user.personId,
    sessionId,
    mustChangePassword: user.mustChangePassword,
    grants: user.roles.map((g) => ({
      role: g.role,
      organisationId: g.organisationId,
      organisationName: g.organisation?.name ?? null,
    })),
  };
}

export function toCurrentUser(actor: Actor): CurrentUser {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    personId: actor.personId,
    mustChangePassword: actor.mustChangePassword,
    roles: actor.grants.map((g) => ({
      role: g.role,
      organisationId: g.organisationId,
      organisationName: g.organisationName,
    })),
  };
}

/**
 * Bearer-token sessions. The token is 32 random bytes shown once to the client; only its sha256 is stored,
 * so a leaked table cannot be replayed. A session ends when revoked, after its absolute lifetime, or after
 * it has been idle too long.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly repository: AuthRepository,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async open(user: UserWithGrants, origin: { ip: string | null; userAgent: string | null }, db?: Db) {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.settings.sessionTtlMinutes * 60_000);
    const session = await this.repository.createSession(
      {
        userId: user.id,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt,
        ip: origin.ip,
        userAgent: origin.userAgent?.slice(0, 512) ?? null,
      },
      db,
    );
    return { token, session, actor: toActor(user, session.id) };
  }

  /** The actor of a bearer token, or a 401 that says why. */
  async authenticate(token: string): Promise<Actor> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new Unauthenticated('登录凭证无效，请重新登录');
    const session = await this.repository.findSessionByTokenHash(hashToken(token));
    if (!session) throw new Unauthenticated('登录凭证无效，请重新登录');
    if (session.revokedAt) {
      throw new Unauthenticated('登录已失效（已退出或被注销），请重新登录', 'session_expired');
    }
    const now = this.clock.now();
    const idleLimit = session.lastSeenAt.getTime() + this.settings.sessionIdleMinutes * 60_000;
    if (session.expiresAt <= now || idleLimit <= now.getTime()) {
      throw new Unauthenticated('登录已过期，请重新登录', 'session_expired');
    }
    if (session.user.status !== 'active') throw new Unauthenticated('账号已停用，请联系管理员');
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repository.touchSession(session.id, now);
    }
    return toActor(session.user, session.id);
  }
}
