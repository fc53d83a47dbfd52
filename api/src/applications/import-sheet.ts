import ExcelJS from 'exceljs';
import {
  APPLICATION_TYPE_LABELS,
  APPLICATION_TYPES,
  LEVELS,
  parseIdNumber,
  ID_NUMBER_PROBLEM_TEXT,
  type ApplicationType,
  type Level,
  type PolicyDocument,
} from '@exam/contracts';

/**
 * The Excel template offices and units fill to enter a unit's applicants (one row per applicant), and its
 * reading: every cell checked, every problem reported with its row and column.
 */
export const IMPORT_COLUMNS = [
  { key: 'name', title: '姓名', width: 12, note: '与人员档案一致' },
  { key: 'idNumber', title: '身份证号', width: 22, note: '18位，末位可为X' },
  { key: 'occupation', title: '申报工种', width: 18, note: '工种目录中的名称或代码' },
  { key: 'level', title: '申报等级', width: 16, note: '如：四级（中级工）、四级、中级工或 L4' },
  { key: 'type', title: '申报类型', width: 14, note: '如：正常申报；留空为正常申报' },
  { key: 'exceptional', title: '破格条件类别', width: 16, note: '仅破格申报填写' },
  { key: 'deferred', title: '容缺后补材料', width: 18, note: '材料名称，多项用顿号分隔' },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

export interface ImportRow {
  row: number;
  name: string;
  idNumber: string;
  occupation: string;
  level: Level;
  type: ApplicationType;
  exceptional: string | null;
  deferred: string[];
}

export interface RowProblem {
  path: string;
  message: string;
}

export const MAX_IMPORT_ROWS = 2000;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

export async function importTemplate(policy: PolicyDocument, exampleOccupation: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('申报人员');
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const offered = policy.levels.filter((l) => policy.offeredLevels.levels.includes(l.level));
  const types = policy.applicationTypes.map((t) => t.name);
  for (let r = 2; r <= 501; r++) {
    sheet.getCell(r, 4).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`"${offered.map((l) => l.name).join(',')}"`],
    };
    sheet.getCell(r, 5).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${types.join(',')}"`],
    };
    sheet.getCell(r, 2).numFmt = '@';
  }
  const help = book.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'title', width: 16 },
    { header: '说明', key: 'note', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) help.addRow({ title: c.title, note: c.note });
  help.addRow({});
  help.addRow({ title: '政策', note: `${policy.title}（${policy.documentNo ?? policy.id}）` });
  help.addRow({ title: '可申报等级', note: offered.map((l) => l.name).join('、') });
  help.addRow({ title: '申报类型', note: types.join('、') });
  if (policy.exceptionalCategories.length)
    help.addRow({ title: '破格条件类别', note: policy.exceptionalCategories.map((c) => c.name).join('；') });
  help.addRow({ title: '示例工种', note: exampleOccupation });
  help.addRow({
    title: '注意',
    note: '每行一人；任何一行有错误时整个文件都不导入，请按错误报告逐行修改后重新上传。导入后为草稿，上传材料后提交。',
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

function levelOf(text: string, policy: PolicyDocument): Level | null {
  const t = text.replace(/\s/g, '').toUpperCase();
  if ((LEVELS as readonly string[]).includes(t)) return t as Level;
  for (const l of policy.levels) {
    const name = l.name.replace(/\s/g, '');
    const parts = name.split(/[（）()]/).filter(Boolean);
    if (t === name || parts.includes(t)) return l.level;
  }
  return null;
}

function typeOf(text: string, policy: PolicyDocument): ApplicationType | null {
  const t = text.trim();
  if (!t) return 'normal';
  if ((APPLICATION_TYPES as readonly string[]).includes(t)) return t as ApplicationType;
  const byPolicy = policy.applicationTypes.find((a) => a.name === t || a.name.replace(/申报$/, '') === t);
  if (byPolicy) return byPolicy.type;
  const byLabel = APPLICATION_TYPES.find((k) => APPLICATION_TYPE_LABELS[k].startsWith(t));
  return byLabel ?? null;
}

/** Reads the workbook; structural problems throw, cell problems are returned per row. */
export async function readImport(
  bytes: Buffer,
  policy: PolicyDocument,
): Promise<{ rows: ImportRow[]; problems: RowProblem[] }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFormatError('文件不是有效的 Excel（.xlsx）文件，请使用下载的导入模板');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new ImportFormatError('Excel 文件中没有工作表');
  const header = IMPORT_COLUMNS.map((_, i) => cellText(sheet.getRow(1).getCell(i + 1).value).trim());
  const wrong = IMPORT_COLUMNS.filter((c, i) => header[i] !== c.title);
  if (wrong.length)
    throw new ImportFormatError(
      `表头与导入模板不一致（应为：${IMPORT_COLUMNS.map((c) => c.title).join('、')}），请使用下载的导入模板`,
    );
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const materialNames = new Map(policy.materials.map((m) => [m.name, m.code]));
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r === 1) return;
    const cells = IMPORT_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value).trim());
    if (cells.every((c) => !c)) return;
    const at = (column: string, message: string) => problems.push({ path: `第${r}行.${column}`, message });
    const [name, idRaw, occupation, levelText, typeText, exceptional, deferredText] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!name) at('姓名', '请填写姓名');
    const parsed = parseIdNumber(idRaw);
    let idNumber = '';
    if (typeof parsed === 'string') at('身份证号', ID_NUMBER_PROBLEM_TEXT[parsed]);
    else {
      idNumber = parsed.idNumber;
      const first = seen.get(idNumber);
      if (first) at('身份证号', `与第${first}行的身份证号重复，同一批次每人只能申报一次`);
      else seen.set(idNumber, r);
    }
    if (!occupation) at('申报工种', '请填写申报工种');
    const level = levelOf(levelText, policy);
    if (!level) at('申报等级', `「${levelText}」不是有效的等级`);
    else if (!policy.offeredLevels.levels.includes(level)) at('申报等级', `本批次不开展「${levelText}」考核`);
    const type = typeOf(typeText, policy);
    if (!type)
      at(
        '申报类型',
        `「${typeText}」不是本政策的申报类型（${policy.applicationTypes.map((t) => t.name).join('、')}）`,
      );
    const deferred: string[] = [];
    for (const item of deferredText
      .split(/[、,，;；]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const code = materialNames.get(item);
      if (!code) at('容缺后补材料', `「${item}」不是本政策的材料名称`);
      else deferred.push(code);
    }
    if (level && type && idNumber && name && occupation)
      rows.push({
        row: r,
        name,
        idNumber,
        occupation,
        level,
        type,
        exceptional: exceptional || null,
        deferred,
      });
  });
  if (!rows.length && !problems.length)
    throw new ImportFormatError('导入文件中没有申报人员（第2行起每行一人）');
  if (rows.length + problems.length > MAX_IMPORT_ROWS)
    throw new ImportFormatError(`一次最多导入 ${MAX_IMPORT_ROWS} 行，请分批导入`);
  return { rows, problems };
}

export class ImportFormatError extends Error {}
