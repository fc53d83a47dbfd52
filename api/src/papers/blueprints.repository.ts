import { Inject, Injectable } from '@nestjs/common';
import { WHOLE_BANK_SUBJECT, type ItemType, type Level } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';
import type { PoolItem } from './paper-assembly.js';

export interface BlueprintKey {
  occupationCode: string;
  level: Level;
  subject: string;
}

/** Queries of blueprints (组卷方案) and of the bank items a blueprint is filled from. */
@Injectable()
export class BlueprintsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }

  /** Serialises saves of one occupation × level × subject (the version number is read, then written). */
  async lockKey(tx: Db, key: BlueprintKey): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`exam:blueprint:${key.occupationCode}:${key.level}:${key.subject}`}))`;
  }

  latest(db: Db, key: BlueprintKey) {
    return db.blueprint.findFirst({ where: key, orderBy: { version: 'desc' } });
  }

  byId(id: string) {
    return this.prisma.blueprint.findUnique({ where: { id } });
  }

  /** Every version matching the filter, newest first per key (the caller keeps the first of each). */
  list(filter: Partial<BlueprintKey>) {
    return this.prisma.blueprint.findMany({
      where: filter,
      orderBy: [{ occupationCode: 'asc' }, { level: 'asc' }, { subject: 'asc' }, { version: 'desc' }],
    });
  }

  create(db: Db, data: Prisma.BlueprintUncheckedCreateInput) {
    return db.blueprint.create({ data });
  }

  /**
   * The items a blueprint of this occupation and subject is filled from: the latest version of every item
   * of the occupation's bank that is not retired, of the subject (every subject for WHOLE_BANK_SUBJECT),
   * in a stable order (the selection is deterministic from its seed only over a stable list).
   */
  async pool(db: Db, occupationCode: string, subject: string): Promise<PoolItem[]> {
    const wholeBank = subject === WHOLE_BANK_SUBJECT;
    const rows = await db.$queryRaw<
      {
        versionId: string;
        itemId: string;
        type: ItemType;
        topic: string;
        difficulty: number;
        levels: Level[];
        options: number;
      }[]
    >`
      SELECT v.id AS "versionId", i.id AS "itemId", v.type::text AS type, v.topic, v.difficulty,
             v.levels::text[] AS levels,
             CASE WHEN jsonb_typeof(v.options) = 'array' THEN jsonb_array_length(v.options) ELSE 0 END AS options
        FROM "BankItem" i
        JOIN "QuestionBank" b ON b.id = i."bankId"
        JOIN "BankItemVersion" v ON v."itemId" = i.id AND v.version = i."latestVersion"
       WHERE b."occupationCode" = ${occupationCode}
         AND i."retiredAt" IS NULL
         AND (${wholeBank} OR i.subject = ${subject})
       ORDER BY i."externalId"`;
    return rows.map((r) => ({
      ...r,
      difficulty: Number(r.difficulty),
      options: Number(r.options),
    }));
  }
}
