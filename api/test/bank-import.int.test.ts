import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@exam/db';
import { SHEET_NAME, writeTemplate, XLSX_COLUMNS } from '@exam/question-banks';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { main } from '../src/cli/main.js';
import { importShippedBanks } from '../src/question-banks/shipped-banks.js';

/**
 * `exam bank import` through the CLI's own entry point (in this process, against this file's database),
 * and the demo seed's import of the shipped banks.
 */
const fixtures = fileURLToPath(new URL('../../question-banks/fixtures/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'exam-bank-import-'));
let db: TestDatabase;
let prisma: PrismaClient;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  db = await createTestDatabase(inject('testDatabaseMode'));
  process.env.DATABASE_URL = `postgres://${db.pg.user}@${db.pg.host}:${db.pg.port}/${db.pg.database}`;
  prisma = createPrismaClient(db.pg);
  await prisma.region.create({ data: { id: 'bank-test', name: '题库测试地区' } });
  await prisma.occupation.createMany({
    data: [
      { code: 'JD99', name: '示例工种', category: '测试类' },
      { code: 'JD01', name: '修理装配', category: '机电类' },
      { code: 'JD03', name: '机械加工', category: '机电类' },
      { code: 'JD02', name: '电工', category: '机电类' },
      { code: 'JT01', name: '汽车驾驶与管理', category: '交通类' },
    ].map((o) => ({ ...o, regionId: 'bank-test' })),
  });
  // a working copy of the fixture bank, edited by the tests below
  cpSync(join(fixtures, 'valid/JD99'), join(tmp, 'JD99'), { recursive: true });
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  rmSync(tmp, { recursive: true, force: true });
});
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
  vi.restoreAllMocks();
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const bankDir = () => join(tmp, 'JD99');
const counts = async () => ({
  banks: await prisma.questionBank.count(),
  items: await prisma.bankItem.count(),
  versions: await prisma.bankItemVersion.count(),
  imports: await prisma.bankImport.count(),
  images: await prisma.bankImage.count(),
  audit: await prisma.auditLog.count({ where: { action: 'bank.import' } }),
});
const item = (externalId: string) =>
  prisma.bankItem.findFirstOrThrow({
    where: { externalId },
    include: { versions: { orderBy: { version: 'asc' } } },
  });

/** Rewrites one subject file of the working copy. */
function editFile(file: string, edit: (text: string) => string): void {
  const path = join(bankDir(), file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

describe('exam bank import', () => {
  it('refuses without --reason (exit 2, naming the option) and writes nothing', async () => {
    const before = await counts();
    const missing = await exam('bank', 'import', bankDir());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reason');
    const short = await exam('bank', 'import', bankDir(), '--reason', '改');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--reason');
    const noPath = await exam('bank', 'import', join(tmp, 'nowhere'), '--reason', '测试导入');
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toContain('路径不存在');
    expect(await counts()).toEqual(before);
  });

  it('a broken bank → exit 1 with every problem, nothing written', async () => {
    const before = await counts();
    const path = join(fixtures, 'broken');
    const r = await exam('bank', 'import', path, '--reason', '测试导入');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toContain(
      `${join(path, 'ZD.yaml')}:15  JD98-ZD-0001  答案 D 不是本题的选项（选项为 A、B、C）`,
    );
    expect(r.stdout).toContain('未导入：校验未通过，共 25 处问题，未写入任何数据。');
    expect(await counts()).toEqual(before);
  });

  it('an occupation code in no catalogue → refused (exit 1), nothing written', async () => {
    const dir = join(tmp, 'JX97');
    cpSync(join(fixtures, 'valid/JD99'), dir, { recursive: true });
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const path = join(dir, name);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll('JD99', 'JX97'));
    }
    expect((await exam('bank', 'validate', dir)).code).toBe(0);
    const before = await counts();
    const r = await exam('bank', 'import', dir, '--reason', '测试导入');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('工种代码 JX97 不在任何地区的工种目录中');
    expect(await counts()).toEqual(before);
  });

  it('imports the fixture bank: items, version 1 each, the picture, an import record and an audit entry', async () => {
    const r = await exam('bank', 'import', bankDir(), '--reason', '首次导入题库');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('题库 JD99 示例工种（测试用）（新建）');
    expect(r.stdout).toContain('新增 6、新版本 0、未变 0、停用 0');

    const bank = await prisma.questionBank.findUniqueOrThrow({ where: { occupationCode: 'JD99' } });
    expect(bank).toMatchObject({ name: '示例工种（测试用）', occupationName: '示例工种' });
    const items = await prisma.bankItem.findMany({ where: { bankId: bank.id }, include: { versions: true } });
    expect(items).toHaveLength(6);
    for (const i of items) {
      expect(i.latestVersion).toBe(1);
      expect(i.retiredAt).toBeNull();
      expect(i.versions).toHaveLength(1);
    }
    const multiple = await item('JD99-JN-0001');
    expect(multiple.subject).toBe('JN');
    expect(multiple.versions[0]).toMatchObject({
      version: 1,
      type: 'multiple',
      levels: ['L4', 'L3'],
      pointsTenths: 20,
      key: ['A', 'B', 'C'],
      explanation: '绝缘手套为辅助安全用具。',
    });
    expect((multiple.versions[0]!.options as { letter: string }[]).map((o) => o.letter)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
    ]);
    const fill = await item('JD99-JN-0002');
    expect(fill.versions[0]!.key).toEqual([['50'], ['220', '二百二十']]);
    const short = await item('JD99-JN-0003');
    expect(short.versions[0]!.rubric).toHaveLength(4);

    const pictured = await item('JD99-JN-0004');
    const image = await prisma.bankImage.findUniqueOrThrow({
      where: { sha256: pictured.versions[0]!.imageSha256! },
    });
    expect(image.mediaType).toBe('image/png');
    expect(Buffer.from(image.bytes)).toEqual(readFileSync(join(bankDir(), 'images/jd99-jn-0004.png')));

    const record = await prisma.bankImport.findFirstOrThrow({ where: { bankId: bank.id } });
    expect(record).toMatchObject({
      kind: 'yaml',
      itemsTotal: 6,
      created: 6,
      newVersions: 0,
      unchanged: 0,
      retired: 0,
      importedBy: 'cli',
      reason: '首次导入题库',
    });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'bank.import' } });
    expect(audit).toMatchObject({
      category: 'data_change',
      entityType: 'QuestionBank',
      entityId: bank.id,
      reason: '首次导入题库',
    });
  });

  it('the same input again: everything unchanged, no new versions (--json)', async () => {
    const before = await counts();
    const r = await exam('bank', 'import', '--json', bankDir(), '--reason', '再次导入');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      imported: true,
      itemsTotal: 6,
      created: 0,
      newVersions: 0,
      unchanged: 6,
      retired: 0,
      metadataUpdated: 0,
    });
    const after = await counts();
    expect(after).toEqual({ ...before, imports: before.imports + 1, audit: before.audit + 1 });
  });

  it('an edited stem makes version 2 and keeps version 1; a metadata-only edit updates in place', async () => {
    editFile('JN.yaml', (t) =>
      t
        .replace('下列属于基本安全用具的有（　）。', '下列属于高压基本安全用具的有（　）。')
        .replace('topic: 电工基础', 'topic: 电工基础知识'),
    );
    const before = await counts();
    const r = await exam('bank', 'import', bankDir(), '--reason', '修订一道题');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('新增 0、新版本 1、未变 5、停用 0');
    expect(r.stdout).toContain('1 道更新了等级、知识点、难度、来源或解析');

    const edited = await item('JD99-JN-0001');
    expect(edited.latestVersion).toBe(2);
    expect(edited.versions.map((v) => [v.version, v.stem])).toEqual([
      [1, '下列属于基本安全用具的有（　）。'],
      [2, '下列属于高压基本安全用具的有（　）。'],
    ]);
    expect(edited.versions[0]!.contentHash).not.toBe(edited.versions[1]!.contentHash);
    expect(edited.versions[1]!.importId).not.toBe(edited.versions[0]!.importId);

    const retopiced = await item('JD99-JN-0002');
    expect(retopiced.latestVersion).toBe(1);
    expect(retopiced.versions).toHaveLength(1);
    expect(retopiced.versions[0]!.topic).toBe('电工基础知识');
    expect(await counts()).toMatchObject({ versions: before.versions + 1 });
  });

  it('an item missing from the input is retired, not deleted; it comes back when it reappears', async () => {
    const original = readFileSync(join(bankDir(), 'JN.yaml'), 'utf8');
    editFile('JN.yaml', (t) => {
      const start = t.indexOf('  - id: JD99-JN-0003');
      const end = t.indexOf('  - id: JD99-JN-0004');
      return t.slice(0, start) + t.slice(end);
    });
    const removed = await exam('bank', 'import', bankDir(), '--reason', '删去一道题');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('新增 0、新版本 0、未变 5、停用 1');
    expect(removed.stdout).toContain('题库现有在用题目 5 道');
    const retired = await item('JD99-JN-0003');
    expect(retired.retiredAt).not.toBeNull();
    expect(retired.versions).toHaveLength(1);

    writeFileSync(join(bankDir(), 'JN.yaml'), original);
    const back = await exam('bank', 'import', bankDir(), '--reason', '恢复这道题');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('新增 0、新版本 0、未变 6、停用 0');
    expect(back.stdout).toContain('1 道已停用的题目重新启用');
    const restored = await item('JD99-JN-0003');
    expect(restored.retiredAt).toBeNull();
    expect(restored.latestVersion).toBe(1);
  });

  it('imports the spreadsheet template filled in', async () => {
    const template = join(tmp, '模板.xlsx');
    await writeTemplate(template);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(template);
    const sheet = book.getWorksheet(SHEET_NAME)!;
    sheet.spliceRows(2, 1);
    const titles = XLSX_COLUMNS.map((c) => c.title);
    const base = { 科目: 'ZD', 等级: 'L5、L4', 知识点: '职业守则', 难度: 2, 分值: 1, 来源: '测试' };
    const rows: Record<string, string | number>[] = [
      {
        ...base,
        题号: 'JD01-ZD-0001',
        题型: '单选',
        题干: '单选题（　）。',
        选项A: '甲',
        选项B: '乙',
        选项C: '丙',
        答案: 'B',
      },
      { ...base, 题号: 'JD01-ZD-0002', 题型: '判断', 题干: '判断题。', 答案: '错误' },
      {
        ...base,
        题号: 'JD01-JN-0001',
        科目: 'JN',
        题型: '简答',
        等级: 'L3',
        分值: 3,
        题干: '简述。',
        答案: '参考答案。',
        评分要点: '要点一 | 1\n要点二 | 2',
      },
    ];
    for (const row of rows) sheet.addRow(titles.map((t) => row[t] ?? null));
    const path = join(tmp, '修理装配题库.xlsx');
    await book.xlsx.writeFile(path);

    const r = await exam('bank', 'import', path, '--reason', '电子表格导入');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('题库 JD01 修理装配（新建）');
    expect(r.stdout).toContain('新增 3、新版本 0、未变 0、停用 0');
    const bank = await prisma.questionBank.findUniqueOrThrow({
      where: { occupationCode: 'JD01' },
      include: { imports: true, items: { include: { versions: true }, orderBy: { externalId: 'asc' } } },
    });
    expect(bank.imports.map((i) => i.kind)).toEqual(['xlsx']);
    expect(bank.items.map((i) => [i.externalId, i.subject])).toEqual([
      ['JD01-JN-0001', 'JN'],
      ['JD01-ZD-0001', 'ZD'],
      ['JD01-ZD-0002', 'ZD'],
    ]);
    expect(bank.items[2]!.versions[0]).toMatchObject({
      type: 'true_false',
      key: false,
      levels: ['L5', 'L4'],
    });
  });

  it('QTI needs --occupation (exit 2), then imports with it', async () => {
    const path = join(fixtures, 'qti');
    const without = await exam('bank', 'import', path, '--reason', 'QTI 导入');
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--occupation');
    const r = await exam('bank', 'import', path, '--reason', 'QTI 导入', '--occupation', 'JD03');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('新增 4、新版本 0、未变 0、停用 0');
    const items = await prisma.bankItem.findMany({ where: { bank: { occupationCode: 'JD03' } } });
    expect(items.map((i) => i.subject)).toEqual([null, null, null, null]);
  });
});

describe('the demo seed imports the shipped banks', () => {
  it('imports JD02 and JT01, then finds them unchanged and writes nothing', async () => {
    const first = await importShippedBanks(prisma, { codes: ['JD02', 'JT01'] });
    expect(first.map((o) => [o.code, o.status])).toEqual([
      ['JD02', 'imported'],
      ['JT01', 'imported'],
    ]);
    for (const o of first) if (o.status === 'imported') expect(o.result.created).toBeGreaterThanOrEqual(450);
    const before = await counts();
    const second = await importShippedBanks(prisma, { codes: ['JD02', 'JT01'] });
    expect(second.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(await counts()).toEqual(before);
  });
});
