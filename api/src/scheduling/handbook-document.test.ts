import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../documents/pdf-renderer.js';
import { SIGN_IN_ROWS, handbookSpec, type HandbookDocumentData } from './handbook-document.js';
import { fingerprint, planChanges, planSummary, type PlanRoom, type PlanSitting } from './handbook-plan.js';

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

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['建国', '秀英', '志强', '丽', '𠮷祥', '䶮', '海燕', '伟', '明', '静'];

function room(id: string, name: string, rows: number, columns: number, candidates: number): PlanRoom {
  const seats = [];
  for (let row = 1; row <= rows; row++)
    for (let column = 1; column <= columns; column++)
      seats.push({
        id: `${id}-${row}-${column}`,
        row,
        column,
        label: `${String(row).padStart(2, '0')}-${String(column).padStart(2, '0')}`,
        spare: row === rows && column > columns - 2,
        disabled: row === 2 && column === 3,
      });
  const usable = seats.filter((s) => !s.spare && !s.disabled);
  return {
    roomId: id,
    name,
    venueName: '新乡市工考办人机对话考点',
    position: 0,
    rows,
    columns,
    seats,
    invigilators: [
      { userId: `${id}-u1`, displayName: '赵监考', chief: true },
      { userId: `${id}-u2`, displayName: '钱监考', chief: false },
    ],
    candidates: usable.slice(0, candidates).map((s, i) => ({
      seatId: s.id,
      applicationId: `${id}-a${i}`,
      applicationNumber: `2026-${String(i).padStart(6, '0')}`,
      name: `${SURNAMES[i % 10]}${GIVEN[(i * 3) % 10]}`,
      idNumber: `41070219800101${String(1000 + i).slice(-4)}`,
      ticketNumber: `demo${String(i + 1).padStart(6, '0')}`,
    })),
  };
}

export function sampleSittings(): PlanSitting[] {
  return [
    {
      id: 's1',
      name: '电工四级理论',
      component: 'theory',
      subject: '电工（四级）理论知识',
      occupationId: 'o1',
      occupationName: '电工',
      level: 'L4',
      startsAt: new Date('2026-06-15T01:00:00Z'),
      endsAt: new Date('2026-06-15T02:30:00Z'),
      status: 'published',
      rooms: [room('r1', '第1考场', 5, 6, 24), room('r2', '第2考场', 4, 12, 30)],
    },
    {
      id: 's2',
      name: '汽车驾驶员技师实操',
      component: 'practical',
      subject: null,
      occupationId: 'o2',
      occupationName: '汽车驾驶员',
      level: 'L2',
      startsAt: new Date('2026-06-16T06:00:00Z'),
      endsAt: new Date('2026-06-16T08:00:00Z'),
      status: 'published',
      rooms: [{ ...room('r1', '第1考场', 5, 6, 3), invigilators: [] }],
    },
  ];
}

export function sampleHandbook(version: number | null = 1): HandbookDocumentData {
  return {
    regionName: '新乡市',
    batchName: '2026年度新乡市工勤技能岗位等级考核',
    batchCode: 'demo',
    policyTitle: '新乡市2024年机关事业单位工勤技能岗位等级考核通知',
    policyRef: 'xinxiang-2024@1',
    leadTimeText: '考前 5 个工作日',
    leadTimeCite: 'seed 001 通知未规定；取5个工作日',
    deadline: '2026-06-08',
    version,
    at: new Date('2026-06-01T02:00:00Z'),
    levelNames: { L4: '四级（中级工）', L2: '二级（技师）' },
    sittings: sampleSittings(),
  };
}

describe('handbook document', () => {
  it('renders the cover, timetable, room plans, invigilators, sign-in sheets and rules', async () => {
    const pdf = await renderPdf(handbookSpec(sampleHandbook()));
    if (process.env.EXAM_WRITE_SAMPLES) {
      mkdirSync(process.env.EXAM_WRITE_SAMPLES, { recursive: true });
      writeFileSync(`${process.env.EXAM_WRITE_SAMPLES}/handbook.pdf`, pdf);
    }
    const pages = (await pdfText(pdf)).map((p) => p.replace(/\s+/g, ''));
    const all = pages.join('\n');
    expect(pages[0]).toContain('考务手册');
    expect(pages[0]).toContain('第1版');
    expect(pages[0]).toContain('2026-06-08前');
    expect(all).toContain('一、考试日程');
    expect(all).toContain('2026年06月15日');
    expect(all).toContain('09:00–10:30');
    // room plans: 3 sitting × room pairs, each on its own page, front at the top
    expect(pages.filter((p) => p.includes('考场座位图') && p.includes('讲台')).length).toBe(3);
    expect(all).toContain('备用');
    expect(all).toContain('停用');
    expect(all).toContain('王建国');
    expect(all).toContain('𠮷祥');
    expect(all).toContain('第7–12列');
    expect(all).toContain('三、监考安排');
    expect(all).toContain('赵监考（主考）');
    // sign-in sheets: masked ID numbers only
    expect(all).toContain('考生签到表');
    expect(all).toContain('4107**********1000');
    expect(all).not.toContain('410702198001011000');
    expect(all).toContain(`（第2/2页）`);
    expect(all).toContain('五、考场规则与监考职责');
    expect(SIGN_IN_ROWS).toBeLessThan(30);
  }, 30_000);

  it('marks a draft preview as such', async () => {
    const spec = handbookSpec({ ...sampleHandbook(null), sittings: [] });
    expect(spec.pageHeader).toContain('草稿预览（未发布）');
    const pages = await pdfText(await renderPdf(spec));
    expect(pages[0]!.replace(/\s+/g, '')).toContain('本文件为草稿预览，未经发布');
  }, 30_000);
});

describe('plan fingerprint', () => {
  it('changes with a seat move or an invigilator change, not with a status change', () => {
    const base = sampleSittings();
    const f = fingerprint(base);
    const opened = sampleSittings().map((s) => ({ ...s, status: 'open' }));
    expect(fingerprint(opened).planHash).toBe(f.planHash);

    const moved = sampleSittings();
    moved[0]!.rooms[0]!.candidates[0]!.seatId = 'r1-5-5';
    expect(fingerprint(moved).planHash).not.toBe(f.planHash);
    const names = { s1: '电工四级理论', s2: '汽车驾驶员技师实操' };
    expect(planChanges(f.sittingHashes, names, moved)).toEqual([
      '场次「电工四级理论」的时间、考场、座位、考生或监考安排有变更',
    ]);

    const chief = sampleSittings();
    chief[0]!.rooms[1]!.invigilators.reverse().forEach((i, n) => (i.chief = n === 0));
    expect(fingerprint(chief).planHash).not.toBe(f.planHash);

    expect(planChanges(f.sittingHashes, names, [base[0]!])).toEqual(['场次「汽车驾驶员技师实操」已取消']);
    expect(planSummary(base)).toEqual({ sittings: 2, rooms: 2, candidates: 54 });
  });
});
