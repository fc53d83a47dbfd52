import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FontUnavailable, UnsupportedCharacter } from './pdf-fonts.js';
import { DocumentSpecInvalid } from './pdf-renderer.js';
import type { WorkerRequest, WorkerResponse } from './pdf-worker.js';
import { runRenderJob, type RenderJob } from './render-job.js';

/**
 * A small pool of worker threads that render documents, so that laying out a PDF (tens of milliseconds
 * for a page, seconds for a thousand) never blocks the API's event loop. Each worker keeps its fonts parsed
 * between documents (pdf-fonts.ts).
 *
 * Compiled (`api/dist`, this file is `.js`) the pool runs `pdf-worker.js` beside it. Run from the
 * TypeScript sources (Vitest, `@exam/source`) there is no compiled worker and Node cannot run a `.ts`
 * worker, so the pool renders in-process instead — the same code, on the calling thread.
 */

export type PoolMode = 'worker' | 'in-process';

export interface PdfPoolOptions {
  /** number of worker threads, 1–2 by default (one per spare CPU, at most two) */
  size?: number;
  /** the worker script; null renders in-process; default: `pdf-worker.js` beside this file when compiled */
  workerUrl?: URL | null;
}

interface Pending {
  request: WorkerRequest;
  resolve(value: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}

const ERROR_CLASSES: Record<string, new (message: string) => Error> = {
  FontUnavailable,
  UnsupportedCharacter,
  DocumentSpecInvalid,
};

export function defaultWorkerUrl(): URL | null {
  return import.meta.url.endsWith('.js') ? new URL('./pdf-worker.js', import.meta.url) : null;
}

/**
 * The parent's Node options without the `@exam/source` export condition (Vitest sets it): a compiled worker
 * loads the compiled workspace packages (`@exam/contracts`' dist), not their TypeScript sources.
 */
function compiledExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^(--conditions|-C)=@exam\/source$/.test(a)) continue;
    if ((a === '--conditions' || a === '-C') && args[i + 1] === '@exam/source') {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

export class PdfPool {
  readonly mode: PoolMode;
  private readonly size: number;
  private readonly workerUrl: URL | null;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PdfPoolOptions = {}) {
    this.workerUrl = options.workerUrl === undefined ? defaultWorkerUrl() : options.workerUrl;
    this.mode = this.workerUrl ? 'worker' : 'in-process';
    this.size = Math.max(1, Math.min(options.size ?? Math.min(2, availableParallelism() - 1), 4));
  }

  run(job: RenderJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('document pool is closed'));
    if (!this.workerUrl) return runRenderJob(job);
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, job }, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends the workers; jobs still queued or running are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('document pool is closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) s.job?.reject(new Error('document pool is closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage(job.request);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl!, { execArgv: compiledExecArgv() });
    const slot: Slot = { worker, job: null };
    worker.on('message', (response: WorkerResponse) => {
      const job = slot.job;
      if (!job || job.request.id !== response.id) return;
      slot.job = null;
      if (response.ok)
        job.resolve(Buffer.from(response.data.buffer, response.data.byteOffset, response.data.byteLength));
      else {
        const Class = ERROR_CLASSES[response.error.name] ?? Error;
        job.reject(new Class(response.error.message));
      }
      this.dispatch();
    });
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      slot.job?.reject(error);
      slot.job = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (error) => lost(error));
    worker.on('exit', (code) => lost(new Error(`document worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}
