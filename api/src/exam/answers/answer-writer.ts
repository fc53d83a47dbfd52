import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { answerSaveSchema, type AttemptStatus, type SaveAck, type SaveRefusal } from '@exam/contracts';
import { AuditService } from '../../audit/audit.service.js';
import { Clock } from '../../common/clock.js';
import { ActiveClients } from '../active-clients.js';
import { ExamEvents } from '../exam-events.js';
import type { ExamSessionContext } from '../exam-session.js';
import {
  ANSWER_WRITER_OPTIONS,
  answerWriterOptions,
  type AnswerWriterOptions,
} from './answer-writer-options.js';
import { AnswerSavesRepository, type BatchOutcome, type BatchRow } from './answer-saves.repository.js';
import { MicroBatcher } from './micro-batcher.js';
import { buildPaperIndex, PaperIndexCache, responseProblem } from './paper-index.js';
import { refusal, RefusalAuditThrottle } from './save-refusals.js';

interface Queued {
  session: ExamSessionContext;
  row: BatchRow;
  /** performance.now() when it joined the queue */
  queuedAt: number;
  resolve: (ack: SaveAck) => void;
}

/**
 * The answer save path. A save is checked in memory (shape, own attempt, position in the paper, response
 * fits the item — the paper index is cached per attempt), then queued; queued saves are committed together,
 * one multi-row statement per batch, the next batch as soon as the previous one is done (group commit). The
 * database decides status, time, duplicates, replays and order (answer-saves.repository.ts), so there is no
 * per-save query. Admission is bounded: beyond `maxPending` saves in the pipeline, or while the oldest queued
 * save has waited longer than `maxQueueMs` (the database is not keeping up), a save is refused at once with
 * 'busy' and a jittered retryAfterMs — the client keeps it and resends — instead of an unbounded queue whose
 * latency grows until the process collapses.
 * Every refusal but 'busy' is audited (throttled per attempt and kind) and nothing is stored.
 */
@Injectable()
export class AnswerWriter {
  private readonly logger = new Logger(AnswerWriter.name);
  private readonly options: AnswerWriterOptions;
  private readonly papers: PaperIndexCache;
  private readonly auditThrottle: RefusalAuditThrottle;
  private readonly queue: Queued[] = [];
  /** saves admitted and not yet answered, by attempt (drain waits for these) */
  private readonly inPipeline = new Map<string, Set<Promise<SaveAck>>>();
  /** queued or in-flight saves by `attemptId:seq`: a resend while the first is on its way waits for it */
  private readonly bySeq = new Map<string, { key: string; done: Promise<SaveAck> }>();
  private readonly statusLoads: MicroBatcher<AttemptStatus>;
  private pending = 0;
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly repository: AnswerSavesRepository,
    @Inject(Clock) private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: ExamEvents,
    private readonly activeClients: ActiveClients,
    @Optional() @Inject(ANSWER_WRITER_OPTIONS) options?: Partial<AnswerWriterOptions>,
  ) {
    this.options = answerWriterOptions(process.env, options ?? {});
    const paperLoads = new MicroBatcher((ids) => this.repository.paperRows(ids));
    this.papers = new PaperIndexCache(
      async (attemptId) => buildPaperIndex((await paperLoads.load(attemptId)) ?? []),
      this.options.paperCacheSize,
    );
    this.statusLoads = new MicroBatcher((ids) => this.repository.statuses(ids));
    this.auditThrottle = new RefusalAuditThrottle(this.options.auditIntervalMs);
  }

  /** Saves admitted and not yet answered (queued, being checked or being committed). */
  get pendingCount(): number {
    return this.pending;
  }

  /** Loads the attempt's paper index ahead of its first save (e.g. when its socket connects). */
  warm(attemptId: string): void {
    this.papers.get(attemptId).catch(() => undefined);
  }

  /** The attempt's status as stored now (loads of many attempts at once go in one query). */
  async status(attemptId: string): Promise<AttemptStatus | null> {
    return (await this.statusLoads.load(attemptId)) ?? null;
  }

  /** Drops the attempt's cached paper index (it closed). */
  forget(attemptId: string): void {
    this.papers.forget(attemptId);
  }

  /** Validates and stores one save for the session's attempt; resolves with the acknowledgement. */
  async save(session: ExamSessionContext, message: unknown): Promise<SaveAck> {
    const parsed = answerSaveSchema.safeParse(message);
    if (!parsed.success) {
      const seq = (message as { seq?: unknown } | null)?.seq;
      const issue = parsed.error.issues[0];
      return this.refuse(session, 'invalid', Number.isInteger(seq) ? (seq as number) : null, null, {
        message: issue ? `保存内容格式不正确：${issue.message}` : undefined,
        details: { path: issue?.path.join('.') ?? '' },
      });
    }
    const save = parsed.data;
    if (save.attemptId !== session.attemptId)
      return this.refuse(session, 'forbidden', save.seq, save.position, {
        details: { targetAttemptId: save.attemptId },
      });
    if (this.activeClients.heldByOther(session.attemptId, session.clientId))
      return this.refuse(session, 'second_client', save.seq, save.position);
    const head = this.queue[0];
    if (
      this.pending >= this.options.maxPending ||
      (head && performance.now() - head.queuedAt > this.options.maxQueueMs)
    ) {
      const jitter = Math.floor(Math.random() * this.options.retryAfterMs);
      return refusal('busy', save.seq, { retryAfterMs: this.options.retryAfterMs + jitter });
    }
    this.pending++;
    const done = this.admit(session, save.seq, save.position, save.response, save.key);
    let attemptSaves = this.inPipeline.get(session.attemptId);
    if (!attemptSaves) this.inPipeline.set(session.attemptId, (attemptSaves = new Set()));
    attemptSaves.add(done);
    try {
      return await done;
    } finally {
      this.pending--;
      attemptSaves.delete(done);
      if (attemptSaves.size === 0 && this.inPipeline.get(session.attemptId) === attemptSaves)
        this.inPipeline.delete(session.attemptId);
    }
  }

  /** Resolves once every save of the attempt admitted so far is committed (or refused). */
  async drain(attemptId: string): Promise<void> {
    const saves = this.inPipeline.get(attemptId);
    if (saves?.size) await Promise.allSettled([...saves]);
  }

  private async admit(
    session: ExamSessionContext,
    seq: number,
    position: number,
    response: string | string[] | boolean | null,
    key: string,
  ): Promise<SaveAck> {
    const receivedAt = this.clock.now();
    let paper;
    try {
      paper = await this.papers.get(session.attemptId);
    } catch (error) {
      this.logger.error(`试卷索引读取失败（${session.attemptId}）：${String(error)}`);
      return this.retryLater(seq);
    }
    const item = paper.get(position);
    if (!item)
      return this.refuse(session, 'not_in_paper', seq, position, {
        message: `第 ${position} 题不在本试卷中`,
      });
    const problem = responseProblem(item, response);
    if (problem)
      return this.refuse(session, 'bad_response', seq, position, {
        message: `第 ${position} 题：${problem}`,
      });

    const id = `${session.attemptId}:${seq}`;
    const earlier = this.bySeq.get(id);
    if (earlier) {
      // the same seq is already on its way: a resend (same key) gets its answer; another key is a replay
      // once the first is stored, and takes its chance if the first was refused
      const first = await earlier.done;
      if (earlier.key === key) return first.ok ? { ...first, duplicate: true } : first;
      if (first.ok) return this.refuse(session, 'replay', seq, position, { details: { key } });
      return this.admit(session, seq, position, response, key);
    }

    const done = new Promise<SaveAck>((resolve) => {
      this.queue.push({
        session,
        queuedAt: performance.now(),
        row: {
          attemptId: session.attemptId,
          seq,
          position,
          responseJson: response === null ? null : JSON.stringify(response),
          key,
          receivedAt,
        },
        resolve,
      });
    });
    this.bySeq.set(id, { key, done });
    this.kick();
    try {
      return await done;
    } finally {
      if (this.bySeq.get(id)?.done === done) this.bySeq.delete(id);
    }
  }

  /** Starts a flush on the next turn of the event loop (so saves arriving together go together). */
  private kick(): void {
    if (this.scheduled || this.flushing || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch = this.queue.splice(0, this.options.maxBatch);
    let outcomes: BatchOutcome[] | null = null;
    try {
      outcomes = await this.repository.commitBatch(
        batch.map((q) => q.row),
        this.options.graceMs,
      );
    } catch (error) {
      this.logger.error(`答案批量写入失败（${batch.length} 条）：${String(error)}`);
    } finally {
      this.flushing = false;
      this.kick();
    }
    for (let i = 0; i < batch.length; i++) {
      const queued = batch[i]!;
      const outcome = outcomes?.[i];
      if (!outcome) queued.resolve(this.retryLater(queued.row.seq));
      else void Promise.resolve(this.answer(queued, outcome)).then(queued.resolve);
    }
  }

  private answer(queued: Queued, outcome: BatchOutcome): Promise<SaveAck> | SaveAck {
    const { row, session } = queued;
    switch (outcome.verdict) {
      case 'ok':
      case 'duplicate': {
        const savedAt = (outcome.savedAt ?? row.receivedAt).toISOString();
        if (outcome.verdict === 'ok')
          this.events.emit({
            type: 'saved',
            attemptId: row.attemptId,
            seq: row.seq,
            position: row.position,
            at: savedAt,
          });
        return { ok: true, seq: row.seq, savedAt, duplicate: outcome.verdict === 'duplicate' };
      }
      case 'missing':
        return this.refuse(session, 'forbidden', row.seq, row.position);
      case 'replay':
      case 'stale':
        return this.refuse(session, outcome.verdict, row.seq, row.position, {
          lastSeq: outcome.lastSeq ?? undefined,
          details: { key: row.key },
        });
      default:
        return this.refuse(session, outcome.verdict, row.seq, row.position);
    }
  }

  private retryLater(seq: number): SaveAck {
    const jitter = Math.floor(Math.random() * this.options.retryAfterMs);
    return refusal('busy', seq, { retryAfterMs: this.options.retryAfterMs * 2 + jitter });
  }

  /** Refuses a save, recording it in the audit log (throttled) before answering. */
  private async refuse(
    session: ExamSessionContext,
    code: Exclude<SaveRefusal, 'busy'>,
    seq: number | null,
    position: number | null,
    extra: { message?: string; lastSeq?: number | undefined; details?: Record<string, string> } = {},
  ): Promise<SaveAck> {
    const ack = refusal(code, seq, {
      ...(extra.message ? { message: extra.message } : {}),
      ...(extra.lastSeq !== undefined ? { lastSeq: extra.lastSeq } : {}),
    });
    const admitted = this.auditThrottle.admit(session.attemptId, code, this.clock.now().getTime());
    if (admitted) {
      try {
        await this.audit.record(
          null,
          { ip: session.ip, userAgent: session.userAgent },
          {
            category: 'exam_event',
            action: 'exam.save_refused',
            entityType: 'Attempt',
            entityId: session.attemptId,
            details: {
              code,
              seq,
              position,
              message: ack.message,
              clientId: session.clientId,
              sessionId: session.sessionId,
              ...(admitted.suppressed ? { suppressedSinceLast: admitted.suppressed } : {}),
              ...extra.details,
            },
          },
        );
      } catch (error) {
        this.logger.error(`拒绝保存的审计记录写入失败：${String(error)}`);
      }
    }
    return ack;
  }
}
