import { Inject, Injectable } from '@nestjs/common';
import type { AttemptStatus, ItemType } from '@exam/contracts';
import { PRISMA, type PrismaClient } from '../../database/prisma.js';
import type { PaperIndexRow } from './paper-index.js';

/** One accepted-for-commit save, as the batch statement takes it. */
export interface BatchRow {
  attemptId: string;
  seq: number;
  position: number;
  /** JSON text of the response; null clears the answer */
  responseJson: string | null;
  key: string;
  receivedAt: Date;
}

/**
 * The database's verdict on one row of a batch:
 * ok (stored now) | duplicate (stored before with the same key) | replay | stale | closed | time_up |
 * not_started | paused | missing (no such attempt).
 */
export type BatchVerdict =
  'ok' | 'duplicate' | 'replay' | 'stale' | 'closed' | 'time_up' | 'not_started' | 'paused' | 'missing';

export interface BatchOutcome {
  verdict: BatchVerdict;
  /** when the stored row was received (ok and duplicate) */
  savedAt: Date | null;
  /** the attempt's highest stored seq after the batch */
  lastSeq: number | null;
}

/**
 * One statement per batch. The database decides, row by row and in the order received:
 *  - the attempt rows are locked (in id order, so concurrent batches cannot deadlock) and read fresh, so a
 *    submission or pause committed meanwhile is seen;
 *  - a (attemptId, seq) already stored is a duplicate (same key) or a replay (another key);
 *  - the attempt must be running ('in_progress', or 'disconnected' — its clock runs on) and the save received
 *    before endsAt + grace (the receipt time is the server's, passed in, never the database's now());
 *  - seq must exceed both the attempt's lastSeq and every seq before it in this batch (a lower one is stale);
 *  - accepted rows are inserted and Attempt.lastSeq is raised to the batch's highest, in the same statement.
 */
const COMMIT_BATCH_SQL = `
WITH u AS (
  SELECT *
  FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[])
       WITH ORDINALITY AS u(attempt_id, seq, position, response, key, received_at, ord)
),
a AS (
  SELECT id, status::text AS status, "endsAt", "lastSeq", "closedBy"
  FROM "Attempt"
  WHERE id IN (SELECT attempt_id FROM u)
  ORDER BY id
  FOR UPDATE
),
judged AS (
  SELECT u.*, a.status, a."endsAt", a."lastSeq", a."closedBy",
         e."idempotencyKey" AS stored_key, e."receivedAt" AS stored_at,
         max(u.seq) OVER (PARTITION BY u.attempt_id ORDER BY u.ord
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_max
  FROM u
  LEFT JOIN a ON a.id = u.attempt_id
  LEFT JOIN "AnswerSave" e ON e."attemptId" = u.attempt_id AND e.seq = u.seq
),
verdicts AS (
  SELECT *,
    CASE
      WHEN status IS NULL THEN 'missing'
      WHEN stored_key = key THEN 'duplicate'
      WHEN stored_key IS NOT NULL THEN 'replay'
      WHEN status IN ('submitted', 'force_submitted', 'voided')
        THEN CASE WHEN "closedBy" = 'time_up' THEN 'time_up' ELSE 'closed' END
      WHEN status = 'paused' THEN 'paused'
      WHEN status NOT IN ('in_progress', 'disconnected') THEN 'not_started'
      WHEN "endsAt" IS NULL OR received_at >= "endsAt" + $7::int * interval '1 millisecond' THEN 'time_up'
      WHEN seq <= greatest("lastSeq", coalesce(before_max, 0)) THEN 'stale'
      ELSE 'ok'
    END AS verdict
  FROM judged
),
inserted AS (
  INSERT INTO "AnswerSave" ("attemptId", seq, position, response, "idempotencyKey", "receivedAt")
  SELECT attempt_id, seq, position, response::jsonb, key, received_at
  FROM verdicts
  WHERE verdict = 'ok'
  ON CONFLICT ("attemptId", seq) DO NOTHING
  RETURNING "attemptId", seq
),
raised AS (
  UPDATE "Attempt" t
  SET "lastSeq" = m.top
  FROM (SELECT "attemptId", max(seq) AS top FROM inserted GROUP BY "attemptId") m
  WHERE t.id = m."attemptId" AND t."lastSeq" < m.top
  RETURNING t.id, t."lastSeq"
)
SELECT v.ord::int AS ord,
       CASE WHEN v.verdict = 'ok' AND i.seq IS NULL THEN 'replay' ELSE v.verdict END AS verdict,
       CASE WHEN v.verdict = 'ok' THEN v.received_at ELSE v.stored_at END AS saved_at,
       greatest(r."lastSeq", v."lastSeq") AS last_seq
FROM verdicts v
LEFT JOIN inserted i ON i."attemptId" = v.attempt_id AND i.seq = v.seq
LEFT JOIN raised r ON r.id = v.attempt_id
ORDER BY v.ord`;

/** Queries of the answer save path: the paper index of an attempt, and the batched commit. */
@Injectable()
export class AnswerSavesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The papers of these attempts: position, type, options and key of each item, by attempt id. */
  async paperRows(attemptIds: string[]): Promise<Map<string, PaperIndexRow[]>> {
    const rows = await this.prisma.$queryRawUnsafe<(PaperIndexRow & { attempt_id: string })[]>(
      `SELECT a.id::text AS attempt_id, pi.position, v.type::text AS type, v.options, v.key
       FROM "Attempt" a
       JOIN "PaperItem" pi ON pi."paperId" = a."paperId"
       JOIN "BankItemVersion" v ON v.id = pi."bankItemVersionId"
       WHERE a.id = ANY($1::uuid[])`,
      attemptIds,
    );
    const byAttempt = new Map<string, PaperIndexRow[]>(attemptIds.map((id) => [id, []]));
    for (const { attempt_id, ...row } of rows)
      byAttempt.get(attempt_id)?.push({ ...row, position: Number(row.position), type: row.type as ItemType });
    return byAttempt;
  }

  /** The status of these attempts, by id (missing ones are left out). */
  async statuses(attemptIds: string[]): Promise<Map<string, AttemptStatus>> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string; status: AttemptStatus }[]>(
      `SELECT id::text AS id, status::text AS status FROM "Attempt" WHERE id = ANY($1::uuid[])`,
      attemptIds,
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** Commits one batch in one statement; outcomes in the order of `rows`. */
  async commitBatch(rows: readonly BatchRow[], graceMs: number): Promise<BatchOutcome[]> {
    const result = await this.prisma.$queryRawUnsafe<
      { ord: number; verdict: BatchVerdict; saved_at: Date | string | null; last_seq: number | null }[]
    >(
      COMMIT_BATCH_SQL,
      rows.map((r) => r.attemptId),
      rows.map((r) => r.seq),
      rows.map((r) => r.position),
      rows.map((r) => r.responseJson),
      rows.map((r) => r.key),
      rows.map((r) => r.receivedAt.toISOString()),
      graceMs,
    );
    const outcomes: BatchOutcome[] = new Array<BatchOutcome>(rows.length);
    for (const row of result) {
      outcomes[Number(row.ord) - 1] = {
        verdict: row.verdict,
        savedAt: row.saved_at === null ? null : new Date(row.saved_at),
        lastSeq: row.last_seq === null ? null : Number(row.last_seq),
      };
    }
    return outcomes;
  }
}
