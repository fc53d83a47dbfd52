import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';
import { makeIdNumber } from '../../prisma/src/seed/people.js';

/** Excel import of a unit's applicants: all or nothing, with a report of every problem by row and column. */
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
const day = (s: string) => new Date(`${s}T00:00:00.000Z`);

async function person(seq: number, name: string) {
  const unit = await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-SWJW-ZXYY' } });
  const electrician = await t.prisma.occupation.findFirstOrThrow({
    where: { regionId: 'xinxiang', name: '电工' },
  });
  return t.prisma.person.create({
    data: {
      idNumber: makeIdNumber('410702', '1980-08-08', 970 + seq, 'M'),
      name,
      sex: 'M',
      birthDate: day('1980-08-08'),
      education: 'senior_high',
      organisationId: unit.id,
      occupationId: electrician.id,
      workStartDate: day('2001-09-01'),
      regularizedOn: day('2002-09-01'),
    },
  });
}

async function workbook(rows: string[][]): Promise<Buffer> {
  const template = await fetch(`${t.baseUrl}/api/applications/import-template?batchId=${batchId}`, {
    headers: { authorization: `Bearer ${token.unithr}` },
  });
  expect(template.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await template.arrayBuffer());
  const sheet = book.worksheets[0]!;
  rows.forEach((r, i) => r.forEach((v, j) => (sheet.getCell(i + 2, j + 1).value = v)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(bytes: Buffer, who = 'unithr') {
  const r = await fetch(`${t.baseUrl}/api/applications/import/${batchId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token[who]}` },
    body: bytes,
  });
  return { status: r.status, body: await r.json() };
}

async function finished(jobId: string, who = 'unithr') {
  for (let i = 0; i < 200; i++) {
    const job = await http(t.baseUrl, 'GET', `/api/jobs/${jobId}`, { token: token[who] });
    if (job.body.status !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['unithr', 'reviewer', 'office']) token[name] = await login(t.baseUrl, name, 'exam2026');
  batchId = (await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } })).id;
});
afterAll(() => t.close());

describe('Excel import of applicants', () => {
  it('offers a template with the policy’s levels and a sheet of instructions', async () => {
    const r = await fetch(`${t.baseUrl}/api/applications/import-template?batchId=${batchId}`, {
      headers: { authorization: `Bearer ${token.unithr}` },
    });
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await r.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(['申报人员', '填写说明']);
    expect(book.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      '姓名',
      '身份证号',
      '申报工种',
      '申报等级',
      '申报类型',
      '破格条件类别',
      '容缺后补材料',
    ]);
    const asReviewer = await fetch(`${t.baseUrl}/api/applications/import-template?batchId=${batchId}`, {
      headers: { authorization: `Bearer ${token.reviewer}` },
    });
    expect(asReviewer.status).toBe(403);
  });

  it('imports nothing when any row fails, and reports every problem by row and column', async () => {
    const a = await person(1, '导入甲');
    const b = await person(2, '导入乙');
    const outside = await t.prisma.person.findFirstOrThrow({
      where: { organisation: { code: 'XX-HX-WJW-RMYY' } },
    });
    const bad = `${a.idNumber.slice(0, 17)}${a.idNumber.endsWith('0') ? '1' : '0'}`;
    const bytes = await workbook([
      ['导入甲', a.idNumber, '电工', '五级（初级工）', '正常申报', '', ''],
      ['导入乙', b.idNumber, '宇航员', '五级', '', '', ''],
      ['导入丙', bad, '电工', '五级', '', '', ''],
      ['导入甲', a.idNumber, '电工', 'L5', '', '', ''],
      [
        '张冠李戴',
        b.idNumber.replace(/.$/, 'X') === b.idNumber ? b.idNumber : b.idNumber,
        '电工',
        '九级',
        '',
        '',
        '',
      ],
      [outside.name, outside.idNumber, '电工', '五级', '', '', ''],
    ]);
    const started = await upload(bytes);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const job = await finished(started.body.id);
    expect(job.status).toBe('failed');
    expect(job.message).toContain('未导入任何数据');
    const paths = job.result.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '第3行.申报工种',
        '第4行.身份证号',
        '第5行.身份证号',
        '第6行.申报等级',
        '第7行.申报',
      ]),
    );
    expect(job.result.issues.find((i: { path: string }) => i.path === '第5行.身份证号').message).toContain(
      '与第2行的身份证号重复',
    );
    expect(await t.prisma.application.count({ where: { batchId } })).toBe(0);
  });

  it('imports every row as a draft when all rows are right', async () => {
    const c = await person(3, '导入丙');
    const d = await person(4, '导入丁');
    const bytes = await workbook([
      ['导入丙', c.idNumber, '电工', '五级（初级工）', '正常申报', '', ''],
      ['导入丁', d.idNumber, 'JD02', 'L5', '', '', ''],
    ]);
    const started = await upload(bytes);
    const job = await finished(started.body.id);
    expect(job, JSON.stringify(job)).toMatchObject({
      status: 'succeeded',
      done: 2,
      total: 2,
      result: { imported: 2 },
    });
    const created = await t.prisma.application.findMany({ where: { batchId }, include: { person: true } });
    expect(created.map((x) => x.person.name).sort()).toEqual(['导入丁', '导入丙']);
    expect(created.every((x) => x.status === 'draft')).toBe(true);
    const audit = await t.prisma.auditLog.count({
      where: { action: 'application.create', entityId: { in: created.map((x) => x.id) } },
    });
    expect(audit).toBe(2);
    const other = await http(t.baseUrl, 'GET', `/api/jobs/${started.body.id}`, { token: token.office });
    expect(other.status).toBe(403);
  });

  it('refuses a file that is not Excel, or a workbook with other columns, before starting', async () => {
    const notExcel = await upload(Buffer.from('姓名,身份证号\n张三,1'));
    expect(notExcel.status).toBe(400);
    expect(notExcel.body.message).toContain('Excel');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('x').addRow(['名字', '号码']);
    const wrong = await upload(Buffer.from(await book.xlsx.writeBuffer()));
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('表头与导入模板不一致');
  });
});
