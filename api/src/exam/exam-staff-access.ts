import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { NotFound, OutOfScope } from '../common/domain-errors.js';
import { AttemptsRepository } from './attempts.repository.js';

/**
 * Who may act on a room of a sitting on exam day: an admin; the exam office of the batch's region; an
 * invigilator on duty in that room for that sitting (SittingInvigilator). Refusals are audited.
 */
@Injectable()
export class ExamStaffAccess {
  constructor(
    private readonly repository: AttemptsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Throws unless the actor may act on the room; the sitting room must exist. */
  async assertRoom(actor: Actor, origin: RequestOrigin, sittingId: string, roomId: string) {
    const sittingRoom = await this.repository.sittingRoom(sittingId, roomId);
    if (!sittingRoom) throw new NotFound('没有找到该场次的考场');
    if (await this.managesSitting(actor, sittingRoom.sitting.batchId)) return sittingRoom;
    if (hasRole(actor, 'invigilator') && sittingRoom.invigilators.some((i) => i.userId === actor.userId))
      return sittingRoom;
    await this.refuse(actor, origin, 'SittingRoom', sittingRoom.id, { sittingId, roomId });
    throw new OutOfScope('该考场不在您本场次的监考或管理范围内');
  }

  /** The rooms of the sitting the actor may see: null for all (office, admin), else the duty rooms. */
  async visibleRooms(actor: Actor, origin: RequestOrigin, sittingId: string): Promise<string[] | null> {
    const sitting = await this.repository.sitting(sittingId);
    if (!sitting) throw new NotFound('没有找到该场次');
    if (await this.managesSitting(actor, sitting.batchId)) return null;
    const rooms = hasRole(actor, 'invigilator')
      ? await this.repository.dutyRooms(sittingId, actor.userId)
      : [];
    if (rooms.length > 0) return rooms;
    await this.refuse(actor, origin, 'Sitting', sittingId, {});
    throw new OutOfScope('该场次不在您的监考或管理范围内');
  }

  private async managesSitting(actor: Actor, batchId: string): Promise<boolean> {
    if (hasRole(actor, 'admin')) return true;
    if (!hasRole(actor, 'exam_office')) return false;
    const batch = await this.repository.batchRegion(batchId);
    if (!batch) return false;
    return this.access.assertRegion(actor, batch.regionId, ['exam_office']).then(
      () => true,
      () => false,
    );
  }

  private refuse(
    actor: Actor,
    origin: RequestOrigin,
    entityType: string,
    entityId: string,
    details: Record<string, string>,
  ) {
    return this.audit.record(actor, origin, {
      category: 'access',
      action: 'exam.staff_refused',
      entityType,
      entityId,
      details,
    });
  }
}
