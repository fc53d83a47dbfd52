import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '@exam/contracts';
import { SHIPPED_POLICIES } from '@exam/db';

/**
 * `exam eligibility` as a user runs it (the built bin; `npx tsc -b api` first). It never opens a database:
 * DATABASE_URL points at a port nothing listens on.
 */
const bin = fileURLToPath(new URL('../bin/exam.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'exam-eligibility-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exam(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end();
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const first17 = '41070219750615123';
const input = {
  targetLevel: 'L4',
  occupation: '电工',
  applicationType: 'normal',
  person: {
    idNumber: first17 + idNumberCheckChar(first17),
    sex: 'M',
    birthDate: '1975-06-15',
    education: 'senior_high',
    workStartDate: '2016-03-01',
    regularizedOn: '2017-03-01',
  },
  currentGrade: { level: 'L5', occupation: '电工', certifiedOn: '2019-09-30', appointedOn: '2019-12-01' },
  annualAssessments: [{ year: 2023, grade: 'competent' }],
};
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('exam eligibility', () => {
  it('check: an eligible person → exit 0 with the JSON verdict', async () => {
    const r = await exam([
      'eligibility',
      'check',
      '--policy',
      'xinxiang-2024',
      '--input',
      file('ok.json', input),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      policy: string;
      eligible: boolean;
      rules: { id: string; passed: boolean; text: string }[];
    };
    expect(out.policy).toBe('xinxiang-2024@1');
    expect(out.eligible).toBe(true);
    const rule = out.rules.find((x) => x.id === 'l4-grade-or-work-start')!;
    expect(rule.passed).toBe(true);
    expect(rule.text).toContain('截至2024-12-31为5年3个月');
  });

  it('check: an ineligible person → exit 0 with eligible false and the reason', async () => {
    const late = { ...input, currentGrade: { ...input.currentGrade, certifiedOn: '2019-10-01' } };
    const r = await exam([
      'eligibility',
      'check',
      '--policy',
      'xinxiang-2024',
      '--input',
      file('late.json', late),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      eligible: boolean;
      rules: { id: string; passed: boolean; text: string }[];
    };
    expect(out.eligible).toBe(false);
    expect(out.rules.find((x) => x.id === 'l4-grade-or-work-start')).toMatchObject({ passed: false });
    expect(JSON.stringify(out)).toContain('晚于2019-09-30');
  });

  it('check: a bad field → exit 2 naming it', async () => {
    const bad = { ...input, person: { ...input.person, birthDate: '1975-6-15' } };
    const r = await exam([
      'eligibility',
      'check',
      '--policy',
      'xinxiang-2024',
      '--input',
      file('bad.json', bad),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('person.birthDate：日期格式应为 YYYY-MM-DD');
    expect(r.stdout).toBe('');
  });

  it('check: not JSON, or a missing file → exit 2', async () => {
    const broken = await exam([
      'eligibility',
      'check',
      '--policy',
      'nantong-2024',
      '--input',
      file('x.json', '{'),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('不是有效的 JSON');
    const missing = await exam([
      'eligibility',
      'check',
      '--policy',
      'nantong-2024',
      '--input',
      join(dir, 'nope.json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--input：无法读取文件');
  });

  it('check: an unknown policy → exit 2 listing the shipped ones', async () => {
    const r = await exam([
      'eligibility',
      'check',
      '--policy',
      'atlantis-2024',
      '--input',
      file('ok2.json', input),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--policy：未知的政策编号 atlantis-2024');
    expect(r.stderr).toContain('xinxiang-2024');
  });

  it('check --policy-file: a policy document not shipped', async () => {
    const shipped = SHIPPED_POLICIES.find((p) => p.id === 'luoyang-2023')!;
    const path = file('policy.json', { ...shipped, id: 'luoyang-2023-draft' });
    const r = await exam(['eligibility', 'check', '--policy-file', path, '--input', file('ok3.json', input)]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { policy: string; rules: { id: string; text: string }[] };
    expect(out.policy).toBe('luoyang-2023-draft@1');
    expect(out.rules.find((x) => x.id === 'l4-grade-or-work-start')!.text).toContain('2018-09-30');
    const bad = await exam([
      'eligibility',
      'check',
      '--policy-file',
      file('p2.json', { ...shipped, year: 'x' }),
      '--input',
      path,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('参数错误 year：');
  });

  it('policies: lists the five shipped ids', async () => {
    const r = await exam(['eligibility', 'policies']);
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['xinjiang-2022', 'xinxiang-2024', 'inner-mongolia-2022', 'luoyang-2023', 'nantong-2024']);
  });
});
