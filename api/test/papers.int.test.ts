import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprintSchema, type Blueprint, type PaperContent } from '@exam/contracts';
import { seedDemo } from '@exam/db';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';
import { AttemptScoringService } from '../src/papers/attempt-scoring.service.js';
import { PaperDeliveryService } from '../src/papers/paper-delivery.service.js';
import { decryptJson } from '../src/papers/paper-crypto.js';
import { installShippedBlueprints } from '../src/papers/shipped-blueprints.js';
import {
  SHIPPED_BANKS_DIR,
  createBankImportService,
  importShippedBanks,
} from '../src/question-banks/shipped-banks.js';

/**
 * 组卷, delivery, scoring and 阅卷 on a real database: a theory sitting (岗位技能) of 22 seated electricians
 * (18 四级, 4 三级) in two rooms, the shipped JD02 bank and blueprints.
 */
let t: TestApp;
const token: Record<string, string> = {};
let batchId: string;
let policyVersionId: string;
let occupationId: string;
let sittingId: string;
const rooms: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'exam-papers-'));

const post = (path: string, body: unknown, who = 'office') =>
  http(t.baseUrl, 'POST', path, { token: token[who], body });
const get = (path: string, who = 'office') => http(t.baseUrl, 'GET', path, { token: token[who] });

async function makeSitting(overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(t.clock.now().getTime() + 30 * 86_400_000);
  return t.prisma.sitting.create({
    data: {
      batchId,
      component: 'theory',
      subject: '岗位技能',
      name: '电工岗位技能',
      startsAt,
      durationMinutes: 60,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      status: 'published',
      ...overrides,
    },
  });
}

/** 12 seats per room (3 × 4), every candidate seated in order, room 1 first. */
async function seatCandidates(sitting: string, applicationIds: string[]) {
  const seats: { id: string; roomId: string }[] = [];
  for (const [position, roomId] of rooms.entries()) {
    await t.prisma.sittingRoom.create({ data: { sittingId: sitting, roomId, position } });
    seats.push(
      ...(await t.prisma.seat.findMany({ where: { roomId }, orderBy: [{ row: 'asc' }, { column: 'asc' }] })),
    );
  }
  await t.prisma.seatAssignment.createMany({
    data: applicationIds.map((applicationId, i) => ({
      sittingId: sitting,
      applicationId,
      roomId: seats[i]!.roomId,
      seatId: seats[i]!.id,
      assignedAt: t.clock.now(),
    })),
  });
}

const papersOf = (sitting: string) =>
  t.prisma.paper.findMany({
    where: { sittingId: sitting },
    include: {
      items: { orderBy: { position: 'asc' }, include: { bankItemVersion: { include: { item: true } } } },
      attempt: true,
      blueprint: true,
      application: { select: { targetLevel: true } },
    },
  });

const applications: { id: string; level: 'L4' | 'L3' }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: t.clock.now() });
  for (const name of ['admin', 'office', 'unithr', 'invigilator', 'panel', 'reviewer'])
    token[name] = await login(t.baseUrl, name, 'exam2026');
  const batch = await t.prisma.batch.findFirstOrThrow({ where: { code: 'demo' } });
  batchId = batch.id;
  policyVersionId = batch.policyVersionId;
  occupationId = (
    await t.prisma.occupation.findFirstOrThrow({ where: { regionId: batch.regionId, code: 'JD02' } })
  ).id;
  // the demo panel member marks JD02 三级 of this batch (not 四级)
  const panel = await t.prisma.user.findUniqueOrThrow({ where: { username: 'panel' } });
  await t.prisma.panelAssignment.deleteMany({ where: { userId: panel.id } });
  await t.prisma.panelAssignment.create({ data: { userId: panel.id, batchId, occupationId, level: 'L3' } });
  for (const name of ['第1考场', '第2考场']) {
    const room = await t.prisma.room.findFirstOrThrow({
      where: { name, venue: { regionId: batch.regionId } },
    });
    rooms.push(room.id);
    const data = [];
    for (let row = 1; row <= 3; row++)
      for (let column = 1; column <= 4; column++)
        data.push({ roomId: room.id, row, column, label: `${row}-${column}` });
    await t.prisma.seat.createMany({ data });
  }
  const persons = await t.prisma.person.findMany({ orderBy: { idNumber: 'asc' }, take: 22 });
  for (const [i, p] of persons.entries()) {
    const level = i < 18 ? 'L4' : 'L3';
    const a = await t.prisma.application.create({
      data: {
        number: `PAP-${String(i + 1).padStart(4, '0')}`,
        batchId,
        personId: p.id,
        organisationId: p.organisationId,
        occupationId,
        targetLevel: level,
        applicationType: 'normal',
        status: 'approved',
        policyVersionId,
        declared: {},
        eligibility: {},
        eligible: true,
      },
    });
    applications.push({ id: a.id, level });
  }
  const outcomes = await importShippedBanks(t.prisma, { codes: ['JD02'] });
  expect(outcomes[0]!.status).toBe('imported');
  sittingId = (await makeSitting()).id;
  await seatCandidates(
    sittingId,
    applications.map((a) => a.id),
  );
});
afterAll(async () => {
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('blueprints', () => {
  it('installs the shipped blueprints once (idempotent)', async () => {
    const first = await installShippedBlueprints(t.prisma, { clock: t.clock });
    expect(first.installed).toBe(51);
    const again = await installShippedBlueprints(t.prisma, { clock: t.clock });
    expect(again).toEqual({ installed: 0, unchanged: 51, kept: 0 });
    expect(await t.prisma.blueprint.count()).toBe(51);
  });

  it('lists latest versions, filtered, for the office only', async () => {
    const list = await get('/api/blueprints?occupationCode=JD02&level=L4');
    expect(list.status).toBe(200);
    expect(list.body.map((b: { subject: string }) => b.subject).sort()).toEqual(['JN', 'LL', 'NL', 'ZD']);
    expect((await get('/api/blueprints?level=L9')).status).toBe(400);
    expect((await get('/api/blueprints', 'unithr')).status).toBe(403);
    expect((await get('/api/blueprints', 'panel')).status).toBe(403);
    const one = await get(`/api/blueprints/${list.body[0].id}`);
    expect(one.status).toBe(200);
    expect((await get('/api/blueprints/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('saves a changed blueprint as a new version, an identical one as none, and refuses one the bank cannot fill', async () => {
    const [current] = (await get('/api/blueprints?occupationCode=JD02&level=L5&subject=ZD')).body;
    const spec: Blueprint = current.spec;
    const same = await post('/api/blueprints', { spec, reason: '复核' });
    expect(same.status, JSON.stringify(same.body)).toBe(201);
    expect(same.body.created).toBe(false);
    expect(same.body.blueprint.version).toBe(1);

    const longer = await post('/api/blueprints', {
      spec: { ...spec, durationMinutes: 75 },
      reason: '延长考试时间',
    });
    expect(longer.status).toBe(201);
    expect(longer.body).toMatchObject({ created: true, blueprint: { version: 2, durationMinutes: 75 } });
    const audit = await t.prisma.auditLog.findFirst({
      where: { action: 'blueprint.save', entityId: longer.body.blueprint.id },
    });
    expect(audit?.reason).toBe('延长考试时间');
    // the shipped files never overwrite the office's version
    expect((await installShippedBlueprints(t.prisma, { clock: t.clock })).kept).toBe(1);

    const tooMany = {
      ...spec,
      sections: [{ type: 'single', count: 100, pointsTenths: 10, title: '单选' }],
    };
    const refused = await post('/api/blueprints', { spec: tooMany, reason: '全部单选' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('单项选择需要 100 题，题库中适用于该等级的只有');
    expect(
      await t.prisma.blueprint.count({ where: { occupationCode: 'JD02', level: 'L5', subject: 'ZD' } }),
    ).toBe(2);

    const notHundred = await post('/api/blueprints', {
      spec: { ...spec, sections: [{ type: 'single', count: 10, pointsTenths: 10 }] },
      reason: '测试',
    });
    expect(notHundred.status).toBe(400);
    expect(notHundred.body.message).toContain('100 分');
    expect((await post('/api/blueprints', { spec, reason: '' })).status).toBe(400);
    expect((await post('/api/blueprints', { spec, reason: '越权' }, 'reviewer')).status).toBe(403);
  });
});

describe('assembling a sitting’s papers', () => {
  it('is for the office (and admins) only, with a reason', async () => {
    for (const who of ['unithr', 'invigilator', 'panel', 'reviewer'])
      expect((await post(`/api/sittings/${sittingId}/papers`, { reason: '组卷' }, who)).status).toBe(403);
    expect((await post(`/api/sittings/${sittingId}/papers`, {})).status).toBe(400);
    expect((await post(`/api/sittings/not-a-uuid/papers`, { reason: '组卷' })).status).toBe(400);
    expect(
      (await post(`/api/sittings/00000000-0000-4000-8000-000000000000/papers`, { reason: '组卷' })).status,
    ).toBe(404);
    expect(await t.prisma.paper.count()).toBe(0);
  });

  it('refuses, naming every group’s shortage, and writes nothing when the bank cannot fill a blueprint', async () => {
    const jn = await t.prisma.bankItem.findMany({ where: { subject: 'JN' }, select: { id: true } });
    // retire all but 30 JN items
    const retired = jn.slice(30).map((i) => i.id);
    await t.prisma.bankItem.updateMany({
      where: { id: { in: retired } },
      data: { retiredAt: t.clock.now() },
    });
    try {
      const r = await post(`/api/sittings/${sittingId}/papers`, { reason: '组卷' });
      expect(r.status).toBe(409);
      expect(r.body.message).toContain('未写入任何试卷');
      expect(r.body.message).toContain('JD02 四级（中级工） 岗位技能');
      expect(r.body.message).toContain('JD02 三级（高级工） 岗位技能');
      expect(r.body.issues.length).toBeGreaterThan(2);
      expect(await t.prisma.paper.count()).toBe(0);
      expect(await t.prisma.attempt.count()).toBe(0);
    } finally {
      await t.prisma.bankItem.updateMany({ where: { id: { in: retired } }, data: { retiredAt: null } });
    }
  });

  it('refuses a group without a blueprint', async () => {
    const l3 = await t.prisma.blueprint.findMany({
      where: { occupationCode: 'JD02', level: 'L3', subject: 'JN' },
    });
    await t.prisma.blueprint.deleteMany({ where: { id: { in: l3.map((b) => b.id) } } });
    try {
      const r = await post(`/api/sittings/${sittingId}/papers`, { reason: '组卷' });
      expect(r.status).toBe(409);
      expect(r.body.message).toContain('没有组卷方案');
      expect(await t.prisma.paper.count()).toBe(0);
    } finally {
      await t.prisma.blueprint.createMany({ data: l3.map((b) => ({ ...b, spec: b.spec as object })) });
    }
  });

  it('gives every candidate a paper of the blueprint, no item twice, a different order per seat', async () => {
    const r = await post(`/api/sittings/${sittingId}/papers`, { reason: '考前组卷' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.papers).toBe(22);
    expect(r.body.replaced).toBe(0);
    expect(r.body.groups.map((g: { level: string; candidates: number }) => [g.level, g.candidates])).toEqual([
      ['L4', 18],
      ['L3', 4],
    ]);

    const papers = await papersOf(sittingId);
    expect(papers).toHaveLength(22);
    for (const paper of papers) {
      const spec = blueprintSchema.parse(paper.blueprint.spec);
      expect(paper.blueprint.level).toBe(paper.application.targetLevel);
      expect(paper.blueprint.subject).toBe('JN');
      expect(paper.items).toHaveLength(spec.sections.reduce((s, x) => s + x.count, 0));
      expect(paper.itemCount).toBe(paper.items.length);
      expect(paper.totalPointsTenths).toBe(1000);
      expect(paper.items.reduce((s, i) => s + i.pointsTenths, 0)).toBe(1000);
      expect(paper.durationMinutes).toBe(spec.durationMinutes);
      expect(paper.contentKey).toHaveLength(32);
      for (const [index, section] of spec.sections.entries()) {
        const items = paper.items.filter((i) => i.section === index);
        expect(items).toHaveLength(section.count);
        expect(items.every((i) => i.bankItemVersion.type === section.type)).toBe(true);
        expect(items.every((i) => i.bankItemVersion.levels.includes(spec.level))).toBe(true);
        for (const [d, n] of Object.entries(section.difficulty ?? {}))
          expect(
            items.filter((i) => String(i.bankItemVersion.difficulty) === d).length,
          ).toBeGreaterThanOrEqual(n);
      }
      expect(new Set(paper.items.map((i) => i.bankItemVersion.itemId)).size).toBe(paper.items.length);
      expect(paper.items.every((i) => i.bankItemVersion.item.subject === 'JN')).toBe(true);
      expect(paper.attempt).toMatchObject({
        status: 'not_started',
        sittingId,
        applicationId: paper.applicationId,
      });
    }
    // one selection per group: the same items for every 四级 candidate; a different order per seat in a room
    const l4 = papers.filter((p) => p.application.targetLevel === 'L4');
    const itemSet = (p: (typeof papers)[number]) =>
      p.items
        .map((i) => i.bankItemVersionId)
        .sort()
        .join();
    expect(new Set(l4.map(itemSet)).size).toBe(1);
    const seats = await t.prisma.seatAssignment.findMany({ where: { sittingId } });
    for (const room of rooms) {
      const inRoom = l4.filter(
        (p) => seats.find((s) => s.applicationId === p.applicationId)!.roomId === room,
      );
      const orders = inRoom.map((p) =>
        p.items.map((i) => `${i.bankItemVersionId}:${i.optionOrder.join('')}`).join(),
      );
      expect(new Set(orders).size).toBe(inRoom.length);
    }
    const audit = await t.prisma.auditLog.findFirst({
      where: { action: 'papers.assemble', entityId: sittingId },
    });
    expect(audit?.reason).toBe('考前组卷');
  });

  it('summarises the papers without keys or content', async () => {
    const s = await get(`/api/sittings/${sittingId}/papers`);
    expect(s.status).toBe(200);
    expect(s.body.count).toBe(22);
    expect(s.body.attemptsStarted).toBe(0);
    expect(s.body.groups).toHaveLength(2);
    expect(s.body.groups[0]).toMatchObject({ subject: 'JN', totalPointsTenths: 1000, blueprintVersion: 1 });
    expect(s.body.assembledAt).toBe(t.clock.now().toISOString());
    expect(JSON.stringify(s.body)).not.toMatch(/contentKey|stem/);
    expect((await get(`/api/sittings/${sittingId}/papers`, 'invigilator')).status).toBe(403);
  });

  it('is deterministic and replaces the papers while no attempt has begun', async () => {
    const before = await papersOf(sittingId);
    const r = await post(`/api/sittings/${sittingId}/papers`, { reason: '座位调整后重新组卷' });
    expect(r.status).toBe(201);
    expect(r.body.replaced).toBe(22);
    const after = await papersOf(sittingId);
    expect(after).toHaveLength(22);
    expect(await t.prisma.attempt.count({ where: { sittingId } })).toBe(22);
    const layout = (ps: typeof before) =>
      Object.fromEntries(
        ps.map((p) => [p.applicationId, p.items.map((i) => [i.bankItemVersionId, i.optionOrder])]),
      );
    expect(layout(after)).toEqual(layout(before));
    // a new key per assembly
    expect(
      Buffer.from(after[0]!.contentKey).equals(
        Buffer.from(before.find((p) => p.applicationId === after[0]!.applicationId)!.contentKey),
      ),
    ).toBe(false);
  });

  it('refuses practical, cancelled and closed sittings', async () => {
    const practical = await makeSitting({ component: 'practical', name: '电工实操' });
    const r = await post(`/api/sittings/${practical.id}/papers`, { reason: '组卷' });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('实操考核');
    for (const status of ['cancelled', 'closed'] as const) {
      const s = await makeSitting({ status, name: `电工 ${status}` });
      const refused = await post(`/api/sittings/${s.id}/papers`, { reason: '组卷' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/已(取消|结束)/);
    }
  });
});

describe('pinned versions and delivery', () => {
  it('keeps the version a paper pinned when the bank item changes', async () => {
    const paper = (await papersOf(sittingId))[0]!;
    const pinned = paper.items[0]!.bankItemVersion;
    const dir = join(tmp, 'JD02');
    cpSync(join(SHIPPED_BANKS_DIR, 'JD02'), dir, { recursive: true });
    const file = join(dir, 'JN.yaml');
    const text = readFileSync(file, 'utf8');
    const stem = pinned.stem;
    expect(text).toContain(stem);
    writeFileSync(file, text.replace(stem, `${stem}（修订）`));
    const outcome = await createBankImportService(t.prisma, t.clock).import({
      path: dir,
      reason: '修订题干',
    });
    expect(outcome.imported && outcome.result.newVersions).toBe(1);
    const item = await t.prisma.bankItem.findUniqueOrThrow({ where: { id: pinned.itemId } });
    expect(item.latestVersion).toBe(2);
    const again = await t.prisma.paperItem.findUniqueOrThrow({
      where: { paperId_position: { paperId: paper.id, position: 1 } },
    });
    expect(again.bankItemVersionId).toBe(pinned.id);

    // the delivered paper shows the pinned text, encrypted with the paper's key, without keys
    const delivery = t.app.get(PaperDeliveryService);
    const encrypted = await delivery.encryptedPaper(paper.attempt!.id);
    expect(encrypted).toMatchObject({
      attemptId: paper.attempt!.id,
      algorithm: 'AES-GCM',
      itemCount: paper.items.length,
    });
    const key = Buffer.from(await delivery.paperKey(paper.attempt!.id), 'base64');
    const content = decryptJson<PaperContent>(encrypted, key);
    expect(content.items).toHaveLength(paper.items.length);
    expect(content.items[0]!.stem).toBe(stem);
    expect(content.title).toBe(paper.blueprint.name);
    for (const [i, item] of content.items.entries()) {
      const stored = paper.items[i]!;
      if (item.options) {
        const original = stored.bankItemVersion.options as { letter: string }[];
        expect(item.options.map((o) => o.id)).toEqual(stored.optionOrder.map((k) => original[k]!.letter));
      }
    }
    const json = JSON.stringify(content);
    expect(json).not.toContain('"key"');
    expect(json).not.toContain('rubric');
    const shortAnswer = paper.items.find((i) => i.bankItemVersion.type === 'short_answer');
    if (shortAnswer) expect(json).not.toContain(String(shortAnswer.bankItemVersion.key).slice(0, 12));
    await expect(delivery.encryptedPaper('00000000-0000-4000-8000-000000000000')).rejects.toThrow('没有找到');
  });
});

describe('scoring and marking', () => {
  let l3Paper: Awaited<ReturnType<typeof papersOf>>[number];
  let expectedObjective = 0;

  it('refuses re-assembly once an attempt has left 未登录', async () => {
    const papers = await papersOf(sittingId);
    l3Paper = papers.find((p) => p.application.targetLevel === 'L3')!;
    await t.prisma.attempt.update({ where: { id: l3Paper.attempt!.id }, data: { status: 'in_progress' } });
    const r = await post(`/api/sittings/${sittingId}/papers`, { reason: '再次组卷' });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('不能重新组卷');
    expect((await papersOf(sittingId)).map((p) => p.id).sort()).toEqual(papers.map((p) => p.id).sort());
  });

  it('scores objective items from the latest save per item and queues short answers', async () => {
    const attemptId = l3Paper.attempt!.id;
    const saves: { position: number; response: unknown }[] = [];
    const byType = (type: string) => l3Paper.items.filter((i) => i.bankItemVersion.type === type);
    const points = (type: string) => byType(type)[0]?.pointsTenths ?? 0;
    const [single1, single2] = byType('single');
    const [multi1] = byType('multiple');
    const [tf1] = byType('true_false');
    const [fill1] = byType('fill_blank');
    const shorts = byType('short_answer');
    expect(shorts.length).toBeGreaterThan(0);
    // first a wrong answer, then the right one (the later save counts)
    const letters = (i: typeof single1) =>
      (i!.bankItemVersion.options as { letter: string }[]).map((o) => o.letter);
    const singleKey = single1!.bankItemVersion.key as string;
    saves.push({ position: single1!.position, response: letters(single1).find((l) => l !== singleKey) });
    saves.push({ position: single1!.position, response: singleKey });
    expectedObjective += points('single');
    saves.push({
      position: single2!.position,
      response: letters(single2).find((l) => l !== (single2!.bankItemVersion.key as string)),
    });
    const multiKey = multi1!.bankItemVersion.key as string[];
    saves.push({ position: multi1!.position, response: multiKey.slice(0, multiKey.length - 1) });
    expectedObjective += Math.floor(points('multiple') / 2); // half_for_subset
    saves.push({ position: tf1!.position, response: tf1!.bankItemVersion.key });
    expectedObjective += points('true_false');
    if (fill1) {
      const key = fill1.bankItemVersion.key as string[][];
      saves.push({ position: fill1.position, response: key.map((accepted) => ` ${accepted[0]} `) });
      expectedObjective += points('fill_blank');
    }
    saves.push({ position: shorts[0]!.position, response: '先停电、验电，再装设接地线。' });
    // tampered shapes score nothing
    const [, , single3] = byType('single');
    saves.push({ position: single3!.position, response: { letter: 'A' } });
    await t.prisma.answerSave.createMany({
      data: saves.map((s, i) => ({
        attemptId,
        seq: i + 1,
        position: s.position,
        response: s.response as object,
        idempotencyKey: `key-${i + 1}-abcdef`,
        receivedAt: t.clock.now(),
      })),
    });
    await t.prisma.attempt.update({ where: { id: attemptId }, data: { status: 'submitted' } });
    const scoring = t.app.get(AttemptScoringService);
    const result = await t.prisma.$transaction((tx) => scoring.scoreAttempt(tx, attemptId, t.clock.now()));
    expect(result).toEqual({
      objectiveTenths: expectedObjective,
      pendingMarking: shorts.length,
      scoreTenths: null,
    });
    const attempt = await t.prisma.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({
      objectiveTenths: expectedObjective,
      pendingMarking: shorts.length,
      scoreTenths: null,
    });
    const tasks = await t.prisma.markingTask.findMany({ where: { attemptId } });
    expect(tasks.map((x) => [x.position, x.maxTenths, x.status]).sort()).toEqual(
      shorts.map((s) => [s.position, s.pointsTenths, 'pending']).sort(),
    );
    const score = await t.prisma.componentScore.findFirstOrThrow({ where: { attemptId } });
    expect(score).toMatchObject({
      final: false,
      source: 'attempt',
      component: 'theory',
      subject: '岗位技能',
    });
    // scoring again changes nothing (no second task per item)
    await t.prisma.$transaction((tx) => scoring.scoreAttempt(tx, attemptId, t.clock.now()));
    expect(await t.prisma.markingTask.count({ where: { attemptId } })).toBe(shorts.length);
  });

  it('shows markers the item and answer, never the candidate', async () => {
    const denied = await get(`/api/marking/tasks?sittingId=${sittingId}`, 'unithr');
    expect(denied.status).toBe(403);
    expect((await get(`/api/marking/tasks?status=done`, 'panel')).status).toBe(400);
    const list = await get(`/api/marking/tasks?sittingId=${sittingId}&status=pending`, 'panel');
    expect(list.status).toBe(200);
    expect(list.body.length).toBe(
      await t.prisma.markingTask.count({ where: { attemptId: l3Paper.attempt!.id } }),
    );
    const task = list.body.find((x: { response: string }) => x.response !== '');
    expect(task).toMatchObject({
      type: 'short_answer',
      status: 'pending',
      response: '先停电、验电，再装设接地线。',
    });
    expect(task.stem.length).toBeGreaterThan(0);
    expect(task.referenceAnswer.length).toBeGreaterThan(0);
    expect(task.rubric.length).toBeGreaterThan(0);
    const person = await t.prisma.application.findUniqueOrThrow({
      where: { id: l3Paper.applicationId },
      include: { person: true },
    });
    const json = JSON.stringify(list.body);
    for (const secret of [
      person.person.name,
      person.person.idNumber,
      l3Paper.applicationId,
      l3Paper.attempt!.id,
      'PAP-',
    ])
      expect(json).not.toContain(secret);
    // the office sees it too
    expect((await get(`/api/marking/tasks?sittingId=${sittingId}`)).body.length).toBe(list.body.length);
  });

  it('panel members mark only their assigned occupation and level', async () => {
    // the demo panel member is assigned JD02 三级: a 四级 attempt's tasks are not theirs
    const l4 = (await papersOf(sittingId)).find((p) => p.application.targetLevel === 'L4')!;
    await t.prisma.attempt.update({ where: { id: l4.attempt!.id }, data: { status: 'submitted' } });
    await t.prisma.$transaction((tx) =>
      t.app.get(AttemptScoringService).scoreAttempt(tx, l4.attempt!.id, t.clock.now()),
    );
    const l4Task = await t.prisma.markingTask.findFirstOrThrow({ where: { attemptId: l4.attempt!.id } });
    const panelList = await get(`/api/marking/tasks?sittingId=${sittingId}`, 'panel');
    expect(panelList.body.some((x: { id: string }) => x.id === l4Task.id)).toBe(false);
    expect((await post(`/api/marking/tasks/${l4Task.id}`, { scoreTenths: 10 }, 'panel')).status).toBe(403);
    // an empty answer scores 0 at marking and completes that attempt
    const l4Tasks = await t.prisma.markingTask.findMany({ where: { attemptId: l4.attempt!.id } });
    let last;
    for (const task of l4Tasks) last = await post(`/api/marking/tasks/${task.id}`, { scoreTenths: 0 });
    expect(last!.body).toMatchObject({ pendingMarking: 0, attemptScoreTenths: 0 });
  });

  it('validates scores, completes the attempt’s score at the last task, and needs a reason to re-mark', async () => {
    const tasks = await t.prisma.markingTask.findMany({
      where: { attemptId: l3Paper.attempt!.id },
      orderBy: { position: 'asc' },
    });
    const first = tasks[0]!;
    for (const bad of [
      { scoreTenths: first.maxTenths + 1 },
      { scoreTenths: -1 },
      { scoreTenths: 2.5 },
      {},
      { scoreTenths: 5, extra: 1 },
    ]) {
      const r = await post(`/api/marking/tasks/${first.id}`, bad, 'panel');
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect(
      (await post(`/api/marking/tasks/00000000-0000-4000-8000-000000000000`, { scoreTenths: 1 }, 'panel'))
        .status,
    ).toBe(404);
    expect((await t.prisma.markingTask.findUniqueOrThrow({ where: { id: first.id } })).status).toBe(
      'pending',
    );

    let marked = 0;
    let result;
    for (const [i, task] of tasks.entries()) {
      const score = i === 0 ? 75 : 40;
      marked += score;
      result = await post(
        `/api/marking/tasks/${task.id}`,
        { scoreTenths: score, comment: '要点基本齐全' },
        'panel',
      );
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      expect(result.body.pendingMarking).toBe(tasks.length - i - 1);
      if (i < tasks.length - 1) expect(result.body.attemptScoreTenths).toBeNull();
    }
    const total = expectedObjective + marked;
    expect(result!.body.attemptScoreTenths).toBe(total); // the paper is worth 100 points = 1000 tenths
    const attempt = await t.prisma.attempt.findUniqueOrThrow({ where: { id: l3Paper.attempt!.id } });
    expect(attempt).toMatchObject({ pendingMarking: 0, scoreTenths: total });
    expect(
      await t.prisma.componentScore.findFirstOrThrow({ where: { attemptId: attempt.id } }),
    ).toMatchObject({
      final: true,
      scoreTenths: total,
    });

    const again = await post(`/api/marking/tasks/${first.id}`, { scoreTenths: 80 }, 'panel');
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('改分理由');
    const changed = await post(
      `/api/marking/tasks/${first.id}`,
      { scoreTenths: 80, reason: '复核后加分' },
      'panel',
    );
    expect(changed.status).toBe(200);
    expect(changed.body.attemptScoreTenths).toBe(total + 5);
    const audit = await t.prisma.auditLog.findFirst({
      where: { action: 'marking.remark', entityId: first.id },
    });
    expect(audit?.reason).toBe('复核后加分');
    expect(await t.prisma.auditLog.count({ where: { action: 'marking.mark' } })).toBeGreaterThanOrEqual(
      tasks.length,
    );
  });
});
