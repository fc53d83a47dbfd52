import { parentPort } from 'node:worker_threads';
import { loadFonts } from './pdf-fonts.js';
import { runRenderJob, type RenderJob } from './render-job.js';

/**
 * The worker thread of the document pool (pdf-pool.ts): renders one job at a time and answers with the
 * bytes (transferred, not copied) or the error's name and message.
 */

export interface WorkerRequest {
  id: number;
  job: RenderJob;
}

export type WorkerResponse =
  | { id: number; ok: true; data: Uint8Array }
  | { id: number; ok: false; error: { name: string; message: string } };

const port = parentPort;
if (port) {
  // warm the font cache before the first job; a missing font is reported by that job
  try {
    loadFonts();
  } catch {
    /* reported when rendering */
  }
  port.on('message', (request: WorkerRequest) => {
    runRenderJob(request.job).then(
      (buffer) => {
        const data = new Uint8Array(buffer.byteLength);
        data.set(buffer);
        port.postMessage({ id: request.id, ok: true, data } satisfies WorkerResponse, [data.buffer]);
      },
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        port.postMessage({
          id: request.id,
          ok: false,
          error: { name: e.name, message: e.message },
        } satisfies WorkerResponse);
      },
    );
  });
}
