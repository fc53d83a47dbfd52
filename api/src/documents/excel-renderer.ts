import ExcelJS from 'exceljs';
import type { DocumentSpec, SheetSpec, TableBlock, TableValue } from './document-model.js';

/**
 * Tables → an .xlsx workbook with exceljs: one sheet per table, an optional title row, bold header rows
 * (grouped headings merged), column widths, and the header frozen so it stays visible while scrolling.
 */

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/g;

/** The sheets of a document: each of its tables (a document without tables has nothing to export). */
export function sheetsOf(spec: DocumentSpec): SheetSpec[] {
  const tables = spec.blocks.filter((b): b is TableBlock => b.kind === 'table');
  return tables.map((t, i) => ({
    sheetName: t.sheetName ?? (tables.length === 1 ? spec.title : `${spec.title}${i + 1}`),
    title: spec.title,
    columns: t.columns,
    ...(t.headerGroups ? { headerGroups: t.headerGroups } : {}),
    rows: t.rows,
  }));
}

/** Excel's rules for sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(FORBIDDEN_IN_SHEET_NAME, '_').trim().slice(0, 31) || '工作表';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++)
    name = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** Display width of a text in Excel character units: CJK and other wide characters count double. */
function textWidth(value: TableValue): number {
  if (value === null) return 0;
  let w = 0;
  for (const ch of String(value)) w += ch.codePointAt(0)! >= 0x1100 ? 2 : 1;
  return w;
}

export async function renderExcel(input: DocumentSpec | SheetSpec | SheetSpec[]): Promise<Buffer> {
  const sheets = Array.isArray(input) ? input : 'blocks' in input ? sheetsOf(input) : [input];
  if (!sheets.length) throw new Error('该文档没有表格，无法导出 Excel');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '工勤技能岗位等级考核系统';
  const used = new Set<string>();
  for (const sheet of sheets) {
    const n = sheet.columns.length;
    const ws = workbook.addWorksheet(sheetName(sheet.sheetName, used));
    let row = 1;
    if (sheet.title) {
      ws.getCell(row, 1).value = sheet.title;
      ws.getCell(row, 1).font = { bold: true, size: 14 };
      ws.getCell(row, 1).alignment = { horizontal: 'center' };
      if (n > 1) ws.mergeCells(row, 1, row, n);
      row++;
    }
    for (const group of sheet.headerGroups ?? []) {
      let c = 1;
      for (const cell of group) {
        const span = cell.colSpan ?? 1;
        ws.getCell(row, c).value = cell.text;
        if (span > 1) ws.mergeCells(row, c, row, c + span - 1);
        c += span;
      }
      styleHeader(ws.getRow(row), n);
      row++;
    }
    sheet.columns.forEach((col, i) => (ws.getCell(row, i + 1).value = col.title));
    styleHeader(ws.getRow(row), n);
    ws.views = [{ state: 'frozen', xSplit: 0, ySplit: row }];
    for (const values of sheet.rows) {
      row++;
      values.forEach((v, i) => {
        const cell = ws.getCell(row, i + 1);
        cell.value = v;
        const align = sheet.columns[i]?.align;
        if (align) cell.alignment = { horizontal: align };
      });
    }
    sheet.columns.forEach((col, i) => {
      const widest = Math.max(
        textWidth(col.title),
        ...sheet.rows.slice(0, 500).map((r) => textWidth(r[i] ?? null)),
      );
      ws.getColumn(i + 1).width = col.excelWidth ?? Math.min(60, Math.max(6, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function styleHeader(row: ExcelJS.Row, n: number): void {
  for (let c = 1; c <= n; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = {
      top: { style: 'thin' },
      bottom: { style: 'thin' },
      left: { style: 'thin' },
      right: { style: 'thin' },
    };
  }
}
