import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

/** `exam bank …` through the CLI's own entry point (no database is opened). */
const fixtures = fileURLToPath(new URL('../../../../question-banks/fixtures/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'exam-bank-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function exam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(['node', 'exam', ...args]);
  process.exitCode = undefined;
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('exam bank validate', () => {
  it('a valid bank folder → exit 0 with the summary per subject × type × level', async () => {
    const r = await exam('bank', 'validate', join(fixtures, 'valid/JD99'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('题库 JD99 示例工种（测试用）');
    expect(r.stdout).toMatch(/科目 JN 岗位技能（JN\.yaml）：共 4 题/);
    expect(r.stdout).toMatch(/简答 +0 +0 +1 +1 +0 +1/);
    expect(r.stdout).toContain('校验通过：2 个科目，共 6 题。');
  });

  it('a bank with errors → exit 1 with every problem as file:line  item-id  message', async () => {
    const path = join(fixtures, 'broken');
    const r = await exam('bank', 'validate', path);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(
      `${join(path, 'ZD.yaml')}:15  JD98-ZD-0001  答案 D 不是本题的选项（选项为 A、B、C）`,
    );
    expect(lines).toContain(
      `${join(path, 'bank.yaml')}:4  -  bank.yaml 有未知字段 version（可用：format、occupation、name、subjects）`,
    );
    expect(r.stdout).toContain('校验未通过：共 25 处问题');
  });

  it('--json prints the report', async () => {
    const r = await exam('bank', 'validate', '--json', join(fixtures, 'broken'));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      valid: boolean;
      problems: { file: string; line: number; itemId?: string; message: string }[];
    };
    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual({
      file: join(fixtures, 'broken', 'JN.yaml'),
      line: 12,
      itemId: 'JD98-JN-0001',
      message: '评分要点分值之和为 4，与本题分值 5 不符',
    });
    const ok = await exam('bank', 'validate', '--json', join(fixtures, 'qti'));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      valid: true,
      summary: { kind: 'qti', items: 4 },
      problems: [],
    });
  });

  it('a missing path or an unrecognised input → exit 2 naming the argument', async () => {
    const missing = join(tmp, 'no-such-bank');
    const r = await exam('bank', 'validate', missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`参数错误 ${missing}：路径不存在`);
    const r2 = await exam('bank', 'validate', fileURLToPath(import.meta.url));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('无法识别的输入');
    expect((await exam('bank', 'validate')).code).toBe(2);
  });

  it('template writes an .xlsx that validates, and refuses to overwrite without --force', async () => {
    const out = join(tmp, '题库模板.xlsx');
    const r = await exam('bank', 'template', out);
    expect(r.code, r.stderr).toBe(0);
    const v = await exam('bank', 'validate', out);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('校验通过：1 个科目，共 1 题。');
    expect((await exam('bank', 'template', out)).code).toBe(2);
    expect((await exam('bank', 'template', out, '--force')).code).toBe(0);
    expect((await exam('bank', 'template', join(tmp, 'x.csv'))).code).toBe(2);
  });
});
