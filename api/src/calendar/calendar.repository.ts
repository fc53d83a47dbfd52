import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

@Injectable()
export class CalendarRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findAll() {
    return this.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } });
  }

  find(year: number) {
    return this.prisma.calendarYear.findUnique({ where: { year } });
  }

  upsert(data: Prisma.CalendarYearUncheckedCreateInput, db: Db) {
    const { year, ...rest } = data;
    return db.calendarYear.upsert({ where: { year }, create: data, update: rest });
  }
}

export type CalendarYearRow = NonNullable<Awaited<ReturnType<CalendarRepository['find']>>>;
