import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

/** An item of a bank with the metadata of its latest version, as the import compares them. */
export interface StoredItem {
  id: string;
  externalId: string;
  subject: string | null;
  latestVersion: number;
  retiredAt: Date | null;
  versionId: string;
  contentHash: string;
  levels: string[];
  topic: string;
  difficulty: number;
  source: string;
  explanation: string | null;
}

/** Metadata written onto an existing (latest) version in place. */
export interface VersionMetadata {
  versionId: string;
  levels: string[];
  topic: string;
  difficulty: number;
  source: string;
  explanation: string | null;
}

/** An existing item that takes a new latest version, comes back, or moves to another subject. */
export interface ItemUpdate {
  id: string;
  latestVersion: number;
  subject: string | null;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest table. */
const CHUNK = 1000;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Queries of `exam bank import`: set-based, a handful of statements whatever the bank's size. */
@Injectable()
export class BankImportRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 300_000, maxWait: 30_000 });
  }

  /** Serialises imports of one occupation's bank (also when the bank does not exist yet). */
  async lockBank(tx: Db, occupationCode: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('exam:bank:' || ${occupationCode}))`;
  }

  /** The occupation's name in the catalogue of any region (the first region by id), or null. */
  async occupationName(code: string, db: Db = this.prisma): Promise<string | null> {
    const row = await db.occupation.findFirst({
      where: { code },
      orderBy: { regionId: 'asc' },
      select: { name: true },
    });
    return row?.name ?? null;
  }

  findBank(tx: Db, occupationCode: string) {
    return tx.questionBank.findUnique({
      where: { occupationCode },
      select: { id: true, name: true, occupationName: true },
    });
  }

  activeItemCount(tx: Db, bankId: string): Promise<number> {
    return tx.bankItem.count({ where: { bankId, retiredAt: null } });
  }

  async saveBank(
    tx: Db,
    data: { id: string; occupationCode: string; occupationName: string; name: string },
  ): Promise<void> {
    await tx.questionBank.upsert({
      where: { occupationCode: data.occupationCode },
      create: data,
      update: { occupationName: data.occupationName, name: data.name },
      select: { id: true },
    });
  }

  /** Every item of the bank (retired ones too) with its latest version's hash and metadata. */
  storedItems(tx: Db, bankId: string): Promise<StoredItem[]> {
    return tx.$queryRaw<StoredItem[]>`
      SELECT i.id, i."externalId", i.subject, i."latestVersion", i."retiredAt",
             v.id AS "versionId", v."contentHash", v.levels::text[] AS levels, v.topic, v.difficulty,
             v.source, v.explanation
        FROM "BankItem" i
        JOIN "BankItemVersion" v ON v."itemId" = i.id AND v.version = i."latestVersion"
       WHERE i."bankId" = ${bankId}::uuid`;
  }

  /** The given image hashes that are stored already. */
  async storedImages(tx: Db, sha256: string[]): Promise<Set<string>> {
    if (!sha256.length) return new Set();
    const rows = await tx.bankImage.findMany({ where: { sha256: { in: sha256 } }, select: { sha256: true } });
    return new Set(rows.map((r) => r.sha256));
  }

  async insertImages(tx: Db, rows: Prisma.BankImageCreateManyInput[]): Promise<void> {
    for (const rowsChunk of chunks(rows))
      await tx.bankImage.createMany({ data: rowsChunk, skipDuplicates: true });
  }

  createImport(tx: Db, data: Prisma.BankImportUncheckedCreateInput) {
    return tx.bankImport.create({ data, select: { id: true } });
  }

  async insertItems(tx: Db, rows: Prisma.BankItemCreateManyInput[]): Promise<void> {
    for (const rowsChunk of chunks(rows)) await tx.bankItem.createMany({ data: rowsChunk });
  }

  async insertVersions(tx: Db, rows: Prisma.BankItemVersionCreateManyInput[]): Promise<void> {
    for (const rowsChunk of chunks(rows)) await tx.bankItemVersion.createMany({ data: rowsChunk });
  }

  /** Sets latestVersion and subject, and clears retiredAt, of the given items in one statement. */
  async updateItems(tx: Db, rows: ItemUpdate[]): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.$executeRaw`
        UPDATE "BankItem" AS i
           SET "latestVersion" = u.version, subject = u.subject, "retiredAt" = NULL
          FROM unnest(${part.map((r) => r.id)}::uuid[], ${part.map((r) => r.latestVersion)}::int[],
                      ${part.map((r) => r.subject)}::text[]) AS u(id, version, subject)
         WHERE i.id = u.id`;
    }
  }

  /** Writes metadata (levels, topic, difficulty, source, explanation) onto versions in place. */
  async updateVersionMetadata(tx: Db, rows: VersionMetadata[]): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.$executeRaw`
        UPDATE "BankItemVersion" AS v
           SET levels = string_to_array(u.levels, ',')::"Level"[], topic = u.topic,
               difficulty = u.difficulty, source = u.source, explanation = u.explanation
          FROM unnest(${part.map((r) => r.versionId)}::uuid[], ${part.map((r) => r.levels.join(','))}::text[],
                      ${part.map((r) => r.topic)}::text[], ${part.map((r) => r.difficulty)}::int[],
                      ${part.map((r) => r.source)}::text[], ${part.map((r) => r.explanation)}::text[])
               AS u(id, levels, topic, difficulty, source, explanation)
         WHERE v.id = u.id`;
    }
  }

  async retireItems(tx: Db, ids: string[], at: Date): Promise<void> {
    if (!ids.length) return;
    await tx.bankItem.updateMany({ where: { id: { in: ids }, retiredAt: null }, data: { retiredAt: at } });
  }
}
