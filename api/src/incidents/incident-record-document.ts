import {
  INCIDENT_CATEGORIES,
  INCIDENT_CATEGORY_LABELS,
  SITTING_COMPONENT_LABELS,
  formatShanghai,
  type IncidentView,
  type SittingComponent,
} from '@exam/contracts';
import type {
  DocumentBlock,
  DocumentSpec,
  FormCell,
  FormRow,
  SheetSpec,
  TableBlock,
} from '../documents/document-model.js';

/**
 * The 考场情况记录表 of a sitting for the 考务 record, as plain data (the documents module renders it): per room
 * the sitting's facts, the invigilators on duty (主考 marked), every incident (time, category, candidates by
 * name, 准考证号 and seat — never ID numbers —, what happened, what was done, who recorded it, attachments),
 * 「本考场无异常情况」 for a room without any, and signature lines for 监考员 and 主考. Times in Asia/Shanghai.
 */

export const INCIDENT_RECORD_TITLE = '考场情况记录表';
export const NO_INCIDENT_TEXT = '本考场无异常情况';

export interface IncidentRecordRoom {
  name: string;
  venueName: string;
  invigilators: { name: string; chief: boolean }[];
  incidents: IncidentView[];
}

export interface IncidentRecordData {
  batchName: string;
  sittingName: string;
  component: string;
  subject: string | null;
  startsAt: Date;
  endsAt: Date;
  rooms: IncidentRecordRoom[];
  /** when the record was produced */
  at: Date;
}

const minute = (at: Date | string) => formatShanghai(at).slice(0, 16);

export function sittingTimeText(d: Pick<IncidentRecordData, 'startsAt' | 'endsAt'>): string {
  const start = minute(d.startsAt);
  const end = minute(d.endsAt);
  return start.slice(0, 10) === end.slice(0, 10) ? `${start}–${end.slice(11)}` : `${start}–${end}`;
}

export function subjectText(d: Pick<IncidentRecordData, 'component' | 'subject'>): string {
  const component = SITTING_COMPONENT_LABELS[d.component as SittingComponent] ?? d.component;
  return d.subject ? `${component} · ${d.subject}` : component;
}

export function invigilatorsText(room: IncidentRecordRoom): string {
  if (room.invigilators.length === 0) return '（未安排）';
  return room.invigilators.map((i) => (i.chief ? `${i.name}（主考）` : i.name)).join('、');
}

export function candidateText(c: IncidentView['candidates'][number]): string {
  return `${c.name}（准考证号 ${c.ticketNumber || '—'}，座位 ${c.seatLabel || '—'}）`;
}

function recordedText(incident: IncidentView): string {
  // MM-DD HH:mm: the year is the sitting's
  const short = (at: string) => minute(at).slice(5);
  const amended = incident.amendedAt ? `\n${short(incident.amendedAt)} 修改` : '';
  return `${incident.recordedBy}\n${short(incident.recordedAt)} 记录${amended}`;
}

const label = (text: string, colSpan = 1): FormCell => ({ kind: 'label', text, colSpan });
const value = (text: string, colSpan = 1): FormCell => ({ kind: 'value', text, colSpan });

function roomHeader(d: IncidentRecordData, room: IncidentRecordRoom): FormRow[] {
  return [
    { cells: [label('场次'), value(d.sittingName), label('考试时间'), value(sittingTimeText(d))] },
    {
      cells: [
        label('科目'),
        value(subjectText(d)),
        label('考场'),
        value(`${room.name}（${room.venueName}）`),
      ],
    },
    { cells: [label('监考员'), value(invigilatorsText(room), 3)] },
  ];
}

/**
 * The room's incidents as a table (rows never split over a page): time, category, candidates, what
 * happened, what was done, who recorded it, attachments.
 */
function incidentTable(incidents: IncidentView[]): TableBlock {
  return {
    kind: 'table',
    columns: [
      { title: '时间', width: 62 },
      { title: '类别', width: 46 },
      { title: '涉及考生', width: 118 },
      { title: '经过', width: '*' },
      { title: '处理', width: 112 },
      { title: '记录人', width: 88 },
      { title: '附件', width: 78 },
    ],
    rows: incidents.map((incident) => {
      const at = minute(incident.occurredAt);
      return [
        `${at.slice(0, 10)}\n${at.slice(11)}`,
        INCIDENT_CATEGORY_LABELS[incident.category],
        incident.candidates.map(candidateText).join('\n') || '（未涉及具体考生）',
        incident.narrative,
        incident.actionTaken ?? '',
        recordedText(incident),
        incident.attachments.map((a) => a.fileName).join('\n') || '无',
      ];
    }),
    fontSize: 9,
  };
}

const COLUMNS = [1, 3, 1, 3];

export function incidentRecordSpec(d: IncidentRecordData): DocumentSpec {
  const blocks: DocumentBlock[] = [];
  d.rooms.forEach((room, i) => {
    if (i > 0) blocks.push({ kind: 'pageBreak' });
    blocks.push({ kind: 'title', text: INCIDENT_RECORD_TITLE, subtitle: d.batchName });
    blocks.push({ kind: 'form', columns: COLUMNS, rows: roomHeader(d, room) });
    if (room.incidents.length === 0)
      blocks.push({ kind: 'paragraph', text: NO_INCIDENT_TEXT, bold: true, align: 'center', marginTop: 12 });
    else blocks.push(incidentTable(room.incidents));
    blocks.push({ kind: 'spacer', height: 6 });
    blocks.push({
      kind: 'signatures',
      parties: [
        { title: '监考员签名', signers: ['监考员'], date: true, height: 50 },
        { title: '主考签名', signers: ['主考'], date: true, height: 50 },
      ],
    });
  });
  return {
    title: INCIDENT_RECORD_TITLE,
    orientation: 'landscape',
    titleOnFirstPage: false,
    blocks,
    footer: { pageNumbers: true, text: `${d.sittingName} · 生成于 ${minute(d.at)}` },
    subject: `${d.batchName} ${d.sittingName}`,
  };
}

export const INCIDENT_SHEET_COLUMNS = [
  '考场',
  '时间',
  '类别',
  '考生',
  '准考证号',
  '座位',
  '经过',
  '处理',
  '记录人',
  '附件',
] as const;

/** One row per incident (candidates one per line within the cell), and a summary row per room. */
export function incidentRecordSheets(d: IncidentRecordData): SheetSpec[] {
  const rows = d.rooms.flatMap((room) =>
    room.incidents.map((incident) => [
      room.name,
      minute(incident.occurredAt),
      INCIDENT_CATEGORY_LABELS[incident.category],
      incident.candidates.map((c) => c.name).join('\n'),
      incident.candidates.map((c) => c.ticketNumber).join('\n'),
      incident.candidates.map((c) => c.seatLabel).join('\n'),
      incident.narrative,
      incident.actionTaken ?? '',
      incident.recordedBy,
      incident.attachments.map((a) => a.fileName).join('\n'),
    ]),
  );
  const wide = new Set(['经过', '处理']);
  return [
    {
      sheetName: '考场记录',
      title: `${INCIDENT_RECORD_TITLE} — ${d.sittingName}（${sittingTimeText(d)}，${subjectText(d)}）`,
      columns: INCIDENT_SHEET_COLUMNS.map((title) => ({
        title,
        ...(wide.has(title) ? { excelWidth: 50 } : {}),
      })),
      rows,
    },
    {
      sheetName: '考场汇总',
      title: `${d.sittingName} 各考场情况汇总`,
      columns: [
        { title: '考场' },
        { title: '监考员' },
        { title: '记录条数', align: 'right' },
        ...INCIDENT_CATEGORIES.map((c) => ({ title: INCIDENT_CATEGORY_LABELS[c], align: 'right' as const })),
        { title: '情况' },
      ],
      rows: d.rooms.map((room) => [
        room.name,
        invigilatorsText(room),
        room.incidents.length,
        ...INCIDENT_CATEGORIES.map((c) => room.incidents.filter((i) => i.category === c).length),
        room.incidents.length === 0 ? NO_INCIDENT_TEXT : '见考场记录',
      ]),
    },
  ];
}
