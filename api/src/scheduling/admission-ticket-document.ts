import { maskIdNumber } from '@exam/contracts';
import type { DocumentBlock, DocumentSpec, FormCell, FormRow } from '../documents/document-model.js';

/**
 * The 准考证 (admission ticket), built as plain data: one A4 page per ticket. The documents module renders
 * it (`DocumentsService.renderPdf`); a whole batch goes through ticket-rendering.ts (chunks in parallel).
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

const SEX: Record<AdmissionTicketData['sex'], string> = { M: '男', F: '女' };
const label = (text: string, colSpan = 1): FormCell => ({ kind: 'label', text, colSpan });
const value = (text: string, colSpan = 1, bold = false): FormCell => ({
  kind: 'value',
  text,
  colSpan,
  ...(bold ? { bold: true } : {}),
});

/** The blocks of one ticket's page (no page break). */
export function admissionTicketBlocks(d: AdmissionTicketData): DocumentBlock[] {
  const photo: FormCell = d.photo
    ? { kind: 'value', rowSpan: 5, image: { data: d.photo, fit: [76, 104] }, verticalAlign: 'middle' }
    : { kind: 'label', rowSpan: 5, text: '照片\n（1寸）', verticalAlign: 'middle' };
  const rows: FormRow[] = [
    { cells: [label('准考证号'), value(d.ticketNumber, 3, true), photo], height: 22 },
    { cells: [label('姓名'), value(d.name, 1, true), label('性别'), value(SEX[d.sex])], height: 22 },
    { cells: [label('身份证号'), value(maskIdNumber(d.idNumber), 3)], height: 22 },
    { cells: [label('工作单位'), value(d.unitName, 3)], height: 22 },
    {
      cells: [label('考核工种'), value(d.occupationName), label('考核等级'), value(d.levelName)],
      height: 22,
    },
  ];
  const sittings = d.sittings.map((s) => {
    const when = sittingWhen(s);
    return [
      `${s.componentName}\n${s.subject}`,
      `${when.date}\n${when.weekday} ${when.time}`,
      `${s.venueName}\n${s.roomName}`,
      s.seatLabel,
      s.machineId ?? '—',
    ];
  });
  const rules = (d.rules ?? ADMISSION_TICKET_RULES).map((r, i) => `${i + 1}. ${r}`).join('\n');
  return [
    { kind: 'title', text: admissionTicketTitle(d.regionName), subtitle: d.batchTitle },
    { kind: 'form', columns: [1.15, 1.9, 1.05, 1.5, 1.45], rows, fontSize: 10.5 },
    { kind: 'heading', text: '考核安排', level: 2 },
    {
      kind: 'table',
      columns: [
        { title: '考核科目', width: '*' },
        { title: '日期 / 时间', width: 108, align: 'center' },
        { title: '考点 / 考场', width: '*' },
        { title: '座位号', width: 40, align: 'center' },
        { title: '机位号', width: 52, align: 'center' },
      ],
      rows: sittings.length ? sittings : [['（考核安排另行通知）', '', '', '', '']],
      repeatHeader: false,
      fontSize: 9.5,
    },
    {
      kind: 'form',
      columns: [4, 1.35],
      rows: [
        { cells: [label('考场规则'), label('座位核验码')] },
        {
          cells: [
            { kind: 'value', text: rules, fontSize: 8.5, verticalAlign: 'top' },
            {
              kind: 'value',
              qr: { text: d.qrPayload, size: 96, eccLevel: 'M' },
              text: '监考人员扫码\n核验身份与座位',
              fontSize: 8,
              align: 'center',
            },
          ],
        },
      ],
    },
    {
      kind: 'paragraph',
      text: `考生签名：${'\u3000'.repeat(10)}（入场时在监考人员面前签署）`,
      fontSize: 9.5,
      marginTop: 8,
    },
  ];
}

function footer(d: AdmissionTicketData): NonNullable<DocumentSpec['footer']> {
  const issuer = d.issuer ?? `${d.regionName}工勤技能岗位等级考核办公室`;
  return { pageNumbers: false, text: `${issuer} 制 · 本准考证仅限本人本批次使用` };
}

/** One ticket, one A4 page. */
export function admissionTicketSpec(d: AdmissionTicketData): DocumentSpec {
  return admissionTicketsSpec([d]);
}

/**
 * Many tickets in one document, one page each (a page break between). The footer is the first ticket's
 * (the tickets of one document belong to one batch); an empty list is refused.
 */
export function admissionTicketsSpec(list: readonly AdmissionTicketData[]): DocumentSpec {
  const first = list[0];
  if (!first) throw new RangeError('admissionTicketsSpec: no tickets');
  const blocks: DocumentBlock[] = [];
  list.forEach((d, i) => {
    if (i > 0) blocks.push({ kind: 'pageBreak' });
    blocks.push(...admissionTicketBlocks(d));
  });
  return {
    title:
      list.length === 1
        ? `${admissionTicketTitle(first.regionName)}（${first.name}）`
        : admissionTicketTitle(first.regionName),
    titleOnFirstPage: false,
    margins: [42, 40, 42, 48],
    blocks,
    footer: footer(first),
    subject: first.batchTitle,
  };
}
