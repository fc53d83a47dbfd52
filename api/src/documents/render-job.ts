import { renderAdmissionTicketsPdf } from '../scheduling/admission-ticket-document.js';
import type { DocumentSpec, SheetSpec } from './document-model.js';
import { renderExcel } from './excel-renderer.js';
import type { FontOptions } from './pdf-fonts.js';
import { renderPdf } from './pdf-renderer.js';

/**
 * Fixed layouts: documents printed by the thousand that their module draws directly with pdfkit
 * (pdf-canvas.ts) instead of describing them as a `DocumentSpec` for pdfmake, by name.
 */
const LAYOUTS = {
  'admission-tickets': renderAdmissionTicketsPdf,
} satisfies Record<string, (input: never, fonts?: FontOptions) => Promise<Buffer>>;

export type LayoutName = keyof typeof LAYOUTS;
export type LayoutInput<N extends LayoutName> = Parameters<(typeof LAYOUTS)[N]>[0];

/** One unit of work for the document pool, identical in a worker thread and in-process. */
export type RenderJob =
  | { kind: 'pdf'; spec: DocumentSpec; fonts?: FontOptions }
  | { kind: 'excel'; input: DocumentSpec | SheetSpec | SheetSpec[] }
  | {
      [N in LayoutName]: { kind: 'layout'; layout: N; input: LayoutInput<N>; fonts?: FontOptions };
    }[LayoutName];

export function runRenderJob(job: RenderJob): Promise<Buffer> {
  switch (job.kind) {
    case 'pdf':
      return renderPdf(job.spec, job.fonts);
    case 'excel':
      return renderExcel(job.input);
    case 'layout':
      return LAYOUTS[job.layout](job.input, job.fonts);
  }
}
