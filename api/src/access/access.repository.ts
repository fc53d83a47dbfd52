import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '../database/prisma.js';

@Injectable()
export class AccessRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  organisationAncestors(organisationId: string) {
    return this.prisma.organisation.findUnique({
      where: { id: organisationId },
      select: { id: true, ancestorIds: true, regionId: true },
    });
  }

  roomScope(roomId: string) {
    return this.prisma.room.findUnique({
      where: { id: roomId },
      select: {
        id: true,
        venue: { select: { regionId: true, organisation: { select: { ancestorIds: true } } } },
      },
    });
  }

  /** Assigned to the room, or on duty in it for a sitting that is not cancelled or closed. */
  async isInvigilatorOf(userId: string, roomId: string): Promise<boolean> {
    if ((await this.prisma.invigilatorAssignment.count({ where: { userId, roomId } })) > 0) return true;
    const duties = await this.prisma.sittingInvigilator.count({
      where: { userId, sittingRoom: { roomId, sitting: { status: { in: ['draft', 'published', 'open'] } } } },
    });
    return duties > 0;
  }

  panelAssignments(userId: string) {
    return this.prisma.panelAssignment.findMany({
      where: { userId },
      select: { batchId: true, occupationId: true, level: true },
    });
  }
}
