import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

const userWithGrants = {
  roles: {
    include: { organisation: { select: { id: true, name: true } } },
    orderBy: { role: 'asc' as const },
  },
} as const;

@Injectable()
export class AuthRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findUserByUsername(username: string) {
    return this.prisma.user.findUnique({ where: { username }, include: userWithGrants });
  }

  findUserById(id: string, db: Db = this.prisma) {
    return db.user.findUnique({ where: { id }, include: userWithGrants });
  }

  countFailures(by: { username?: string; ip?: string }, since: Date): Promise<number> {
    return this.prisma.loginAttempt.count({ where: { ...by, succeeded: false, at: { gte: since } } });
  }

  oldestFailure(by: { username?: string; ip?: string }, since: Date) {
    return this.prisma.loginAttempt.findFirst({
      where: { ...by, succeeded: false, at: { gte: since } },
      orderBy: { at: 'asc' },
      select: { at: true },
    });
  }

  recordAttempt(username: string, ip: string, succeeded: boolean, at: Date) {
    return this.prisma.loginAttempt.create({ data: { username, ip, succeeded, at } });
  }

  createSession(
    data: {
      userId: string;
      tokenHash: string;
      createdAt: Date;
      expiresAt: Date;
      ip: string | null;
      userAgent: string | null;
    },
    db: Db = this.prisma,
  ) {
    return db.session.create({ data: { ...data, lastSeenAt: data.createdAt } });
  }

  findSessionByTokenHash(tokenHash: string) {
    return this.prisma.session.findUnique({
      where: { tokenHash },
      include: { user: { include: userWithGrants } },
    });
  }

  touchSession(id: string, at: Date) {
    return this.prisma.session.update({ where: { id }, data: { lastSeenAt: at } });
  }

  listActiveSessions(userId: string, now: Date) {
    return this.prisma.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { lastSeenAt: 'desc' },
    });
  }

  findSession(id: string) {
    return this.prisma.session.findUnique({ where: { id } });
  }

  /** Revokes the user's open sessions, except `keepId`; returns how many. */
  async revokeSessions(userId: string, at: Date, reason: string, keepId?: string, db: Db = this.prisma) {
    const result = await db.session.updateMany({
      where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
      data: { revokedAt: at, revokedReason: reason },
    });
    return result.count;
  }

  revokeSession(id: string, at: Date, reason: string, db: Db = this.prisma) {
    return db.session.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: at, revokedReason: reason },
    });
  }

  updatePassword(
    userId: string,
    passwordHash: string,
    at: Date,
    mustChangePassword: boolean,
    db: Db = this.prisma,
  ) {
    return db.user.update({
      where: { id: userId },
      data: { passwordHash, passwordChangedAt: at, mustChangePassword },
    });
  }

  markLogin(userId: string, at: Date, db: Db = this.prisma) {
    return db.user.update({ where: { id: userId }, data: { lastLoginAt: at } });
  }
}

export type UserWithGrants = NonNullable<Awaited<ReturnType<AuthRepository['findUserById']>>>;
