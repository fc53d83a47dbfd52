import { Injectable } from '@nestjs/common';
import type { ItemType } from '@exam/contracts';
import type { Db } from '../database/prisma.js';

/** Queries of scoring, always inside the caller's transaction (`db`). */
@Injectable()
export class AttemptScoringRepository {
  attempt(db: Db, attemptId: string) {
    return db.attempt.findUnique({
      where: { id: attemptId },
      select: {
        id: true,
        applicationId: true,
        sittingId: true,
        objectiveTenths: true,
        paper: {
          select: { id: true, totalPointsTenths: true, blueprint: { select: { spec: true } } },
        },
      },
    });
  }

  async items(db: Db, paperId: string) {
    const rows = await db.paperItem.findMany({
      where: { paperId },
      orderBy: { position: 'asc' },
      select: {
        position: true,
        section: true,
        pointsTenths: true,
        bankItemVersion: { select: { type: true, key: true, options: true } },
      },
    });
    return rows.map((r) => ({
      position: r.position,
      section: r.section,
      pointsTenths: r.pointsTenths,
      type: r.bankItemVersion.type as ItemType,
      key: r.bankItemVersion.key as unknown,
      options: r.bankItemVersion.options as unknown,
    }));
  }

  /** The current answer per position: the save with the highest seq. */
  async currentAnswers(db: Db, attemptId: string): Promise<Map<number, unknown>> {
    const rows = await db.$queryRaw<{ position: number; response: unknown }[]>`
      SELECT DISTINCT ON (position) position, response
        FROM "AnswerSave"
       WHERE "attemptId" = ${attemptId}::uuid
       ORDER BY position, seq DESC`;
    return new Map(rows.map((r) => [Number(r.position), r.response]));
  }

  async createTasks(
    db: Db,
    attemptId: string,
    sittingId: string,
    tasks: readonly { position: number; maxTenths: number }[],
  ): Promise<void> {
    if (tasks.length === 0) return;
    await db.markingTask.createMany({
      data: tasks.map((t) => ({ attemptId, sittingId, position: t.position, maxTenths: t.maxTenths })),
      skipDuplicates: true,
    });
  }

  tasks(db: Db, attemptId: string) {
    return db.markingTask.findMany({
      where: { attemptId },
      select: { status: true, scoreTenths: true },
    });
  }

  sittingOf(db: Db, sittingId: string) {
    return db.sitting.findUniqueOrThrow({
      where: { id: sittingId },
      select: { component: true, subject: true },
    });
  }

  updateAttempt(
    db: Db,
    attemptId: string,
    data: { objectiveTenths: number; pendingMarking: number; scoreTenths: number | null },
  ) {
    return db.attempt.update({ where: { id: attemptId }, data, select: { id: true } });
  }

  upsertComponentScore(
    db: Db,
    row: {
      applicationId: string;
      sittingId: string;
      component: 'theory' | 'practical' | 'committee_review';
      subject: string | null;
      scoreTenths: number;
      final: boolean;
      attemptId: string;
      recordedAt: Date;
    },
  ) {
    const data = { ...row, source: 'attempt' };
    return db.componentScore.upsert({
      where: { applicationId_sittingId: { applicationId: row.applicationId, sittingId: row.sittingId } },
      create: data,
      update: data,
      select: { id: true },
    });
  }
}
