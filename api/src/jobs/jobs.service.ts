import { rm } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobView } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { hasRole, type Actor } from '../access/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, NotFound, OutOfScope } from '../common/domain-errors.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { FileStore } from '../files/file-store.js';

export type { JobView };

/**
 * A job's file: bytes, or a file on disk (written where `FileStore.tempPath` says) that is moved into the
 * store, so that a big result (a ZIP of 20,000 准考证) is never held in memory. The file at `path` is gone
 * after the job, stored or not.
 */
export type JobFile = { bytes: Buffer; name: string } | { path: string; name: string };

export interface JobContext {
  id: string;
  progress(done: number, total: number, message?: string): Promise<void>;
}

/**
 * Long tasks (imports, exports, document batches) run in the background with their progress in the Job
 * table, so the UI can show a progress bar; only the user who started a job (or an admin) reads it.
 */
@Injectable()
export class JobsService {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly files: FileStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Starts `work` and returns the job's id at once. `work` returns the result to keep and, optionally, a
   * file (`JobFile`); a DomainError it throws is the job's message (a person's mistake), anything else a
   * fault.
   */
  async start(
    actor: Actor,
    kind: string,
    total: number,
    work: (job: JobContext) => Promise<{ result: unknown; file?: JobFile }>,
  ): Promise<JobView> {
    const row = await this.prisma.job.create({
      data: { kind, total, createdByUserId: actor.userId, createdAt: this.clock.now() },
    });
    const context: JobContext = {
      id: row.id,
      progress: async (done, all, message) => {
        await this.prisma.job.update({
          where: { id: row.id },
          data: { done, total: all, message: message ?? null },
        });
      },
    };
    const task = (async () => {
      let path: string | null = null;
      try {
        const { result, file } = await work(context);
        if (file && 'path' in file) path = file.path;
        const sha = !file
          ? null
          : 'path' in file
            ? await this.files.putFile(file.path)
            : await this.files.put(file.bytes);
        await this.prisma.job.update({
          where: { id: row.id },
          data: {
            status: 'succeeded',
            result: result as Prisma.InputJsonValue,
            fileSha256: sha,
            fileName: file?.name ?? null,
            finishedAt: this.clock.now(),
          },
        });
      } catch (error) {
        const known = error instanceof DomainError;
        if (!known)
          this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        await this.prisma.job
          .update({
            where: { id: row.id },
            data: {
              status: 'failed',
              message: known ? error.message : '任务执行出错，请稍后重试或联系系统管理员',
              result: known && error.issues ? ({ issues: error.issues } as Prisma.InputJsonValue) : undefined,
              finishedAt: this.clock.now(),
            },
          })
          .catch(() => undefined);
      } finally {
        if (path) await rm(path, { force: true }).catch(() => undefined);
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return this.view(row);
  }

  /** Waits for every job started by this process (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private async owned(actor: Actor, id: string) {
    const row = await this.prisma.job.findUnique({ where: { id } });
    if (!row) throw new NotFound('没有找到该任务');
    if (row.createdByUserId !== actor.userId && !hasRole(actor, 'admin'))
      throw new OutOfScope('只能查看本人发起的任务');
    return row;
  }

  async get(actor: Actor, id: string): Promise<JobView> {
    return this.view(await this.owned(actor, id));
  }

  /** The job's file as a stream (it may be hundreds of MB). */
  async file(actor: Actor, id: string) {
    const row = await this.owned(actor, id);
    if (!row.fileSha256 || !row.fileName) throw new NotFound('该任务没有生成文件');
    return { ...(await this.files.open(row.fileSha256)), fileName: row.fileName };
  }

  private view(row: Prisma.JobGetPayload<object>): JobView {
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      done: row.done,
      total: row.total,
      message: row.message,
      result: row.result,
      fileName: row.fileName,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  }
}
