import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '../database/prisma.js';

@Injectable()
export class ReferenceRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  regions() {
    return this.prisma.region.findMany({ orderBy: { id: 'asc' } });
  }

  regionExists(id: string) {
    return this.prisma.region.count({ where: { id } }).then((n) => n > 0);
  }

  occupations(regionId: string | undefined) {
    return this.prisma.occupation.findMany({
      where: { active: true, ...(regionId ? { regionId } : {}) },
      orderBy: [{ category: 'asc' }, { code: 'asc' }],
    });
  }

  policies() {
    return this.prisma.policy.findMany({
      include: {
        versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true, status: true } },
      },
      orderBy: [{ regionId: 'asc' }, { year: 'desc' }],
    });
  }

  batches(regionId: string | undefined) {
    return this.prisma.batch.findMany({
      where: regionId ? { regionId } : {},
      include: {
        windows: { orderBy: { opensAt: 'asc' } },
        policyVersion: { select: { policyId: true, version: true } },
      },
      orderBy: [{ year: 'desc' }, { code: 'asc' }],
    });
  }
}
