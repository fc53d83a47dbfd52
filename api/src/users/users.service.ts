import { Inject, Injectable } from '@nestjs/common';
import {
  ORGANISATION_SCOPED_ROLES,
  ROLE_LABELS,
  type CreateUserRequest,
  type Page,
  type ResetPasswordRequest,
  type Role,
  type SetUserStatusRequest,
  type UserView,
} from '@exam/contracts';
import type { Prisma } from '@exam/db';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { UsersRepository, type UserRow } from './users.repository.js';

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    status: row.status,
    personId: row.personId,
    roomIds: row.invigilatorRooms.map((r) => r.roomId),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    roles: row.roles.map((g) => ({
      role: g.role,
      organisationId: g.organisationId,
      organisationName: g.organisation?.name ?? null,
    })),
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly authRepository: AuthRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(query: {
    q?: string | undefined;
    role?: Role | undefined;
    page: number;
    pageSize: number;
  }): Promise<Page<UserView>> {
    const { items, total } = await this.repository.list(
      {
        ...(query.q
          ? {
              OR: [{ username: { contains: query.q.toLowerCase() } }, { displayName: { contains: query.q } }],
            }
          : {}),
        ...(query.role ? { roles: { some: { role: query.role } } } : {}),
      },
      query.page,
      query.pageSize,
    );
    return { items: items.map(toUserView), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<UserView> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFound('没有找到该用户');
    return toUserView(row);
  }

  /** Checks a new account's grants against the records they point at; all problems are reported at once. */
  private async validateGrants(request: CreateUserRequest): Promise<void> {
    const issues: { path: string; message: string }[] = [];
    const seen = new Set<Role>();
    request.roles.forEach((grant, i) => {
      if (seen.has(grant.role))
        issues.push({ path: `roles.${i}.role`, message: `角色「${ROLE_LABELS[grant.role]}」重复` });
      seen.add(grant.role);
      const scoped = ORGANISATION_SCOPED_ROLES.includes(grant.role);
      if (scoped && !grant.organisationId) {
        issues.push({
          path: `roles.${i}.organisationId`,
          message: `角色「${ROLE_LABELS[grant.role]}」须指定所管辖的机构`,
        });
      }
      if (!scoped && grant.organisationId) {
        issues.push({
          path: `roles.${i}.organisationId`,
          message: `角色「${ROLE_LABELS[grant.role]}」不按机构划分范围，请勿指定机构`,
        });
      }
    });
    if (seen.has('candidate') && !request.personId)
      issues.push({ path: 'personId', message: '考生账号须关联人员档案' });
    if (!seen.has('candidate') && request.personId)
      issues.push({ path: 'personId', message: '只有考生账号关联人员档案' });
    if (request.roomIds?.length && !seen.has('invigilator'))
      issues.push({ path: 'roomIds', message: '只有监考员可以分配考场' });

    const orgIds = request.roles.flatMap((g) => (g.organisationId ? [g.organisationId] : []));
    if (orgIds.length) {
      const found = new Set((await this.repository.existingOrganisations(orgIds)).map((o) => o.id));
      request.roles.forEach((g, i) => {
        if (g.organisationId && !found.has(g.organisationId))
          issues.push({ path: `roles.${i}.organisationId`, message: '机构不存在' });
      });
    }
    if (request.roomIds?.length) {
      const found = new Set((await this.repository.existingRooms(request.roomIds)).map((r) => r.id));
      request.roomIds.forEach((id, i) => {
        if (!found.has(id)) issues.push({ path: `roomIds.${i}`, message: '考场不存在' });
      });
    }
    if (request.personId) {
      if (!(await this.repository.personExists(request.personId)))
        issues.push({ path: 'personId', message: '人员档案不存在' });
      else if (await this.repository.personLinked(request.personId))
        issues.push({ path: 'personId', message: '该人员已有考生账号' });
    }
    if (issues.length) {
      throw new ValidationFailed(
        `账号信息有误：${issues.map((i) => `${i.path}：${i.message}`).join('；')}`,
        issues,
      );
    }
  }

  /**
   * Creates an account. From the API (an admin) the user must change the password at first login; the
   * CLI may create accounts for operators without that.
   */
  async create(
    actor: Actor | null,
    request: CreateUserRequest,
    origin: RequestOrigin,
    options: { mustChangePassword?: boolean } = {},
  ) {
    if (await this.repository.usernameTaken(request.username))
      throw new Conflict(`用户名「${request.username}」已被使用`);
    await this.validateGrants(request);
    const passwordHash = await this.hasher.hash(request.password);
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await this.repository.create(
        {
          username: request.username,
          displayName: request.displayName,
          passwordHash,
          mustChangePassword: options.mustChangePassword ?? true,
          personId: request.personId ?? null,
          roles: request.roles.map((g) => ({ role: g.role, organisationId: g.organisationId ?? null })),
          roomIds: request.roomIds ?? [],
        },
        tx,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'user.create',
          entityType: 'User',
          entityId: created.id,
          reason: request.reason,
          details: { username: created.username, roles: request.roles, roomIds: request.roomIds ?? [] },
        },
        tx,
      );
      return created;
    });
    return toUserView(row);
  }

  async setStatus(
    actor: Actor,
    id: string,
    request: SetUserStatusRequest,
    origin: RequestOrigin,
  ): Promise<UserView> {
    if (id === actor.userId && request.status === 'disabled')
      throw new ValidationFailed('不能停用自己的账号');
    await this.requireUser(id);
    const now = this.clock.now();
    const row = await this.prisma.$transaction(async (tx) => {
      const updated = await this.repository.setStatus(id, request.status, tx);
      const disabling = request.status === 'disabled';
      await this.recordAccountDecision(
        {
          actor,
          origin,
          action: disabling ? 'user.disable' : 'user.enable',
          reason: request.reason,
          cause: 'account_disabled',
          now,
        },
        id,
        tx,
        disabling,
      );
      return updated;
    });
    return toUserView(row);
  }

  private async requireUser(id: string): Promise<void> {
    if (!(await this.repository.findById(id))) throw new NotFound('没有找到该用户');
  }

  /**
   * Records a decision on an account and, unless `endSessions` is false, ends every session of the user,
   * in the caller's transaction.
   */
  private async recordAccountDecision(
    decision: {
      actor: Actor;
      origin: RequestOrigin;
      action: string;
      reason: string;
      cause: string;
      now: Date;
    },
    id: string,
    tx: Prisma.TransactionClient,
    endSessions = true,
  ): Promise<{ revokedSessions: number }> {
    const revokedSessions = endSessions
      ? await this.authRepository.revokeSessions(id, decision.now, decision.cause, undefined, tx)
      : 0;
    await this.audit.record(
      decision.actor,
      decision.origin,
      {
        category: 'decision',
        action: decision.action,
        entityType: 'User',
        entityId: id,
        reason: decision.reason,
        details: { revokedSessions },
      },
      tx,
    );
    return { revokedSessions };
  }

  /** Sets a new password that must be changed at the next login; every session of the user ends. */
  async resetPassword(actor: Actor, id: string, request: ResetPasswordRequest, origin: RequestOrigin) {
    await this.requireUser(id);
    const hash = await this.hasher.hash(request.newPassword);
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      await this.authRepository.updatePassword(id, hash, now, true, tx);
      return this.recordAccountDecision(
        {
          actor,
          origin,
          action: 'user.password_reset',
          reason: request.reason,
          cause: 'password_reset',
          now,
        },
        id,
        tx,
      );
    });
  }

  async revokeSessions(actor: Actor, id: string, reason: string, origin: RequestOrigin) {
    await this.requireUser(id);
    return this.prisma.$transaction((tx) =>
      this.recordAccountDecision(
        {
          actor,
          origin,
          action: 'user.sessions_revoke',
          reason,
          cause: 'revoked_by_admin',
          now: this.clock.now(),
        },
        id,
        tx,
      ),
    );
  }
}
