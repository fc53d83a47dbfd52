import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import {
  BankPathError,
  formatProblem,
  formatSummary,
  validateBank,
  writeTemplate,
} from '@exam/question-banks';
import { CliUsageError } from '../cli-error.js';

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
    .description('题库：校验题库文件（题库文件夹、.xlsx 电子表格、QTI 2.x 文件夹）');
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
    .command('template')
    .description('生成空白的题库电子表格模板（表头、一行示例和填写说明）')
    .argument('<out>', '输出文件，如 题库模板.xlsx')
    .option('--force', '覆盖已存在的文件')
    .action(async (out: string, options: { force?: boolean }) => {
      process.exitCode = await bankTemplate(out, options);
    });
}
