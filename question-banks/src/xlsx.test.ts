import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from './tree.js';
import { buildTemplateWorkbook, readXlsxBank, SHEET_NAME, writeTemplate, XLSX_COLUMNS } from './xlsx.js';

const tmp = mkdtempSync(join(tmpdir(), 'bank-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Row = Partial<Record<string, string | number>>;

/** The generated template, with its example row replaced by `rows` (by column title), saved. */
async function filled(name: string, rows: Row[], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
  const template = join(tmp, `template-${name}`);
  await writeTemplate(template);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(template);
  const sheet = book.getWorksheet(SHEET_NAME)!;
  sheet.spliceRows(2, 1);
  const titles = XLSX_COLUMNS.map((c) => c.title);
  for (const row of rows) sheet.addRow(titles.map((t) => row[t] ?? null));
  edit?.(sheet);
  const path = join(tmp, name);
  await book.xlsx.writeFile(path);
  return path;
}

const base = { 科目: 'ZD', 等级: 'L5、L4', 知识点: '职业守则', 难度: 2, 分值: 1, 来源: '测试' };
const GOOD: Row[] = [
  {
    ...base,
    题号: 'JD01-ZD-0001',
    题型: '单选',
    题干: '单选题（　）。',
    选项A: '甲',
    选项B: '乙',
    选项C: 380,
    答案: 'B',
  },
  {
    ...base,
    题号: 'JD01-ZD-0002',
    题型: '多选题',
    题干: '多选题（　）。',
    选项A: '甲',
    选项B: '乙',
    选项C: '丙',
    选项D: '丁',
    答案: 'A、C、D',
    解析: '乙不对。',
  },
  { ...base, 题号: 'JD01-ZD-0003', 题型: '判断', 等级: '初级工，中级工', 题干: '判断题。', 答案: '错误' },
  {
    ...base,
    题号: 'JD01-ZD-0004',
    题型: 'fill_blank',
    等级: '五级（初级工）',
    分值: 2,
    题干: '频率 ____ Hz，电压 ____ V。',
    答案: '50；220|二百二十',
  },
  {
    ...base,
    题号: 'JD01-JN-0001',
    科目: 'JN',
    题型: '简答',
    等级: 'L3',
    分值: 3,
    题干: '简述。',
    答案: '参考答案。',
    评分要点: '要点一 | 1\n要点二 | 2',
  },
];

describe('the spreadsheet template', () => {
  it('has every column, a note per header, one example row that is itself valid, and a help sheet', async () => {
    const book = buildTemplateWorkbook();
    const sheet = book.getWorksheet(SHEET_NAME)!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(XLSX_COLUMNS.map((c) => c.title));
    expect(headers.slice(0, 8)).toEqual(['题号', '科目', '题型', '等级', '知识点', '难度', '分值', '题干']);
    expect(headers).toEqual(expect.arrayContaining(['选项A', '选项F', '答案', '解析', '来源']));
    expect(sheet.rowCount).toBe(2);
    expect(book.getWorksheet('填写说明')).toBeDefined();
    const path = join(tmp, 'empty.xlsx');
    await writeTemplate(path);
    const read = await readXlsxBank(path);
    expect(read.problems).toEqual([]);
    expect(read.items.map((i) => i.item.id)).toEqual(['JD02-JN-0001']);
  });

  it('round trip: template → rows filled → read → items', async () => {
    const bank = await readXlsxBank(await filled('good.xlsx', GOOD));
    expect(bank.problems.map(formatProblem)).toEqual([]);
    expect(bank.occupation).toBe('JD01');
    expect(bank.subjects.map((s) => s.code)).toEqual(['ZD', 'JN']);
    const items = bank.items.map((i) => i.item);
    expect(items.map((i) => [i.id, i.type, i.levels, i.key])).toEqual([
      ['JD01-ZD-0001', 'single', ['L5', 'L4'], 'B'],
      ['JD01-ZD-0002', 'multiple', ['L5', 'L4'], ['A', 'C', 'D']],
      ['JD01-ZD-0003', 'true_false', ['L5', 'L4'], false],
      ['JD01-ZD-0004', 'fill_blank', ['L5'], [['50'], ['220', '二百二十']]],
      ['JD01-JN-0001', 'short_answer', ['L3'], '参考答案。'],
    ]);
    expect(items[0]).toMatchObject({
      subject: 'ZD',
      topic: '职业守则',
      difficulty: 2,
      pointsTenths: 10,
      source: '测试',
      options: [
        { letter: 'A', text: '甲' },
        { letter: 'B', text: '乙' },
        { letter: 'C', text: '380' },
      ],
    });
    expect(items[1]!.explanation).toBe('乙不对。');
    expect(items[4]).toMatchObject({
      rubric: [
        { point: '要点一', pointsTenths: 10 },
        { point: '要点二', pointsTenths: 20 },
      ],
    });
    expect(bank.items[1]!.at).toMatchObject({ sheet: SHEET_NAME, row: 3, column: 'A', columnName: '题号' });
  });

  it('problems name the sheet, row and column', async () => {
    const rows: Row[] = [
      { ...GOOD[0], 答案: 'E' },
      { ...GOOD[1], 难度: '很难' },
      { ...GOOD[2], 答案: '也许' },
      { ...GOOD[3], 答案: '50' },
      { ...GOOD[4], 评分要点: '要点一 | 1' },
      { ...GOOD[0], 题号: 'JD01-ZD-0002', 选项D: '丁丁丁' },
    ];
    const path = await filled('bad.xlsx', rows);
    const bank = await readXlsxBank(path, 'bad.xlsx');
    expect(bank.problems.map(formatProblem)).toEqual([
      'bad.xlsx[题库]:2:O(答案)  JD01-ZD-0001  答案 E 不是本题的选项（选项为 A、B、C）',
      'bad.xlsx[题库]:3:F(难度)  JD01-ZD-0002  difficulty（难度）应为数字，实为文本 很难',
      'bad.xlsx[题库]:4:O(答案)  JD01-ZD-0003  判断题的答案应为 true（正确）或 false（错误），实为 也许',
      'bad.xlsx[题库]:5:O(答案)  JD01-ZD-0004  题干有 2 个空，答案有 1 项，应一一对应',
      'bad.xlsx[题库]:6:R(评分要点)  JD01-JN-0001  评分要点分值之和为 1，与本题分值 3 不符',
      'bad.xlsx[题库]:7:A(题号)  JD01-ZD-0002  题号 JD01-ZD-0002 重复：第 3 行 已有同一题号',
    ]);
    expect(bank.items).toEqual([]);
  });

  it('a missing or unknown column is reported on the header row', async () => {
    const path = await filled('columns.xlsx', [GOOD[0]!], (sheet) => {
      sheet.getCell(1, 2).value = '课程';
    });
    const bank = await readXlsxBank(path, 'columns.xlsx');
    expect(bank.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^columns\.xlsx\[题库\]:1:B\(课程\) {2}- {2}未知的列「课程」/),
      'columns.xlsx[题库]:1  -  缺少列「科目」',
    ]);
  });
});
