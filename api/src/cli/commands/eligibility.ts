import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import { eligibilityInputSchema, policyDocumentSchema, type PolicyDocument } from '@exam/contracts';
import { SHIPPED_POLICIES } from '@exam/db';
import { evaluateEligibility } from '../../eligibility/engine.js';
import { formatIssues } from '../../common/zod-pipe.js';
import { CliUsageError } from '../cli-error.js';

interface CheckOptions {
  policy?: string;
  policyFile?: string;
  input: string;
}

/** Reads and parses a JSON file; problems are usage errors naming the option. */
function readJson(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliUsageError(option, `无法读取文件 ${path}（${code}）`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new CliUsageError(option, `${path} 不是有效的 JSON：${(error as Error).message}`);
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  object: '对象',
  array: '数组',
  boolean: '布尔值',
  null: 'null',
};

/** zod's own English type messages, in Chinese: a missing field says so. */
function chinese(message: string): string {
  const m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (!m) return message;
  if (m[2] === 'undefined') return '缺少此字段（必填）';
  return `类型不对：应为${TYPE_NAMES[m[1]!] ?? m[1]}，实为${TYPE_NAMES[m[2]!] ?? m[2]}`;
}

/** The first schema issue names the field; the others follow in the message. */
function issueError(error: z.ZodError, fallbackField: string, suffix = ''): CliUsageError {
  const issues = formatIssues(error).map((i) => ({ ...i, message: chinese(i.message) }));
  const [first, ...rest] = issues;
  const more = rest.length
    ? `；另有 ${rest.length} 处：${rest
        .slice(0, 4)
        .map((i) => `${i.path || fallbackField}：${i.message}`)
        .join('；')}`
    : '';
  return new CliUsageError(first?.path || fallbackField, `${first?.message ?? '内容有误'}${suffix}${more}`);
}

function shippedPolicies(): PolicyDocument[] {
  return SHIPPED_POLICIES.map((p) => policyDocumentSchema.parse(p));
}

function loadPolicy(options: CheckOptions): PolicyDocument {
  if (options.policy && options.policyFile)
    throw new CliUsageError('--policy', '--policy 与 --policy-file 只能指定其一');
  if (options.policyFile) {
    const parsed = policyDocumentSchema.safeParse(readJson(options.policyFile, '--policy-file'));
    if (!parsed.success)
      throw issueError(parsed.error, '--policy-file', `（政策文件 ${options.policyFile}）`);
    return parsed.data;
  }
  if (!options.policy)
    throw new CliUsageError('--policy', '请用 --policy <编号> 或 --policy-file <文件> 指定政策');
  const policies = shippedPolicies();
  const policy = policies.find((p) => p.id === options.policy);
  if (!policy) {
    throw new CliUsageError(
      '--policy',
      `未知的政策编号 ${options.policy}；可用：${policies.map((p) => p.id).join('、')}`,
    );
  }
  return policy;
}

export function registerEligibilityCommands(program: Command): void {
  const eligibility = program.command('eligibility').description('资格审核引擎：按政策逐条判断申报资格');
  eligibility
    .command('check')
    .description(
      '按政策判断一份申报（输入 JSON 的字段见 README「资格审核引擎」）；结果以 JSON 输出，退出码 0',
    )
    .option('--policy <id>', '内置政策编号，例如 xinxiang-2024（见 exam eligibility policies）')
    .option('--policy-file <path>', '不在内置列表中的政策文件（JSON，政策文档格式）')
    .requiredOption('--input <file>', '申报信息 JSON 文件')
    .action((options: CheckOptions) => {
      const policy = loadPolicy(options);
      const parsed = eligibilityInputSchema.safeParse(readJson(options.input, '--input'));
      if (!parsed.success) throw issueError(parsed.error, '--input');
      const result = evaluateEligibility(policy, 1, parsed.data);
      const rules = result.rules.map((r) => ({
        id: r.id,
        passed: r.passed,
        text: r.text,
        cite: r.cite,
        ...(r.waived ? { waived: true } : {}),
      }));
      console.log(JSON.stringify({ policy: result.policy, eligible: result.eligible, rules }));
    });
  eligibility
    .command('policies')
    .description('列出内置政策编号')
    .action(() => {
      for (const p of shippedPolicies()) console.log(`${p.id}\t${p.regionName}\t${p.title}`);
    });
}
