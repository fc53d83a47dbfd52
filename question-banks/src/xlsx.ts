import { dirname, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { LEVELS, OPTION_LETTERS, type ItemType, type Level } from '@exam/contracts';
import { ImageChecker } from './images.js';
import type { BankSubject, LoadedBank } from './model.js';
import { entry, map, Problems, scalar, seq, type Loc, type MapEntry, type TreeNode } from './tree.js';
import { checkItem, type CheckedItem } from './validate-item.js';
import { noteDuplicate } from './yaml-bank.js';

/**
 * The spreadsheet template offices already use: one row per item on the sheet 「题库」, the columns of
 * FORMAT.md 「Other ways in」 plus two optional ones for what a row cannot say otherwise (评分要点, 图片).
 */
export const SHEET_NAME = '题库';
export const HELP_SHEET_NAME = '填写说明';

interface Column {
  title: string;
  field: string;
  required: boolean;
  width: number;
  note: string;
}

export const XLSX_COLUMNS: readonly Column[] = [
  {
    title: '题号',
    field: 'id',
    required: true,
    width: 16,
    note: '工种代码-科目代码-四位数字，如 JD02-JN-0001；全表唯一',
  },
  {
    title: '科目',
    field: 'subject',
    required: true,
    width: 8,
    note: '科目代码，如 ZD（职业道德）、NL（职业能力）、JN（岗位技能）',
  },
  {
    title: '题型',
    field: 'type',
    required: true,
    width: 10,
    note: '单选、多选、判断、填空、简答（或 single、multiple、true_false、fill_blank、short_answer）',
  },
  {
    title: '等级',
    field: 'levels',
    required: true,
    width: 14,
    note: '适用等级，多个用顿号或逗号分隔：L5、L4（或 五级、四级，或 初级工、中级工）',
  },
  { title: '知识点', field: 'topic', required: true, width: 16, note: '知识点名称，组卷时按知识点统计题量' },
  { title: '难度', field: 'difficulty', required: true, width: 6, note: '1（易）至 5（难）的整数' },
  { title: '分值', field: 'points', required: true, width: 6, note: '0.5 至 50，最多一位小数' },
  {
    title: '题干',
    field: 'stem',
    required: true,
    width: 50,
    note: '题目正文；填空题每个空写作 ____（至少四个下划线）',
  },
  ...OPTION_LETTERS.map((l) => ({
    title: `选项${l}`,
    field: `option${l}`,
    required: false,
    width: 20,
    note: '单选题 3–6 个选项、多选题 4–6 个选项，从 A 起连续填写；其他题型留空',
  })),
  {
    title: '答案',
    field: 'key',
    required: true,
    width: 14,
    note: '单选：B；多选：ACD；判断：正确 或 错误；填空：各空答案用分号分隔，同一空的多个可接受答案用 | 分隔；简答：参考答案',
  },
  { title: '解析', field: 'explanation', required: false, width: 30, note: '可选，仅阅卷和审核人员可见' },
  {
    title: '来源',
    field: 'source',
    required: true,
    width: 30,
    note: '出处，如 本系统编写，参照 GB/T 13869《用电安全导则》',
  },
  {
    title: '评分要点',
    field: 'rubric',
    required: false,
    width: 30,
    note: '仅简答题：每行一条「要点 | 分值」，分值之和等于本题分值',
  },
  {
    title: '图片',
    field: 'image',
    required: false,
    width: 20,
    note: '可选：PNG 或 JPEG（≤ 512 KB）的路径，相对于本表格所在文件夹',
  },
];

const EXAMPLE_ROW: Record<string, string | number> = {
  id: 'JD02-JN-0001',
  subject: 'JN',
  type: '单选',
  levels: 'L5、L4、L3',
  topic: '低压配电系统',
  difficulty: 2,
  points: 1,
  stem: '在 TN-S 系统中，保护导体（PE 线）与中性导体（N 线）的关系是（　）。',
  optionA: '全系统合用一根导体',
  optionB: '全系统分开设置',
  optionC: '前段合用、后段分开',
  optionD: '不设保护导体',
  key: 'B',
  explanation: 'TN-S 系统中 PE 线与 N 线全程分开。',
  source: '本系统编写，参照 GB/T 13869《用电安全导则》',
};

/** An empty template: headers, one example row, and a sheet explaining each column. */
export function buildTemplateWorkbook(): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(SHEET_NAME);
  sheet.columns = XLSX_COLUMNS.map((c) => ({ header: c.title, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  XLSX_COLUMNS.forEach((c, i) => {
    sheet.getCell(1, i + 1).note = `${c.required ? '必填' : '选填'}：${c.note}`;
  });
  sheet.addRow(EXAMPLE_ROW);
  const help = book.addWorksheet(HELP_SHEET_NAME);
  help.columns = [
    { header: '列', key: 'title', width: 12 },
    { header: '必填', key: 'required', width: 6 },
    { header: '说明', key: 'note', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of XLSX_COLUMNS)
    help.addRow({ title: c.title, required: c.required ? '是' : '否', note: c.note });
  help.addRow({});
  help.addRow({ title: '注意', note: `第 2 行是示例，请改写或删除。校验：npx exam bank validate <本文件>` });
  return book;
}

export async function writeTemplate(path: string): Promise<void> {
  await buildTemplateWorkbook().xlsx.writeFile(path);
}

function cellValue(value: ExcelJS.CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null || typeof result === 'object') return null;
      return result as string | number | boolean;
    }
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return value as number | boolean;
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const TYPE_NAMES: Record<string, ItemType> = {
  单选: 'single',
  单选题: 'single',
  单项选择: 'single',
  单项选择题: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  多项选择: 'multiple',
  多项选择题: 'multiple',
  判断: 'true_false',
  判断题: 'true_false',
  填空: 'fill_blank',
  填空题: 'fill_blank',
  简答: 'short_answer',
  简答题: 'short_answer',
  问答: 'short_answer',
  问答题: 'short_answer',
};

const LEVEL_NAMES: Record<string, Level> = {
  五级: 'L5',
  初级工: 'L5',
  初级: 'L5',
  四级: 'L4',
  中级工: 'L4',
  中级: 'L4',
  三级: 'L3',
  高级工: 'L3',
  二级: 'L2',
  技师: 'L2',
  一级: 'L1',
  高级技师: 'L1',
};

function levelOf(token: string): string {
  const t = token.trim().toUpperCase();
  if ((LEVELS as readonly string[]).includes(t)) return t;
  const plain = token.replace(/[（(].*$/, '').trim();
  const inner = /[（(](.+?)[）)]/.exec(token)?.[1];
  return LEVEL_NAMES[plain] ?? (inner ? LEVEL_NAMES[inner] : undefined) ?? token.trim();
}

const TRUE_WORDS = new Set(['正确', '对', '是', '√', '✓', 'T', 'TRUE', 'Y']);
const FALSE_WORDS = new Set(['错误', '错', '否', '×', '✗', 'X', 'F', 'FALSE', 'N']);

/** The 答案 cell as the bank format writes the key for this type. */
function keyNode(value: string | number | boolean, type: string | null, at: Loc): TreeNode {
  const text = String(value).trim();
  switch (type) {
    case 'single':
      return scalar(text.toUpperCase(), at);
    case 'multiple': {
      const letters = text.toUpperCase().replace(/[\s,，、;；]/g, '');
      if (/^[A-Z]+$/.test(letters))
        return seq(
          letters.split('').map((l) => scalar(l, at)),
          at,
        );
      return scalar(text, at);
    }
    case 'true_false': {
      if (typeof value === 'boolean') return scalar(value, at);
      const t = text.toUpperCase();
      if (TRUE_WORDS.has(t)) return scalar(true, at);
      if (FALSE_WORDS.has(t)) return scalar(false, at);
      return scalar(text, at);
    }
    case 'fill_blank':
      return seq(
        text.split(/[;；]/).map((blank) => {
          const alternatives = blank.split(/[|｜]/).map((a) => scalar(a.trim(), at));
          return alternatives.length === 1 ? alternatives[0]! : seq(alternatives, at);
        }),
        at,
      );
    default:
      return typeof value === 'number' ? scalar(value, at, text) : scalar(text, at);
  }
}

function rubricNode(text: string, at: Loc): TreeNode {
  const lines = text
    .split(/\r?\n|[;；]/)
    .map((l) => l.trim())
    .filter(Boolean);
  return seq(
    lines.map((line) => {
      const m = /^(.*?)\s*[|｜]\s*([\d.]+)\s*分?$/.exec(line);
      const entries: MapEntry[] = [entry('point', scalar(m ? m[1]! : line, at))];
      if (m) entries.push(entry('points', scalar(Number(m[2]), at, m[2])));
      return map(entries, at);
    }),
    at,
  );
}

function numberNode(value: string | number | boolean, at: Loc): TreeNode {
  if (typeof value === 'number') return scalar(value, at);
  const text = String(value).trim();
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? scalar(n, at, text) : scalar(text, at);
}

/**
 * Reads the spreadsheet template: each row becomes an item checked like a YAML item; problems name the
 * sheet, row and column.
 */
export async function readXlsxBank(path: string, display = path): Promise<LoadedBank> {
  const problems = new Problems();
  const bank: LoadedBank = {
    kind: 'xlsx',
    path: display,
    occupation: null,
    name: null,
    subjects: [],
    items: [],
    problems: problems.list,
  };
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(path);
  } catch (error) {
    problems.add({ file: display }, `无法读取电子表格：${(error as Error).message}`);
    return bank;
  }
  const sheet = book.getWorksheet(SHEET_NAME) ?? book.worksheets.find((w) => w.name !== HELP_SHEET_NAME);
  if (!sheet) {
    problems.add({ file: display }, `电子表格中没有工作表「${SHEET_NAME}」`);
    return bank;
  }
  const cellAt = (row: number, col: number, title?: string): Loc => ({
    file: display,
    sheet: sheet.name,
    row,
    column: columnLetter(col),
    ...(title ? { columnName: title } : {}),
  });

  // Header row: which column holds what.
  const byField = new Map<string, { col: number; title: string }>();
  const header = sheet.getRow(1);
  for (let col = 1; col <= Math.max(header.cellCount, sheet.columnCount); col++) {
    const raw = cellValue(header.getCell(col).value);
    if (raw === null) continue;
    const title = String(raw).trim().replace(/\s+/g, '');
    const column = XLSX_COLUMNS.find((c) => c.title === title);
    if (!column) {
      problems.add(
        cellAt(1, col, title),
        `未知的列「${title}」（可用：${XLSX_COLUMNS.map((c) => c.title).join('、')}）`,
      );
      continue;
    }
    if (byField.has(column.field)) {
      problems.add(cellAt(1, col, title), `列「${title}」重复`);
      continue;
    }
    byField.set(column.field, { col, title });
  }
  const missing = XLSX_COLUMNS.filter((c) => c.required && !byField.has(c.field));
  for (const c of missing) problems.add({ file: display, sheet: sheet.name, row: 1 }, `缺少列「${c.title}」`);
  if (missing.length) return bank;

  const images = new ImageChecker(resolve(dirname(path)));
  const seen = new Map<string, CheckedItem>();
  const subjects = new Map<string, BankSubject>();
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = new Map<string, { value: string | number | boolean; at: Loc }>();
    for (const [field, { col, title }] of byField) {
      const value = cellValue(row.getCell(col).value);
      if (value !== null) cells.set(field, { value, at: cellAt(r, col, title) });
    }
    if (cells.size === 0) continue;
    const rowAt: Loc = { file: display, sheet: sheet.name, row: r };

    const subjectCell = cells.get('subject');
    let subject: string | null = null;
    if (!subjectCell) problems.add(rowAt, '缺少科目', textOf(cells.get('id')));
    else {
      subject = String(subjectCell.value).trim().toUpperCase();
      if (!/^[A-Z]{2,4}$/.test(subject)) {
        problems.add(
          subjectCell.at,
          `科目代码 ${subject} 应为 2–4 个大写字母（如 ZD、NL、JN）`,
          textOf(cells.get('id')),
        );
        subject = null;
      } else if (!subjects.has(subject)) subjects.set(subject, { code: subject, name: null, file: display });
    }

    const typeCell = cells.get('type');
    const typeText = typeCell ? String(typeCell.value).trim() : null;
    const type = typeText === null ? null : (TYPE_NAMES[typeText] ?? typeText.toLowerCase());

    const entries: MapEntry[] = [];
    for (const [field, { value, at }] of cells) {
      switch (field) {
        case 'subject':
          break;
        case 'type':
          entries.push(entry('type', scalar(type ?? '', at)));
          break;
        case 'levels':
          entries.push(
            entry(
              'levels',
              seq(
                String(value)
                  .split(/[\s,，、/;；]+/)
                  .filter(Boolean)
                  .map((t) => scalar(levelOf(t), at)),
                at,
              ),
            ),
          );
          break;
        case 'difficulty':
        case 'points':
          entries.push(entry(field, numberNode(value, at)));
          break;
        case 'key':
          entries.push(entry('key', keyNode(value, type, at)));
          break;
        case 'rubric':
          entries.push(entry('rubric', rubricNode(String(value), at)));
          break;
        default:
          if (!field.startsWith('option'))
            entries.push(
              entry(field, typeof value === 'number' ? scalar(value, at) : scalar(String(value), at)),
            );
      }
    }
    const optionCells = OPTION_LETTERS.flatMap((l) => {
      const c = cells.get(`option${l}`);
      return c
        ? [entry(l, scalar(c.value === true || c.value === false ? String(c.value) : c.value, c.at), c.at)]
        : [];
    });
    if (optionCells.length) entries.push(entry('options', map(optionCells, optionCells[0]!.keyAt)));

    const id = textOf(cells.get('id'));
    if (bank.occupation === null && id) bank.occupation = /^([A-Z]{2}\d{2})-/.exec(id)?.[1] ?? null;
    const checked = checkItem(map(entries, rowAt), {
      problems,
      occupation: bank.occupation,
      subject,
      ids: 'bank',
      images,
    });
    const duplicate = noteDuplicate(checked, seen, problems);
    if (checked.item && !duplicate) bank.items.push({ item: checked.item, at: checked.at });
  }
  bank.subjects = [...subjects.values()];
  return bank;
}

function textOf(cell: { value: string | number | boolean } | undefined): string | undefined {
  return cell ? String(cell.value).trim() : undefined;
}
