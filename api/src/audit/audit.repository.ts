import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

@Injectable()
export class AuditRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  insert(data: Prisma.AuditLogUncheckedCreateInput, db: Db = this.prisma) {
    return db.auditLog.create({ data, select: { id: true } });
  }

  async list(where: Prisma.AuditLogWhereInput, page: number, pageSize: number) {
    const [items, total] = await Promise.all([
      this.prisma.auditLog.findMany({
        where,
        orderBy: { id: 'desc' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.auditLog.count({ where }),
    ]);
    return { items, total };
  }
}
