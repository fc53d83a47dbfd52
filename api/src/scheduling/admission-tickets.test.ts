import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { maskIdNumber } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import { qrPng } from '../documents/qr-png.js';
import { wrapText } from '../documents/text-wrap.js';
import {
  ADMISSION_TICKET_RULES,
  renderAdmissionTicketsPdf,
  sittingWhen,
  ticketQrPayload,
  type AdmissionTicketData,
} from './admission-ticket-document.js';
import { sampleTicket } from './admission-ticket-samples.js';
import {
  planTicketChunks,
  renderTicketBatch,
  ticketChunkFileName,
  TicketZipWriter,
  type TicketBatchProgress,
} from './ticket-rendering.js';

/** Pages' text lines (items joined, a new line where the baseline changes), one string per page (pdfjs). */
async function pdfText(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    let text = '';
    let y: number | null = null;
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const baseline = Math.round(item.transform[5]);
      if (y !== null && baseline !== y) text += '\n';
      text += item.str;
      y = baseline;
    }
    pages.push(text);
  }
  await doc.destroy();
  return pages;
}

/** The image streams of a PDF, raw (as embedded). */
function imageStreams(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  const out: Buffer[] = [];
  const re = /\/Subtype \/Image[^]*?\/Length (\d+)[^]*?>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    out.push(pdf.subarray(start, start + Number(m[1])));
  }
  return out;
}

/** The concatenated IDAT data of a PNG (what a PDF embeds of it). */
function idat(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let o = 8; o < png.length;) {
    const length = png.readUInt32BE(o);
    if (png.toString('latin1', o + 4, o + 8) === 'IDAT') parts.push(png.subarray(o + 8, o + 8 + length));
    o += 12 + length;
  }
  return Buffer.concat(parts);
}

const sign = (m: string) => createHmac('sha256', 'sample-secret').update(m).digest('base64url').slice(0, 16);

describe('准考证 PDF', () => {
  it('prints the fields: title, ticket number, name (Ext-B), masked ID, occupation, level, sittings, rules', async () => {
    const d = sampleTicket(0);
    const pdf = await renderAdmissionTicketsPdf([d]);
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page).toContain('示范省机关事业单位工勤技能岗位等级考核 准考证');
    expect(page).toContain('2026年度第一批机关事业单位工勤技能岗位等级考核');
    expect(page).toContain(d.ticketNumber);
    expect(page).toContain('𠮷祥');
    expect(page).toContain(maskIdNumber(d.idNumber));
    expect(page).not.toContain(d.idNumber);
    expect(page).toContain('示范市人民医院');
    expect(page).toContain('汽车驾驶员');
    expect(page).toContain('技师');
    for (const text of [
      '2026年05月16日',
      '周六 09:00–10:30',
      '第 1 考场（综合楼 201 机房）',
      'PC-001-01',
      'A-1',
    ])
      expect(page).toContain(text);
    expect(page).toContain('周日 09:00–09:20');
    expect(page).toContain('考生须凭本准考证和本人有效居民身份证（原件）参加考核');
    expect(page).toContain('监考人员扫码');
    expect(page).toContain('示范省人力资源和社会保障厅 制');
    // Chinese lines never begin with closing punctuation
    for (const line of page.split('\n')) expect(line).not.toMatch(/^[，。、；：）」]/);
  }, 30_000);

  it('embeds subsets of the fonts (Noto Sans SC, HanaMinB for 𠮷) with a Unicode map', async () => {
    const pdf = (await renderAdmissionTicketsPdf([sampleTicket(0)])).toString('latin1');
    const fonts = [...pdf.matchAll(/\/BaseFont \/([A-Z]{6})\+([\w-]+)/g)].map((m) => m[2]);
    expect(new Set(fonts)).toEqual(new Set(['NotoSansSC-Regular', 'NotoSansSC-Bold', 'HanaMinB']));
    expect(pdf.match(/\/FontFile2 /g)).toHaveLength(3);
    expect(pdf.match(/\/ToUnicode /g)).toHaveLength(3);
    // subsets: a few dozen kB, not the 10 MB fonts
    expect(pdf.length).toBeLessThan(400_000);
  }, 30_000);

  it('draws a QR code of the signed payload, which verifies', async () => {
    const d = sampleTicket(3);
    expect(d.qrPayload).toBe(ticketQrPayload(d.ticketNumber, sign));
    const [, number, signature] = d.qrPayload.split(':');
    expect(sign(`EXAMTICKET:${number}`)).toBe(signature);
    const images = imageStreams(await renderAdmissionTicketsPdf([d]));
    expect(images).toHaveLength(2); // the photo and the QR code
    // the QR image is exactly the encoding of the payload (and not of another ticket's)
    const expected = inflateSync(idat(qrPng(d.qrPayload, 'M')));
    const other = inflateSync(idat(qrPng(sampleTicket(4).qrPayload, 'M')));
    const decoded = images.map((s) => inflateSync(s));
    expect(decoded.some((b) => b.equals(expected))).toBe(true);
    expect(decoded.some((b) => b.equals(other))).toBe(false);
  }, 30_000);

  it('puts N tickets on N pages, each its own fields, the shared parts drawn once per PDF', async () => {
    const list = Array.from({ length: 5 }, (_, i) => sampleTicket(i));
    const pdf = await renderAdmissionTicketsPdf(list);
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(5);
    pages.forEach((page, i) => {
      expect(page).toContain('准考证');
      expect(page).toContain(list[i]!.ticketNumber);
      expect(page).toContain(list[i]!.name);
      expect(page).toContain('本准考证请妥善保管');
    });
    // frame, rules and footer: three stamps (form XObjects), whatever the number of tickets
    expect(pdf.toString('latin1').match(/\/Subtype \/Form/g)).toHaveLength(3);
    expect(pdf.toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(10);
  }, 30_000);

  it('wraps long values in their cells, keeps a ticket without photo or sittings, and goes on over a page', async () => {
    const base = sampleTicket(7);
    const long: AdmissionTicketData = {
      ...base,
      photo: null,
      unitName: '示范省某某市某某县人民政府办公室机关事务服务中心后勤保障科车辆管理与调度服务站',
      sittings: [
        { ...base.sittings[1]!, subject: '一个很长的科目名称，用来检查表格单元格中的中文是否按宽度换行' },
      ],
    };
    const none: AdmissionTicketData = { ...base, sittings: [], rules: ['只有一条规则。'] };
    const many: AdmissionTicketData = {
      ...base,
      sittings: Array.from({ length: 5 }, () => base.sittings).flat(),
    };
    const pages = await pdfText(await renderAdmissionTicketsPdf([long, none, many]));
    expect(pages).toHaveLength(4);
    expect(pages[0]).toContain('照片');
    expect(pages[0]!.replace(/\n/g, '')).toContain(long.unitName);
    expect(pages[0]!.replace(/\n/g, '')).toContain(long.sittings[0]!.subject);
    expect(pages[0]!.split('\n').every((l) => l.length < 60)).toBe(true);
    expect(pages[1]).toContain('（考核安排另行通知）');
    expect(pages[1]).toContain('1. 只有一条规则。');
    expect(pages[1]).not.toContain(ADMISSION_TICKET_RULES[0]);
    expect(pages[3]).toContain('考场规则');
    expect(pages[3]).toContain(`准考证号 ${many.ticketNumber}`);
    expect(pages[3]).toContain(`${many.name}（续页）`);
  }, 30_000);

  it('breaks Chinese lines by width, never before closing punctuation', () => {
    const advance = () => 1;
    expect(wrapText('一二三四五六', 61.3, 10, advance)).toEqual(['一二三四五六']);
    expect(wrapText('一二三四五，六', 51, 10, advance)).toEqual(['一二三四', '五，六']);
    expect(wrapText('编号 PC-001-01 机位', 71.5, 10, (c) => (c.charCodeAt(0) < 128 ? 0.5 : 1))).toEqual([
      '编号 PC-001-01',
      '机位',
    ]);
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

  it('refuses a character that no font has', async () => {
    await expect(renderAdmissionTicketsPdf([{ ...sampleTicket(1), name: '张🦩' }])).rejects.toThrow(
      /U\+1F9A9/,
    );
  });
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
          render: (tickets) => renderAdmissionTicketsPdf(tickets),
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
