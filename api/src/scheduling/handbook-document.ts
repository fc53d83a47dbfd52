import {
  SITTING_COMPONENT_LABELS,
  formatShanghai,
  maskIdNumber,
  type SittingComponent,
} from '@exam/contracts';
import type { DocumentBlock, DocumentSpec, FormCell, FormRow } from '../documents/document-model.js';
import { ADMISSION_TICKET_RULES, sittingWhen } from './admission-ticket-document.js';
import type { PlanCandidate, PlanRoom, PlanSeat, PlanSitting } from './handbook-plan.js';

/**
 * The 考务手册 as plain data (the documents module renders it): a cover, 一、考试日程, 二、考场座位图 (one
 * page per sitting × room), 三、监考安排, 四、考生签到表 (per sitting × room, at most SIGN_IN_ROWS a page),
 * 五、考场规则. A4 portrait; times in Asia/Shanghai; ID numbers masked.
 */

export interface HandbookDocumentData {
  regionName: string;
  batchName: string;
  batchCode: string;
  /** e.g. 「2024年度新乡市…考核通知」 and 「xinxiang-2024@1」 */
  policyTitle: string;
  policyRef: string;
  /** 「考前 5 个工作日」 and the policy's clause */
  leadTimeText: string;
  leadTimeCite: string;
  /** the publication deadline (YYYY-MM-DD) or null without sittings */
  deadline: string | null;
  /** the version number, or null for a draft preview */
  version: number | null;
  /** when published (a version) or rendered (a preview) */
  at: Date;
  /** level code → the policy's name */
  levelNames: Record<string, string>;
  sittings: PlanSitting[];
  /** a preview narrowed to one sitting / room says so */
  scope?: string;
}

/** Rows of a sign-in sheet per page (24 pt each, with the title and facts it fits one A4 page). */
export const SIGN_IN_ROWS = 20;
/** Seat-map columns per grid; wider rooms are drawn in several grids side by side on the page. */
export const PLAN_COLUMNS = 10;

export const INVIGILATOR_RULES: readonly string[] = [
  '监考人员须于每场考核开始前 60 分钟到达考点，领取考场资料，检查考场设备、座位标签和备用座位（机位）。',
  '考生入场时逐一核验准考证和居民身份证（原件），扫描准考证二维码核对座位，并请考生在签到表上签名。',
  '按座位图安排考生就座；设备故障需调换座位的，只能调至备用座位，并在系统中登记调整理由。',
  '考核开始 15 分钟后不再允许考生入场；缺考考生在签到表备注栏注明「缺考」。',
  '监考期间不得离开考场，不得做与监考无关的事；发现违纪违规行为，及时制止并如实记录。',
  '考核结束后核对实到人数，与主监考共同在签到表上签名，连同考场记录交考务办公室。',
];

const BLANK = '\u3000';
const label = (text: string, colSpan = 1): FormCell => ({ kind: 'label', text, colSpan });
const value = (text: string, colSpan = 1, extra: Partial<FormCell> = {}): FormCell => ({
  kind: 'value',
  text,
  colSpan,
  ...extra,
});

export function handbookTitle(regionName: string): string {
  return `${regionName}机关事业单位工勤技能岗位等级考核考务手册`;
}

const day = (at: Date) => formatShanghai(at).slice(0, 10);
const versionText = (d: HandbookDocumentData) =>
  d.version === null ? '草稿预览（未发布）' : `第 ${d.version} 版`;

function subjectOf(s: PlanSitting): string {
  const component = SITTING_COMPONENT_LABELS[s.component as SittingComponent] ?? s.component;
  return s.subject ? `${component}\n${s.subject}` : component;
}

function occupationOf(s: PlanSitting, levelNames: Record<string, string>): string {
  const level = s.level ? (levelNames[s.level] ?? s.level) : '';
  const occupation = s.occupationName ?? (s.level ? '' : '多工种');
  return [occupation, level].filter(Boolean).join('\n') || '—';
}

const when = (s: PlanSitting) => sittingWhen({ startsAt: s.startsAt, endsAt: s.endsAt });
const roomTitle = (r: PlanRoom) => `${r.venueName} ${r.name}`;
const candidateCount = (s: PlanSitting) => s.rooms.reduce((n, r) => n + r.candidates.length, 0);

function invigilatorNames(r: PlanRoom): { chief: string; others: string } {
  const chief = r.invigilators.filter((i) => i.chief).map((i) => i.displayName);
  const others = r.invigilators.filter((i) => !i.chief).map((i) => i.displayName);
  return { chief: chief.join('、'), others: others.join('、') };
}

function cover(d: HandbookDocumentData): DocumentBlock[] {
  const rooms = new Set(d.sittings.flatMap((s) => s.rooms.map((r) => r.roomId))).size;
  const candidates = d.sittings.reduce((n, s) => n + candidateCount(s), 0);
  const first = d.sittings[0];
  const last = d.sittings.at(-1);
  const span = first && last ? `${day(first.startsAt)} 至 ${day(last.startsAt)}` : '（尚未安排场次）';
  const rows: FormRow[] = [
    { cells: [label('考核批次'), value(`${d.batchName}（${d.batchCode}）`, 3)], height: 24 },
    { cells: [label('地区'), value(d.regionName), label('版本'), value(versionText(d), 1, { bold: true })] },
    { cells: [label('政策依据'), value(`${d.policyTitle}（${d.policyRef}）`, 3)], height: 24 },
    {
      cells: [
        label('发布时限'),
        value(
          d.deadline
            ? `${d.deadline} 前（${d.leadTimeText}；${d.leadTimeCite}）`
            : `${d.leadTimeText}（尚未安排场次）`,
          3,
        ),
      ],
      height: 24,
    },
    {
      cells: [
        label(d.version === null ? '生成日期' : '发布日期'),
        value(day(d.at)),
        label('考核日期'),
        value(span),
      ],
    },
    {
      cells: [
        label('场次'),
        value(`${d.sittings.length} 场`),
        label('考场 / 考生'),
        value(`${rooms} 个考场，${candidates} 人次`),
      ],
    },
  ];
  const blocks: DocumentBlock[] = [
    { kind: 'spacer', height: 90 },
    { kind: 'title', text: '考务手册', subtitle: `${d.regionName}机关事业单位工勤技能岗位等级考核` },
    { kind: 'paragraph', text: d.batchName, align: 'center', fontSize: 12 },
    { kind: 'spacer', height: 28 },
    { kind: 'form', columns: [1.1, 2, 1.1, 2], rows, fontSize: 10.5 },
  ];
  if (d.scope) blocks.push({ kind: 'paragraph', text: `范围：${d.scope}`, fontSize: 10 });
  blocks.push(
    { kind: 'spacer', height: 18 },
    { kind: 'heading', text: '目　录', level: 2 },
    ...['一、考试日程', '二、考场座位图', '三、监考安排', '四、考生签到表', '五、考场规则与监考职责'].map(
      (text): DocumentBlock => ({ kind: 'paragraph', text, fontSize: 11, marginTop: 2 }),
    ),
  );
  if (d.version === null)
    blocks.push({
      kind: 'paragraph',
      text: '本文件为草稿预览，未经发布，不作为考务工作依据。',
      bold: true,
      align: 'center',
      marginTop: 40,
    });
  return blocks;
}

/** 「考点\n第1考场、第2考场」, one line pair per venue. */
function roomsByVenue(rooms: PlanRoom[]): string {
  const venues = new Map<string, string[]>();
  for (const r of rooms) venues.set(r.venueName, [...(venues.get(r.venueName) ?? []), r.name]);
  return [...venues].map(([venue, names]) => `${venue}\n${names.join('、')}`).join('\n');
}

function timetable(d: HandbookDocumentData): DocumentBlock[] {
  const rows = d.sittings.map((s) => {
    const w = when(s);
    return [
      `${w.date}\n${w.weekday}`,
      w.time,
      `${s.name}\n${subjectOf(s).replace('\n', ' · ')}`,
      occupationOf(s, d.levelNames),
      roomsByVenue(s.rooms) || '—',
      candidateCount(s),
    ];
  });
  return [
    { kind: 'heading', text: '一、考试日程' },
    {
      kind: 'paragraph',
      text: '时间均为北京时间。考生须于每场考核开始前 30 分钟到达考场，接受身份核验后入座。',
      fontSize: 9.5,
    },
    {
      kind: 'table',
      columns: [
        { title: '日期', width: 74, align: 'center' },
        { title: '时间', width: 62, align: 'center' },
        { title: '场次 / 科目', width: '*' },
        { title: '工种 / 等级', width: 76 },
        { title: '考点 / 考场', width: '*' },
        { title: '人数', width: 30, align: 'center' },
      ],
      rows: rows.length ? rows : [['（尚未安排场次）', '', '', '', '', '']],
      fontSize: 9,
    },
  ];
}

type SeatState = 'taken' | 'spare' | 'free' | 'disabled';

function seatState(seat: PlanSeat, holder: PlanCandidate | undefined): SeatState {
  if (holder) return 'taken';
  if (seat.disabled) return 'disabled';
  return seat.spare ? 'spare' : 'free';
}

function seatCell(seat: PlanSeat | undefined, holder: PlanCandidate | undefined, fontSize: number): FormCell {
  if (!seat) return { kind: 'label', text: '', fontSize };
  const state = seatState(seat, holder);
  if (state === 'taken')
    return value(`${seat.label}\n${holder!.name}\n${holder!.ticketNumber ?? '（未签发）'}`, 1, {
      fontSize,
      align: 'center',
    });
  if (state === 'disabled') return { kind: 'label', text: `${seat.label}\n停用`, fontSize };
  return value(`${seat.label}\n${state === 'spare' ? '备用' : '空位'}`, 1, { fontSize, align: 'center' });
}

/** The seat map of one room in one sitting: a grid rows × columns, front (讲台) at the top. */
export function roomPlanBlocks(s: PlanSitting, r: PlanRoom): DocumentBlock[] {
  const w = when(s);
  const names = invigilatorNames(r);
  const holders = new Map(r.candidates.map((c) => [c.seatId, c]));
  const states = r.seats.map((x) => seatState(x, holders.get(x.id)));
  const count = (k: SeatState) => states.filter((x) => x === k).length;
  const blocks: DocumentBlock[] = [
    { kind: 'title', text: '考场座位图', subtitle: `${s.name} · ${roomTitle(r)}` },
    {
      kind: 'form',
      columns: [1, 2.2, 1, 2.2],
      rows: [
        {
          cells: [
            label('考核时间'),
            value(`${w.date} ${w.weekday} ${w.time}`),
            label('科目'),
            value(subjectOf(s).replace('\n', ' ')),
          ],
        },
        {
          cells: [
            label('监考'),
            value(
              [names.chief && `${names.chief}（主考）`, names.others].filter(Boolean).join('、') || '未安排',
            ),
            label('座位'),
            value(
              `共 ${r.seats.length} 座：考生 ${count('taken')}，备用 ${count('spare')}，空位 ${count('free')}，停用 ${count('disabled')}`,
            ),
          ],
        },
      ],
      fontSize: 9.5,
    },
  ];
  if (r.seats.length === 0) {
    blocks.push({ kind: 'paragraph', text: '该考场未设置座位图。', align: 'center', marginTop: 20 });
    return blocks;
  }
  const rows = Math.max(r.rows ?? 0, ...r.seats.map((x) => x.row));
  const columns = Math.max(r.columns ?? 0, ...r.seats.map((x) => x.column));
  const at = new Map(r.seats.map((x) => [`${x.row}:${x.column}`, x]));
  const chunks = Math.ceil(columns / PLAN_COLUMNS);
  const width = Math.ceil(columns / chunks);
  const fontSize = width <= 6 ? 9 : width <= 8 ? 8 : 7;
  blocks.push({ kind: 'paragraph', text: '讲　台（前）', align: 'center', bold: true, marginTop: 6 });
  for (let k = 0; k < chunks; k++) {
    const from = k * width + 1;
    const to = Math.min(columns, from + width - 1);
    if (chunks > 1) blocks.push({ kind: 'paragraph', text: `第 ${from}–${to} 列`, fontSize: 9 });
    const grid: FormRow[] = [];
    for (let row = 1; row <= rows; row++) {
      const cells: FormCell[] = [];
      for (let column = from; column <= to; column++) {
        const seat = at.get(`${row}:${column}`);
        cells.push(seatCell(seat, seat ? holders.get(seat.id) : undefined, fontSize));
      }
      grid.push({ cells, height: Math.round(fontSize * 3 * 1.2 + 8) });
    }
    blocks.push({
      kind: 'form',
      columns: Array.from({ length: to - from + 1 }, () => 1),
      rows: grid,
      fontSize,
    });
  }
  blocks.push({
    kind: 'paragraph',
    text: '说明：每格依次为座位号、考生姓名、准考证号；「备用」为保留的备用座位（机位），「空位」为未安排考生的座位，「停用」为不可使用的座位，灰色空格为无座位处。',
    fontSize: 8.5,
  });
  return blocks;
}

function invigilation(d: HandbookDocumentData): DocumentBlock[] {
  const rows = d.sittings.flatMap((s) =>
    s.rooms.map((r) => {
      const w = when(s);
      const names = invigilatorNames(r);
      return [
        `${w.date}\n${w.time}`,
        s.name,
        roomTitle(r),
        names.chief || (r.invigilators.length ? '—' : '未安排'),
        names.others || '—',
        r.candidates.length,
      ];
    }),
  );
  return [
    { kind: 'heading', text: '三、监考安排' },
    {
      kind: 'paragraph',
      text: '每个考场的第一名监考员为主考（监考组长），负责本考场的身份核验、签到表和考场记录。',
      fontSize: 9.5,
    },
    {
      kind: 'table',
      columns: [
        { title: '时间', width: 70, align: 'center' },
        { title: '场次', width: '*' },
        { title: '考点 / 考场', width: '*' },
        { title: '主考', width: 64, align: 'center' },
        { title: '监考员', width: '*' },
        { title: '人数', width: 30, align: 'center' },
      ],
      rows: rows.length ? rows : [['（尚未安排场次）', '', '', '', '', '']],
      fontSize: 9,
    },
  ];
}

function signInPages(s: PlanSitting, r: PlanRoom): DocumentBlock[][] {
  const w = when(s);
  const names = invigilatorNames(r);
  const seats = new Map(r.seats.map((x) => [x.id, x]));
  const list = [...r.candidates].sort((a, b) => {
    const x = seats.get(a.seatId);
    const y = seats.get(b.seatId);
    return (x?.row ?? 0) - (y?.row ?? 0) || (x?.column ?? 0) - (y?.column ?? 0);
  });
  const pages: DocumentBlock[][] = [];
  const total = Math.max(1, Math.ceil(list.length / SIGN_IN_ROWS));
  for (let p = 0; p < total; p++) {
    const part = list.slice(p * SIGN_IN_ROWS, (p + 1) * SIGN_IN_ROWS);
    const header: FormRow = {
      cells: ['序号', '座位号', '准考证号', '姓名', '身份证号', '考生签名', '备注'].map((t) => label(t)),
      height: 14,
    };
    const rows: FormRow[] = part.map((c, i) => ({
      cells: [
        value(String(p * SIGN_IN_ROWS + i + 1), 1, { align: 'center' }),
        value(seats.get(c.seatId)?.label ?? '', 1, { align: 'center' }),
        value(c.ticketNumber ?? '（未签发）', 1, { align: 'center' }),
        value(c.name, 1, { align: 'center' }),
        value(maskIdNumber(c.idNumber), 1, { align: 'center' }),
        value(''),
        value(''),
      ],
      // pdfmake adds the cell padding (3 + 3): rows of 24 pt, room for a signature
      height: 18,
    }));
    if (rows.length === 0)
      rows.push({ cells: [value('本考场本场次没有安排考生', 7, { align: 'center' })], height: 24 });
    pages.push([
      {
        kind: 'title',
        text: '考生签到表',
        subtitle: `${s.name} · ${roomTitle(r)}${total > 1 ? `（第 ${p + 1}/${total} 页）` : ''}`,
      },
      {
        kind: 'form',
        columns: [1, 2.4, 1, 2],
        rows: [
          {
            cells: [
              label('考核时间'),
              value(`${w.date} ${w.weekday} ${w.time}`),
              label('应到人数'),
              value(`${list.length} 人`),
            ],
          },
          {
            cells: [
              label('科目'),
              value(subjectOf(s).replace('\n', ' ')),
              label('主考'),
              value(names.chief || '未安排'),
            ],
          },
        ],
        fontSize: 9.5,
      },
      {
        kind: 'form',
        columns: [0.55, 0.8, 1.7, 1.05, 1.85, 1.6, 0.8],
        rows: [header, ...rows],
        fontSize: 9.5,
      },
    ]);
    if (p === total - 1)
      pages.at(-1)!.push({
        kind: 'paragraph',
        text: `实到 ${BLANK.repeat(3)} 人，缺考 ${BLANK.repeat(3)} 人。${BLANK}监考员签名：${BLANK.repeat(8)}${BLANK}${BLANK}年${BLANK}${BLANK}月${BLANK}${BLANK}日`,
        fontSize: 10,
        marginTop: 8,
      });
  }
  return pages;
}

function rules(): DocumentBlock[] {
  return [
    { kind: 'heading', text: '五、考场规则与监考职责' },
    { kind: 'heading', text: '（一）考场规则', level: 2 },
    ...ADMISSION_TICKET_RULES.map((r, i): DocumentBlock => ({
      kind: 'paragraph',
      text: `${i + 1}. ${r.replace('本准考证', '准考证')}`,
    })),
    { kind: 'heading', text: '（二）监考人员职责', level: 2 },
    ...INVIGILATOR_RULES.map((r, i): DocumentBlock => ({ kind: 'paragraph', text: `${i + 1}. ${r}` })),
  ];
}

/** The whole handbook. */
export function handbookSpec(d: HandbookDocumentData): DocumentSpec {
  const blocks: DocumentBlock[] = [...cover(d), { kind: 'pageBreak' }, ...timetable(d)];
  const pairs = d.sittings.flatMap((s) => s.rooms.map((r) => [s, r] as const));
  if (pairs.length) {
    blocks.push({ kind: 'pageBreak' }, { kind: 'heading', text: '二、考场座位图' });
    pairs.forEach(([s, r], i) => {
      if (i > 0) blocks.push({ kind: 'pageBreak' });
      blocks.push(...roomPlanBlocks(s, r));
    });
  }
  blocks.push({ kind: 'pageBreak' }, ...invigilation(d));
  if (pairs.length) {
    blocks.push({ kind: 'pageBreak' }, { kind: 'heading', text: '四、考生签到表' });
    let first = true;
    for (const [s, r] of pairs)
      for (const page of signInPages(s, r)) {
        if (!first) blocks.push({ kind: 'pageBreak' });
        first = false;
        blocks.push(...page);
      }
  }
  blocks.push({ kind: 'pageBreak' }, ...rules());
  const version = versionText(d);
  return {
    title: `${handbookTitle(d.regionName)}（${d.batchName}，${version}）`,
    titleOnFirstPage: false,
    margins: [42, 44, 42, 50],
    blocks,
    pageHeader: `${d.batchName} · 考务手册 ${version}`,
    footer: {
      pageNumbers: true,
      text:
        d.version === null
          ? `草稿预览 · 生成于 ${formatShanghai(d.at).slice(0, 16)}`
          : `第 ${d.version} 版 · 发布于 ${formatShanghai(d.at).slice(0, 16)}`,
    },
    subject: d.batchName,
    author: `${d.regionName}工勤技能岗位等级考核办公室`,
  };
}
