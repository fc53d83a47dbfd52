import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bcrypt from 'bcrypt';
import { installShippedPolicies, seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login, putMaterial } from '../../test/support/http.js';
import { makeIdNumber } from '../../prisma/src/seed/people.js';
import { png } from '../../test/support/files.js';

/**
 * Policy versions, the unit 公示 counted in working days of the official calendar, and fees: a second
 * version of xinxiang-2024 asks for a 5-working-day unit publicity and a 320-yuan fee for 四级.
 */
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
let unitId: string;
const day = (s: string) => new Date(`${s}T00:00:00.000Z`);

async function signInAll() {
  for (const name of ['office', 'reviewer', 'unithr', 'candidate'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
}

async function person(seq: number) {
  const electrician = await t.prisma.occupation.findFirstOrThrow({
    where: { regionId: 'xinxiang', name: '电工' },
  });
  return t.prisma.person.create({
    data: {
      idNumber: makeIdNumber('410702', '1984-02-20', 950 + seq, 'F'),
      name: `公示${'一二三四五'[seq]}`,
      sex: 'F',
      birthDate: day('1984-02-20'),
      education: 'senior_high',
      organisationId: unitId,
      occupationId: electrician.id,
      workStartDate: day('2006-03-01'),
      regularizedOn: day('2007-03-01'),
      grades: { create: [{ level: 'L5', occupationId: electrician.id, certifiedOn: day('2014-06-01') }] },
    },
  });
}

async function apply(seq: number) {
  const p = await person(seq);
  const pre = await http(
    t.baseUrl,
    'GET',
    `/api/applications/prefill?batchId=${batchId}&personId=${p.id}&level=L4&occupation=电工`,
    {
      token: token.unithr,
    },
  );
  const created = await http(t.baseUrl, 'POST', '/api/applications', { token: token.unithr, body: pre.body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id: string = created.body.id;
  await uploadCertificate(id);
  await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
    token: token.unithr,
    body: { pledge: true },
  });
  const approved = await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
    token: token.unithr,
    body: { decision: 'approve', reason: '单位初审同意' },
  });
  expect(approved.body.status).toBe('publicity');
  return id;
}

/** Uploads the 现等级证书 scan the policy requires of 四级 and above. */
async function uploadCertificate(id: string, who = 'unithr') {
  const r = await putMaterial(t.baseUrl, token[who]!, id, 'grade_certificate', '证书.png', png(300, 200));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-03-02T01:00:00Z'); // a Monday, 09:00 in Beijing
  await seedDemo(t.prisma, { now: t.clock.now() });
  await signInAll();
  unitId = (await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-SWJW-ZXYY' } })).id;
});
afterAll(() => t.close());

describe('policy versions', () => {
  it('makes a change a new version, publishes it with a reason, and never edits a published one', async () => {
    const v1 = await http(t.baseUrl, 'GET', '/api/policies/xinxiang-2024/versions/1', {
      token: token.office,
    });
    expect(v1.status).toBe(200);
    const document = {
      ...v1.body.document,
      publicity: [{ afterStage: 'unit', workingDays: 5, levels: ['L4'], cite: '测试：单位公示5个工作日' }],
      lockOnPrint: {
        enabled: true,
        copies: 3,
        cite: '测试：打印审批表后不能再修改（参照 seed 004 五（一）4）',
      },
      fees: [
        {
          level: 'L4',
          item: 'exam',
          name: '四级考试费',
          amountFen: 32000,
          when: 'after_review',
          cite: '测试：四级320元',
        },
      ],
    };
    const noReason = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions', {
      token: token.office,
      body: { document },
    });
    expect(noReason.status).toBe(400);
    const asReviewer = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions', {
      token: token.reviewer,
      body: { document, reason: '测试' },
    });
    expect(asReviewer.status).toBe(403);
    const broken = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions', {
      token: token.office,
      body: { document: { ...document, fees: [{ level: 'L4' }] }, reason: '测试' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.issues[0].path).toMatch(/^document\.fees\.0/);
    const same = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions', {
      token: token.office,
      body: { document: v1.body.document, reason: '测试' },
    });
    expect(same.status).toBe(409);
    // an exam office of another region may not change this region's policy
    const lyId = crypto.randomUUID();
    await t.prisma.organisation.create({
      data: {
        id: lyId,
        regionId: 'luoyang',
        code: 'LY',
        name: '洛阳市人事考试中心',
        kind: 'region_office',
        ancestorIds: [lyId],
      },
    });
    await t.prisma.user.create({
      data: {
        username: 'lyoffice',
        displayName: '洛阳考务',
        passwordHash: await bcrypt.hash('exam2026', 10),
        roles: { create: [{ role: 'exam_office', organisationId: lyId }] },
      },
    });
    const otherRegion = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions', {
      token: await login(t.baseUrl, 'lyoffice', 'exam2026'),
      body: { document, reason: '越权修改' },
    });
    expect(otherRegion.status).toBe(403);
    const moved = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions', {
      token: token.office,
      body: { document: { ...document, regionId: 'luoyang' }, reason: '测试' },
    });
    expect(moved.status).toBe(400);
    const v2 = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions', {
      token: token.office,
      body: { document, reason: '增加四级单位公示与收费（测试）' },
    });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body).toEqual({ policyId: 'xinxiang-2024', version: 2, status: 'draft' });
    const published = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions/2/publish', {
      token: token.office,
      body: { reason: '经局务会审定' },
    });
    expect(published.status).toBe(200);
    const detail = await http(t.baseUrl, 'GET', '/api/policies/xinxiang-2024', { token: token.candidate });
    expect(
      detail.body.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`),
    ).toEqual(['2:published', '1:retired']);
    const row = await t.prisma.policyVersion.findFirstOrThrow({
      where: { policyId: 'xinxiang-2024', version: 2 },
    });
    await expect(
      t.prisma.policyVersion.update({ where: { id: row.id }, data: { document: { changed: true } } }),
    ).rejects.toThrow(/cannot be changed/);
    // a restart installs the shipped policies again: the office's version 2 stays in force
    const reinstalled = await installShippedPolicies(t.prisma, t.clock.now());
    expect(reinstalled.find((p) => p.id === 'xinxiang-2024')).toMatchObject({ version: 1, created: null });
    expect(
      (
        await t.prisma.policyVersion.findMany({
          where: { policyId: 'xinxiang-2024' },
          orderBy: { version: 'asc' },
        })
      ).map((v) => `${v.version}:${v.status}`),
    ).toEqual(['1:retired', '2:published']);
    const again = await http(t.baseUrl, 'POST', '/api/policies/xinxiang-2024/versions/2/publish', {
      token: token.office,
      body: { reason: '再次发布' },
    });
    expect(again.status).toBe(409);

    const batch = await t.prisma.batch.create({
      data: {
        regionId: 'xinxiang',
        policyVersionId: row.id,
        code: 'v2test',
        name: '第2版政策测试批次',
        year: 2024,
        status: 'open',
        windows: {
          create: [
            {
              kind: 'registration',
              opensAt: new Date('2026-02-01T00:00:00Z'),
              closesAt: new Date('2026-04-01T00:00:00Z'),
            },
            {
              kind: 'review',
              opensAt: new Date('2026-02-01T00:00:00Z'),
              closesAt: new Date('2026-05-01T00:00:00Z'),
            },
          ],
        },
      },
    });
    batchId = batch.id;
  });
});

describe('unit publicity and fees', () => {
  let first: string;
  let second: string;
  let publicityId: string;

  it('runs a 公示 of 5 working days and refuses to close it early', async () => {
    first = await apply(0);
    second = await apply(1);
    const wrongUnit = await http(t.baseUrl, 'POST', '/api/publicities', {
      token: token.reviewer,
      body: { batchId, organisationId: unitId, applicationIds: [first] },
    });
    expect(wrongUnit.status).toBe(403);
    const created = await http(t.baseUrl, 'POST', '/api/publicities', {
      token: token.unithr,
      body: { batchId, organisationId: unitId, applicationIds: [first, second] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      startsOn: '2026-03-02',
      endsOn: '2026-03-06',
      workingDays: 5,
      closable: false,
    });
    publicityId = created.body.id;
    const twice = await http(t.baseUrl, 'POST', '/api/publicities', {
      token: token.unithr,
      body: { batchId, organisationId: unitId, applicationIds: [first] },
    });
    expect(twice.status).toBe(400);
    const early = await http(t.baseUrl, 'POST', `/api/publicities/${publicityId}/close`, {
      token: token.unithr,
      body: { reason: '公示结束' },
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('2026-03-06');
    const objection = await http(t.baseUrl, 'POST', `/api/publicities/${publicityId}/objections`, {
      token: token.unithr,
      body: { applicationId: second, objection: '群众反映其工作年限填报有误' },
    });
    expect(objection.status).toBe(200);
  });

  it('after the last working day moves the unobjected on and sends the objected back to the unit', async () => {
    t.clock.set('2026-03-07T01:00:00Z'); // Saturday: the publicity ended on Friday
    await signInAll();
    // a double click: two closes at once, one wins, the other is told; nothing is moved twice
    const [x, y] = await Promise.all(
      [1, 2].map(() =>
        http(t.baseUrl, 'POST', `/api/publicities/${publicityId}/close`, {
          token: token.unithr,
          body: { reason: '公示期满' },
        }),
      ),
    );
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const closed = x.status === 200 ? x : y;
    expect(closed.body.status).toBe('closed');
    const a = await http(t.baseUrl, 'GET', `/api/applications/${first}`, { token: token.unithr });
    expect(a.body).toMatchObject({ status: 'in_review', stage: { name: '主管部门审核' } });
    const b = await http(t.baseUrl, 'GET', `/api/applications/${second}`, { token: token.unithr });
    expect(b.body).toMatchObject({ status: 'in_review', stage: { name: '单位人事部门初审' } });
    expect(b.body.history.at(-1).reason).toContain('群众反映');
    expect(
      a.body.history.filter((h: { stageName: string }) => h.stageName.includes('公示期满')),
    ).toHaveLength(1);
    const late = await http(t.baseUrl, 'POST', `/api/publicities/${publicityId}/objections`, {
      token: token.unithr,
      body: { applicationId: first, objection: '公示结束后才提出的异议' },
    });
    expect(late.status).toBe(409);
  });

  it('raises the fee order at final approval and reconciles a bank statement by reference and amount', async () => {
    for (const who of ['reviewer', 'office']) {
      const r = await http(t.baseUrl, 'POST', `/api/applications/${first}/review`, {
        token: token[who],
        body: { decision: 'approve', reason: '同意' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const detail = await http(t.baseUrl, 'GET', `/api/applications/${first}`, { token: token.office });
    expect(detail.body.status).toBe('approved');
    expect(detail.body.fees).toEqual([
      expect.objectContaining({ amountFen: 32000, status: 'unpaid', item: 'exam' }),
    ]);
    const reference: string = detail.body.fees[0].reference;
    expect(reference).toMatch(/^JF\d{10}$/);
    const csv = [
      '交易流水号,交易日期,交易金额,对方户名,附言',
      `T001,2026-03-08,300.00,公示一,${reference} 考试费`,
      `T002,2026-03-08,320.00,公示一,${reference}`,
      'T003,2026-03-08,320.00,某人,无订单号',
    ].join('\n');
    const asUnit = await http(t.baseUrl, 'POST', '/api/fees/reconcile', {
      token: token.unithr,
      body: { fileName: 'bank.csv', content: csv, reason: '三月对账' },
    });
    expect(asUnit.status).toBe(403);
    const malformed = await http(t.baseUrl, 'POST', '/api/fees/reconcile', {
      token: token.office,
      body: { fileName: 'bank.csv', content: '日期,说明\n2026-03-08,x', reason: '三月对账' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('缺少列');
    const r = await http(t.baseUrl, 'POST', '/api/fees/reconcile', {
      token: token.office,
      body: { fileName: 'bank.csv', content: csv, reason: '三月对账' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.matched).toEqual([expect.objectContaining({ line: 3, reference, amountFen: 32000 })]);
    expect(r.body.problems.map((p: { line: number }) => p.line)).toEqual([2, 4]);
    expect(r.body.problems[0].message).toContain('金额不符');
    const fees = await http(t.baseUrl, 'GET', `/api/fees?batchId=${batchId}&status=paid`, {
      token: token.office,
    });
    expect(fees.body.items.map((f: { reference: string }) => f.reference)).toEqual([reference]);
    const again = await http(t.baseUrl, 'POST', '/api/fees/reconcile', {
      token: token.office,
      body: { fileName: 'bank.csv', content: csv, reason: '重复导入' },
    });
    expect(again.body.alreadyPaid).toEqual([
      { line: 2, reference },
      { line: 3, reference },
    ]);
    expect(again.body.matched).toEqual([]);
    const audit = await t.prisma.auditLog.findFirst({
      where: { action: 'fee.reconcile', reason: '三月对账' },
    });
    expect(audit).not.toBeNull();
  });
});

describe('printing for signature', () => {
  it('locks the application once its 审批表 is printed; it can still be submitted, and a return unlocks it', async () => {
    const p = await person(2);
    const pre = await http(
      t.baseUrl,
      'GET',
      `/api/applications/prefill?batchId=${batchId}&personId=${p.id}&level=L4&occupation=电工`,
      { token: token.unithr },
    );
    const created = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.unithr,
      body: pre.body,
    });
    const id: string = created.body.id;
    await uploadCertificate(id);
    const printed = await fetch(`${t.baseUrl}/api/applications/${id}/form`, {
      headers: { authorization: `Bearer ${token.unithr}` },
    });
    expect(printed.status).toBe(200);
    const detail = await http(t.baseUrl, 'GET', `/api/applications/${id}`, { token: token.unithr });
    expect(detail.body).toMatchObject({ locked: true, actions: { edit: false, submit: true } });
    const edit = await http(t.baseUrl, 'PUT', `/api/applications/${id}`, {
      token: token.unithr,
      body: pre.body,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toBe('locked');
    expect(await t.prisma.auditLog.count({ where: { action: 'application.print_lock', entityId: id } })).toBe(
      1,
    );
    const submitted = await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: token.unithr,
      body: { pledge: true },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const returned = await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
      token: token.unithr,
      body: { decision: 'return', reason: '审批表工作年限填写有误' },
    });
    expect(returned.body).toMatchObject({ status: 'returned', locked: false });
    const fixed = await http(t.baseUrl, 'PUT', `/api/applications/${id}`, {
      token: token.unithr,
      body: pre.body,
    });
    expect(fixed.status).toBe(200);
  });
});
