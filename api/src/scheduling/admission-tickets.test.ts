import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { maskIdNumber } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import type { DocumentSpec, FormGridBlock, TableBlock } from '../documents/document-model.js';
import { renderPdf } from '../documents/pdf-renderer.js';
import {
  admissionTicketSpec,
  admissionTicketsSpec,
  sittingWhen,
  ticketQrPayload,
} from './admission-ticket-document.js';
import { sampleTicket } from './admission-ticket-samples.js';
import {
  planTicketChunks,
  renderTicketBatch,
  ticketChunkFileName,
  TicketZipWriter,
  type TicketBatchProgress,
} from './ticket-rendering.js';

/** Pages' text, one string per page (pdfjs-dist, no worker). */
async function pdfText(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

/** Every text of a spec (titles, cells, table values), to check what a ticket says without rendering. */
function specText(spec: DocumentSpec): string {
  const out: string[] = [];
  for (const b of spec.blocks) {
    if (b.kind === 'title') out.push(b.text, b.subtitle ?? '');
    if (b.kind === 'form')
      for (const row of (b as FormGridBlock).rows)
        for (const c of row.cells)
          out.push(c.text ?? '', c.qr ? `[QR:${c.qr.text}]` : '', c.image ? '[IMAGE]' : '');
    if (b.kind === 'table') for (const row of (b as TableBlock).rows) out.push(row.join('|'));
  }
  return out.join('\n');
}

describe('准考证 as data', () => {
  it('holds the fields: title, ticket number, name, masked ID, occupation, level, sittings, rules, QR', () => {
    const d = sampleTicket(0);
    const text = specText(admissionTicketSpec(d));
    expect(text).toContain('示范省机关事业单位工勤技能岗位等级考核 准考证');
    expect(text).toContain(d.ticketNumber);
    expect(text).toContain('𠮷祥');
    expect(text).toContain(maskIdNumber(d.idNumber));
    expect(text).not.toContain(d.idNumber);
    expect(text).toContain('汽车驾驶员');
    expect(text).toContain('技师');
    expect(text).toContain('[IMAGE]');
    expect(text).toContain(`[QR:${d.qrPayload}]`);
    expect(text).toContain('2026年05月16日\n周六 09:00–10:30');
    expect(text).toContain('PC-001-01');
    expect(text).toContain('身份证');
    expect(text).toMatch(/30 分钟/);
  });

  it('masks ID numbers to the first and last four characters and prints times in Asia/Shanghai', () => {
    expect(maskIdNumber('41071119850312123X')).toBe('4107**********123X');
    expect(
      sittingWhen({ startsAt: new Date('2026-05-16T01:00:00Z'), endsAt: new Date('2026-05-16T02:30:00Z') }),
    ).toEqual({ date: '2026年05月16日', weekday: '周六', time: '09:00–10:30' });
    expect(ticketQrPayload('20260500001', (m) => `sig(${m})`)).toBe(
      'EXAMTICKET:20260500001:sig(EXAMTICKET:20260500001)',
    );
  });

  it('renders one ticket on one A4 page with the Ext-B name and the QR code', async () => {
    const pdf = await renderPdf(admissionTicketSpec(sampleTicket(0)));
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('准考证');
    expect(pages[0]).toContain('𠮷祥');
    expect(pages[0]).toContain('4107**********');
    // the photo and the QR code are images
    expect(pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('puts N tickets on N pages, each its own title', async () => {
    const list = Array.from({ length: 5 }, (_, i) => sampleTicket(i));
    const pages = await pdfText(await renderPdf(admissionTicketsSpec(list)));
    expect(pages).toHaveLength(5);
    pages.forEach((page, i) => {
      expect(page).toContain('准考证');
      expect(page).toContain(list[i]!.ticketNumber);
    });
  }, 30_000);
});

describe('rendering a batch', () => {
  it('cuts a batch into chunks of at most K pages, keeping groups (rooms) whole where they fit', () => {
    expect(planTicketChunks(1000, 250).map((c) => c.count)).toEqual([250, 250, 250, 250]);
    expect(planTicketChunks(1001, 250).map((c) => [c.offset, c.count])).toEqual([
      [0, 250],
      [250, 250],
      [500, 250],
      [750, 250],
      [1000, 1],
    ]);
    // rooms of 40, 40, 30, 45: chunks of ≤ 100 end at room boundaries
    expect(planTicketChunks(155, 100, [40, 40, 30, 45]).map((c) => c.count)).toEqual([80, 75]);
    // a room bigger than a chunk is split
    expect(planTicketChunks(130, 50, [10, 120]).map((c) => c.count)).toEqual([10, 50, 50, 20]);
    expect(planTicketChunks(0, 250)).toEqual([]);
    expect(() => planTicketChunks(10, 4, [3, 3])).toThrow(RangeError);
  });

  it('renders chunks in parallel into one ZIP, reporting progress up to the total', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickets-'));
    try {
      const zipPath = join(dir, 'tickets.zip');
      const zip = await TicketZipWriter.create(zipPath);
      const progress: TicketBatchProgress[] = [];
      const loads: [number, number][] = [];
      const result = await renderTicketBatch(
        {
          total: 7,
          load: (offset, limit) => {
            loads.push([offset, limit]);
            return Promise.resolve(Array.from({ length: limit }, (_, i) => sampleTicket(offset + i)));
          },
        },
        {
          render: (spec) => renderPdf(spec),
          sink: (chunk, pdf) => zip.add(ticketChunkFileName(chunk), pdf),
          maxPagesPerChunk: 3,
          concurrency: 2,
          onProgress: (p) => progress.push(p),
        },
      );
      await zip.close();
      expect(result.chunks.map((c) => c.count)).toEqual([3, 3, 1]);
      expect(loads.sort((a, b) => a[0] - b[0])).toEqual([
        [0, 3],
        [3, 3],
        [6, 1],
      ]);
      expect(progress[0]).toMatchObject({ done: 0, total: 7 });
      expect(progress.at(-1)).toEqual({ done: 7, total: 7, chunksDone: 3, chunks: 3 });
      expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));

      const archive = await JSZip.loadAsync(await readFile(zipPath));
      const names = Object.keys(archive.files).sort();
      expect(names).toEqual([
        '准考证-0001（第1–3号）.pdf',
        '准考证-0002（第4–6号）.pdf',
        '准考证-0003（第7–7号）.pdf',
      ]);
      const last = await archive.file(names[2]!)!.async('nodebuffer');
      const pages = await pdfText(last);
      expect(pages).toHaveLength(1);
      expect(pages[0]).toContain(sampleTicket(6).ticketNumber);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops at the first failing chunk and reports its error', async () => {
    await expect(
      renderTicketBatch(
        Array.from({ length: 4 }, (_, i) => sampleTicket(i)),
        {
          render: () => Promise.reject(new Error('worker lost')),
          sink: () => undefined,
          maxPagesPerChunk: 2,
        },
      ),
    ).rejects.toThrow('worker lost');
  });
});
