import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';
import { beijingInstant, windowState } from '../src/batches/batches.service.js';

/**
 * 考核批次 over HTTP on a real database: a batch created under a published policy version copies the
 * notice's windows (of its round) as UTC instants, shows them as a timeline against the server clock,
 * has its windows replaced and its status moved one step at a time — every change audited with its reason,
 * bad input refused without a 500 and without a half-written batch.
 */
let t: TestApp;
const token: Record<string, string> = {};

async function call(method: string, path: string, body?: unknown, who = 'office') {
  return http(t.baseUrl, method, path, { token: token[who], body });
}

const batch = (overrides: Record<string, unknown> = {}) => ({
  regionId: 'xinxiang',
  policyId: 'xinxiang-2024',
  code: 'B-2024-1',
  name: '2024年度考核批次',
  reason: '依新人社办〔2024〕22号设立',
  ...overrides,
});

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['admin', 'office', 'unithr', 'candidate'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
  const published = await t.prisma.policyVersion.findFirstOrThrow({
    where: { policyId: 'xinxiang-2024', version: 1 },
  });
  for (const [version, status] of [
    [2, 'retired'],
    [3, 'draft'],
  ] as const)
    await t.prisma.policyVersion.create({
      data: {
        policyId: 'xinxiang-2024',
        version,
        status,
        document: published.document as object,
        checksum: `test-${version}`,
      },
    });
});
afterAll(() => t.close());

let id: string;

describe('creating a batch', () => {
  it('copies the policy windows, Beijing wall-clock → UTC, under the newest published version', async () => {
    const r = await call('POST', '/api/batches', batch());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    expect(r.body).toMatchObject({
      code: 'B-2024-1',
      status: 'draft',
      year: 2024,
      policy: { id: 'xinxiang-2024', version: 1, ref: 'xinxiang-2024@1' },
    });
    // 3月21日 00:00 Beijing = 3月20日 16:00 UTC; 4月5日 23:59 is 「24时」: closes at 4月6日 00:00 Beijing
    expect(r.body.timeline).toEqual([
      expect.objectContaining({
        kind: 'registration',
        opensAt: '2024-03-20T16:00:00.000Z',
        closesAt: '2024-04-05T16:00:00.000Z',
        state: 'ended',
        stateLabel: '已结束',
      }),
      expect.objectContaining({ kind: 'review', closesAt: '2024-04-15T16:00:00.000Z' }),
    ]);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'batch.create', entityId: id },
    });
    expect(audit.reason).toBe('依新人社办〔2024〕22号设立');
  });

  it('takes the windows of a round, and refuses a missing or unknown round', async () => {
    const base = batch({ regionId: 'xinjiang', policyId: 'xinjiang-2022', code: 'XJ-1' });
    const none = await call('POST', '/api/batches', base, 'admin');
    expect(none.status).toBe(400);
    expect(none.body.message).toContain('上半年');
    const unknown = await call('POST', '/api/batches', { ...base, round: '第三季度' }, 'admin');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('第三季度');
    const r = await call('POST', '/api/batches', { ...base, round: '下半年' }, 'admin');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.timeline.map((w: { kind: string; opensAt: string }) => [w.kind, w.opensAt])).toEqual([
      ['registration', '2022-07-31T16:00:00.000Z'],
      ['review', '2022-08-30T16:00:00.000Z'],
    ]);
    const noRounds = await call('POST', '/api/batches', batch({ code: 'X', round: '上半年' }));
    expect(noRounds.status).toBe(400);
  });

  it('refuses draft and retired versions, other regions, duplicates and bad windows — writing nothing', async () => {
    const before = await t.prisma.batch.count();
    const draft = await call('POST', '/api/batches', batch({ code: 'D', policyVersion: 3 }));
    expect(draft.status).toBe(409);
    expect(draft.body.message).toContain('草稿');
    const retired = await call('POST', '/api/batches', batch({ code: 'D', policyVersion: 2 }));
    expect(retired.status).toBe(409);
    expect(retired.body.message).toContain('已停用');
    expect((await call('POST', '/api/batches', batch({ code: 'D', policyVersion: 9 }))).status).toBe(400);
    const foreign = await call('POST', '/api/batches', batch({ code: 'D', policyId: 'luoyang-2023' }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain('其他地区');
    const dup = await call('POST', '/api/batches', batch());
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('B-2024-1');
    const outOfRegion = await call(
      'POST',
      '/api/batches',
      batch({ regionId: 'luoyang', policyId: 'luoyang-2023' }),
    );
    expect(outOfRegion.status).toBe(403);
    for (const bad of [
      batch({
        code: 'D',
        windows: [
          { kind: 'exam', opensAt: '2026-05-02T09:00:00+08:00', closesAt: '2026-05-01T09:00:00+08:00' },
        ],
      }),
      batch({
        code: 'D',
        windows: [
          { kind: 'exam', opensAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-01T09:00:00+08:00' },
        ],
      }),
      batch({
        code: 'D',
        windows: [
          { kind: 'exam', opensAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-02T09:00:00+08:00' },
          { kind: 'exam', opensAt: '2026-05-03T09:00:00+08:00', closesAt: '2026-05-04T09:00:00+08:00' },
        ],
      }),
      batch({
        code: 'D',
        windows: [
          { kind: 'lunch', opensAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-02T09:00:00+08:00' },
        ],
      }),
      batch({
        code: 'D',
        windows: [{ kind: 'exam', opensAt: '2026-05-01 09:00', closesAt: '2026-05-02T09:00:00+08:00' }],
      }),
      batch({ code: 'D', reason: '' }),
      batch({ code: '坏 编号' }),
      batch({ code: 'D', regionId: 'nowhere' }),
      batch({ code: 'D', policyId: 'no-such-policy' }),
      batch({ code: 'D', extra: 1 }),
      {},
    ]) {
      const r = await call('POST', '/api/batches', bad);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
    }
    expect((await call('POST', '/api/batches', batch({ code: 'D' }), 'unithr')).status).toBe(403);
    expect(await t.prisma.batch.count()).toBe(before);
  });
  it('lets only one of two concurrent creations with the same code through', async () => {
    const results = await Promise.all([
      call('POST', '/api/batches', batch({ code: 'RACE' })),
      call('POST', '/api/batches', batch({ code: 'RACE' }), 'admin'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.prisma.batch.count({ where: { code: 'RACE' } })).toBe(1);
  });
});

describe('reading a batch', () => {
  it('shows the timeline sorted by opening with states against the server clock, and the current windows', async () => {
    const now = t.clock.now().getTime();
    const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
    const r = await call('POST', '/api/batches', {
      ...batch({ code: 'TL' }),
      windows: [
        { kind: 'exam', opensAt: at(30), closesAt: at(32) },
        { kind: 'registration', opensAt: at(-10), closesAt: at(5) },
        { kind: 'review', opensAt: at(-10), closesAt: at(-1) },
        { kind: 'payment', opensAt: at(-2), closesAt: at(10) },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const got = await call('GET', `/api/batches/${r.body.id}`, undefined, 'candidate');
    expect(got.status).toBe(200);
    expect(got.body.timeline.map((w: { kind: string; state: string }) => `${w.kind}:${w.state}`)).toEqual([
      'review:ended',
      'registration:current',
      'payment:current',
      'exam:upcoming',
    ]);
    expect(got.body.current).toEqual(['registration', 'payment']);
    expect(got.body.now).toBe(t.clock.now().toISOString());
    expect((await call('GET', '/api/batches/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/api/batches/not-a-uuid')).status).toBe(400);
    const list = await call('GET', '/api/batches?regionId=xinxiang');
    expect(list.status).toBe(200);
    expect(list.body.map((b: { code: string }) => b.code)).toEqual(
      expect.arrayContaining(['2024', 'demo', 'TL']),
    );
  });
  it('decides states at the edges: opens inclusive, closes exclusive; 23:59 closes at 24:00', () => {
    const w = { opensAt: new Date('2026-03-01T00:00:00Z'), closesAt: new Date('2026-03-02T00:00:00Z') };
    expect(windowState(w, new Date('2026-02-28T23:59:59.999Z'))).toBe('upcoming');
    expect(windowState(w, new Date('2026-03-01T00:00:00Z'))).toBe('current');
    expect(windowState(w, new Date('2026-03-02T00:00:00Z'))).toBe('ended');
    expect(beijingInstant('2024-04-05T23:59', true).toISOString()).toBe('2024-04-05T16:00:00.000Z');
    expect(beijingInstant('2024-04-10T17:00', true).toISOString()).toBe('2024-04-10T09:00:00.000Z');
    expect(beijingInstant('2024-04-05T23:59').toISOString()).toBe('2024-04-05T15:59:00.000Z');
  });
});

describe('status', () => {
  it('moves draft → open → closed → archived only, and opening needs a registration window', async () => {
    const bare = await call('POST', '/api/batches', { ...batch({ code: 'BARE' }), windows: [] });
    expect(bare.status).toBe(201);
    const noReg = await call('POST', `/api/batches/${bare.body.id}/status`, {
      status: 'open',
      reason: '开放报名',
    });
    expect(noReg.status).toBe(409);
    expect(noReg.body.message).toContain('报名时间');

    const skip = await call('POST', `/api/batches/${id}/status`, { status: 'closed', reason: '跳过' });
    expect(skip.status).toBe(409);
    expect(skip.body.message).toContain('只能改为「进行中」');
    for (const status of ['open', 'closed', 'archived']) {
      const r = await call('POST', `/api/batches/${id}/status`, { status, reason: `改为${status}` });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.status).toBe(status);
    }
    const again = await call('POST', `/api/batches/${id}/status`, { status: 'open', reason: '重新开放' });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('已归档');
    expect(
      (await call('POST', `/api/batches/${id}/status`, { status: 'draft', reason: '退回' })).status,
    ).toBe(400);
    expect((await call('POST', `/api/batches/${id}/status`, { status: 'open' })).status).toBe(400);
    const audits = await t.prisma.auditLog.findMany({
      where: { action: 'batch.status', entityId: id },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => (a.details as { to: string }).to)).toEqual(['open', 'closed', 'archived']);
    expect(audits.every((a) => a.reason)).toBe(true);
    const windows = await call('PUT', `/api/batches/${id}/windows`, { windows: [], reason: '改时间' });
    expect(windows.status).toBe(409);
    expect(windows.body.message).toContain('已归档');
  });
});

describe('replacing windows', () => {
  let batchId: string;
  const w = (kind: string, opensAt: string, closesAt: string) => ({ kind, opensAt, closesAt });

  it('replaces the windows as a whole, audited with before and after', async () => {
    const r = await call('POST', '/api/batches', batch({ code: 'W' }));
    batchId = r.body.id;
    const put = await call('PUT', `/api/batches/${batchId}/windows`, {
      windows: [
        w('registration', '2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00'),
        w('exam', '2026-05-01T08:00:00+08:00', '2026-05-03T18:00:00+08:00'),
      ],
      reason: '按新通知调整',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.timeline.map((x: { kind: string }) => x.kind)).toEqual(['registration', 'exam']);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: 'batch.windows', entityId: batchId },
    });
    expect(audit.reason).toBe('按新通知调整');
    expect((audit.details as { before: unknown[] }).before).toHaveLength(2);
  });

  it('refuses bad windows with 400 and changes nothing', async () => {
    for (const bad of [
      { windows: [w('exam', '2026-05-03T08:00:00+08:00', '2026-05-01T08:00:00+08:00')], reason: '调整' },
      {
        windows: [
          w('exam', '2026-05-01T08:00:00+08:00', '2026-05-02T08:00:00+08:00'),
          w('exam', '2026-06-01T08:00:00+08:00', '2026-06-02T08:00:00+08:00'),
        ],
        reason: '调整',
      },
      { windows: [w('exam', '2026-05-01T08:00:00', '2026-05-02T08:00:00+08:00')], reason: '调整' },
      { windows: [], reason: '' },
      { reason: '调整' },
    ]) {
      const r = await call('PUT', `/api/batches/${batchId}/windows`, bad);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
    }
    expect(await t.prisma.batchWindow.count({ where: { batchId } })).toBe(2);
    expect(
      (await call('PUT', `/api/batches/${batchId}/windows`, { windows: [], reason: '调整' }, 'unithr'))
        .status,
    ).toBe(403);
  });

  it('keeps every submitted application inside the registration window, and every live sitting inside the exam window', async () => {
    const person = await t.prisma.person.findFirstOrThrow({ orderBy: { idNumber: 'asc' } });
    const occupation = await t.prisma.occupation.findFirstOrThrow({ where: { regionId: 'xinxiang' } });
    const b = await t.prisma.batch.findUniqueOrThrow({ where: { id: batchId } });
    await t.prisma.application.create({
      data: {
        number: 'BAT-0001',
        batchId,
        personId: person.id,
        organisationId: person.organisationId,
        occupationId: occupation.id,
        targetLevel: 'L4',
        applicationType: 'normal',
        status: 'in_review',
        submittedAt: new Date('2026-03-20T02:00:00Z'),
        policyVersionId: b.policyVersionId,
        declared: {},
        eligibility: {},
        eligible: true,
      },
    });
    const exam = w('exam', '2026-05-01T08:00:00+08:00', '2026-05-03T18:00:00+08:00');
    const shorter = await call('PUT', `/api/batches/${batchId}/windows`, {
      windows: [w('registration', '2026-03-01T00:00:00+08:00', '2026-03-20T08:00:00+08:00'), exam],
      reason: '提前截止',
    });
    expect(shorter.status).toBe(409);
    expect(shorter.body.message).toContain('已提交申报');
    const removed = await call('PUT', `/api/batches/${batchId}/windows`, {
      windows: [exam],
      reason: '取消报名',
    });
    expect(removed.status).toBe(409);
    const fine = await call('PUT', `/api/batches/${batchId}/windows`, {
      windows: [w('registration', '2026-03-01T00:00:00+08:00', '2026-03-20T10:00:01+08:00'), exam],
      reason: '提前截止',
    });
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);

    await t.prisma.sitting.create({
      data: {
        batchId,
        component: 'theory',
        name: '电工四级理论',
        startsAt: new Date('2026-05-02T01:00:00Z'),
        durationMinutes: 90,
        endsAt: new Date('2026-05-02T02:30:00Z'),
      },
    });
    const noExam = await call('PUT', `/api/batches/${batchId}/windows`, {
      windows: [
        w('registration', '2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00'),
        w('exam', '2026-05-03T08:00:00+08:00', '2026-05-04T08:00:00+08:00'),
      ],
      reason: '改考试日期',
    });
    expect(noExam.status).toBe(409);
    expect(noExam.body.message).toContain('电工四级理论');
    expect(await t.prisma.batchWindow.count({ where: { batchId } })).toBe(2);
  });

  it('keeps a registration window on an open batch', async () => {
    const open = await call('POST', `/api/batches/${batchId}/status`, { status: 'open', reason: '开放报名' });
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    const r = await call('PUT', `/api/batches/${batchId}/windows`, { windows: [], reason: '清空' });
    expect(r.status).toBe(409);
  });
});
