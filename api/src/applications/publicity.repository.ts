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

  /** Records an objection while the publicity still runs; false once it has been closed. */
  async setObjectionIfRunning(db: Db, entryId: string, objection: string): Promise<boolean> {
    const result = await db.publicityEntry.updateMany({
      where: { id: entryId, publicity: { status: 'running' } },
      data: { objection },
    });
    return result.count === 1;
  }

  /** Closes a running publicity; false when someone closed it first. */
  async closeIfRunning(db: Db, id: string, at: Date): Promise<boolean> {
    const result = await db.publicity.updateMany({
      where: { id, status: 'running' },
      data: { status: 'closed', closedAt: at },
    });
    return result.count === 1;
  }

  entries(db: Db, publicityId: string) {
    return db.publicityEntry.findMany({
      where: { publicityId },
      include: { application: true },
    });
  }

  /** Moves an application on from its 公示 only if it is still where it was read. */
  async moveIf(
    db: Db,
    id: string,
    expect: { stageIndex: number; round: number },
    update: Prisma.ApplicationUncheckedUpdateManyInput,
  ): Promise<boolean> {
    const result = await db.application.updateMany({
      where: { id, status: 'publicity', stageIndex: expect.stageIndex, round: expect.round },
      data: update,
    });
    return result.count === 1;
  }

  /** Locks the applications' rows for the rest of the transaction (serialises concurrent publicities). */
  async lockApplications(db: Db, ids: string[]): Promise<void> {
    await db.$queryRaw`SELECT id FROM "Application" WHERE id = ANY(${ids}::uuid[]) FOR UPDATE`;
  }

  runningEntries(db: Db, ids: string[]) {
    return db.publicityEntry.findMany({
      where: { applicationId: { in: ids }, publicity: { status: 'running' } },
      include: { application: { select: { number: true } } },
    });
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000 });
  }
}
