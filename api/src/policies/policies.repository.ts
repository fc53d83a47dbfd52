import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

@Injectable()
export class PoliciesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  version(id: string) {
    return this.prisma.policyVersion.findUnique({ where: { id } });
  }

  versionOf(policyId: string, version: number) {
    return this.prisma.policyVersion.findUnique({ where: { policyId_version: { policyId, version } } });
  }

  policy(id: string) {
    return this.prisma.policy.findUnique({
      where: { id },
      include: {
        versions: {
          orderBy: { version: 'desc' },
          select: {
            id: true,
            version: true,
            status: true,
            checksum: true,
            publishedAt: true,
            createdAt: true,
          },
        },
      },
    });
  }

  latestVersion(policyId: string, db: Db = this.prisma) {
    return db.policyVersion.findFirst({ where: { policyId }, orderBy: { version: 'desc' } });
  }

  createVersion(db: Db, data: Prisma.PolicyVersionUncheckedCreateInput) {
    return db.policyVersion.create({ data });
  }

  /** Publishes a draft; false when it is no longer a draft (published meanwhile). */
  async publishDraft(db: Db, id: string, at: Date): Promise<boolean> {
    const result = await db.policyVersion.updateMany({
      where: { id, status: 'draft' },
      data: { status: 'published', publishedAt: at },
    });
    return result.count === 1;
  }

  retirePublished(db: Db, policyId: string, exceptId: string) {
    return db.policyVersion.updateMany({
      where: { policyId, status: 'published', id: { not: exceptId } },
      data: { status: 'retired' },
    });
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }
}
