import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

const summaryInclude = {
  batch: { select: { id: true, name: true, code: true } },
  person: { select: { id: true, name: true, idNumber: true } },
  organisation: { select: { id: true, name: true, ancestorIds: true } },
  occupation: { select: { id: true, name: true, code: true } },
  stageOrganisation: { select: { id: true, name: true, kind: true } },
  policyVersion: { select: { id: true, policyId: true, version: true } },
} as const;

const detailInclude = {
  ...summaryInclude,
  reviews: { orderBy: { at: 'asc' as const } },
  fees: { orderBy: { createdAt: 'asc' as const } },
  publicityEntries: {
    include: { publicity: { select: { id: true, startsOn: true, endsOn: true, status: true } } },
  },
} as const;

export type ApplicationSummaryRow = Prisma.ApplicationGetPayload<{ include: typeof summaryInclude }>;
export type ApplicationDetailRow = Prisma.ApplicationGetPayload<{ include: typeof detailInclude }>;

/** Queries of applications, their reviews and the records they are built from; no rules here. */
@Injectable()
export class ApplicationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  batch(id: string) {
    return this.prisma.batch.findUnique({
      where: { id },
      include: { windows: true, policyVersion: { select: { id: true, policyId: true, version: true } } },
    });
  }

  personByIdNumber(idNumber: string) {
    return this.prisma.person.findUnique({
      where: { idNumber },
      include: {
        organisation: { select: { id: true, kind: true, regionId: true, ancestorIds: true } },
        grades: { include: { occupation: { select: { name: true } } }, orderBy: { certifiedOn: 'desc' } },
        annualAssessments: { orderBy: { year: 'asc' } },
        honours: true,
        sanctions: true,
        occupation: { select: { name: true } },
      },
    });
  }

  personById(id: string) {
    return this.prisma.person.findUnique({
      where: { id },
      select: { id: true, idNumber: true, organisationId: true },
    });
  }

  occupationIn(regionId: string, codeOrName: string) {
    return this.prisma.occupation.findFirst({
      where: { regionId, active: true, OR: [{ code: codeOrName }, { name: codeOrName }] },
      select: { id: true, name: true, code: true },
    });
  }

  anyOccupation(regionId: string) {
    return this.prisma.occupation
      .findFirst({ where: { regionId, active: true }, orderBy: { code: 'asc' }, select: { name: true } })
      .then((o) => o?.name ?? null);
  }

  organisations(ids: string[]) {
    return this.prisma.organisation.findMany({
      where: { id: { in: ids } },
      select: { id: true, kind: true, name: true },
    });
  }

  /** 破格 categories the person has used or is using in other applications */
  exceptionalUses(personId: string, exceptApplicationId: string | null) {
    return this.prisma.application.findMany({
      where: {
        personId,
        exceptionalCategory: { not: null },
        status: { in: ['in_review', 'returned', 'publicity', 'approved'] },
        ...(exceptApplicationId ? { id: { not: exceptApplicationId } } : {}),
      },
      select: { exceptionalCategory: true, batch: { select: { year: true } } },
    });
  }

  existing(batchId: string, personId: string) {
    return this.prisma.application.findUnique({
      where: { batchId_personId: { batchId, personId } },
      select: { id: true, number: true, status: true },
    });
  }

  async nextNumber(db: Db, batchCode: string): Promise<string> {
    const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT nextval('application_number_seq') AS n`;
    return `${batchCode.toUpperCase()}-${String(rows[0]!.n).padStart(6, '0')}`;
  }

  create(db: Db, data: Prisma.ApplicationUncheckedCreateInput) {
    return db.application.create({ data, select: { id: true } });
  }

  update(db: Db, id: string, data: Prisma.ApplicationUncheckedUpdateInput) {
    return db.application.update({ where: { id }, data, select: { id: true } });
  }

  /** Updates only when the row is still in the expected state (guards concurrent decisions). */
  async updateIf(
    db: Db,
    id: string,
    expect: {
      status: Prisma.ApplicationWhereInput['status'];
      stageIndex?: number;
      round?: number;
      /** null: only while not printed for signature */
      lockedAt?: null;
    },
    data: Prisma.ApplicationUncheckedUpdateInput,
  ): Promise<boolean> {
    const result = await db.application.updateMany({
      where: {
        id,
        status: expect.status,
        ...(expect.stageIndex !== undefined ? { stageIndex: expect.stageIndex } : {}),
        ...(expect.round !== undefined ? { round: expect.round } : {}),
        ...(expect.lockedAt === null ? { lockedAt: null } : {}),
      },
      data: data as Prisma.ApplicationUncheckedUpdateManyInput,
    });
    return result.count === 1;
  }

  addReview(db: Db, data: Prisma.ApplicationReviewUncheckedCreateInput) {
    return db.applicationReview.create({ data });
  }

  findDetail(id: string, db: Db = this.prisma) {
    return db.application.findUnique({ where: { id }, include: detailInclude });
  }

  findMany(ids: string[]) {
    return this.prisma.application.findMany({ where: { id: { in: ids } }, include: detailInclude });
  }

  async list(where: Prisma.ApplicationWhereInput, page: number, pageSize: number) {
    const [items, total] = await Promise.all([
      this.prisma.application.findMany({
        where,
        include: summaryInclude,
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.application.count({ where }),
    ]);
    return { items, total };
  }

  createFee(db: Db, data: Prisma.FeeOrderUncheckedCreateInput) {
    return db.feeOrder.create({ data });
  }

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }
}
