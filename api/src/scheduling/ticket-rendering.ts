import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { AdmissionTicketData } from './admission-ticket-document.js';

/**
 * Rendering the 准考证 of a whole batch (20,000 pages) fast and with bounded memory.
 *
 * The batch is cut into chunks of at most `maxPagesPerChunk` tickets (default 100, whole rooms where group
 * sizes are given); each chunk is one PDF drawn by a worker thread of the document pool
 * (`renderAdmissionTicketsPdf`: the fixed parts once per PDF, per page only the fields), and at most
 * `concurrency` chunks are loaded, rendering or being written at any time: the memory is bounded by
 * concurrency × chunk size, whatever the batch size. The main thread only loads one chunk's data at a time
 * and writes finished bytes (`sink`, e.g. `TicketZipWriter`, to a file), so the API's event loop stays
 * free. Progress is reported per finished chunk (done/total tickets).
 *
 * Why a ZIP of chunk PDFs rather than one merged PDF: a 20,000-page PDF is what no office printer queue or
 * browser handles well, and it could not be written by several workers at once; a ZIP of 100-page files,
 * in room order, prints and opens piecewise. A single ticket (a candidate's own) is one small PDF.
 */

/** Where the tickets come from: an array, or pages loaded on demand (e.g. from the database, by offset). */
export type TicketSource =
  | readonly AdmissionTicketData[]
  | { total: number; load(offset: number, limit: number): Promise<AdmissionTicketData[]> };

/** One PDF of the batch: tickets [offset, offset + count) of the source. */
export interface TicketChunk {
  index: number;
  offset: number;
  count: number;
}

export interface TicketBatchProgress {
  /** tickets rendered and written so far */
  done: number;
  total: number;
  chunksDone: number;
  chunks: number;
}

export interface TicketBatchOptions {
  /**
   * renders the tickets of one chunk as one PDF, in a worker (e.g.
   * `(tickets) => documents.renderLayoutBulk('admission-tickets', tickets)`)
   */
  render(tickets: AdmissionTicketData[]): Promise<Buffer>;
  /** receives each chunk's PDF, in completion order (not necessarily index order); awaited */
  sink(chunk: TicketChunk, pdf: Buffer): Promise<void> | void;
  /** pages (tickets) per PDF, default 100 (smaller chunks: less memory and GC per worker) */
  maxPagesPerChunk?: number;
  /**
   * sizes of consecutive groups of the source (e.g. tickets per room, in source order): a chunk then holds
   * whole groups, and a group is only split when it alone exceeds `maxPagesPerChunk`
   */
  groupSizes?: readonly number[];
  /** chunks in flight at once; set it to the pool's size (default 2) */
  concurrency?: number;
  onProgress?(progress: TicketBatchProgress): void;
  signal?: AbortSignal;
}

export interface TicketBatchResult {
  tickets: number;
  chunks: TicketChunk[];
  milliseconds: number;
}

/**
 * Cuts `total` tickets into chunks of at most `maxPages`; with `groupSizes`, chunks end at group boundaries
 * (a group bigger than `maxPages` gets chunks of its own).
 */
export function planTicketChunks(
  total: number,
  maxPages: number,
  groupSizes?: readonly number[],
): TicketChunk[] {
  if (!Number.isInteger(maxPages) || maxPages < 1)
    throw new RangeError('maxPages must be a positive integer');
  const sizes = groupSizes ?? [total];
  if (sizes.reduce((a, b) => a + b, 0) !== total) throw new RangeError('groupSizes must add up to the total');
  const chunks: TicketChunk[] = [];
  let start = 0;
  let count = 0;
  const flush = () => {
    if (count > 0) chunks.push({ index: chunks.length, offset: start, count });
    start += count;
    count = 0;
  };
  for (const size of sizes) {
    if (count + size > maxPages) flush();
    let left = size;
    while (left > maxPages - count) {
      const take = maxPages - count;
      count += take;
      left -= take;
      flush();
    }
    count += left;
  }
  flush();
  return chunks;
}

/** Renders a batch of tickets as chunk PDFs in parallel (see the module comment). */
export async function renderTicketBatch(
  source: TicketSource,
  options: TicketBatchOptions,
): Promise<TicketBatchResult> {
  const started = performance.now();
  const total = 'total' in source ? source.total : source.length;
  const load =
    'load' in source
      ? (offset: number, limit: number) => source.load(offset, limit)
      : (offset: number, limit: number) => Promise.resolve(source.slice(offset, offset + limit));
  const chunks = planTicketChunks(total, options.maxPagesPerChunk ?? 100, options.groupSizes);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  let next = 0;
  let done = 0;
  let chunksDone = 0;
  let failed: unknown = null;
  options.onProgress?.({ done, total, chunksDone, chunks: chunks.length });

  const lane = async () => {
    while (next < chunks.length && failed === null) {
      options.signal?.throwIfAborted();
      const chunk = chunks[next++]!;
      const tickets = await load(chunk.offset, chunk.count);
      if (tickets.length !== chunk.count)
        throw new Error(
          `ticket source returned ${tickets.length} tickets for ${chunk.count} at ${chunk.offset}`,
        );
      const pdf = await options.render(tickets);
      options.signal?.throwIfAborted();
      await options.sink(chunk, pdf);
      done += chunk.count;
      chunksDone++;
      options.onProgress?.({ done, total, chunksDone, chunks: chunks.length });
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, chunks.length) }, () =>
      lane().catch((error: unknown) => {
        failed ??= error;
      }),
    ),
  );
  if (failed !== null) throw failed;
  return { tickets: total, chunks, milliseconds: performance.now() - started };
}

/** 「准考证-0001（第1–100号）.pdf」: the file name of a chunk inside the ZIP. */
export function ticketChunkFileName(chunk: TicketChunk, prefix = '准考证'): string {
  return `${prefix}-${String(chunk.index + 1).padStart(4, '0')}（第${chunk.offset + 1}–${chunk.offset + chunk.count}号）.pdf`;
}

/**
 * A ZIP file written entry by entry (stored: PDFs are compressed already), so that only the entry being
 * written is in memory. UTF-8 (Chinese) file names. Up to 4 GiB and 65,535 entries (no ZIP64).
 */
export class TicketZipWriter {
  private readonly central: Buffer[] = [];
  private offset = 0;
  private entries = 0;
  /** writes one after another: chunks finish concurrently */
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly file: FileHandle) {}

  static async create(path: string): Promise<TicketZipWriter> {
    return new TicketZipWriter(await open(path, 'w'));
  }

  /** Appends a file; calls may overlap (they are written in call order). */
  add(name: string, data: Buffer, modified = new Date()): Promise<void> {
    const written = this.queue.then(() => this.write(name, data, modified));
    this.queue = written.catch(() => undefined);
    return written;
  }

  private async write(name: string, data: Buffer, modified: Date): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    if (this.offset + data.length + nameBytes.length + 30 > 0xffffffff || this.entries >= 0xffff)
      throw new RangeError('ZIP too large (no ZIP64 support)');
    const { time, date } = dosDateTime(modified);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(this.offset, 42);
    this.central.push(header, nameBytes);
    await this.file.writev([local, nameBytes, data]);
    this.offset += local.length + nameBytes.length + data.length;
    this.entries++;
  }

  async close(): Promise<void> {
    await this.queue;
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries, 8);
    end.writeUInt16LE(this.entries, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    await this.file.writev([directory, end]);
    await this.file.close();
  }
}

function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((Math.max(at.getFullYear(), 1980) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}
