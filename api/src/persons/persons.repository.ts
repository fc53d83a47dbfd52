import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

const summaryInclude = {
  organisation: { select: { name: true } },
  occupation: { select: { name: true } },
  grades: { select: { level: true, certifiedOn: true }, orderBy: { certifiedOn: 'desc' as const } },
} as const;

const detailInclude = {
  organisation: { select: { name: true } },
  occupation: { select: { name: true } },
  annualAssessments: { orderBy: { year: 'desc' as const } },
  grades: { include: { occupation: { select: { name: true } } }, orderBy: { certifiedOn: 'desc' as const } },
  honours: { orderBy: { awardedOn: 'desc' as const } },
  sanctions: { orderBy: { startsOn: 'desc' as const } },
} as const;

@Injectable()
export class PersonsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async list(where: Prisma.PersonWhereInput, page: number, pageSize: number) {
    const [items, total] = await Promise.all([
      this.prisma.person.findMany({
        where,
        include: summaryInclude,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.person.count({ where }),
    ]);
    return { items, total };
  }

  findDetail(id: string) {
    return this.prisma.person.findUnique({ where: { id }, include: detailInclude });
  }

  findScope(id: string) {
    return this.prisma.person.findUnique({
      where: { id },
      select: { id: true, organisationId: true, idNumber: true },
    });
  }

  idNumberTaken(idNumber: string) {
    return this.prisma.person.count({ where: { idNumber } }).then((n) => n > 0);
  }

  organisation(id: string) {
    return this.prisma.organisation.findUnique({
      where: { id },
      select: { id: true, kind: true, regionId: true },
    });
  }

  occupation(id: string) {
    return this.prisma.occupation.findUnique({ where: { id }, select: { id: true, regionId: true } });
  }

  create(data: Prisma.PersonUncheckedCreateInput, db: Db) {
    return db.person.create({ data, select: { id: true } });
  }
}

export type PersonSummaryRow = Awaited<ReturnType<PersonsRepository['list']>>['items'][number];
export type PersonDetailRow = NonNullable<Awaited<ReturnType<PersonsRepository['findDetail']>>>;
