import { createRequire } from 'node:module';
import { loadFonts, type FontName, type FontOptions, type LoadedFonts } from './pdf-fonts.js';
import { wrapText } from './text-wrap.js';

/**
 * A small drawing surface over pdfkit for fixed-layout documents printed by the thousand (the 准考证): the
 * caller places every line itself, so nothing is laid out per page but the fields.
 *
 * - Text is drawn in runs per font (pdf-fonts.ts: Noto Sans SC, HanaMinB for CJK Ext-B such as 𠮷), each
 *   font embedded once per document as a subset (only the glyphs used); lines are broken for Chinese by
 *   `wrapText`, the same rules as the pdfmake renderer.
 * - What is the same on every page (headings, labels, rules text, grid lines) is drawn once per document
 *   into a Form XObject (`stamp`) and placed on each page with one operator, possibly shifted down.
 * - Page content is collected as operator strings (top-left coordinates, as pdfkit's pages are flipped)
 *   and handed to pdfkit once per page; images go through pdfkit's own `image` (PNG/JPEG, EXIF rotation).
 *
 * It relies on a few pdfkit internals (the current `EmbeddedFont`, page resources, `ref`): they are typed
 * below, in one place. pdfkit is pdfmake's own copy — the one whose fontkit knows the already-parsed fonts
 * of pdf-fonts.ts — so fonts are not parsed again per document.
 */

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** pdfkit's EmbeddedFont (internal) */
interface EmbeddedFont {
  id: string;
  /** shaped runs by text (per document in pdfkit; shared per thread here, see `sharedLayouts`) */
  layoutCache?: Record<string, unknown>;
  /** in thousandths of an em */
  ascender: number;
  descender: number;
  encode(text: string): [string[], GlyphPosition[]];
  widthOfString(text: string, size: number): number;
  ref(): unknown;
}

interface PdfKitRef {
  end(chunk?: string | Buffer): void;
}

interface PdfKitDocument {
  page: { fonts: Record<string, unknown>; xobjects: Record<string, unknown> };
  _font: EmbeddedFont;
  registerFont(name: string, src: Buffer): PdfKitDocument;
  font(name: string): PdfKitDocument;
  addPage(options: { size: [number, number]; margin: number }): PdfKitDocument;
  addContent(data: string): PdfKitDocument;
  ref(data: Record<string, unknown>): PdfKitRef;
  image(
    src: Buffer,
    x: number,
    y: number,
    options: { fit?: [number, number]; width?: number; height?: number; align?: string; valign?: string },
  ): PdfKitDocument;
  on(event: 'data', listener: (chunk: Buffer) => void): PdfKitDocument;
  on(event: 'end', listener: () => void): PdfKitDocument;
  on(event: 'error', listener: (error: Error) => void): PdfKitDocument;
  end(): void;
}

type PdfKitConstructor = new (options: Record<string, unknown>) => PdfKitDocument;

const require = createRequire(import.meta.url);
const PDFDocument = createRequire(require.resolve('pdfmake'))('pdfkit') as PdfKitConstructor;

export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  size: number;
  bold?: boolean;
  align?: Align;
  /** line distance as a multiple of the font's height (ascent − descent); default 1.2, as pdfmake's */
  lineHeight?: number;
}

export interface CanvasOptions extends FontOptions {
  /** page size in points, default A4 */
  size?: [number, number];
  title: string;
  subject?: string;
}

export const A4: [number, number] = [595.28, 841.89];
const LINE_HEIGHT = 1.2;
/** Noto Sans SC's ascent and descent (hhea, em): every line is measured with them, whatever its font */
const ASCENT = 1.16;
const DESCENT = 0.288;

/**
 * fontkit's shaping of a text (glyphs and positions: the same in every document) is the costliest part of
 * drawing text; pdfkit keeps it per document, here it is kept per thread and font, so that the words
 * every ticket shares are shaped once, not once per PDF. Started afresh when it grows big.
 */
const layouts = new Map<string, Record<string, unknown>>();
function sharedLayouts(font: string): Record<string, unknown> {
  let cache = layouts.get(font);
  if (!cache || Object.keys(cache).length > 5_000)
    layouts.set(font, (cache = Object.create(null) as Record<string, unknown>));
  return cache;
}

const num = (x: number) => String(Math.round(x * 1000) / 1000);

/** Drawn once per document (a Form XObject), placed on any number of pages. */
export interface Stamp<T> {
  name: string;
  ref: unknown;
  /** what its drawing returned (e.g. where it put things) */
  value: T;
}

export class PdfCanvas {
  readonly width: number;
  readonly height: number;
  private readonly doc: PdfKitDocument;
  private readonly fonts: LoadedFonts;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly embedded = new Map<string, EmbeddedFont>();
  private readonly stamps = new Map<string, Stamp<unknown>>();
  /** operators of the page (or stamp) being drawn, and the fonts they use */
  private ops: string[] = [];
  private usedFonts: Record<string, unknown> = {};
  private inPage = false;

  constructor(options: CanvasOptions) {
    this.fonts = loadFonts(options);
    [this.width, this.height] = options.size ?? A4;
    this.doc = new PDFDocument({
      autoFirstPage: false,
      compress: true,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: options.title,
        ...(options.subject ? { Subject: options.subject } : {}),
        Creator: '工勤技能岗位等级考核系统',
        Producer: '工勤技能岗位等级考核系统',
      },
    });
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  /** Distance between two lines of text of `size`. */
  static lineStep(size: number, lineHeight = LINE_HEIGHT): number {
    return size * (ASCENT + DESCENT) * lineHeight;
  }

  /** Starts a new page (the previous one is finished). */
  newPage(): void {
    if (this.inPage) this.flushToPage();
    this.doc.addPage({ size: [this.width, this.height], margin: 0 });
    this.inPage = true;
  }

  /**
   * A stamp: `draw` draws it (in page coordinates) the first time `key` is asked for in this document, and
   * returns what the layout needs to know about it; `key` must say everything the drawing depends on.
   * Place it on pages with `place`.
   */
  stamp<T>(key: string, draw: () => T): Stamp<T> {
    let stamp = this.stamps.get(key) as Stamp<T> | undefined;
    if (stamp) return stamp;
    const [pageOps, pageFonts] = [this.ops, this.usedFonts];
    this.ops = [];
    this.usedFonts = {};
    const wasInPage = this.inPage;
    this.inPage = false;
    try {
      const value = draw();
      const ref = this.doc.ref({
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, this.width, this.height],
        Resources: { ProcSet: ['PDF', 'Text'], Font: this.usedFonts },
      });
      ref.end(this.ops.join('\n'));
      stamp = { name: `Fx${this.stamps.size + 1}`, ref, value };
      this.stamps.set(key, stamp);
      return stamp;
    } finally {
      this.ops = pageOps;
      this.usedFonts = pageFonts;
      this.inPage = wasInPage;
    }
  }

  /** Puts a stamp on the page, `dy` points lower than it was drawn. */
  place(stamp: Stamp<unknown>, dy = 0): void {
    this.doc.page.xobjects[stamp.name] = stamp.ref;
    this.ops.push(dy ? `q 1 0 0 1 0 ${num(dy)} cm /${stamp.name} Do Q` : `/${stamp.name} Do`);
  }

  /** Lines of `text` no wider than `width` at this style (see `wrapText`). */
  wrap(text: string, width: number, style: TextStyle): string[] {
    const bold = style.bold ?? false;
    return wrapText(text, width, style.size, (ch) => this.fonts.advance(ch, bold));
  }

  /** Width of one line of text, as drawn. */
  measure(text: string, style: TextStyle): number {
    let width = 0;
    for (const run of this.fonts.splitRuns(text))
      width += this.font(run.font, style.bold ?? false).widthOfString(run.text, style.size);
    return width;
  }

  /**
   * One line of text whose top is at `top`: from `x` (left), around `x` (center) or up to `x` (right).
   * Returns its width.
   */
  line(text: string, x: number, top: number, style: TextStyle): number {
    if (!text) return 0;
    const runs = this.fonts.splitRuns(text).map((r) => ({
      text: r.text,
      font: this.font(r.font, style.bold ?? false),
    }));
    const width = runs.reduce((a, r) => a + r.font.widthOfString(r.text, style.size), 0);
    let left = style.align === 'center' ? x - width / 2 : style.align === 'right' ? x - width : x;
    const baseline = top + style.size * ASCENT;
    for (const run of runs) left += this.run(run.font, style.size, left, baseline, run.text);
    return width;
  }

  /**
   * Text broken into lines of at most `width` from (`x`, `top`), aligned within that width. Returns the
   * height used (lines × line step).
   */
  paragraph(text: string, x: number, top: number, width: number, style: TextStyle): number {
    return this.lines(this.wrap(text, width, style), x, top, width, style);
  }

  /** Lines already broken (see `wrap`), aligned within `width`; returns the height used. */
  lines(lines: readonly string[], x: number, top: number, width: number, style: TextStyle): number {
    const step = PdfCanvas.lineStep(style.size, style.lineHeight);
    const at = style.align === 'center' ? x + width / 2 : style.align === 'right' ? x + width : x;
    lines.forEach((l, i) => this.line(l, at, top + i * step, style));
    return lines.length * step;
  }

  /** Straight lines (x1, y1, x2, y2 each), stroked black in one path. */
  strokes(segments: readonly (readonly [number, number, number, number])[], lineWidth = 0.5): void {
    if (!segments.length) return;
    const path = segments.map(([a, b, c, d]) => `${num(a)} ${num(b)} m ${num(c)} ${num(d)} l`).join(' ');
    this.ops.push(`${num(lineWidth)} w 0 G ${path} S`);
  }

  /** Filled rectangles of a grey level (0 black … 1 white). */
  fills(rects: readonly (readonly [number, number, number, number])[], grey: number): void {
    if (!rects.length) return;
    const path = rects.map(([x, y, w, h]) => `${num(x)} ${num(y)} ${num(w)} ${num(h)} re`).join(' ');
    this.ops.push(`${num(grey)} g ${path} f 0 g`);
  }

  /** A PNG or JPEG image fitted into the box (centred), on the page (not in a stamp). */
  image(bytes: Uint8Array, x: number, y: number, fit: [number, number]): void {
    if (!this.inPage) throw new Error('images are drawn on pages, not in stamps');
    this.flushToPage();
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.doc.image(data, x, y, { fit, align: 'center', valign: 'center' });
  }

  /** Ends the document and returns its bytes. */
  end(): Promise<Buffer> {
    if (this.inPage) this.flushToPage();
    this.inPage = false;
    this.doc.end();
    return this.done;
  }

  private flushToPage(): void {
    if (this.ops.length) this.doc.addContent(this.ops.join('\n'));
    Object.assign(this.doc.page.fonts, this.usedFonts);
    this.ops = [];
    this.usedFonts = {};
  }

  private font(name: FontName, bold: boolean): EmbeddedFont {
    const key = name === 'NotoSansSC' && bold ? 'NotoSansSC-Bold' : name;
    let font = this.embedded.get(key);
    if (!font) {
      const files = this.fonts.files[name];
      const token = this.fonts.vfs[key === 'NotoSansSC-Bold' ? files.bold : files.normal];
      if (!token) throw new Error(`font ${key} is not loaded`);
      this.doc.registerFont(key, token);
      font = this.doc.font(key)._font;
      if (font.layoutCache) font.layoutCache = sharedLayouts(key);
      this.embedded.set(key, font);
    }
    return font;
  }

  /** One run of one font, baseline at (x, y); returns its advance. */
  private run(font: EmbeddedFont, size: number, x: number, y: number, text: string): number {
    const [glyphs, positions] = font.encode(text);
    this.usedFonts[font.id] = font.ref();
    const scale = size / 1000;
    const head = `BT /${font.id} ${num(size)} Tf`;
    const parts: string[] = [];
    let segment = '';
    let advance = 0;
    let tj = `1 0 0 -1 ${num(x)} ${num(y)} Tm [`;
    const close = () => {
      if (segment) tj += `<${segment}>`;
      parts.push(`${tj}] TJ`);
      segment = '';
    };
    for (let i = 0; i < glyphs.length; i++) {
      const p = positions[i]!;
      if (p.xOffset || p.yOffset) {
        // a positioned glyph (a combining mark): placed by itself, then the line goes on after it
        close();
        parts.push(
          `1 0 0 -1 ${num(x + (advance + p.xOffset) * scale)} ${num(y - p.yOffset * scale)} Tm [<${glyphs[i]}>] TJ`,
        );
        advance += p.xAdvance;
        tj = `1 0 0 -1 ${num(x + advance * scale)} ${num(y)} Tm [`;
        continue;
      }
      segment += glyphs[i];
      const kern = p.xAdvance - p.advanceWidth;
      if (kern) {
        tj += `<${segment}> ${num(-kern)} `;
        segment = '';
      }
      advance += p.xAdvance;
    }
    close();
    this.ops.push(`${head} ${parts.join(' ')} ET`);
    return advance * scale;
  }
}
