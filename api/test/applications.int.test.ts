import { writeFileSync } from 'node:fs';
import bcrypt from 'bcrypt';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login, putMaterial } from '../../test/support/http.js';
import { makeIdNumber } from '../../prisma/src/seed/people.js';
import { png } from '../../test/support/files.js';

/**
 * The application (申报) workflow end to end over HTTP on a real database: a candidate applies, the unit,
 * the 主管部门 and the 工考办 review in turn, with returns, rejections, bulk decisions, windows and scope.
 */
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
let unitId: string;

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);

/** A person of 新乡市中心医院 with a clear history: 电工 五级 since 2015, so eligible for 四级 under seed 001. */
async function makePerson(
  seq: number,
  overrides: { workStart?: string; certified?: string; name?: string } = {},
) {
  const electrician = await t.prisma.occupation.findFirstOrThrow({
    where: { regionId: 'xinxiang', name: '电工' },
  });
  const idNumber = makeIdNumber('410702', '1985-04-12', 900 + seq, 'M');
  const person = await t.prisma.person.create({
    data: {
      idNumber,
      name: overrides.name ?? `测试${'甲乙丙丁戊己庚辛'[seq % 8]}`,
      sex: 'M',
      birthDate: day('1985-04-12'),
      education: 'senior_high',
      organisationId: unitId,
      occupationId: electrician.id,
      workStartDate: day(overrides.workStart ?? '2008-07-01'),
      regularizedOn: day('2009-07-01'),
      grades: {
        create: [
          {
            level: 'L5',
            occupationId: electrician.id,
            certifiedOn: day(overrides.certified ?? '2015-06-01'),
            appointedOn: day('2016-01-01'),
          },
        ],
      },
      annualAssessments: {
        create: [2019, 2020, 2021, 2022, 2023].map((year) => ({ year, grade: 'competent' as const })),
      },
    },
  });
  return person;
}

async function body(personId: string, level = 'L4') {
  const r = await http(
    t.baseUrl,
    'GET',
    `/api/applications/prefill?batchId=${batchId}&personId=${personId}&level=${level}&occupation=电工`,
    {
      token: token.unithr,
    },
  );
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Uploads the 现等级证书 scan the policy requires of 四级 and above. */
async function uploadCertificate(id: string, who = 'unithr') {
  const r = await putMaterial(t.baseUrl, token[who]!, id, 'grade_certificate', '证书.png', png(300, 200));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['admin', 'office', 'reviewer', 'unithr', 'candidate', 'invigilator'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
  batchId = (await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } })).id;
  unitId = (await t.prisma.organisation.findFirstOrThrow({ where: { code: 'XX-SWJW-ZXYY' } })).id;
});
afterAll(() => t.close());

describe('applications', () => {
  it('has a demo 技师 eligible for 一级, whose application waits for the unit’s 公示 after the unit stage', async () => {
    const senior = await t.prisma.person.findFirstOrThrow({
      where: { organisationId: unitId, grades: { some: { level: 'L2', certifiedOn: day('2016-06-20') } } },
    });
    const pre = await http(
      t.baseUrl,
      'GET',
      `/api/applications/prefill?batchId=${batchId}&personId=${senior.id}&level=L1&occupation=电工`,
      { token: token.unithr },
    );
    const verdict = await http(t.baseUrl, 'POST', '/api/applications/evaluate', {
      token: token.unithr,
      body: pre.body,
    });
    expect(verdict.body.eligible, JSON.stringify(verdict.body.rules)).toBe(true);
  });

  it('explains eligibility rule by rule without saving anything', async () => {
    const p = await makePerson(1);
    const b = await body(p.id);
    const r = await http(t.baseUrl, 'POST', '/api/applications/evaluate', { token: token.unithr, body: b });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.policy).toBe('xinxiang-2024@1');
    expect(r.body.eligible).toBe(true);
    expect(r.body.rules.length).toBeGreaterThan(1);
    for (const rule of r.body.rules) expect(rule.text).toMatch(/[\u4e00-\u9fff]/);
    expect(await t.prisma.application.count()).toBe(0);
  });

  it('goes from a unit HR entry through unit, 主管部门 and 工考办 to approved, with every decision audited', async () => {
    const p = await makePerson(2);
    const created = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.unithr,
      body: await body(p.id),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      eligible: true,
      policyId: 'xinxiang-2024',
      policyVersion: 1,
    });
    expect(created.body.number).toMatch(/^DEMO-\d{6}$/);
    expect(created.body.chain.map((s: { name: string }) => s.name)).toEqual([
      '单位人事部门初审',
      '主管部门审核',
      '新乡市工考办资格审查',
    ]);
    const id = created.body.id;
    await uploadCertificate(id);
    const noPledge = await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: token.unithr,
      body: {},
    });
    expect(noPledge.status).toBe(400);
    await uploadCertificate(id);
    const submitted = await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: token.unithr,
      body: { pledge: true },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'in_review',
      round: 1,
      stage: { name: '单位人事部门初审' },
    });

    // the 主管部门 cannot act before the unit has
    const early = await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
      token: token.reviewer,
      body: { decision: 'approve', reason: '材料齐全' },
    });
    expect(early.status).toBe(403);
    expect(early.body.message).toContain('单位人事部门初审');

    const noReason = await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
      token: token.unithr,
      body: { decision: 'approve' },
    });
    expect(noReason.status).toBe(400);

    for (const [who, stage] of [
      ['unithr', '主管部门审核'],
      ['reviewer', '新乡市工考办资格审查'],
      ['office', null],
    ] as const) {
      const r = await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
        token: token[who],
        body: { decision: 'approve', reason: '经审核，符合申报条件' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (stage) expect(r.body.stage.name).toBe(stage);
      else expect(r.body.status).toBe('approved');
    }
    const detail = await http(t.baseUrl, 'GET', `/api/applications/${id}`, { token: token.office });
    const asReviewer = await http(t.baseUrl, 'GET', `/api/applications/${id}`, { token: token.reviewer });
    expect(asReviewer.body.declared.person.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const own = await http(t.baseUrl, 'GET', `/api/applications/${id}`, { token: token.unithr });
    expect(own.body.declared.person.idNumber).toBe(p.idNumber);
    expect(detail.body.history.map((h: { decision: string }) => h.decision)).toEqual([
      'submit',
      'approve',
      'approve',
      'approve',
    ]);
    const audits = await t.prisma.auditLog.findMany({ where: { entityId: id, category: 'decision' } });
    expect(audits.map((a) => a.action).sort()).toEqual([
      'application.review_approve',
      'application.review_approve',
      'application.review_approve',
      'application.submit',
    ]);
    expect(audits.every((a) => a.reason)).toBe(true);
  });

  it('returns for correction, keeps each round in the history, and resumes at the stage that returned it', async () => {
    const p = await makePerson(3);
    const created = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.unithr,
      body: await body(p.id),
    });
    const id = created.body.id;
    await uploadCertificate(id);
    await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: token.unithr,
      body: { pledge: true },
    });
    await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
      token: token.unithr,
      body: { decision: 'approve', reason: '同意' },
    });
    const returned = await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
      token: token.reviewer,
      body: { decision: 'return', reason: '请补充2023年度考核结果' },
    });
    expect(returned.body.status).toBe('returned');
    expect(returned.body.actions).toMatchObject({ edit: false });
    const b = { ...(await body(p.id)), deferredMaterials: ['annual_assessment'] };
    const edit = await http(t.baseUrl, 'PUT', `/api/applications/${id}`, { token: token.unithr, body: b });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await uploadCertificate(id);
    const again = await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: token.unithr,
      body: { pledge: true },
    });
    expect(again.body).toMatchObject({ status: 'in_review', round: 2, stage: { name: '主管部门审核' } });
    expect(
      again.body.history.map((h: { round: number; decision: string }) => `${h.round}:${h.decision}`),
    ).toEqual(['1:submit', '1:approve', '1:return', '2:submit']);
    const rejected = await http(t.baseUrl, 'POST', `/api/applications/${id}/review`, {
      token: token.reviewer,
      body: { decision: 'reject', reason: '年度考核材料与档案不符' },
    });
    expect(rejected.body.status).toBe('rejected');
    const late = await http(t.baseUrl, 'PUT', `/api/applications/${id}`, { token: token.unithr, body: b });
    expect(late.status).toBe(409);
  });

  it('decides many rows at once and reports each row that could not be decided', async () => {
    const ids: string[] = [];
    for (const seq of [4, 5, 6]) {
      const p = await makePerson(seq);
      const c = await http(t.baseUrl, 'POST', '/api/applications', {
        token: token.unithr,
        body: await body(p.id),
      });
      ids.push(c.body.id);
      if (seq !== 6) {
        await uploadCertificate(c.body.id);
        await http(t.baseUrl, 'POST', `/api/applications/${c.body.id}/submit`, {
          token: token.unithr,
          body: { pledge: true },
        });
      }
    }
    const queue = await http(t.baseUrl, 'GET', `/api/applications?awaitingMe=true&batchId=${batchId}`, {
      token: token.unithr,
    });
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining(ids.slice(0, 2)),
    );
    const bulk = await http(t.baseUrl, 'POST', '/api/applications/review', {
      token: token.unithr,
      body: { applicationIds: ids, decision: 'approve', reason: '单位初审同意' },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.done.map((d: { id: string }) => d.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(bulk.body.failed).toEqual([
      expect.objectContaining({ id: ids[2], message: expect.stringContaining('草稿') }),
    ]);
  });

  it('counts a sanction in the archive even when the applicant leaves it out', async () => {
    const p = await makePerson(15);
    const b = await body(p.id);
    expect(
      (await http(t.baseUrl, 'POST', '/api/applications/evaluate', { token: token.unithr, body: b })).body
        .eligible,
    ).toBe(true);
    await t.prisma.sanction.create({
      data: {
        personId: p.id,
        kind: 'fraud_ban',
        startsOn: day('2023-06-01'),
        endsOn: day('2025-05-31'),
        reason: '弄虚作假',
      },
    });
    const again = await http(t.baseUrl, 'POST', '/api/applications/evaluate', {
      token: token.unithr,
      body: b,
    });
    expect(again.body.eligible).toBe(false);
    expect(again.body.rules.find((r: { id: string }) => r.id === 'no-fraud-ban').passed).toBe(false);
  });

  it('does not let unit HR decide on their own application', async () => {
    const p = await makePerson(14);
    await t.prisma.user.create({
      data: {
        username: 'hrself',
        displayName: '经办兼申报人',
        passwordHash: await bcrypt.hash('exam2026', 10),
        personId: p.id,
        roles: { create: [{ role: 'unit_hr', organisationId: unitId }] },
      },
    });
    const self = await login(t.baseUrl, 'hrself', 'exam2026');
    const created = await http(t.baseUrl, 'POST', '/api/applications', {
      token: self,
      body: await body(p.id),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await uploadCertificate(created.body.id);
    await http(t.baseUrl, 'POST', `/api/applications/${created.body.id}/submit`, {
      token: self,
      body: { pledge: true },
    });
    const own = await http(t.baseUrl, 'POST', `/api/applications/${created.body.id}/review`, {
      token: self,
      body: { decision: 'approve', reason: '同意' },
    });
    expect(own.status).toBe(403);
    expect(own.body.message).toBe('不能审核本人的申报');
  });

  it('refuses a second application of the same person in a batch, and applications outside the window', async () => {
    const p = await makePerson(7);
    const b = await body(p.id);
    expect(
      (await http(t.baseUrl, 'POST', '/api/applications', { token: token.unithr, body: b })).status,
    ).toBe(201);
    const twice = await http(t.baseUrl, 'POST', '/api/applications', { token: token.unithr, body: b });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('同一批次不能重复申报');

    const q = await makePerson(8);
    const qb = await body(q.id);
    const saved = t.clock.now();
    t.clock.set(new Date(saved.getTime() + 61 * 86_400_000));
    try {
      // sessions expire across two months: sign in again at the new time
      const fresh = await login(t.baseUrl, 'unithr', 'exam2026');
      const late = await http(t.baseUrl, 'POST', '/api/applications', { token: fresh, body: qb });
      expect(late.status).toBe(409);
      expect(late.body.message).toMatch(/报名已于 .* 截止/);
    } finally {
      t.clock.set(saved);
    }
    expect(await t.prisma.application.count({ where: { personId: q.id } })).toBe(0);
  });

  it('keeps people outside one’s scope out: unit HR of another unit, a candidate for someone else', async () => {
    const p = await makePerson(9);
    const b = await body(p.id);
    const asCandidate = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.candidate,
      body: b,
    });
    expect(asCandidate.status).toBe(403);
    // an ID number with no record and one with a record answer alike: nothing to probe
    const unknownId = await http(t.baseUrl, 'POST', '/api/applications/evaluate', {
      token: token.candidate,
      body: { ...b, person: { ...b.person, idNumber: '11010519491231002X' } },
    });
    expect(unknownId.status).toBe(403);
    expect(unknownId.body.message).toBe('您只能为本人申报');
    const outside = await t.prisma.person.findFirstOrThrow({
      where: { organisation: { code: 'XX-HX-WJW-RMYY' } },
    });
    const ob = { ...b, person: { ...b.person, idNumber: outside.idNumber } };
    const r = await http(t.baseUrl, 'POST', '/api/applications', { token: token.unithr, body: ob });
    expect(r.status).toBe(403);
    expect((await http(t.baseUrl, 'GET', '/api/applications', { token: token.invigilator })).status).toBe(
      403,
    );
  });

  it('refuses an ineligible submission with the rules that failed, and bad fields by name', async () => {
    const p = await makePerson(10, { workStart: '2017-07-01', certified: '2020-06-01' });
    const created = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.unithr,
      body: await body(p.id),
    });
    expect(created.body.eligible).toBe(false);
    await uploadCertificate(created.body.id);
    const submit = await http(t.baseUrl, 'POST', `/api/applications/${created.body.id}/submit`, {
      token: token.unithr,
      body: { pledge: true },
    });
    expect(submit.status).toBe(400);
    expect(submit.body.message).toContain('不符合申报条件');
    const bad = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.unithr,
      body: { ...(await body(p.id)), targetLevel: 'L9', unknownField: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['targetLevel', '']),
    );
    const badOccupation = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.unithr,
      body: { ...(await body(p.id)), occupation: '宇航员' },
    });
    expect(badOccupation.status).toBe(400);
    expect(badOccupation.body.issues[0].path).toBe('occupation');
  });

  it('lets the candidate apply for themselves and see only their own applications', async () => {
    const me = await http(t.baseUrl, 'GET', '/api/me/person', { token: token.candidate });
    // the demo candidate (README) is a 电工 with 三级 since 2016: eligible for 二级（技师）
    const l2 = await http(
      t.baseUrl,
      'GET',
      `/api/applications/prefill?batchId=${batchId}&level=L2&occupation=电工`,
      {
        token: token.candidate,
      },
    );
    const verdict = await http(t.baseUrl, 'POST', '/api/applications/evaluate', {
      token: token.candidate,
      body: l2.body,
    });
    expect(verdict.body.eligible, JSON.stringify(verdict.body.rules)).toBe(true);
    const pre = await http(t.baseUrl, 'GET', `/api/applications/prefill?batchId=${batchId}&level=L5`, {
      token: token.candidate,
    });
    expect(pre.status, JSON.stringify(pre.body)).toBe(200);
    expect(pre.body.person.idNumber).toHaveLength(18);
    const created = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.candidate,
      body: pre.body,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.personId).toBe(me.body.id);
    const mine = await http(t.baseUrl, 'GET', '/api/applications', { token: token.candidate });
    expect(mine.body.items.every((a: { personId: string }) => a.personId === me.body.id)).toBe(true);
    const other = await t.prisma.application.findFirstOrThrow({ where: { personId: { not: me.body.id } } });
    expect(
      (await http(t.baseUrl, 'GET', `/api/applications/${other.id}`, { token: token.candidate })).status,
    ).toBe(403);
  });

  it('checks uploads on the server, asks for missing materials at submission, and serves files only in scope', async () => {
    const p = await makePerson(11);
    const created = await http(t.baseUrl, 'POST', '/api/applications', {
      token: token.unithr,
      body: await body(p.id),
    });
    const id = created.body.id;
    expect(created.body.requiredMaterials).toEqual([
      expect.objectContaining({ code: 'grade_certificate', required: true, uploaded: false }),
    ]);
    const missing = await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: token.unithr,
      body: { pledge: true },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('还缺少以下材料');
    const put = (name: string, bytes: Buffer, code = 'grade_certificate') =>
      putMaterial(t.baseUrl, token.unithr!, id, code, name, bytes);
    const disguised = await put('证书.pdf', png(300, 200));
    expect(disguised.status).toBe(400);
    expect(disguised.body.message).toContain('文件名后缀为「.pdf」');
    const exe = await put('证书.jpg', Buffer.from('MZ\x90\x00\x03 this is not an image'));
    expect(exe.status).toBe(400);
    const huge = await put('证书.png', Buffer.alloc(26 * 1024 * 1024, 1));
    expect(huge.status).toBe(413);
    const unknown = await put('x.png', png(10, 10), 'spaceship_licence');
    expect(unknown.status).toBe(400);
    const noName = await fetch(`${t.baseUrl}/api/applications/${id}/materials/grade_certificate`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token.unithr}` },
      body: png(10, 10),
    });
    expect(noName.status).toBe(400);
    expect(await t.prisma.applicationMaterial.count({ where: { applicationId: id } })).toBe(0);
    const first = await put('证书.png', png(300, 200));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await put('证书2.png', png(320, 200));
    expect(second.status).toBe(200);
    const detail = await http(t.baseUrl, 'GET', `/api/applications/${id}`, { token: token.unithr });
    expect(detail.body.materials.map((m: { fileName: string }) => m.fileName)).toEqual(['证书2.png']);
    expect(detail.body.requiredMaterials[0].uploaded).toBe(true);
    const file = await fetch(`${t.baseUrl}/api/applications/${id}/materials/${second.body.id}`, {
      headers: { authorization: `Bearer ${token.reviewer}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(png(320, 200))).toBe(true);
    const asCandidate = await fetch(`${t.baseUrl}/api/applications/${id}/materials/${second.body.id}`, {
      headers: { authorization: `Bearer ${token.candidate}` },
    });
    expect(asCandidate.status).toBe(403);
    const submitted = await http(t.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: token.unithr,
      body: { pledge: true },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const afterSubmit = await put('证书3.png', png(300, 200));
    expect(afterSubmit.status).toBe(409);
  });

  it('prints the 申报表 and exports the approved roster as PDF and Excel with every name, rare ones included', async () => {
    const p = await makePerson(12, { name: '王䶮' });
    const q = await makePerson(13, { name: '𠮷祥' });
    for (const person of [p, q]) {
      const c = await http(t.baseUrl, 'POST', '/api/applications', {
        token: token.unithr,
        body: await body(person.id),
      });
      await uploadCertificate(c.body.id);
      await http(t.baseUrl, 'POST', `/api/applications/${c.body.id}/submit`, {
        token: token.unithr,
        body: { pledge: true },
      });
      for (const who of ['unithr', 'reviewer', 'office'])
        await http(t.baseUrl, 'POST', `/api/applications/${c.body.id}/review`, {
          token: token[who],
          body: { decision: 'approve', reason: '符合条件' },
        });
    }
    const approved = await t.prisma.application.findFirstOrThrow({ where: { personId: p.id } });
    expect(approved.status).toBe('approved');
    const form = await fetch(`${t.baseUrl}/api/applications/${approved.id}/form`, {
      headers: { authorization: `Bearer ${token.reviewer}` },
    });
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toBe('application/pdf');
    const formBytes = Buffer.from(await form.arrayBuffer());
    if (process.env.EXAM_WRITE_SAMPLES)
      writeFileSync(`${process.env.EXAM_WRITE_SAMPLES}/form.pdf`, formBytes);
    const formText = await pdfText(formBytes);
    expect(formText).toContain('王䶮');
    expect(formText).toContain('主管部门审核意见');
    // a reviewer's print shows the ID number masked; the applicant's side prints it whole for signature
    expect(formText).not.toContain(p.idNumber);
    expect(formText).toContain(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
    const own = await fetch(`${t.baseUrl}/api/applications/${approved.id}/form`, {
      headers: { authorization: `Bearer ${token.unithr}` },
    });
    expect(await pdfText(Buffer.from(await own.arrayBuffer()))).toContain(p.idNumber);

    const job = await http(t.baseUrl, 'POST', '/api/applications/roster', {
      token: token.office,
      body: { batchId, status: 'approved', format: 'pdf' },
    });
    expect(job.status, JSON.stringify(job.body)).toBe(200);
    const done = await waitForJob(job.body.id, 'office');
    expect(done.status).toBe('succeeded');
    const file = await fetch(`${t.baseUrl}/api/jobs/${job.body.id}/file`, {
      headers: { authorization: `Bearer ${token.office}` },
    });
    const pdfBytes = Buffer.from(await file.arrayBuffer());
    if (process.env.EXAM_WRITE_SAMPLES)
      writeFileSync(`${process.env.EXAM_WRITE_SAMPLES}/roster.pdf`, pdfBytes);
    const text = await pdfText(pdfBytes);
    expect(text).toContain('王䶮');
    expect(text).toContain('𠮷祥');
    expect(text).toContain('申报人员名册');
    const excel = await http(t.baseUrl, 'POST', '/api/applications/roster', {
      token: token.reviewer,
      body: { batchId, status: 'approved', format: 'xlsx' },
    });
    expect((await waitForJob(excel.body.id, 'reviewer')).status).toBe('succeeded');
    const xlsx = await fetch(`${t.baseUrl}/api/jobs/${excel.body.id}/file`, {
      headers: { authorization: `Bearer ${token.reviewer}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const names = book.worksheets[0]!.getColumn(2).values.map(String);
    expect(names).toEqual(expect.arrayContaining(['王䶮', '𠮷祥']));
    expect(await t.prisma.auditLog.count({ where: { action: 'application.roster_export' } })).toBe(2);
    const empty = await http(t.baseUrl, 'POST', '/api/applications/roster', {
      token: token.office,
      body: { batchId, status: 'withdrawn' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('没有「已撤回」的申报');
    const candidate = await http(t.baseUrl, 'POST', '/api/applications/roster', {
      token: token.candidate,
      body: { batchId, status: 'approved' },
    });
    expect(candidate.status).toBe(403);
  });
});

async function waitForJob(id: string, who: string) {
  for (let i = 0; i < 400; i++) {
    const job = await http(t.baseUrl, 'GET', `/api/jobs/${id}`, { token: token[who] });
    if (job.body.status !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

async function pdfText(bytes: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 })
    .promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++)
    text += (await (await doc.getPage(i)).getTextContent()).items
      .map((x) => ('str' in x ? x.str : ''))
      .join('');
  return text;
}
