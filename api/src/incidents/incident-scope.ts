import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { OutOfScope } from '../common/domain-errors.js';
import type { IncidentSittingRow } from './incidents.repository.js';

/** The rooms of a sitting whose incident log the actor may read and write: all of them, or these. */
export type RoomScope = { all: true } | { all: false; roomIds: string[] };

export type IncidentOperation = 'record' | 'list' | 'amend' | 'attach' | 'download' | 'export';

/**
 * Who keeps a room's incident log: the invigilators on duty in that room for that sitting
 * (SittingInvigilator — a standing room grant alone is not enough), the exam office of the sitting's
 * batch region, and admins. Refusals are audited.
 */
@Injectable()
export class IncidentScope {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async of(actor: Actor, sitting: IncidentSittingRow): Promise<RoomScope> {
    const manages = await this.access.assertRegion(actor, sitting.batch.regionId, ['exam_office']).then(
      () => true,
      () => false,
    );
    if (manages) return { all: true };
    if (!hasRole(actor, 'invigilator')) return { all: false, roomIds: [] };
    const roomIds = sitting.rooms
      .filter((r) => r.invigilators.some((i) => i.userId === actor.userId))
      .map((r) => r.roomId);
    return { all: false, roomIds };
  }

  /** The scope, or an audited refusal when the actor may see none of the sitting's rooms. */
  async assertSitting(
    actor: Actor,
    origin: RequestOrigin,
    sitting: IncidentSittingRow,
    operation: IncidentOperation,
  ): Promise<RoomScope> {
    const scope = await this.of(actor, sitting);
    if (!scope.all && scope.roomIds.length === 0)
      await this.refuse(actor, origin, sitting.id, null, operation, '该场次不在您的监考或管理范围内');
    return scope;
  }

  /** Throws (audited) unless the actor keeps the log of this room of the sitting. */
  async assertRoom(
    actor: Actor,
    origin: RequestOrigin,
    sitting: IncidentSittingRow,
    roomId: string,
    operation: IncidentOperation,
  ): Promise<void> {
    const scope = await this.of(actor, sitting);
    if (scope.all || scope.roomIds.includes(roomId)) return;
    await this.refuse(
      actor,
      origin,
      sitting.id,
      roomId,
      operation,
      '该考场不在您的监考范围内：只有本场次在该考场值守的监考员、本地区考务人员可以记录和查看考场记录',
    );
  }

  private async refuse(
    actor: Actor,
    origin: RequestOrigin,
    sittingId: string,
    roomId: string | null,
    operation: IncidentOperation,
    message: string,
  ): Promise<never> {
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'incident.refused',
      entityType: 'sitting',
      entityId: sittingId,
      details: { operation, roomId, message },
    });
    throw new OutOfScope(message);
  }
}
