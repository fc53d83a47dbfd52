import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentsService } from './documents.service.js';
import { renderExcel } from './excel-renderer.js';
import { FontUnavailable, UnsupportedCharacter, loadFonts } from './pdf-fonts.js';
import { PdfPool } from './pdf-pool.js';
import { DocumentSpecInvalid, renderPdf, toDocDefinition } from './pdf-renderer.js';
import { qrPng } from './qr-png.js';
import { sampleTicket } from '../scheduling/admission-ticket-samples.js';
import { sampleApplicationForm, sampleRoster } from './sample-specs.test-support.js';

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

/** The embedded fonts' names (subset prefix removed). */
function embeddedFonts(pdf: Buffer): Set<string> {
  return new Set([...pdf.toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]!));
}

// EXAM_WRITE_SAMPLES=/tmp/x writes the sample PDFs there, to look at them (pdftoppm -png -r 80 …)
const sampleDir = process.env.EXAM_WRITE_SAMPLES;
function keep(name: string, data: Buffer) {
  if (!sampleDir) return;
  mkdirSync(sampleDir, { recursive: true });
  writeFileSync(`${sampleDir}/${name}`, data);
}

describe('fonts', () => {
  it('splits text into runs per font: Ext-A stays in Noto Sans SC, Ext-B goes to HanaMinB', () => {
    const fonts = loadFonts();
    expect(fonts.splitRuns('王䶮')).toEqual([{ text: '王䶮', font: 'NotoSansSC' }]);
    expect(fonts.splitRuns('𠮷祥 ok')).toEqual([
      { text: '𠮷', font: 'HanaMinB' },
      { text: '祥 ok', font: 'NotoSansSC' },
    ]);
    expect(fonts.splitRuns('王𠀀𠀁䶮')).toEqual([
      { text: '王', font: 'NotoSansSC' },
      { text: '𠀀𠀁', font: 'HanaMinB' },
      { text: '䶮', font: 'NotoSansSC' },
    ]);
  });

  it('refuses a character no font has instead of drawing a blank box', () => {
    expect(() => loadFonts().splitRuns('张🦩')).toThrow(UnsupportedCharacter);
    expect(() => loadFonts().splitRuns('张🦩')).toThrow(/U\+1F9A9/);
  });

  it('fails loudly, naming the Debian package, when the fallback font is missing', async () => {
    expect(() => loadFonts({ fallbackFontDir: '/nonexistent/fonts' })).toThrow(FontUnavailable);
    await expect(
      renderPdf(sampleApplicationForm(), { fallbackFontDir: '/nonexistent/fonts' }),
    ).rejects.toThrow(/apt-get install -y fonts-hanazono/);
  });
});

describe('PDF', () => {
  it('renders a 申报表 on one page with both fonts embedded and rare characters round-tripping', async () => {
    const pdf = await renderPdf(sampleApplicationForm('𠮷祥'));
    keep('application-form.pdf', pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const fonts = embeddedFonts(pdf);
    expect(fonts).toContain('NotoSansSC-Regular');
    expect(fonts).toContain('NotoSansSC-Bold');
    expect(fonts).toContain('HanaMinB');
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.replace(/\s+/g, '');
    expect(text).toContain('𠮷祥');
    expect(text).toContain('王䶮');
    expect(text).toContain('新乡市工勤技能岗位等级考核申报表');
    expect(text).toContain('经办人：');
    expect(text).toContain('（盖章）');
    expect(text).toContain('第1页共1页');
  });

  it('does not embed the fallback font when no text needs it', async () => {
    const pdf = await renderPdf(sampleApplicationForm('王䶮'));
    expect(embeddedFonts(pdf)).not.toContain('HanaMinB');
  });

  it('renders a multi-page 名册 repeating the header, with page numbers', async () => {
    const pdf = await renderPdf(sampleRoster(120));
    keep('roster.pdf', pdf);
    const pages = await pdfText(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const n = pages.length;
    pages.forEach((page, i) => {
      const text = page.replace(/\s+/g, '');
      expect(text).toContain('考生信息'); // header group repeated on each page
      expect(text).toContain('准考证号');
      expect(text).toContain(`第${i + 1}页共${n}页`);
    });
    const all = pages.join('').replace(/\s+/g, '');
    expect(all).toContain('王䶮');
    expect(all).toContain('𠮷祥');
    expect(all).toContain('制表人：');
  });

  it('draws characters from the second fallback font in the page header and footer too', async () => {
    // U+1F600 is in neither Noto Sans SC nor HanaMinB, but in HanaMinA (loaded only when needed)
    expect(loadFonts().splitRuns('😀')).toEqual([{ text: '😀', font: 'HanaMinA' }]);
    const pdf = await renderPdf({
      title: '页眉页脚',
      pageHeader: '页眉 😀',
      footer: { text: '页脚 𠮷 😀' },
      blocks: [{ kind: 'paragraph', text: '正文' }],
    });
    expect(embeddedFonts(pdf)).toEqual(
      new Set(['NotoSansSC-Bold', 'NotoSansSC-Regular', 'HanaMinA', 'HanaMinB']),
    );
    expect((await pdfText(pdf))[0]!.replace(/\s+/g, '')).toContain('页脚𠮷😀第1页共1页');
  });

  it('renders empty cells (a form to fill in by hand)', async () => {
    const pdf = await renderPdf({
      title: '空白表',
      blocks: [
        {
          kind: 'form',
          columns: [1, 2, 1, 2],
          rows: [
            {
              cells: [
                { kind: 'label', text: '姓名' },
                { kind: 'value' },
                { kind: 'label' },
                { kind: 'value' },
              ],
            },
            {
              cells: [
                { kind: 'label', text: '备注' },
                { kind: 'value', colSpan: 3 },
              ],
              height: 60,
            },
          ],
        },
      ],
    });
    expect((await pdfText(pdf)).join('')).toContain('备注');
  });

  it('draws QR codes, as a block and in a form cell, as crisp 1-bit images', async () => {
    const pdf = await renderPdf({
      title: '二维码',
      blocks: [
        { kind: 'qr', qr: { text: 'EXAMTICKET:2026050000001:abc' }, caption: '监考人员扫码核验' },
        {
          kind: 'form',
          columns: [3, 1],
          rows: [
            {
              cells: [
                { kind: 'value', text: '座位' },
                { kind: 'value', qr: { text: 'X1', size: 60 } },
              ],
            },
          ],
        },
      ],
    });
    keep('qr.pdf', pdf);
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('监考人员扫码核验');
    expect(pdf.toString('latin1').match(/\/BitsPerComponent 1\b/g)?.length).toBeGreaterThanOrEqual(2);
    // 1-bit greyscale PNG, 6 px per module: version 2 (25 modules) + quiet zone 2×3 → 186 px
    const png = qrPng('EXAMTICKET:2026050000001:abc', 'M');
    expect(png.readUInt32BE(16)).toBe(png.readUInt32BE(20));
    expect(png.readUInt32BE(16) % 6).toBe(0);
    expect([png[24], png[25]]).toEqual([1, 0]);
    await expect(renderPdf({ title: 'x', blocks: [{ kind: 'qr', qr: { text: '' } }] })).rejects.toThrow(
      DocumentSpecInvalid,
    );
  });

  it('breaks CJK text into lines itself, keeping closing punctuation off the start of a line', () => {
    const fonts = loadFonts();
    const definition = toDocDefinition({ title: 't', blocks: [] }, fonts) as unknown as {
      content: unknown[];
    };
    expect(definition.content).toHaveLength(1);
    const spec = { title: 't', blocks: [] };
    // the Builder is internal; wrap through a one-cell table whose width is known
    const lines = (
      toDocDefinition(
        {
          ...spec,
          blocks: [
            { kind: 'table', columns: [{ title: 'a', width: 60 }], rows: [['一二三四五六七八九十，好。']] },
          ],
        },
        fonts,
      ) as unknown as { content: { table: { body: { stack?: { text: string }[] }[][] } }[] }
    ).content[1]!.table.body[1]![0]!.stack!.map((l) => l.text);
    expect(lines.join('')).toBe('一二三四五六七八九十，好。');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line[0]).not.toMatch(/[，。]/);
    // 60 pt at 9 pt per character: at most 6 characters per line
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(6);
  });

  it('refuses a form row that does not cover the grid', async () => {
    const spec = sampleApplicationForm();
    const form = spec.blocks[0]!;
    if (form.kind !== 'form') throw new Error('sample changed');
    form.rows[3]!.cells.pop();
    await expect(renderPdf(spec)).rejects.toThrow(DocumentSpecInvalid);
  });

  it('keeps fonts warm: a second one-page document takes milliseconds, not a re-parse', async () => {
    await renderPdf(sampleApplicationForm());
    const started = performance.now();
    for (let i = 0; i < 3; i++) await renderPdf(sampleApplicationForm());
    expect((performance.now() - started) / 3).toBeLessThan(400);
  });
});

describe('Excel', () => {
  it('writes the tables of a document: bold frozen header, widths, Chinese sheet name', async () => {
    const xlsx = await renderExcel(sampleRoster(30));
    keep('roster.xlsx', xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考生名册')!;
    expect(ws).toBeDefined();
    expect(ws.getCell('A1').value).toBe('2024年工勤技能岗位等级考核考生名册');
    expect(ws.getCell('A2').value).toBe('考生信息');
    expect(ws.getCell('E2').value).toBe('申报信息');
    expect(ws.getCell('B3').value).toBe('姓名');
    expect(ws.getCell('B3').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.getCell('B7').value).toBe('王䶮');
    expect(ws.getCell('B11').value).toBe('𠮷祥');
    expect(ws.getCell('H4').value).toBe(60);
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(16);
    expect(ws.rowCount).toBe(33);
  });

  it('writes a bare sheet spec and keeps sheet names legal and unique', async () => {
    const xlsx = await renderExcel([
      { sheetName: '名册:一/二', columns: [{ title: '姓名' }], rows: [['张三']] },
      { sheetName: '名册:一/二', columns: [{ title: '姓名' }], rows: [['李四']] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['名册_一_二', '名册_一_二_2']);
    expect(wb.worksheets[1]!.getCell('A2').value).toBe('李四');
  });
});

describe('pool and service', () => {
  const service = new DocumentsService();
  afterAll(() => service.onModuleDestroy());

  it('renders in-process when run from the TypeScript sources', async () => {
    expect(service.mode).toBe('in-process');
    const pdf = await service.renderPdf(sampleApplicationForm());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const xlsx = await service.renderExcel(sampleRoster(3));
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('maps a character no font has to a 422 domain error', async () => {
    await expect(service.renderPdf(sampleApplicationForm('张🦩'))).rejects.toMatchObject({ status: 422 });
  });

  // The compiled worker: `npx tsc -b api` (part of `npm test`'s build step) produces it.
  const compiledWorker = new URL('../../dist/documents/pdf-worker.js', import.meta.url);

  it('renders in a worker thread from the compiled dist, without blocking the event loop', async () => {
    expect(existsSync(compiledWorker), 'api/dist/documents/pdf-worker.js missing: run `npx tsc -b api`').toBe(
      true,
    );
    const pool = new PdfPool({ workerUrl: compiledWorker, size: 2 });
    try {
      expect(pool.mode).toBe('worker');
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const [form, roster, xlsx, tickets] = await Promise.all([
        pool.run({ kind: 'pdf', spec: sampleApplicationForm() }),
        pool.run({ kind: 'pdf', spec: sampleRoster(300) }),
        pool.run({ kind: 'excel', input: sampleRoster(10) }),
        pool.run({ kind: 'layout', layout: 'admission-tickets', input: [sampleTicket(0), sampleTicket(1)] }),
      ]);
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(3);
      expect(form.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await pdfText(roster)).join('')).toContain('𠮷祥');
      expect(embeddedFonts(roster)).toContain('HanaMinB');
      expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
      // a fixed layout (pdfkit directly), its data (dates, photo bytes) cloned into the worker
      const ticketPages = await pdfText(tickets);
      expect(ticketPages).toHaveLength(2);
      expect(ticketPages[0]).toContain('𠮷祥');
      expect(ticketPages[1]).toContain('周六 09:00–10:30');
      // errors cross the thread boundary with their class
      await expect(
        pool.run({ kind: 'pdf', spec: sampleApplicationForm(), fonts: { fallbackFontDir: '/nonexistent' } }),
      ).rejects.toThrow(FontUnavailable);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
