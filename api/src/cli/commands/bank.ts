import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { BANK_SOURCE_KIND_LABELS } from '@exam/contracts';
import {
  BankPathError,
  detectBankInput,
  formatProblem,
  formatSummary,
  validateBank,
  writeTemplate,
} from '@exam/question-banks';
import {
  BankImportRefused,
  UnknownOccupation,
  type BankImportResult,
} from '../../question-banks/bank-import.service.js';
import { createBankImportService } from '../../question-banks/shipped-banks.js';
import { CliUsageError } from '../cli-error.js';
import { openRuntime } from '../runtime.js';

export interface BankOutput {
  out(line: string): void;
}

const stdout: BankOutput = { out: (line) => console.log(line) };

/**
 * `exam bank validate <path>`: 0 when the input is valid (prints the summary), 1 with every problem as
 * `file:line  item-id  message`, 2 (CliUsageError) when the path is missing or not a bank input.
 */
export async function bankValidate(
  path: string,
  options: { json?: boolean },
  output: BankOutput = stdout,
): Promise<number> {
  let report;
  try {
    report = await validateBank(path);
  } catch (error) {
    if (error instanceof BankPathError) throw new CliUsageError(path, error.message);
    throw error;
  }
  if (options.json) {
    output.out(JSON.stringify(report, null, 2));
    return report.valid ? 0 : 1;
  }
  if (report.valid) {
    for (const line of formatSummary(report.summary, path)) output.out(line);
    output.out(`校验通过：${report.summary.subjects.length} 个科目，共 ${report.summary.items} 题。`);
    return 0;
  }
  for (const problem of report.problems) output.out(formatProblem(problem));
  output.out('');
  output.out(`校验未通过：共 ${report.problems.length} 处问题（无误的题目 ${report.summary.items} 道）。`);
  return 1;
}

export interface BankImportOptions {
  reason?: string;
  occupation?: string;
  json?: boolean;
}

/** Prints an import's result: the bank, the items, and what changed. */
export function formatImportResult(result: BankImportResult): string[] {
  const bank = result.bank;
  const lines = [
    `题库 ${bank.occupationCode} ${bank.name}${bank.created ? '（新建）' : ''}：${BANK_SOURCE_KIND_LABELS[result.kind]} ${result.source}，共 ${result.itemsTotal} 题`,
    `新增 ${result.created}、新版本 ${result.newVersions}、未变 ${result.unchanged}、停用 ${result.retired}`,
  ];
  const notes = [
    result.metadataUpdated
      ? `未变的题目中 ${result.metadataUpdated} 道更新了等级、知识点、难度、来源或解析`
      : '',
    result.restored ? `${result.restored} 道已停用的题目重新启用` : '',
  ].filter(Boolean);
  if (notes.length) lines.push(`（${notes.join('；')}）`);
  lines.push(`导入完成：题库现有在用题目 ${result.activeItems} 道；导入记录 ${result.importId ?? '无'}`);
  return lines;
}

/**
 * `exam bank import <path> --reason <text>`: validates, then writes the bank in one transaction (FORMAT.md
 * 「Versions」). 0 imported; 1 the input has problems (every one printed, nothing written) or the occupation
 * is not in the catalogue; 2 (CliUsageError) a missing path, reason or occupation.
 */
export async function bankImport(
  path: string,
  options: BankImportOptions,
  output: BankOutput = stdout,
  open = openRuntime,
): Promise<number> {
  const reason = options.reason?.trim() ?? '';
  if (reason.length < 2)
    throw new CliUsageError('--reason', '请填写导入理由（至少 2 个字），例如 --reason "2026 年题库更新"');
  try {
    detectBankInput(path);
  } catch (error) {
    if (error instanceof BankPathError) throw new CliUsageError(path, error.message);
    throw error;
  }
  const runtime = await open();
  try {
    const service = createBankImportService(runtime.prisma);
    let outcome;
    try {
      outcome = await service.import({ path, reason, occupation: options.occupation ?? null });
    } catch (error) {
      if (error instanceof BankPathError) throw new CliUsageError(path, error.message);
      if (error instanceof UnknownOccupation) {
        if (options.json)
          output.out(JSON.stringify({ imported: false, path, error: error.message }, null, 2));
        else output.out(`导入被拒绝：${error.message}`);
        return 1;
      }
      if (error instanceof BankImportRefused)
        throw new CliUsageError(error.field === 'reason' ? '--reason' : '--occupation', error.message);
      throw error;
    }
    if (!outcome.imported) {
      const report = outcome.report;
      if (options.json) {
        output.out(JSON.stringify({ imported: false, ...report }, null, 2));
        return 1;
      }
      for (const problem of report.problems) output.out(formatProblem(problem));
      output.out('');
      output.out(`未导入：校验未通过，共 ${report.problems.length} 处问题，未写入任何数据。`);
      return 1;
    }
    if (options.json) output.out(JSON.stringify({ imported: true, ...outcome.result }, null, 2));
    else for (const line of formatImportResult(outcome.result)) output.out(line);
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function bankTemplate(
  out: string,
  options: { force?: boolean },
  output: BankOutput = stdout,
): Promise<number> {
  if (extname(out).toLowerCase() !== '.xlsx') throw new CliUsageError(out, '模板文件名应以 .xlsx 结尾');
  if (existsSync(out) && !options.force) throw new CliUsageError(out, '文件已存在；加 --force 覆盖');
  try {
    await writeTemplate(out);
  } catch (error) {
    throw new CliUsageError(
      out,
      `无法写入（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）`,
    );
  }
  output.out(`已生成题库电子表格模板：${out}（填写后用 exam bank validate ${out} 校验）`);
  return 0;
}

export function registerBankCommands(program: Command): void {
  const bank = program
    .command('bank')
    .description('题库：校验和导入题库文件（题库文件夹、.xlsx 电子表格、QTI 2.x 文件夹）');
  bank
    .command('validate')
    .description(
      '校验题库：含 bank.yaml 的文件夹、.xlsx 电子表格模板或 QTI 2.x 题目文件夹；通过时打印各科目按题型和等级的题量并以 0 退出，否则逐条列出问题并以 1 退出',
    )
    .argument('<path>', '题库文件夹、.xlsx 文件或 QTI 文件夹')
    .option('--json', '以 JSON 输出校验结果（valid、summary、problems）')
    .action(async (path: string, options: { json?: boolean }) => {
      process.exitCode = await bankValidate(path, options);
    });
  bank
    .command('import')
    .description(
      '导入题库：先校验（有任何问题则不写入并以 1 退出），再在一个事务中写入——新题建版本 1，内容变化的题建新版本，输入中没有的题停用；可重复运行',
    )
    .argument('<path>', '题库文件夹、.xlsx 文件或 QTI 文件夹')
    .option('--reason <text>', '导入理由（必填，至少 2 个字，记入导入记录和审计日志）')
    .option('--occupation <code>', '工种代码（QTI 文件夹必填；其他输入须与题库中的一致）')
    .option('--json', '以 JSON 输出导入结果')
    .action(async (path: string, options: BankImportOptions) => {
      process.exitCode = await bankImport(path, options);
    });
  bank
    .command('template')
    .description('生成空白的题库电子表格模板（表头、一行示例和填写说明）')
    .argument('<out>', '输出文件，如 题库模板.xlsx')
    .option('--force', '覆盖已存在的文件')
    .action(async (out: string, options: { force?: boolean }) => {
      process.exitCode = await bankTemplate(out, options);
    });
}
