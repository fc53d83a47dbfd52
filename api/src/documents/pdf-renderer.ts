import pdfmake from 'pdfmake';
import type { Content, TableCell, TableLayout, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type {
  DocumentImage,
  DocumentSpec,
  FormGridBlock,
  HorizontalAlign,
  MetaLine,
  QrCode,
  SignatureSpec,
  TableBlock,
  TextStyle,
} from './document-model.js';
import { loadFonts, type FontOptions, type LoadedFonts } from './pdf-fonts.js';
import { qrPng } from './qr-png.js';
import { wrapText } from './text-wrap.js';

/**
 * DocumentSpec → PDF with pdfmake 0.3. Runs in a worker thread in production (pdf-pool.ts); it is plain
 * synchronous-ish CPU work. pdfmake never reads a file or fetches a URL here: fonts come from its virtual
 * file system and images from data URLs, and both access policies refuse everything else.
 */

/** A spec that cannot be laid out (e.g. a form row that does not cover the grid): a programming error. */
export class DocumentSpecInvalid extends Error {
  override name = 'DocumentSpecInvalid';
}

const PAGE_SIZES: Record<string, [number, number]> = {
  A3: [841.89, 1190.55],
  A4: [595.28, 841.89],
  A5: [419.53, 595.28],
  B5: [498.9, 708.66],
};
const DEFAULT_MARGINS: [number, number, number, number] = [50, 50, 50, 56];
const CELL_PADDING_X = 4;
const LINE = 0.5;
const LABEL_FILL = '#f2f2f2';
const BLANK = '\u3000';

interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
}

let configured = false;
function configurePdfmake(): void {
  if (configured) return;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  configured = true;
}

const gridLayout: TableLayout = {
  hLineWidth: () => LINE,
  vLineWidth: () => LINE,
  hLineColor: () => '#000000',
  vLineColor: () => '#000000',
  paddingLeft: () => CELL_PADDING_X,
  paddingRight: () => CELL_PADDING_X,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

/** Renders a document to PDF bytes. Throws `FontUnavailable` when the fallback font is missing. */
export async function renderPdf(spec: DocumentSpec, options: FontOptions = {}): Promise<Buffer> {
  const fonts = loadFonts(options);
  const definition = toDocDefinition(spec, fonts);
  configurePdfmake();
  const vfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;
  for (const [name, token] of Object.entries(fonts.vfs)) vfs.writeFileSync(name, token);
  pdfmake.setFonts(fonts.files);
  return pdfmake.createPdf(definition).getBuffer();
}

/** The pdfmake document definition of a spec (exported for tests). */
export function toDocDefinition(spec: DocumentSpec, fonts: LoadedFonts): TDocumentDefinitions {
  const b = new Builder(spec, fonts);
  return b.build();
}

class Builder {
  private readonly contentWidth: number;

  constructor(
    private readonly spec: DocumentSpec,
    private readonly fonts: LoadedFonts,
  ) {
    const [w, h] = PAGE_SIZES[spec.pageSize ?? 'A4']!;
    const margins = spec.margins ?? DEFAULT_MARGINS;
    this.contentWidth = (spec.orientation === 'landscape' ? h : w) - margins[0] - margins[2];
  }

  build(): TDocumentDefinitions {
    const { spec } = this;
    const content: Content[] = [];
    if (spec.titleOnFirstPage !== false) {
      content.push(...this.title(spec.title, spec.subtitle));
      for (const line of spec.meta ?? []) content.push(this.meta(line));
      if (spec.subtitle || spec.meta?.length) content.push({ text: '', margin: [0, 0, 0, 4] });
    }
    spec.blocks.forEach((block, i) => content.push(this.block(block, i)));

    const pageNumbers = spec.footer?.pageNumbers ?? true;
    const footerText = spec.footer?.text;
    const definition: TDocumentDefinitions = {
      pageSize: spec.pageSize ?? 'A4',
      pageOrientation: spec.orientation ?? 'portrait',
      pageMargins: spec.margins ?? DEFAULT_MARGINS,
      info: {
        title: spec.title,
        ...(spec.author ? { author: spec.author } : {}),
        ...(spec.subject ? { subject: spec.subject } : {}),
        creator: '工勤技能岗位等级考核系统',
        producer: '工勤技能岗位等级考核系统',
      },
      defaultStyle: { font: 'NotoSansSC', fontSize: 10.5, lineHeight: 1.2 },
      content,
    };
    // runs are split here, not in the callbacks pdfmake calls while laying out: every font a document
    // needs must be in its virtual file system before rendering starts
    const margins = spec.margins ?? DEFAULT_MARGINS;
    if (pageNumbers || footerText) {
      const fixedText = footerText ? `${footerText}${pageNumbers ? '\u3000\u3000' : ''}` : '';
      const fixed = fixedText ? this.runs(fixedText) : [];
      // one layout item instead of one per character, when it surely fits (see `wrapped`)
      const noWrap =
        this.wrap(`${fixedText}第 99999 页 共 99999 页`, this.contentWidth, 9, false).length === 1;
      definition.footer = (currentPage: number, pageCount: number) => ({
        text: [...fixed, ...(pageNumbers ? [{ text: `第 ${currentPage} 页 共 ${pageCount} 页` }] : [])],
        ...(noWrap ? { noWrap: true } : {}),
        fontSize: 9,
        alignment: 'center',
        margin: [margins[0], 20, margins[2], 0],
      });
    }
    if (spec.pageHeader) {
      const header = this.text(spec.pageHeader);
      definition.header = () => ({
        ...header,
        fontSize: 8,
        color: '#555555',
        alignment: 'right',
        margin: [margins[0], 20, margins[2], 0],
      });
    }
    return definition;
  }

  private title(text: string, subtitle: string | undefined): Content[] {
    const out: Content[] = [
      {
        ...(this.wrapped(text, { fontSize: 18, bold: true, align: 'center' }, this.contentWidth) as object),
        margin: [0, 0, 0, 6],
      } as Content,
    ];
    if (subtitle)
      out.push({
        ...(this.wrapped(subtitle, { fontSize: 12, align: 'center' }, this.contentWidth) as object),
        margin: [0, 0, 0, 6],
      } as Content);
    return out;
  }

  /**
   * A QR code as a 1-bit PNG (pixels per module, with a quiet zone) rather than pdfmake's `qr` node, which
   * draws every dark module as a vector of its own (~600 per code) and made a 准考证 page ~5 ms slower.
   */
  private qr(qr: QrCode): Content {
    if (!qr.text) throw new DocumentSpecInvalid('二维码的内容不能为空');
    const size = qr.size ?? 80;
    return {
      image: `data:image/png;base64,${qrPng(qr.text, qr.eccLevel ?? 'M').toString('base64')}`,
      width: size,
      height: size,
    };
  }

  /**
   * Text broken into lines here, each drawn with `noWrap`: pdfmake would otherwise make one layout item
   * per CJK character (its line breaker allows a break between any two), and spends most of a 准考证
   * page's time styling those. Widths come from the fonts themselves (a little is kept in reserve);
   * punctuation that must not begin a line takes the character before it along. `width` is the content
   * width in points.
   */
  private wrapped(value: string, style: TextStyle & { fontSize: number }, width: number): Content {
    const lines = this.wrap(value, width, style.fontSize, style.bold ?? false);
    const props = {
      ...(style.bold ? { bold: true } : {}),
      fontSize: style.fontSize,
      ...(style.align ? { alignment: style.align } : {}),
    };
    if (lines.length === 1) return { ...this.text(lines[0]!), noWrap: true, ...props };
    return { stack: lines.map((line) => ({ ...this.text(line), noWrap: true })), ...props };
  }

  wrap(value: string, width: number, fontSize: number, bold: boolean): string[] {
    return wrapText(value, width, fontSize, (ch) => this.fonts.advance(ch, bold));
  }

  /** Text split into runs per font, so that Ext-B characters get the fallback font. */
  text(value: string): { text: string | { text: string; font?: string }[] } {
    const runs = this.runs(value);
    return runs.every((r) => r.font === undefined) ? { text: value } : { text: runs };
  }

  private runs(value: string): { text: string; font?: string }[] {
    return this.fonts.splitRuns(value).map((r) => (r.font === 'NotoSansSC' ? { text: r.text } : r));
  }

  private styled(value: string, style: TextStyle = {}): Content {
    return {
      ...this.text(value),
      ...(style.bold ? { bold: true } : {}),
      ...(style.fontSize ? { fontSize: style.fontSize } : {}),
      ...(style.align ? { alignment: style.align } : {}),
    };
  }

  private meta(line: MetaLine): Content {
    if (typeof line === 'string') return { ...this.text(line), fontSize: 10, margin: [0, 1, 0, 1] };
    return {
      columns: [
        { ...this.text(line[0]), fontSize: 10 },
        { ...this.text(line[1]), fontSize: 10, alignment: 'right' },
      ],
      margin: [0, 1, 0, 1],
    };
  }

  private block(block: DocumentSpec['blocks'][number], index: number): Content {
    switch (block.kind) {
      case 'paragraph':
        return {
          ...((block.indent || block.align === 'justify'
            ? this.styled(block.text, block)
            : this.wrapped(
                block.text,
                { ...block, fontSize: block.fontSize ?? 10.5 },
                this.contentWidth,
              )) as object),
          ...(block.indent ? { leadingIndent: (block.fontSize ?? 10.5) * 2 } : {}),
          margin: [0, block.marginTop ?? 3, 0, 3],
        } as Content;
      case 'heading':
        return {
          ...(this.wrapped(
            block.text,
            { bold: true, fontSize: block.level === 2 ? 11.5 : 13 },
            this.contentWidth,
          ) as object),
          margin: [0, 8, 0, 4],
        } as Content;
      case 'form':
        return this.form(block, index);
      case 'table':
        return this.table(block);
      case 'image':
        return { ...this.image(block.image), alignment: block.align ?? 'center', margin: [0, 4, 0, 4] };
      case 'qr': {
        const align = block.align ?? 'center';
        const stack: Content[] = [{ ...(this.qr(block.qr) as object), alignment: align } as Content];
        if (block.caption) stack.push({ ...this.text(block.caption), fontSize: 8, alignment: align });
        return { stack, margin: [0, 4, 0, 4] };
      }
      case 'title':
        return { stack: this.title(block.text, block.subtitle) };
      case 'signatures': {
        const n = block.parties.length;
        const width = (this.contentWidth - n * 2 * CELL_PADDING_X - (n + 1) * LINE) / n;
        return {
          table: {
            widths: block.parties.map(() => width),
            heights: Math.max(...block.parties.map((p) => p.height ?? 110)),
            body: [block.parties.map((p) => ({ stack: this.signature(p) }))],
            dontBreakRows: true,
          },
          layout: gridLayout,
          margin: [0, 6, 0, 6],
        };
      }
      case 'spacer':
        return { text: '', margin: [0, block.height, 0, 0] };
      case 'pageBreak':
        return { text: '', pageBreak: 'after' };
    }
  }

  /** A signature area; `room` is its height when the spec gives none (the form row's, in a form). */
  private signature(spec: SignatureSpec, room = 110): Content[] {
    const height = spec.height ?? room;
    const out: Content[] = [];
    if (spec.title) out.push({ ...this.text(spec.title), bold: true });
    if (spec.opinion) out.push({ ...this.text(spec.opinion), leadingIndent: 21, margin: [0, 2, 0, 0] });
    const lines: Content[] = [];
    if (spec.signers.length)
      lines.push({
        ...this.text(spec.signers.map((s) => `${s}：${BLANK.repeat(6)}`).join(BLANK)),
        alignment: 'right',
      });
    if (spec.seal) lines.push({ text: '（盖章）', alignment: 'right', margin: [0, 4, 18, 0] });
    if (spec.date)
      lines.push({
        ...this.text(typeof spec.date === 'string' ? spec.date : `年${BLANK}${BLANK}月${BLANK}${BLANK}日`),
        alignment: 'right',
        margin: [0, 4, 0, 0],
      });
    // leave room above the signature lines for handwriting and the seal
    const used = out.length * 16 + lines.length * 18;
    out.push({ stack: lines, margin: [0, Math.max(8, height - used - 2), 0, 0] });
    return out;
  }

  private image(image: DocumentImage): {
    image: string;
    width?: number;
    height?: number;
    fit?: [number, number];
  } {
    const data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    let mime: string;
    if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
      mime = 'image/png';
    else if (data[0] === 0xff && data[1] === 0xd8) mime = 'image/jpeg';
    else throw new DocumentSpecInvalid('图片只能是 PNG 或 JPEG 格式');
    return {
      image: `data:${mime};base64,${data.toString('base64')}`,
      ...(image.width ? { width: image.width } : {}),
      ...(image.height ? { height: image.height } : {}),
      ...(image.fit ? { fit: image.fit } : {}),
    };
  }

  /**
   * A table's column widths: with no 'auto' column, all in points ('*' share the rest equally, as pdfmake
   * would), so that the cells' text can be wrapped here (`wrapped`); otherwise as given.
   */
  private tableWidths(block: TableBlock): (number | 'auto' | '*')[] {
    const given = block.columns.map((c) => c.width ?? '*');
    if (given.includes('auto')) return given;
    const n = given.length;
    const room = this.contentWidth - n * 2 * CELL_PADDING_X - (n + 1) * LINE - 0.5;
    const fixed = given.reduce<number>((a, w) => a + (typeof w === 'number' ? w : 0), 0);
    const stars = given.filter((w) => w === '*').length;
    if (stars && room - fixed < stars * 12) return given;
    return given.map((w) => (typeof w === 'number' ? w : (room - fixed) / stars));
  }

  /** Relative widths → content widths in points that exactly fill the line. */
  private widths(shares: number[]): number[] {
    const n = shares.length;
    const total = shares.reduce((a, b) => a + b, 0);
    const room = this.contentWidth - n * 2 * CELL_PADDING_X - (n + 1) * LINE - 0.5;
    return shares.map((s) => (room * s) / total);
  }

  private form(block: FormGridBlock, index: number): Content {
    const n = block.columns.length;
    const occupied: boolean[][] = block.rows.map(() => new Array<boolean>(n).fill(false));
    const body: TableCell[][] = [];
    const fontSize = block.fontSize ?? 10;
    const widths = this.widths(block.columns);
    block.rows.forEach((row, r) => {
      const out: TableCell[] = [];
      let c = 0;
      const skipOccupied = () => {
        while (c < n && occupied[r]![c]) {
          out.push({});
          c++;
        }
      };
      for (const cell of row.cells) {
        skipOccupied();
        const colSpan = cell.colSpan ?? 1;
        const rowSpan = cell.rowSpan ?? 1;
        if (c + colSpan > n)
          throw new DocumentSpecInvalid(`表格 ${index + 1} 第 ${r + 1} 行的单元格超出了 ${n} 列`);
        for (let rr = r; rr < Math.min(r + rowSpan, block.rows.length); rr++)
          for (let cc = c; cc < c + colSpan; cc++) occupied[rr]![cc] = true;
        let width = (colSpan - 1) * (2 * CELL_PADDING_X + LINE);
        for (let k = c; k < c + colSpan; k++) width += widths[k]!;
        out.push(this.formCell(cell, colSpan, rowSpan, row.height, width, fontSize));
        for (let k = 1; k < colSpan; k++) out.push({});
        c += colSpan;
      }
      skipOccupied();
      if (c !== n)
        throw new DocumentSpecInvalid(`表格 ${index + 1} 第 ${r + 1} 行只覆盖了 ${c} 列，应为 ${n} 列`);
      body.push(out);
    });
    return {
      table: {
        widths,
        heights: (row: number) => block.rows[row]?.height ?? 20,
        body,
      },
      layout: gridLayout,
      fontSize,
      margin: [0, 2, 0, 6],
    };
  }

  private formCell(
    cell: FormGridBlock['rows'][number]['cells'][number],
    colSpan: number,
    rowSpan: number,
    rowHeight: number | undefined,
    width: number,
    fontSize: number,
  ) {
    const align: HorizontalAlign = cell.align ?? (cell.kind === 'label' ? 'center' : 'left');
    const stack: Content[] = [];
    if (cell.image) stack.push({ ...this.image(cell.image), alignment: 'center' });
    if (cell.qr) stack.push({ ...(this.qr(cell.qr) as object), alignment: 'center' } as Content);
    if (cell.text)
      stack.push(
        align === 'justify'
          ? this.styled(cell.text, { ...cell, align })
          : this.wrapped(cell.text, { ...cell, align, fontSize: cell.fontSize ?? fontSize }, width),
      );
    if (cell.signature) stack.push(...this.signature(cell.signature, (rowHeight ?? 110) - 8));
    const span = {
      ...(colSpan > 1 ? { colSpan } : {}),
      ...(rowSpan > 1 ? { rowSpan } : {}),
      ...(cell.kind === 'label' ? { fillColor: LABEL_FILL } : {}),
    };
    // pdfmake cannot vertically align a cell without content (it crashes looking for its position)
    if (!stack.length) return { text: '', ...span } as TableCell;
    return {
      stack,
      ...span,
      verticalAlignment: cell.verticalAlign ?? (cell.signature ? 'top' : 'middle'),
    } as TableCell;
  }

  private table(block: TableBlock): Content {
    const n = block.columns.length;
    const fontSize = block.fontSize ?? 9;
    const header: TableCell[][] = [];
    for (const group of block.headerGroups ?? []) {
      const row: TableCell[] = [];
      for (const cell of group) {
        const colSpan = cell.colSpan ?? 1;
        row.push({
          ...this.text(cell.text),
          bold: true,
          alignment: 'center',
          fillColor: LABEL_FILL,
          colSpan,
        });
        for (let k = 1; k < colSpan; k++) row.push({});
      }
      if (row.length !== n) throw new DocumentSpecInvalid(`表头分组应覆盖 ${n} 列，实际 ${row.length} 列`);
      header.push(row);
    }
    header.push(
      block.columns.map((col) => ({
        ...this.text(col.title),
        bold: true,
        alignment: 'center',
        fillColor: LABEL_FILL,
      })),
    );
    const widths = this.tableWidths(block);
    const body: TableCell[][] = block.rows.map((values, r) => {
      if (values.length !== n)
        throw new DocumentSpecInvalid(`名册第 ${r + 1} 行有 ${values.length} 个值，应为 ${n} 个`);
      return values.map((v, c) => {
        const text = v === null ? '' : String(v);
        const align = block.columns[c]!.align ?? (typeof v === 'number' ? 'right' : 'left');
        const width = widths[c]!;
        return (
          typeof width === 'number'
            ? this.wrapped(text, { align, fontSize }, width)
            : { ...this.text(text), alignment: align }
        ) as TableCell;
      });
    });
    return {
      table: {
        headerRows: block.repeatHeader === false ? 0 : header.length,
        dontBreakRows: true,
        widths,
        body: [...header, ...body],
      },
      layout: gridLayout,
      fontSize,
      margin: [0, 2, 0, 6],
    };
  }
}
