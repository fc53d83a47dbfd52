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

  isInvigilatorOf(userId: string, roomId: string) {
    return this.prisma.invigilatorAssignment.count({ where: { userId, roomId } }).then((n) => n > 0);
  }

  panelAssignments(userId: string) {
    return this.prisma.panelAssignment.findMany({
      where: { userId },
      select: { batchId: true, occupationId: true, level: true },
    });
  }
}
