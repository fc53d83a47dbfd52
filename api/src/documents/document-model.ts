/**
 * A document as plain data. The module that owns a document (applications → 申报表, scheduling → 准考证,
 * results → 名册…) builds a `DocumentSpec`; the documents module turns it into PDF (pdf-renderer.ts) or, for
 * its tables, into an Excel workbook (excel-renderer.ts). Specs hold no functions and no class instances, so
 * they cross a worker-thread boundary as they are (structured clone; images are `Uint8Array`).
 *
 * Units: lengths in points (1 pt = 1/72 inch ≈ 0.353 mm); relative widths are plain numbers (`'*'`-like
 * shares) unless noted. Text is plain text; any character is allowed as long as some font has it — CJK
 * Extension B and beyond (e.g. 𠮷) is drawn with the fallback font, never as a blank box.
 */

export type PageSize = 'A4' | 'A3' | 'A5' | 'B5';
export type Orientation = 'portrait' | 'landscape';
export type HorizontalAlign = 'left' | 'center' | 'right' | 'justify';
export type VerticalAlign = 'top' | 'middle' | 'bottom';

/** A PNG or JPEG image (e.g. the candidate's photo), as bytes. */
export interface DocumentImage {
  data: Uint8Array;
  /** drawn size in points; with only one of them the aspect ratio is kept; with neither, `fit` or natural */
  width?: number;
  height?: number;
  /** fit inside this box (points), keeping the aspect ratio */
  fit?: [number, number];
}

export interface TextStyle {
  bold?: boolean;
  /** points; the document's default is 10.5 (五号) */
  fontSize?: number;
  align?: HorizontalAlign;
}

/**
 * A signature / seal area: opinion text, the people who sign, the seal and the date, e.g.
 * "经办人：   负责人：   （盖章）  年 月 日".
 */
export interface SignatureSpec {
  /** heading such as 「所在单位意见」 (omitted inside a form cell whose label says it) */
  title?: string;
  /** pre-filled opinion, e.g. 「情况属实，同意申报。」; blank space is left for handwriting otherwise */
  opinion?: string;
  /** who signs, e.g. ['经办人', '负责人'] */
  signers: string[];
  /** print 「（盖章）」 */
  seal?: boolean;
  /** true: a blank 「  年  月  日」; a string: that date as written, e.g. 「2026年3月2日」 */
  date?: boolean | string;
  /** minimum height in points (room for the handwriting and the seal) */
  height?: number;
}

export interface ParagraphBlock extends TextStyle {
  kind: 'paragraph';
  text: string;
  /** first-line indent of two characters (公文 style) */
  indent?: boolean;
  /** space above, points */
  marginTop?: number;
}

export interface HeadingBlock {
  kind: 'heading';
  text: string;
  level?: 1 | 2;
}

/**
 * A QR code (e.g. the 准考证's seat check the invigilator scans). Drawn as vectors by pdfmake; the text is
 * encoded as it is (keep it short and ASCII: it becomes a bigger code otherwise).
 */
export interface QrCode {
  text: string;
  /** side of the square in points (default 80) */
  size?: number;
  /** error correction level (default 'M') */
  eccLevel?: 'L' | 'M' | 'Q' | 'H';
}

/** One cell of a form grid. Cells covered by another cell's colSpan/rowSpan are simply left out. */
export interface FormCell extends TextStyle {
  /** 'label' cells are centred and shaded, 'value' cells hold the data */
  kind: 'label' | 'value';
  text?: string;
  colSpan?: number;
  rowSpan?: number;
  verticalAlign?: VerticalAlign;
  /** an image instead of text (the photo cell of 申报表) */
  image?: DocumentImage;
  /** a signature area in this cell (text, if any, comes first) */
  signature?: SignatureSpec;
  /** a QR code in this cell (after the image, before the text) */
  qr?: QrCode;
}

export interface FormRow {
  cells: FormCell[];
  /** minimum height in points (e.g. tall rows for 工作简历 or signatures) */
  height?: number;
}

/** A key–value grid like a 申报表 or 登记表: a table without a header, with merged cells. */
export interface FormGridBlock {
  kind: 'form';
  /** relative widths of the grid's columns; every row covers exactly this many columns */
  columns: number[];
  rows: FormRow[];
  /** default 10 */
  fontSize?: number;
}

export interface TableColumn {
  title: string;
  /** points, or 'auto' (fit content), or '*' (share the rest); default '*' */
  width?: number | 'auto' | '*';
  align?: 'left' | 'center' | 'right';
  /** width in Excel characters (default from the title and data) */
  excelWidth?: number;
}

export interface HeaderGroupCell {
  text: string;
  colSpan?: number;
}

export type TableValue = string | number | null;

/** A list (名册, 汇总表): header rows repeated on each page, then data rows. */
export interface TableBlock {
  kind: 'table';
  columns: TableColumn[];
  /** extra header rows above the column titles (grouped headings); each row covers every column */
  headerGroups?: HeaderGroupCell[][];
  rows: TableValue[][];
  /** repeat the header on each page (default true) */
  repeatHeader?: boolean;
  /** default 9 */
  fontSize?: number;
  /** Excel sheet name (Chinese is fine; at most 31 characters, no []:*?/\) */
  sheetName?: string;
}

export interface ImageBlock {
  kind: 'image';
  image: DocumentImage;
  align?: 'left' | 'center' | 'right';
}

export interface QrBlock {
  kind: 'qr';
  qr: QrCode;
  align?: 'left' | 'center' | 'right';
  /** small text under the code, e.g. 「监考人员扫码核验」 */
  caption?: string;
}

/**
 * A title drawn like the document's own, anywhere: for documents of many one-page items (准考证), each page
 * starts with one, and the spec sets `titleOnFirstPage: false`.
 */
export interface TitleBlock {
  kind: 'title';
  text: string;
  subtitle?: string;
}

export interface SignatureBlock {
  kind: 'signatures';
  /** side by side, e.g. 单位意见 | 主管部门意见 */
  parties: SignatureSpec[];
}

export interface SpacerBlock {
  kind: 'spacer';
  height: number;
}

export interface PageBreakBlock {
  kind: 'pageBreak';
}

export type DocumentBlock =
  | ParagraphBlock
  | HeadingBlock
  | FormGridBlock
  | TableBlock
  | ImageBlock
  | QrBlock
  | TitleBlock
  | SignatureBlock
  | SpacerBlock
  | PageBreakBlock;

/** A line under the title; `[left, right]` puts two texts on one line (e.g. 填报单位 … 填报日期 …). */
export type MetaLine = string | [string, string];

export interface DocumentSpec {
  /** default A4 */
  pageSize?: PageSize;
  /** default portrait */
  orientation?: Orientation;
  /** page margins in points [left, top, right, bottom]; default [50, 50, 50, 56] */
  margins?: [number, number, number, number];
  /** big centred title (also the PDF's title) */
  title: string;
  /** draw `title`, `subtitle` and `meta` at the top of the first page (default true); false: the PDF's
   *  title only, the blocks bring their own (`TitleBlock`) */
  titleOnFirstPage?: boolean;
  subtitle?: string;
  meta?: MetaLine[];
  blocks: DocumentBlock[];
  /** footer; default: page numbers "第 x 页 共 y 页" */
  footer?: { pageNumbers?: boolean; text?: string };
  /** small text at the top of every page, e.g. the batch name */
  pageHeader?: string;
  /** PDF metadata */
  author?: string;
  subject?: string;
}

/** Only a table, for Excel exports of lists. */
export interface SheetSpec {
  /** sheet names are Chinese, e.g. 「考生名册」 */
  sheetName: string;
  title?: string;
  columns: TableColumn[];
  headerGroups?: HeaderGroupCell[][];
  rows: TableValue[][];
}
