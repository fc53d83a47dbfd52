import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../common/domain-errors.js';
import type { DocumentSpec, SheetSpec } from './document-model.js';
import { FontUnavailable, UnsupportedCharacter } from './pdf-fonts.js';
import { PdfPool } from './pdf-pool.js';

/**
 * Turns documents built as plain data (document-model.ts) by the modules that own them into PDF or Excel
 * bytes, off the event loop (pdf-pool.ts).
 */
@Injectable()
export class DocumentsService implements OnModuleDestroy {
  private readonly logger = new Logger('DocumentsService');
  private readonly pool = new PdfPool();

  /** 'worker' when compiled, 'in-process' when run from the TypeScript sources (tests). */
  get mode() {
    return this.pool.mode;
  }

  renderPdf(spec: DocumentSpec): Promise<Buffer> {
    return this.pool.run({ kind: 'pdf', spec }).catch((error: unknown) => this.fail(error));
  }

  /** One sheet per table of a document, or the given sheets. */
  renderExcel(input: DocumentSpec | SheetSpec | SheetSpec[]): Promise<Buffer> {
    return this.pool.run({ kind: 'excel', input }).catch((error: unknown) => this.fail(error));
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }

  private fail(error: unknown): never {
    if (error instanceof UnsupportedCharacter) throw new DomainError('validation_failed', 422, error.message);
    if (error instanceof FontUnavailable) this.logger.error(error.message);
    throw error;
  }
}
