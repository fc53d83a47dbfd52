import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

const applicationForChain = {
  organisation: { select: { id: true, name: true, ancestorIds: true } },
  person: { select: { name: true } },
  occupation: { select: { name: true } },
} as const;

const publicityInclude = {
  organisation: { select: { id: true, name: true, kind: true } },
  entries: {
    include: { application: { include: applicationForChain } },
    orderBy: { application: { number: 'asc' as const } },
  },
} as const;

export type PublicityRow = Prisma.PublicityGetPayload<{ include: typeof publicityInclude }>;

@Injectable()
export class PublicityRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  organisation(id: string) {
    return this.prisma.organisation.findUnique({
      where: { id },
      select: { id: true, kind: true, name: true },
    });
  }

  applications(ids: string[]) {
    return this.prisma.application.findMany({
      where: { id: { in: ids } },
      include: {
        ...applicationForChain,
        publicityEntries: { include: { publicity: { select: { status: true } } } },
      },
    });
  }

  find(id: string) {
    return this.prisma.publicity.findUnique({ where: { id }, include: publicityInclude });
  }

  list(batchId: string | undefined, roots: string[] | null) {
    return this.prisma.publicity.findMany({
      where: {
        ...(batchId ? { batchId } : {}),
        ...(roots ? { organisation: { ancestorIds: { hasSome: roots } } } : {}),
      },
      include: publicityInclude,
      orderBy: { createdAt: 'desc' },
      take: 200,
    });
  }

  create(db: Db, data: Prisma.PublicityUncheckedCreateInput) {
    return db.publicity.create({ data, select: { id: true } });
  }

  setObjection(db: Db, entryId: string, objection: string) {
    return db.publicityEntry.update({ where: { id: entryId }, data: { objection } });
  }

  close(db: Db, id: string, at: Date) {
    return db.publicity.update({ where: { id }, data: { status: 'closed', closedAt: at } });
  }

  moveApplication(db: Db, id: string, update: Prisma.ApplicationUncheckedUpdateInput) {
    return db.application.update({ where: { id }, data: update });
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000 });
  }
}
