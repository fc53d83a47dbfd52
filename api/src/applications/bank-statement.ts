/**
 * A bank statement export (CSV) as the office downloads it from the bank: a header row naming the columns,
 * then one transaction a row. Column names vary by bank; these are the usual ones.
 */
export interface StatementRow {
  line: number;
  transactionId: string;
  date: string;
  amountFen: number;
  payer: string;
  remark: string;
}

export interface ParsedStatement {
  rows: StatementRow[];
  problems: { line: number; message: string }[];
}

const COLUMNS = {
  transactionId: ['交易流水号', '流水号', '交易编号', '凭证号'],
  date: ['交易日期', '日期', '记账日期', '交易时间'],
  amount: ['金额', '交易金额', '收入金额', '贷方金额', '入账金额'],
  payer: ['付款人', '对方户名', '付款人名称', '对方账户名称'],
  remark: ['附言', '摘要', '备注', '用途'],
} as const;

export interface CsvRow {
  /** the file's line on which the row starts (1-based) */
  line: number;
  cells: string[];
}

/** Splits CSV text into rows of cells (quotes, doubled quotes, CRLF), each with the line it starts on. */
export function parseCsvLines(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n') line++;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') {
        i++;
        line++;
      }
      row.push(cell);
      rows.push({ line: start, cells: row });
      row = [];
      cell = '';
      start = line;
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push({ line: start, cells: row });
  }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

export function parseCsv(text: string): string[][] {
  return parseCsvLines(text).map((r) => r.cells);
}

/** "1,234.50" / "¥275.00" / "275" → fen; null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const clean = text.replace(/[¥￥,\s元]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return clean.startsWith('-') ? -fen : fen;
}

export class StatementFormatError extends Error {}

export function parseStatement(text: string): ParsedStatement {
  const table = parseCsvLines(text);
  if (table.length < 2) throw new StatementFormatError('对账文件没有交易记录（至少需要表头和一行交易）');
  const header = table[0]!.cells.map((h) => h.trim());
  const index = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const at = {
    transactionId: index(COLUMNS.transactionId),
    date: index(COLUMNS.date),
    amount: index(COLUMNS.amount),
    payer: index(COLUMNS.payer),
    remark: index(COLUMNS.remark),
  };
  const missing = Object.entries(at)
    .filter(([key, i]) => i < 0 && key !== 'payer')
    .map(([key]) => COLUMNS[key as keyof typeof COLUMNS][0]);
  if (missing.length)
    throw new StatementFormatError(
      `对账文件缺少列：${missing.join('、')}（表头为：${header.join('、')}）。请使用银行导出的交易明细 CSV`,
    );
  const rows: StatementRow[] = [];
  const problems: ParsedStatement['problems'] = [];
  table.slice(1).forEach(({ cells, line }) => {
    const amountFen = yuanToFen(cells[at.amount] ?? '');
    const transactionId = (cells[at.transactionId] ?? '').trim();
    if (!transactionId) problems.push({ line, message: '缺少交易流水号' });
    else if (transactionId.length > 64)
      problems.push({ line, message: '交易流水号超过 64 个字符，无法识别' });
    else if (amountFen === null)
      problems.push({ line, message: `金额「${cells[at.amount] ?? ''}」无法识别` });
    else if (amountFen <= 0) problems.push({ line, message: '不是收入（入账）交易，已跳过' });
    else
      rows.push({
        line,
        transactionId,
        date: (cells[at.date] ?? '').trim(),
        amountFen,
        payer: at.payer >= 0 ? (cells[at.payer] ?? '').trim() : '',
        remark: (cells[at.remark] ?? '').trim(),
      });
  });
  return { rows, problems };
}
