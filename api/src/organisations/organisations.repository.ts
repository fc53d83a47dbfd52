import { Inject, Injectable } from '@nestjs/common';
import type { OrganisationKind } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

@Injectable()
export class OrganisationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Organisations within any of the subtrees (null = all), in tree order. */
  list(roots: string[] | null) {
    return this.prisma.organisation.findMany({
      where: roots === null ? {} : { ancestorIds: { hasSome: roots } },
      orderBy: [{ regionId: 'asc' }, { code: 'asc' }],
    });
  }

  findById(id: string) {
    return this.prisma.organisation.findUnique({ where: { id } });
  }

  codeTaken(regionId: string, code: string) {
    return this.prisma.organisation.count({ where: { regionId, code } }).then((n) => n > 0);
  }

  create(
    data: {
      id: string;
      regionId: string;
      parentId: string;
      kind: OrganisationKind;
      code: string;
      name: string;
      ancestorIds: string[];
    },
    db: Db,
  ) {
    return db.organisation.create({ data });
  }
}
