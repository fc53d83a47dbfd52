import { availableParallelism } from 'node:os';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../common/domain-errors.js';
import type { DocumentSpec, SheetSpec } from './document-model.js';
import { FontUnavailable, UnsupportedCharacter } from './pdf-fonts.js';
import { PdfPool } from './pdf-pool.js';
import type { LayoutInput, LayoutName, RenderJob } from './render-job.js';

/**
 * Turns documents built as plain data (document-model.ts) by the modules that own them into PDF or Excel
 * bytes, off the event loop (pdf-pool.ts).
 */
@Injectable()
export class DocumentsService implements OnModuleDestroy {
  private readonly logger = new Logger('DocumentsService');
  private readonly pool = new PdfPool();
  /** for big batches (all 准考证 of a batch): one worker per CPU, started on first use */
  private bulkPool: PdfPool | null = null;

  /** 'worker' when compiled, 'in-process' when run from the TypeScript sources (tests). */
  get mode() {
    return this.pool.mode;
  }

  renderPdf(spec: DocumentSpec): Promise<Buffer> {
    return this.pool.run({ kind: 'pdf', spec }).catch((error: unknown) => this.fail(error));
  }

  /** A fixed-layout document drawn by its module with pdfkit (render-job.ts), e.g. one 准考证. */
  renderLayout<N extends LayoutName>(layout: N, input: LayoutInput<N>): Promise<Buffer> {
    return this.pool
      .run({ kind: 'layout', layout, input } as Extract<RenderJob, { kind: 'layout' }>)
      .catch((error: unknown) => this.fail(error));
  }

  /**
   * A part of a big batch (a long roster, one chunk of 准考证): rendered by a separate pool with one worker
   * per CPU, so that a batch neither waits behind nor delays the single documents people wait for. Run at
   * most `bulkConcurrency` at once (ticket-rendering.ts does).
   */
  renderPdfBulk(spec: DocumentSpec): Promise<Buffer> {
    return this.bulk.run({ kind: 'pdf', spec }).catch((error: unknown) => this.fail(error));
  }

  /** `renderLayout` in the bulk pool (see `renderPdfBulk`). */
  renderLayoutBulk<N extends LayoutName>(layout: N, input: LayoutInput<N>): Promise<Buffer> {
    return this.bulk
      .run({ kind: 'layout', layout, input } as Extract<RenderJob, { kind: 'layout' }>)
      .catch((error: unknown) => this.fail(error));
  }

  private get bulk(): PdfPool {
    return (this.bulkPool ??= new PdfPool({ size: this.bulkConcurrency }));
  }

  get bulkConcurrency(): number {
    return Math.max(1, Math.min(availableParallelism(), 4));
  }

  /** One sheet per table of a document, or the given sheets. */
  renderExcel(input: DocumentSpec | SheetSpec | SheetSpec[]): Promise<Buffer> {
    return this.pool.run({ kind: 'excel', input }).catch((error: unknown) => this.fail(error));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pool.close(), this.bulkPool?.close()]);
  }

  private fail(error: unknown): never {
    if (error instanceof UnsupportedCharacter) throw new DomainError('validation_failed', 422, error.message);
    if (error instanceof FontUnavailable) this.logger.error(error.message);
    throw error;
  }
}
