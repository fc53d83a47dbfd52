import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { BankProblem, BankValidationReport } from '@exam/contracts';
import type { LoadedBank } from './model.js';
import { readQtiFolder, type QtiDefaults } from './qti.js';
import { summarize } from './summary.js';
import { BANK_FILE, loadYamlBank } from './yaml-bank.js';
import { readXlsxBank } from './xlsx.js';

/** The input path is missing, unreadable, or not one of the three kinds (the CLI exits 2). */
export class BankPathError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export type BankInputKind = 'yaml' | 'xlsx' | 'qti';

/** A folder with bank.yaml (or bank.yaml itself), an .xlsx file, or a folder of .xml files (or one). */
export function detectBankInput(path: string): { kind: BankInputKind; path: string } {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BankPathError(path, code === 'ENOENT' ? '路径不存在' : `无法读取（${code ?? String(error)}）`);
  }
  if (stat.isDirectory()) {
    let names: string[];
    try {
      names = readdirSync(path);
    } catch (error) {
      throw new BankPathError(
        path,
        `无法读取文件夹（${(error as NodeJS.ErrnoException).code ?? String(error)}）`,
      );
    }
    if (names.includes(BANK_FILE)) return { kind: 'yaml', path };
    if (names.some((n) => extname(n).toLowerCase() === '.xml')) return { kind: 'qti', path };
    throw new BankPathError(path, `文件夹中既没有 ${BANK_FILE}，也没有 QTI 题目文件（.xml）`);
  }
  const ext = extname(path).toLowerCase();
  if (basename(path) === BANK_FILE) return { kind: 'yaml', path: dirname(path) };
  if (ext === '.xlsx') return { kind: 'xlsx', path };
  if (ext === '.xml') return { kind: 'qti', path };
  if (ext === '.xls') throw new BankPathError(path, '不支持旧版 .xls 文件，请另存为 .xlsx');
  throw new BankPathError(
    path,
    `无法识别的输入：应为含 ${BANK_FILE} 的题库文件夹、.xlsx 电子表格或 QTI XML 文件夹`,
  );
}

/** Reads and checks any of the three inputs; every problem is in the result's `problems`. */
export async function loadBank(path: string, options: { qti?: QtiDefaults } = {}): Promise<LoadedBank> {
  const input = detectBankInput(path);
  switch (input.kind) {
    case 'yaml':
      return loadYamlBank(input.path, input.path === path ? path : join(input.path));
    case 'xlsx':
      return readXlsxBank(input.path);
    case 'qti':
      return readQtiFolder(input.path, input.path, options.qti);
  }
}

export async function validateBank(
  path: string,
  options: { qti?: QtiDefaults } = {},
): Promise<BankValidationReport> {
  const bank = await loadBank(path, options);
  return {
    valid: bank.problems.length === 0,
    path,
    summary: summarize(bank),
    problems: sortProblems(bank.problems),
  };
}

/** Problems grouped by file (in the order files were read), then by line or row; stable otherwise. */
export function sortProblems(problems: BankProblem[]): BankProblem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        fileOrder.get(a.p.file)! - fileOrder.get(b.p.file)! ||
        (a.p.line ?? a.p.row ?? 0) - (b.p.line ?? b.p.row ?? 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}
