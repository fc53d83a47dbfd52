import { Inject, Injectable } from '@nestjs/common';
import type { BatchStatus, Prisma, WindowKind } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

const batchInclude = {
  windows: true,
  policyVersion: {
    select: { id: true, policyId: true, version: true, status: true, policy: { select: { title: true } } },
  },
} satisfies Prisma.BatchInclude;

export type BatchRow = Prisma.BatchGetPayload<{ include: typeof batchInclude }>;

export interface WindowData {
  kind: WindowKind;
  opensAt: Date;
  closesAt: Date;
}

/** Queries of batches, their windows and the policy versions they pin; no rules here. */
@Injectable()
export class BatchesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  find(id: string, db: Db = this.prisma): Promise<BatchRow | null> {
    return db.batch.findUnique({ where: { id }, include: batchInclude });
  }

  region(id: string) {
    return this.prisma.region.findUnique({ where: { id }, select: { id: true, name: true } });
  }

  policy(id: string) {
    return this.prisma.policy.findUnique({
      where: { id },
      select: { id: true, regionId: true, year: true, title: true },
    });
  }

  /** One version of a policy, or (without `version`) the newest published one. */
  policyVersion(policyId: string, version: number | undefined) {
    return this.prisma.policyVersion.findFirst({
      where: version === undefined ? { policyId, status: 'published' } : { policyId, version },
      orderBy: { version: 'desc' },
      select: { id: true, policyId: true, version: true, status: true, document: true },
    });
  }

  codeTaken(regionId: string, code: string, db: Db = this.prisma) {
    return db.batch.count({ where: { regionId, code } }).then((n) => n > 0);
  }

  create(
    tx: Db,
    data: {
      regionId: string;
      policyVersionId: string;
      code: string;
      name: string;
      year: number;
      windows: WindowData[];
    },
  ) {
    const { windows, ...batch } = data;
    return tx.batch.create({ data: { ...batch, windows: { create: windows } }, select: { id: true } });
  }

  /** Locks the batch's row until the transaction ends, so window and status changes are serialised. */
  async lockBatch(tx: Db, id: string): Promise<void> {
    await tx.$queryRaw`SELECT id FROM "Batch" WHERE id = ${id}::uuid FOR UPDATE`;
  }

  async replaceWindows(tx: Db, batchId: string, windows: WindowData[]): Promise<void> {
    await tx.batchWindow.deleteMany({ where: { batchId } });
    if (windows.length > 0)
      await tx.batchWindow.createMany({ data: windows.map((w) => ({ ...w, batchId })) });
  }

  setStatus(tx: Db, id: string, from: BatchStatus, to: BatchStatus) {
    return tx.batch.updateMany({ where: { id, status: from }, data: { status: to } });
  }

  /** The first and last submission of the batch's applications (null when none was submitted). */
  async submissionSpan(tx: Db, batchId: string) {
    const r = await tx.application.aggregate({
      where: { batchId, submittedAt: { not: null } },
      _min: { submittedAt: true },
      _max: { submittedAt: true },
      _count: { submittedAt: true },
    });
    return { first: r._min.submittedAt, last: r._max.submittedAt, count: r._count.submittedAt };
  }

  /** Live (not cancelled) sittings of the batch. */
  liveSittings(tx: Db, batchId: string) {
    return tx.sitting.findMany({
      where: { batchId, status: { not: 'cancelled' } },
      select: { id: true, name: true, startsAt: true, endsAt: true },
      orderBy: { startsAt: 'asc' },
    });
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }
}
