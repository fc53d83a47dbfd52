import { maskIdNumber } from '@exam/contracts';
import { PdfCanvas, type TextStyle } from '../documents/pdf-canvas.js';
import type { FontOptions } from '../documents/pdf-fonts.js';
import { qrPng } from '../documents/qr-png.js';

/**
 * The 准考证 (admission ticket): its data, its QR payload, and its A4 page drawn with pdfkit
 * (`renderAdmissionTicketsPdf`, run in the document workers: `DocumentsService.renderLayout`). A whole batch
 * goes through ticket-rendering.ts (chunks in parallel).
 *
 * The page is laid out here, once: what every ticket of a batch shares (title, labels, grid, 考场规则,
 * footer) is drawn once per PDF as stamps (pdf-canvas.ts), and per ticket only the fields, the photo, the
 * sittings rows and the QR code are drawn. The geometry follows the former pdfmake layout (same margins,
 * column shares, paddings and line distances), so the ticket looks as it did.
 */

/** One sitting of the candidate: when and where, shown in Asia/Shanghai. */
export interface TicketSitting {
  /** 理论知识（人机对话） / 操作技能 / 综合评审 */
  componentName: string;
  /** the subject, e.g. 「汽车驾驶员（技师）理论」 */
  subject: string;
  /** start and end instants (stored in UTC; printed in Asia/Shanghai) */
  startsAt: Date;
  endsAt: Date;
  venueName: string;
  /** e.g. 「第 3 考场（实训楼 201）」 */
  roomName: string;
  /** e.g. 「05」 or 「B-3」 */
  seatLabel: string;
  /** computer rooms: the machine's id; null otherwise */
  machineId: string | null;
}

export interface AdmissionTicketData {
  ticketNumber: string;
  name: string;
  /** the full 18-character number; only the first and last four characters are printed */
  idNumber: string;
  sex: 'M' | 'F';
  /** PNG or JPEG bytes, or null for an empty photo box */
  photo: Uint8Array | null;
  unitName: string;
  occupationName: string;
  /** e.g. 「技师」 */
  levelName: string;
  /** region of the policy, e.g. 「示范省」 (the title's prefix) */
  regionName: string;
  /** the batch / policy title, e.g. 「2026年度第一批工勤技能岗位等级考核」 */
  batchTitle: string;
  sittings: TicketSitting[];
  /** what the QR code holds (see `ticketQrPayload`) */
  qrPayload: string;
  /** who issues the ticket (footer), e.g. 「示范省人力资源和社会保障厅」 */
  issuer?: string;
  /** rules printed on the ticket; default `ADMISSION_TICKET_RULES` */
  rules?: readonly string[];
}

/** 考场规则 printed on every ticket unless the batch brings its own. */
export const ADMISSION_TICKET_RULES: readonly string[] = [
  '考生须凭本准考证和本人有效居民身份证（原件）参加考核，两证缺一不得入场。',
  '考生须于每场考核开始前 30 分钟到达考场，接受身份核验后按座位号（机位号）入座；考核开始 15 分钟后不得入场，考核开始 30 分钟内不得交卷离场。',
  '严禁携带手机、智能手表、耳机等任何通讯及电子存储设备进入考场；已携带的须关机后存放于指定位置，考核期间随身携带的按违纪处理。',
  '除规定的文具外，不得携带书籍、资料、笔记等物品入座；操作技能考核按要求穿戴劳动防护用品。',
  '人机对话考核须在分配的机位作答，不得擅自更换机位、重启或操作与考核无关的程序；设备故障时举手示意监考人员。',
  '考核期间保持安静，服从监考人员管理；替考、抄袭、传递答案等违纪违规行为按有关规定严肃处理。',
  '本准考证请妥善保管，不得涂改；考核结束后请保留至成绩公布。',
];

/**
 * The QR payload `EXAMTICKET:<ticketNumber>:<signature>`; `sign` is given by the caller (e.g. an HMAC with
 * a server secret), so that the invigilator's scanner can check that the ticket was issued by the office.
 */
export function ticketQrPayload(ticketNumber: string, sign: (message: string) => string): string {
  const message = `EXAMTICKET:${ticketNumber}`;
  return `${message}:${sign(message)}`;
}

const shanghaiParts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function parts(at: Date): Record<string, string> {
  return Object.fromEntries(shanghaiParts.formatToParts(at).map((p) => [p.type, p.value]));
}

/** 「2026年05月16日」, 「周六」 and 「09:00–10:30」, in Asia/Shanghai. */
export function sittingWhen(s: Pick<TicketSitting, 'startsAt' | 'endsAt'>): {
  date: string;
  weekday: string;
  time: string;
} {
  // a batch has a handful of sitting times: formatted once each (Intl is slow), for thousands of tickets
  const key = `${s.startsAt.getTime()}/${s.endsAt.getTime()}`;
  let when = formatted.get(key);
  if (!when) {
    if (formatted.size > 1000) formatted.clear();
    formatted.set(key, (when = formatWhen(s)));
  }
  return when;
}

const formatted = new Map<string, ReturnType<typeof sittingWhen>>();

function formatWhen(s: Pick<TicketSitting, 'startsAt' | 'endsAt'>): ReturnType<typeof sittingWhen> {
  const a = parts(s.startsAt);
  const b = parts(s.endsAt);
  const hour = (p: Record<string, string>) => (p.hour === '24' ? '00' : p.hour);
  return {
    date: `${a.year}年${a.month}月${a.day}日`,
    weekday: a.weekday!,
    time: `${hour(a)}:${a.minute}–${hour(b)}:${b.minute}`,
  };
}

export function admissionTicketTitle(regionName: string): string {
  return `${regionName}机关事业单位工勤技能岗位等级考核 准考证`;
}

/* ---------------------------------------------------------------------------------------------------------
 * The page. Coordinates in points from the top left of an A4 page. A grid's lines are 0.5 pt wide, its
 * cells have 4 pt of padding left and right and 3 pt above and below (as the pdfmake layout had).
 * ------------------------------------------------------------------------------------------------------ */

const SEX: Record<AdmissionTicketData['sex'], string> = { M: '男', F: '女' };
const MARGIN = { left: 42, top: 40, right: 42, bottom: 48 };
const LINE = 0.5;
const PAD_X = 4;
const PAD_Y = 3;
const LABEL_GREY = 0.949; // #f2f2f2
const CONTENT_WIDTH = 595.28 - MARGIN.left - MARGIN.right;
/** the bottom of the page's body (the footer is below it) */
const BODY_BOTTOM = 841.89 - MARGIN.bottom;
/** the info form: 5 rows of 22 pt content, the photo on the right over all five */
const INFO_ROW = 22 + 2 * PAD_Y + LINE;
const INFO_SIZE = 10.5;
const TABLE_SIZE = 9.5;
const RULES_SIZE = 8.5;
const QR_SIZE = 96;
const QR_CAPTION = '监考人员扫码\n核验身份与座位';
const QR_CAPTION_SIZE = 8;
const PHOTO_FIT: [number, number] = [76, 104];
const step = (size: number) => PdfCanvas.lineStep(size);

type Segment = readonly [number, number, number, number];

/**
 * The x of a grid's vertical lines: content widths from shares of the page width (numbers) or fixed
 * widths and '*' shares of the rest (as pdfmake sizes tables).
 */
function gridColumns(widths: readonly (number | '*')[], shares = false): number[] {
  const n = widths.length;
  const room = CONTENT_WIDTH - n * 2 * PAD_X - (n + 1) * LINE - LINE;
  let content: number[];
  if (shares) {
    const total = (widths as number[]).reduce((a, b) => a + b, 0);
    content = (widths as number[]).map((w) => (room * w) / total);
  } else {
    const fixed = widths.reduce<number>((a, w) => a + (w === '*' ? 0 : w), 0);
    const star = (room - fixed) / widths.filter((w) => w === '*').length;
    content = widths.map((w) => (w === '*' ? star : w));
  }
  const xs = [MARGIN.left + LINE / 2];
  for (const w of content) xs.push(xs.at(-1)! + w + 2 * PAD_X + LINE);
  return xs;
}

const INFO_X = gridColumns([1.15, 1.9, 1.05, 1.5, 1.45], true);
const SITTINGS_X = gridColumns(['*', 108, '*', 40, 52]);
const RULES_X = gridColumns([4, 1.35], true);
const SITTINGS_ALIGN: TextStyle['align'][] = ['left', 'center', 'left', 'center', 'center'];

/** the content width of the cell between vertical lines `x[from]` and `x[to]` */
const cellWidth = (x: readonly number[], from: number, to = from + 1) => x[to]! - x[from]! - 2 * PAD_X - LINE;

/** horizontal lines at each y, vertical lines at each x from the first y to the last */
function gridLines(xs: readonly number[], ys: readonly number[]): Segment[] {
  const top = ys[0]! - LINE / 2;
  const bottom = ys.at(-1)! + LINE / 2;
  return [
    ...ys.map((y): Segment => [xs[0]! - LINE / 2, y, xs.at(-1)! + LINE / 2, y]),
    ...xs.map((x): Segment => [x, top, x, bottom]),
  ];
}

/** Text in a cell between `top` and `bottom` (grid lines), vertically centred. */
function middle(
  canvas: PdfCanvas,
  lines: readonly string[],
  x: number,
  width: number,
  top: number,
  bottom: number,
  style: TextStyle,
): void {
  const height = lines.length * step(style.size);
  canvas.lines(lines, x, (top + bottom) / 2 - height / 2, width, style);
}

interface Frame {
  /** where the info form's rows begin and end (grid line y) */
  infoTop: number;
  /** the y of the sittings table's line below its header */
  sittingsTop: number;
}

/** What every page of a batch shares above the sittings rows: title, info form labels and grid, header. */
function drawFrame(canvas: PdfCanvas, title: string, subtitle: string): Frame {
  let y = MARGIN.top;
  const lines = (text: string, style: TextStyle, marginBottom: number) => {
    y += canvas.paragraph(text, MARGIN.left, y, CONTENT_WIDTH, style) + marginBottom;
  };
  lines(title, { size: 18, bold: true, align: 'center' }, 6);
  lines(subtitle, { size: 12, align: 'center' }, 6);
  const infoTop = y + 2 + LINE / 2;
  const ys = Array.from({ length: 6 }, (_, i) => infoTop + i * INFO_ROW);
  const x = INFO_X;
  // label cells: [row, column]
  const labels: [number, number, string][] = [
    [0, 0, '准考证号'],
    [1, 0, '姓名'],
    [1, 2, '性别'],
    [2, 0, '身份证号'],
    [3, 0, '工作单位'],
    [4, 0, '考核工种'],
    [4, 2, '考核等级'],
  ];
  canvas.fills(
    labels.map(([r, c]) => [x[c]!, ys[r]!, x[c + 1]! - x[c]!, INFO_ROW]),
    LABEL_GREY,
  );
  for (const [r, c, text] of labels)
    middle(canvas, [text], x[c]! + LINE / 2 + PAD_X, cellWidth(x, c), ys[r]!, ys[r + 1]!, {
      size: INFO_SIZE,
      align: 'center',
    });
  const infoLines: Segment[] = [
    ...ys.map((yy): Segment => [x[0]! - LINE / 2, yy, x[4]!, yy]),
    [x[4]!, ys[0]!, x[5]! + LINE / 2, ys[0]!],
    [x[4]!, ys[5]!, x[5]! + LINE / 2, ys[5]!],
    ...[0, 1, 4, 5].map((c): Segment => [x[c]!, ys[0]! - LINE / 2, x[c]!, ys[5]! + LINE / 2]),
    // the inner column lines only where rows have four cells (姓名/性别, 考核工种/考核等级)
    ...[1, 4].flatMap((r) =>
      [2, 3].map((c): Segment => [x[c]!, ys[r]! - LINE / 2, x[c]!, ys[r + 1]! + LINE / 2]),
    ),
  ];
  canvas.strokes(infoLines);

  y = ys[5]! + LINE / 2 + 6 + 8;
  lines('考核安排', { size: 11.5, bold: true }, 4);
  const headTop = y + 2 + LINE / 2;
  const headBottom = headTop + step(TABLE_SIZE) + 2 * PAD_Y + LINE;
  const sx = SITTINGS_X;
  canvas.fills([[sx[0]!, headTop, sx[5]! - sx[0]!, headBottom - headTop]], LABEL_GREY);
  ['考核科目', '日期 / 时间', '考点 / 考场', '座位号', '机位号'].forEach((text, c) =>
    canvas.line(text, (sx[c]! + sx[c + 1]!) / 2, headTop + LINE / 2 + PAD_Y, {
      size: TABLE_SIZE,
      bold: true,
      align: 'center',
    }),
  );
  canvas.strokes(gridLines(sx, [headTop, headBottom]));
  return { infoTop, sittingsTop: headBottom };
}

interface RulesBlock {
  height: number;
  /** the QR code's box, relative to the block's top */
  qr: { x: number; y: number };
}

/**
 * The 考场规则 / 座位核验码 form and the signature line, drawn from y = 0 (placed below the sittings); the
 * QR code itself is per ticket (its box is returned).
 */
function drawRules(canvas: PdfCanvas, rules: readonly string[]): RulesBlock {
  const x = RULES_X;
  const g0 = LINE / 2;
  const g1 = g0 + 20 + 2 * PAD_Y + LINE;
  const rulesStyle: TextStyle = { size: RULES_SIZE };
  const ruleLines = canvas.wrap(
    rules.map((r, i) => `${i + 1}. ${r}`).join('\n'),
    cellWidth(x, 0),
    rulesStyle,
  );
  const captionLines = QR_CAPTION.split('\n');
  const qrStack = QR_SIZE + captionLines.length * step(QR_CAPTION_SIZE);
  const content = Math.max(20, ruleLines.length * step(RULES_SIZE), qrStack);
  const g2 = g1 + content + 2 * PAD_Y + LINE;
  canvas.fills([[x[0]!, g0, x[2]! - x[0]!, g1 - g0]], LABEL_GREY);
  ['考场规则', '座位核验码'].forEach((text, c) =>
    middle(canvas, [text], x[c]! + LINE / 2 + PAD_X, cellWidth(x, c), g0, g1, { size: 10, align: 'center' }),
  );
  canvas.lines(ruleLines, x[0]! + LINE / 2 + PAD_X, g1 + LINE / 2 + PAD_Y, cellWidth(x, 0), rulesStyle);
  const qrTop = (g1 + g2) / 2 - qrStack / 2;
  const qrCenter = (x[1]! + x[2]!) / 2;
  canvas.lines(captionLines, x[1]! + LINE / 2 + PAD_X, qrTop + QR_SIZE, cellWidth(x, 1), {
    size: QR_CAPTION_SIZE,
    align: 'center',
  });
  canvas.strokes(gridLines(x, [g0, g1, g2]));
  const signatureTop = g2 + LINE / 2 + 6 + 8;
  canvas.line(`考生签名：${'\u3000'.repeat(10)}（入场时在监考人员面前签署）`, MARGIN.left, signatureTop, {
    size: 9.5,
  });
  return { height: signatureTop + step(9.5), qr: { x: qrCenter - QR_SIZE / 2, y: qrTop } };
}

function drawFooter(canvas: PdfCanvas, text: string): number {
  canvas.line(text, 595.28 / 2, BODY_BOTTOM + 20, { size: 9, align: 'center' });
  return BODY_BOTTOM + 20 + step(9);
}

/**
 * A field's value on one line of its cell: at the form's size when it fits, else smaller (down to 7 pt),
 * else in two lines of 7.5 pt (the rows have a fixed height, so the grid is the same on every ticket).
 */
function drawValue(
  canvas: PdfCanvas,
  text: string,
  from: number,
  to: number,
  top: number,
  bold = false,
): void {
  const x = INFO_X;
  const width = cellWidth(x, from, to);
  const left = x[from]! + LINE / 2 + PAD_X;
  const style: TextStyle = { size: INFO_SIZE, bold };
  const measured = canvas.measure(text, style);
  if (measured > width * 0.98) {
    const size = Math.floor(((INFO_SIZE * width * 0.98) / measured) * 10) / 10;
    if (size >= 7) style.size = size;
    else {
      const small: TextStyle = { size: 7.5, bold, lineHeight: 1 };
      const lines = canvas.wrap(text, width, small).slice(0, 2);
      const height = lines.length * PdfCanvas.lineStep(7.5, 1);
      canvas.lines(lines, left, top + INFO_ROW / 2 - height / 2, width, small);
      return;
    }
  }
  middle(canvas, [text], left, width, top, top + INFO_ROW, style);
}

/** The sittings rows from `top` (the line below the header); returns the y of the table's last line. */
function drawSittings(canvas: PdfCanvas, d: AdmissionTicketData, top: number, nextPage: () => void): number {
  const sx = SITTINGS_X;
  const rows: string[][] = d.sittings.length
    ? d.sittings.map((s) => {
        const when = sittingWhen(s);
        return [
          `${s.componentName}\n${s.subject}`,
          `${when.date}\n${when.weekday} ${when.time}`,
          `${s.venueName}\n${s.roomName}`,
          s.seatLabel,
          s.machineId ?? '—',
        ];
      })
    : [['（考核安排另行通知）', '', '', '', '']];
  const ys = [top];
  let y = top;
  const segments: Segment[] = [];
  for (const row of rows) {
    const cells = row.map((text, c) => canvas.wrap(text, cellWidth(sx, c), { size: TABLE_SIZE }));
    const height = Math.max(...cells.map((l) => l.length)) * step(TABLE_SIZE) + 2 * PAD_Y + LINE;
    if (y + height > BODY_BOTTOM) {
      // a ticket with very many sittings goes on over the next page
      segments.push(...gridLines(sx, ys));
      canvas.strokes(segments.splice(0));
      nextPage();
      y = MARGIN.top + LINE / 2;
      ys.splice(0, ys.length, y);
    }
    cells.forEach((lines, c) =>
      canvas.lines(lines, sx[c]! + LINE / 2 + PAD_X, y + LINE / 2 + PAD_Y, cellWidth(sx, c), {
        size: TABLE_SIZE,
        align: SITTINGS_ALIGN[c],
      }),
    );
    y += height;
    ys.push(y);
  }
  canvas.strokes(gridLines(sx, ys));
  return y;
}

function drawTicket(canvas: PdfCanvas, d: AdmissionTicketData): void {
  const footer = `${d.issuer ?? `${d.regionName}工勤技能岗位等级考核办公室`} 制 · 本准考证仅限本人本批次使用`;
  let pages = 0;
  const nextPage = () => {
    canvas.newPage();
    canvas.place(canvas.stamp(`footer\n${footer}`, () => drawFooter(canvas, footer)));
    // a ticket that goes on over another page says whose it is there
    if (pages++ > 0)
      canvas.line(
        `准考证号 ${d.ticketNumber}\u3000${d.name}（续页）`,
        595.28 - MARGIN.right,
        MARGIN.top - 18,
        {
          size: 9,
          align: 'right',
        },
      );
  };
  nextPage();
  const title = admissionTicketTitle(d.regionName);
  const frameStamp = canvas.stamp(`frame\n${title}\n${d.batchTitle}`, () =>
    drawFrame(canvas, title, d.batchTitle),
  );
  canvas.place(frameStamp);
  const frame = frameStamp.value;
  const row = (r: number) => frame.infoTop + r * INFO_ROW;
  drawValue(canvas, d.ticketNumber, 1, 4, row(0), true);
  drawValue(canvas, d.name, 1, 2, row(1), true);
  drawValue(canvas, SEX[d.sex], 3, 4, row(1));
  drawValue(canvas, maskIdNumber(d.idNumber), 1, 4, row(2));
  drawValue(canvas, d.unitName, 1, 4, row(3));
  drawValue(canvas, d.occupationName, 1, 2, row(4));
  drawValue(canvas, d.levelName, 3, 4, row(4));
  const [px0, px1] = [INFO_X[4]!, INFO_X[5]!];
  if (d.photo) {
    const [cx, cy] = [(px0 + px1) / 2, (row(0) + row(5)) / 2];
    canvas.image(d.photo, cx - PHOTO_FIT[0] / 2, cy - PHOTO_FIT[1] / 2, PHOTO_FIT);
  } else {
    canvas.fills([[px0, row(0), px1 - px0, row(5) - row(0)]], LABEL_GREY);
    middle(canvas, ['照片', '（1寸）'], px0 + LINE / 2 + PAD_X, cellWidth(INFO_X, 4), row(0), row(5), {
      size: INFO_SIZE,
      align: 'center',
    });
    canvas.strokes(gridLines([px0, px1], [row(0), row(5)]));
  }

  let y = drawSittings(canvas, d, frame.sittingsTop, nextPage) + LINE / 2 + 6 + 2;
  const rules = d.rules ?? ADMISSION_TICKET_RULES;
  const rulesStamp = canvas.stamp(`rules\n${rules.join('\n')}`, () => drawRules(canvas, rules));
  if (y + rulesStamp.value.height > BODY_BOTTOM) {
    nextPage();
    y = MARGIN.top;
  }
  canvas.place(rulesStamp, y);
  const qr = rulesStamp.value.qr;
  canvas.image(qrPng(d.qrPayload, 'M'), qr.x, y + qr.y, [QR_SIZE, QR_SIZE]);
}

/**
 * The 准考证 of `list` as one PDF, one A4 page each (more only for a ticket with very many sittings). The
 * document's title is the first ticket's (with the name when it is a single ticket); an empty list is
 * refused. Throws `UnsupportedCharacter` for a character no font has, `FontUnavailable` without the
 * fallback font.
 */
export async function renderAdmissionTicketsPdf(
  list: readonly AdmissionTicketData[],
  fonts: FontOptions = {},
): Promise<Buffer> {
  const first = list[0];
  if (!first) throw new RangeError('renderAdmissionTicketsPdf: no tickets');
  const title = admissionTicketTitle(first.regionName);
  const canvas = new PdfCanvas({
    ...fonts,
    title: list.length === 1 ? `${title}（${first.name}）` : title,
    subject: first.batchTitle,
  });
  for (const d of list) drawTicket(canvas, d);
  return canvas.end();
}
