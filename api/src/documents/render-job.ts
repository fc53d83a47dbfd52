import type { DocumentSpec, SheetSpec } from './document-model.js';
import { renderExcel } from './excel-renderer.js';
import type { FontOptions } from './pdf-fonts.js';
import { renderPdf } from './pdf-renderer.js';

/** One unit of work for the document pool, identical in a worker thread and in-process. */
export type RenderJob =
  | { kind: 'pdf'; spec: DocumentSpec; fonts?: FontOptions }
  | { kind: 'excel'; input: DocumentSpec | SheetSpec | SheetSpec[] };

export function runRenderJob(job: RenderJob): Promise<Buffer> {
  return job.kind === 'pdf' ? renderPdf(job.spec, job.fonts) : renderExcel(job.input);
}
