import { Inject, Injectable } from '@nestjs/common';
import type { ItemType, MarkingStatus } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

/** Whose tasks a marker sees: null = every task (admin); else tasks of these regions or panel scopes. */
export type MarkingScope = {
  regionIds: string[];
  panels: { batchId: string; occupationId: string; level: string }[];
} | null;

export interface MarkingTaskRow {
  id: string;
  attemptId: string;
  sittingId: string;
  sittingName: string;
  position: number;
  type: ItemType;
  stem: string;
  key: unknown;
  rubric: unknown;
  response: unknown;
  maxTenths: number;
  status: MarkingStatus;
  scoreTenths: number | null;
  comment: string | null;
  markedAt: Date | null;
}

const TASKS_SQL = `
SELECT t.id, t."attemptId", t."sittingId", s.name AS "sittingName", t.position, v.type::text AS type,
       v.stem, v.key, v.rubric, t."maxTenths", t.status::text AS status, t."scoreTenths", t.comment,
       t."markedAt",
       (SELECT a.response FROM "AnswerSave" a
         WHERE a."attemptId" = t."attemptId" AND a.position = t.position
         ORDER BY a.seq DESC LIMIT 1) AS response
  FROM "MarkingTask" t
  JOIN "Attempt" at ON at.id = t."attemptId"
  JOIN "PaperItem" pi ON pi."paperId" = at."paperId" AND pi.position = t.position
  JOIN "BankItemVersion" v ON v.id = pi."bankItemVersionId"
  JOIN "Sitting" s ON s.id = t."sittingId"
  JOIN "Batch" b ON b.id = s."batchId"
  JOIN "Application" ap ON ap.id = at."applicationId"
 WHERE ($1::uuid IS NULL OR t.id = $1::uuid)
   AND ($2::uuid IS NULL OR t."sittingId" = $2::uuid)
   AND ($3::text IS NULL OR t.status::text = $3::text)
   AND ($4::boolean OR b."regionId" = ANY($5::text[])
        OR EXISTS (SELECT 1 FROM unnest($6::uuid[], $7::uuid[], $8::text[]) AS p(batch, occupation, level)
                    WHERE p.batch = ap."batchId" AND p.occupation = ap."occupationId"
                      AND p.level = ap."targetLevel"::text))
 ORDER BY t."createdAt", t."attemptId", t.position
 LIMIT 500`;

/** Queries of 阅卷: tasks with their item and answer (never the candidate), within a marker's scope. */
@Injectable()
export class MarkingRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }

  async tasks(
    filter: { id?: string; sittingId?: string; status?: MarkingStatus },
    scope: MarkingScope,
    db: Db = this.prisma,
  ): Promise<MarkingTaskRow[]> {
    const rows = await db.$queryRawUnsafe<MarkingTaskRow[]>(
      TASKS_SQL,
      filter.id ?? null,
      filter.sittingId ?? null,
      filter.status ?? null,
      scope === null,
      scope?.regionIds ?? [],
      scope?.panels.map((p) => p.batchId) ?? [],
      scope?.panels.map((p) => p.occupationId) ?? [],
      scope?.panels.map((p) => p.level) ?? [],
    );
    return rows.map((r) => ({
      ...r,
      position: Number(r.position),
      maxTenths: Number(r.maxTenths),
      scoreTenths: r.scoreTenths === null ? null : Number(r.scoreTenths),
      markedAt: r.markedAt === null ? null : new Date(r.markedAt),
    }));
  }

  taskExists(id: string) {
    return this.prisma.markingTask.findUnique({ where: { id }, select: { id: true } });
  }

  /** Regions of the organisations an office grant acts on. */
  async regionsOf(organisationIds: string[]): Promise<string[]> {
    if (organisationIds.length === 0) return [];
    const rows = await this.prisma.organisation.findMany({
      where: { id: { in: organisationIds } },
      select: { regionId: true },
    });
    return [...new Set(rows.map((r) => r.regionId))];
  }

  panelAssignments(userId: string) {
    return this.prisma.panelAssignment.findMany({
      where: { userId },
      select: { batchId: true, occupationId: true, level: true },
    });
  }

  async lockTask(tx: Db, id: string) {
    const rows = await tx.$queryRaw<{ status: string; attemptStatus: string }[]>`
      SELECT t.status::text AS status, a.status::text AS "attemptStatus"
      FROM "MarkingTask" t JOIN "Attempt" a ON a.id = t."attemptId"
      WHERE t.id = ${id}::uuid FOR UPDATE OF t, a`;
    return rows[0] ?? null;
  }

  mark(
    tx: Db,
    id: string,
    data: { scoreTenths: number; comment: string | null; markerUserId: string; markedAt: Date },
  ) {
    return tx.markingTask.update({
      where: { id },
      data: { ...data, status: 'marked' },
      select: { id: true },
    });
  }
}
