import { Inject, Injectable } from '@nestjs/common';
import type { AuditCategory, AuditEntryView, Page } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { rolesOf, type Actor, type RequestOrigin } from '../access/actor.js';
import { Clock } from '../common/clock.js';
import { ValidationFailed } from '../common/domain-errors.js';
import type { Db } from '../database/prisma.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditEntry {
  category: AuditCategory;
  /** dotted verb, e.g. `user.create`, `session.revoke`, `auth.login_failed` */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** required for every decision (category `decision`), and enforced by the database as well */
  reason?: string | null;
  details?: Prisma.InputJsonValue;
}

/**
 * The one way to write the audit log: who (actor), what (action on entity), when (server clock), from
 * where (origin) and why (reason). The table itself is append-only.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(actor: Actor | null, origin: RequestOrigin, entry: AuditEntry, db?: Db): Promise<void> {
    const reason = entry.reason?.trim() || null;
    if (entry.category === 'decision' && !reason) {
      throw new ValidationFailed('每项决定都必须填写理由', [{ path: 'reason', message: '请填写理由' }]);
    }
    await this.repository.insert(
      {
        at: this.clock.now(),
        actorUserId: actor?.userId ?? null,
        actorUsername: actor?.username ?? null,
        actorRoles: actor ? rolesOf(actor) : [],
        category: entry.category,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        reason,
        ip: origin.ip,
        userAgent: origin.userAgent,
        details: entry.details,
      },
      db,
    );
  }

  async list(query: {
    entityType?: string | undefined;
    entityId?: string | undefined;
    actorUserId?: string | undefined;
    category?: AuditCategory | undefined;
    page: number;
    pageSize: number;
  }): Promise<Page<AuditEntryView>> {
    const where: Prisma.AuditLogWhereInput = {
      ...(query.entityType ? { entityType: query.entityType } : {}),
      ...(query.entityId ? { entityId: query.entityId } : {}),
      ...(query.actorUserId ? { actorUserId: query.actorUserId } : {}),
      ...(query.category ? { category: query.category } : {}),
    };
    const { items, total } = await this.repository.list(where, query.page, query.pageSize);
    return {
      total,
      page: query.page,
      pageSize: query.pageSize,
      items: items.map((row) => ({
        id: row.id.toString(),
        at: row.at.toISOString(),
        actorUserId: row.actorUserId,
        actorUsername: row.actorUsername,
        actorRoles: row.actorRoles,
        category: row.category,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        reason: row.reason,
        ip: row.ip,
        details: row.details,
      })),
    };
  }
}
