import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@exam/db';
import { DEMO_EXAM_BATCH_CODE, DEMO_EXAM_REASON } from '../src/exam-demo/demo-exam-plan.js';
import { ensureDemoExam } from '../src/exam-demo/demo-exam.seeder.js';
import { importShippedBanks } from '../src/question-banks/shipped-banks.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma, { now: new Date('2026-03-01T00:00:00Z') });
  await importShippedBanks(t.prisma, { codes: ['JD02'] });
});
afterAll(() => t.close());

async function counts() {
  const p = t.prisma;
  return {
    batches: await p.batch.count(),
    applications: await p.application.count(),
    sittings: await p.sitting.count(),
    seatAssignments: await p.seatAssignment.count(),
    tickets: await p.admissionTicket.count(),
    papers: await p.paper.count(),
    paperItems: await p.paperItem.count(),
    attempts: await p.attempt.count(),
    invigilators: await p.sittingInvigilator.count(),
    blueprints: await p.blueprint.count(),
    audit: await p.auditLog.count(),
  };
}

describe('the demo 人机对话 exam', () => {
  const monday = new Date('2026-03-02T02:07:30Z'); // 10:07:30 in Beijing

  it('makes a takeable exam for today: approved applications, seats, published tickets, invigilator, papers', async () => {
    const started = Date.now();
    const result = await ensureDemoExam(t.app, monday);
    const elapsed = Date.now() - started;
    expect(result.created).toBe(true);
    expect(result.candidates).toBe(10);
    expect(result.papersAssembled).toBe(10);

    const sitting = await t.prisma.sitting.findUniqueOrThrow({
      where: { id: result.sittingId },
      include: {
        batch: { include: { windows: true } },
        occupation: true,
        rooms: { include: { invigilators: { include: { user: true } } } },
        seatAssignments: {
          include: { application: { include: { ticket: true, person: true } }, seat: true },
        },
      },
    });
    expect(sitting).toMatchObject({
      component: 'theory',
      subject: '岗位技能',
      level: 'L5',
      status: 'open',
      durationMinutes: 60,
    });
    expect(sitting.occupation!.code).toBe('JD02');
    expect(sitting.batch.code).toBe(DEMO_EXAM_BATCH_CODE);
    expect(sitting.startsAt.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    const exam = sitting.batch.windows.find((w) => w.kind === 'exam')!;
    expect(exam.opensAt.getTime()).toBeLessThanOrEqual(sitting.startsAt.getTime());
    expect(exam.closesAt.getTime()).toBeGreaterThanOrEqual(sitting.endsAt.getTime());
    expect(sitting.rooms).toHaveLength(1);
    expect(sitting.rooms[0]!.invigilators.map((i) => [i.user.username, i.chief])).toEqual([
      ['invigilator', true],
    ]);
    for (const a of sitting.seatAssignments) {
      expect(a.application.status).toBe('approved');
      expect(a.application.eligible).toBe(true);
      expect(a.application.targetLevel).toBe('L5');
      expect(a.seat.spare).toBe(false);
      expect(a.application.ticket!.publishedAt).not.toBeNull();
    }
    const first = sitting.seatAssignments.find(
      (a) => a.application.ticket!.ticketNumber === result.ticketNumber,
    )!;
    expect(first.application.person.idNumber).toBe(result.idNumber);
    expect(new Set(sitting.seatAssignments.map((a) => a.seatId)).size).toBe(10);

    // every candidate's paper and attempt, from the 岗位技能 blueprint
    const papers = await t.prisma.paper.findMany({
      where: { sittingId: result.sittingId },
      include: { attempt: true, blueprint: true, _count: { select: { items: true } } },
    });
    expect(papers).toHaveLength(10);
    for (const p of papers) {
      expect(p.blueprint).toMatchObject({ occupationCode: 'JD02', level: 'L5', subject: 'JN' });
      expect(p._count.items).toBe(p.itemCount);
      expect(p.attempt!.status).toBe('not_started');
    }
    const audited = await t.prisma.auditLog.findMany({ where: { action: { startsWith: 'demo_exam.' } } });
    expect(audited.map((a) => a.action).sort()).toEqual([
      'demo_exam.applications',
      'demo_exam.batch',
      'demo_exam.exam_window',
      'demo_exam.room_layout',
      'demo_exam.sitting',
    ]);
    for (const a of audited) expect(a.reason).toBe(DEMO_EXAM_REASON);
    expect(elapsed).toBeLessThan(3000);
  });

  it('changes nothing when run again the same day', async () => {
    const before = await counts();
    const again = await ensureDemoExam(t.app, new Date(monday.getTime() + 3 * 3_600_000));
    expect(again.created).toBe(false);
    expect(again.papersAssembled).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('adds a sitting for a later day with the same candidates and tickets', async () => {
    const before = await counts();
    const today = await t.prisma.sitting.findFirstOrThrow({ select: { id: true } });
    const tuesday = new Date(monday.getTime() + 86_400_000);
    const next = await ensureDemoExam(t.app, tuesday);
    expect(next.created).toBe(true);
    expect(next.sittingId).not.toBe(today.id);
    expect(next.startsAt.toISOString()).toBe('2026-03-03T02:00:00.000Z');
    const after = await counts();
    expect(after.sittings).toBe(before.sittings + 1);
    expect(after.applications).toBe(before.applications);
    expect(after.tickets).toBe(before.tickets);
    expect(after.papers).toBe(before.papers + 10);
    expect(after.seatAssignments).toBe(before.seatAssignments + 10);
    const first = await ensureDemoExam(t.app, monday);
    expect(first).toMatchObject({ created: false, ticketNumber: next.ticketNumber, idNumber: next.idNumber });
  });

  it('widens the exam window for a day beyond it', async () => {
    const far = new Date('2027-06-01T02:00:00Z');
    const result = await ensureDemoExam(t.app, far);
    const sitting = await t.prisma.sitting.findUniqueOrThrow({
      where: { id: result.sittingId },
      include: { batch: { include: { windows: { where: { kind: 'exam' } } } } },
    });
    expect(sitting.batch.windows[0]!.closesAt.getTime()).toBeGreaterThanOrEqual(sitting.endsAt.getTime());
  });
});
