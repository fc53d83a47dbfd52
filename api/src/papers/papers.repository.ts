import { Inject, Injectable } from '@nestjs/common';
import type { Level } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';
import type { PaperLayoutItem } from './paper-assembly.js';

/** rows per INSERT statement when writing papers */
const CHUNK = 2_000;
/** paper items per INSERT statement (six arrays of this length as parameters) */
const ITEM_CHUNK = 50_000;

export interface SeatedCandidate {
  applicationId: string;
  roomId: string;
  occupationCode: string;
  level: Level;
}

export interface PaperRow {
  id: string;
  sittingId: string;
  applicationId: string;
  blueprintId: string;
  selectionSeed: string;
  orderSeed: string;
  itemCount: number;
  totalPointsTenths: number;
  durationMinutes: number;
  contentKey: Uint8Array<ArrayBuffer>;
  assembledAt: Date;
}

const INSERT_PAPER_ITEMS_SQL = `
INSERT INTO "PaperItem" ("paperId", position, section, "bankItemVersionId", "pointsTenths", "optionOrder")
SELECT p, pos, sec, v, pts, o::int[]
  FROM unnest($1::uuid[], $2::int[], $3::int[], $4::uuid[], $5::int[], $6::text[]) AS t(p, pos, sec, v, pts, o)`;

/** Queries of paper assembly: a sitting's seated candidates, and writing its papers and attempts. */
@Injectable()
export class PapersRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 600_000, maxWait: 10_000 });
  }

  sitting(id: string, db: Db = this.prisma) {
    return db.sitting.findUnique({
      where: { id },
      select: {
        id: true,
        name: true,
        component: true,
        status: true,
        subject: true,
        batch: { select: { regionId: true } },
      },
    });
  }

  /** Locks the sitting's row: assemblies of one sitting run one at a time. */
  async lockSitting(tx: Db, id: string): Promise<void> {
    await tx.$queryRaw`SELECT id FROM "Sitting" WHERE id = ${id}::uuid FOR UPDATE`;
  }

  /** The sitting's seated candidates, room by room (in the sitting's room order), in seat order. */
  async seatedCandidates(db: Db, sittingId: string): Promise<SeatedCandidate[]> {
    const rows = await db.seatAssignment.findMany({
      where: { sittingId },
      select: {
        applicationId: true,
        roomId: true,
        application: { select: { targetLevel: true, occupation: { select: { code: true } } } },
      },
      orderBy: [{ sittingRoom: { position: 'asc' } }, { seat: { row: 'asc' } }, { seat: { column: 'asc' } }],
    });
    return rows.map((r) => ({
      applicationId: r.applicationId,
      roomId: r.roomId,
      occupationCode: r.application.occupation.code,
      level: r.application.targetLevel,
    }));
  }

  /** Attempts of the sitting that have left 未登录, locked against a concurrent login. */
  async startedAttempts(tx: Db, sittingId: string): Promise<number> {
    const rows = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM "Attempt" WHERE "sittingId" = ${sittingId}::uuid FOR UPDATE`;
    return rows.filter((r) => r.status !== 'not_started').length;
  }

  /** Removes the sitting's papers with their items and attempts (only ever before any attempt began). */
  async deletePapers(tx: Db, sittingId: string): Promise<number> {
    const attempt = { sittingId };
    await tx.markingTask.deleteMany({ where: { sittingId } });
    await tx.answerSave.deleteMany({ where: { attempt } });
    await tx.examSession.deleteMany({ where: { attempt } });
    await tx.componentScore.deleteMany({ where: { sittingId, source: 'attempt' } });
    await tx.attempt.deleteMany({ where: attempt });
    const { count } = await tx.paper.deleteMany({ where: { sittingId } });
    return count;
  }

  async insertPapers(tx: Db, rows: readonly PaperRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await tx.paper.createMany({ data: rows.slice(i, i + CHUNK) as PaperRow[] });
  }

  /** Paper items in big statements (arrays unnested by PostgreSQL): 100 items × thousands of papers. */
  async insertPaperItems(
    db: Db,
    rows: readonly { paperId: string; layout: readonly PaperLayoutItem[] }[],
  ): Promise<number> {
    let total = 0;
    let batch: [string[], number[], number[], string[], number[], string[]] = [[], [], [], [], [], []];
    const flush = async () => {
      if (batch[0].length === 0) return;
      await db.$executeRawUnsafe(INSERT_PAPER_ITEMS_SQL, ...batch);
      total += batch[0].length;
      batch = [[], [], [], [], [], []];
    };
    for (const { paperId, layout } of rows) {
      for (const item of layout) {
        batch[0].push(paperId);
        batch[1].push(item.position);
        batch[2].push(item.section);
        batch[3].push(item.versionId);
        batch[4].push(item.pointsTenths);
        batch[5].push(`{${(item.optionOrder ?? []).join(',')}}`);
      }
      if (batch[0].length >= ITEM_CHUNK) await flush();
    }
    await flush();
    return total;
  }

  async insertAttempts(
    tx: Db,
    rows: readonly { paperId: string; sittingId: string; applicationId: string }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await tx.attempt.createMany({
        data: rows.slice(i, i + CHUNK).map((r) => ({ ...r, status: 'not_started' as const })),
      });
  }

  /** Papers of the sitting counted per blueprint (no keys, no content). */
  async summary(sittingId: string) {
    const groups = await this.prisma.paper.groupBy({
      by: ['blueprintId', 'itemCount', 'totalPointsTenths', 'durationMinutes'],
      where: { sittingId },
      _count: { _all: true },
      _max: { assembledAt: true },
    });
    const blueprints = await this.prisma.blueprint.findMany({
      where: { id: { in: groups.map((g) => g.blueprintId) } },
      select: { id: true, occupationCode: true, level: true, subject: true, version: true, name: true },
    });
    const started = await this.prisma.attempt.count({
      where: { sittingId, status: { not: 'not_started' } },
    });
    return { groups, blueprints, started };
  }
}
