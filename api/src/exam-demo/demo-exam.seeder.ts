import type { INestApplicationContext } from '@nestjs/common';
import { blueprintSubjectOf, type EligibilityInput } from '@exam/contracts';
import { DEMO_REGION, type Prisma } from '@exam/db';
import type { RequestOrigin } from '../access/actor.js';
import { prefillFromArchive } from '../applications/application-input.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { toActor } from '../auth/session.service.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { evaluateEligibility } from '../eligibility/engine.js';
import { PoliciesService } from '../policies/policies.service.js';
import { buildSeatMap } from '../scheduling/seat-labels.js';
import { PapersService } from '../papers/papers.service.js';
import { installShippedBlueprints } from '../papers/shipped-blueprints.js';
import {
  DEMO_EXAM_BATCH_CODE,
  DEMO_EXAM_BATCH_NAME,
  DEMO_EXAM_CANDIDATES,
  DEMO_EXAM_DEFAULT_MINUTES,
  DEMO_EXAM_LEVEL,
  DEMO_EXAM_OCCUPATION_CODE,
  DEMO_EXAM_REASON,
  DEMO_EXAM_ROOM,
  DEMO_EXAM_SUBJECT,
  demoExamPlan,
  widenedWindow,
  type DemoExamPlan,
} from './demo-exam-plan.js';

export interface DemoExamResult {
  sittingId: string;
  name: string;
  startsAt: Date;
  /** false when today's sitting was there already */
  created: boolean;
  /** papers made by this run (0 when they were there already) */
  papersAssembled: number;
  candidates: number;
  /** the first candidate in seat order, for trying it */
  ticketNumber: string;
  idNumber: string;
}

const ORIGIN: RequestOrigin = { ip: 'cli', userAgent: null };
const SEQUENCE_DIGITS = 6;

/**
 * Makes the demo 人机对话 exam of today (Asia/Shanghai) takeable: in the demo exam batch (its own, so the demo
 * batch stays free for trying applications), approved 电工 五级 applications of demo people, a 岗位技能
 * sitting opened for today in 第1考场 with seats, seat assignments, published 准考证, the demo invigilator on
 * duty (chief), the shipped blueprints, and every candidate's paper. Idempotent: a second run on the same day
 * writes nothing; a run on a later day adds that day's sitting for the same candidates. Needs `seedDemo` first.
 */
export async function ensureDemoExam(app: INestApplicationContext, now: Date): Promise<DemoExamResult> {
  const prisma = app.get<PrismaClient>(PRISMA);
  await installShippedBlueprints(prisma);
  const blueprint = await prisma.blueprint.findFirst({
    where: {
      occupationCode: DEMO_EXAM_OCCUPATION_CODE,
      level: DEMO_EXAM_LEVEL,
      subject: blueprintSubjectOf(DEMO_EXAM_SUBJECT),
    },
    orderBy: { version: 'desc' },
    select: { durationMinutes: true },
  });
  const plan = demoExamPlan(now, blueprint?.durationMinutes ?? DEMO_EXAM_DEFAULT_MINUTES);
  const policy = await prisma.policyVersion.findFirstOrThrow({
    where: { policyId: 'xinxiang-2024', status: 'published' },
    orderBy: { version: 'desc' },
    select: { id: true },
  });
  const loaded = await app.get(PoliciesService).load(policy.id);
  const audit = app.get(AuditService);

  const { sittingId, created } = await prisma.$transaction(
    async (tx) => {
      const batch = await ensureBatch(tx, audit, policy.id, plan, now);
      const existing = await tx.sitting.findFirst({
        where: {
          batchId: batch.id,
          component: 'theory',
          startsAt: { gte: plan.dayStart, lt: plan.dayEnd },
          status: { not: 'cancelled' },
        },
        select: { id: true },
      });
      if (existing) return { sittingId: existing.id, created: false };
      const applicationIds = await ensureApplications(tx, audit, batch, policy.id, now, (input) =>
        evaluateEligibility(loaded.document, loaded.version, input),
      );
      const id = await createSitting(tx, audit, batch, plan, applicationIds, now);
      return { sittingId: id, created: true };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );

  let papersAssembled = 0;
  if ((await prisma.paper.count({ where: { sittingId } })) === 0) {
    // assembled as the demo office account would, with its grants
    const office = await prisma.user.findUniqueOrThrow({
      where: { username: 'office' },
      select: { id: true },
    });
    const actor = toActor((await app.get(AuthRepository).findUserById(office.id))!, 'demo-seed');
    const report = await app
      .get(PapersService)
      .assembleForSitting(sittingId, { actor, origin: ORIGIN }, DEMO_EXAM_REASON, now);
    papersAssembled = report.papers;
  }

  const sitting = await prisma.sitting.findUniqueOrThrow({
    where: { id: sittingId },
    select: {
      name: true,
      startsAt: true,
      seatAssignments: {
        orderBy: [{ seat: { row: 'asc' } }, { seat: { column: 'asc' } }],
        select: {
          application: {
            select: { ticket: { select: { ticketNumber: true } }, person: { select: { idNumber: true } } },
          },
        },
      },
    },
  });
  const first = sitting.seatAssignments[0]!.application;
  return {
    sittingId,
    name: sitting.name,
    startsAt: sitting.startsAt,
    created,
    papersAssembled,
    candidates: sitting.seatAssignments.length,
    ticketNumber: first.ticket!.ticketNumber,
    idNumber: first.person.idNumber,
  };
}

type Tx = Prisma.TransactionClient;
interface DemoBatch {
  id: string;
  code: string;
}

/** The demo exam batch with an exam window holding today's sitting. */
async function ensureBatch(
  tx: Tx,
  audit: AuditService,
  policyVersionId: string,
  plan: DemoExamPlan,
  now: Date,
): Promise<DemoBatch> {
  const days = (n: number) => new Date(plan.dayStart.getTime() + n * 86_400_000);
  let batch = await tx.batch.findUnique({
    where: { regionId_code: { regionId: DEMO_REGION, code: DEMO_EXAM_BATCH_CODE } },
    select: { id: true, code: true, windows: { where: { kind: 'exam' } } },
  });
  if (!batch) {
    batch = await tx.batch.create({
      data: {
        regionId: DEMO_REGION,
        policyVersionId,
        code: DEMO_EXAM_BATCH_CODE,
        name: DEMO_EXAM_BATCH_NAME,
        // the policy's year, like the demo batch (an open batch of a later year would be listed first)
        year: 2024,
        status: 'open',
        windows: {
          create: [
            // registration and review are over: the candidates are approved already
            { kind: 'registration', opensAt: days(-60), closesAt: days(-30) },
            { kind: 'review', opensAt: days(-60), closesAt: days(-10) },
          ],
        },
      },
      select: { id: true, code: true, windows: { where: { kind: 'exam' } } },
    });
    await audit.record(
      null,
      ORIGIN,
      {
        category: 'data_change',
        action: 'demo_exam.batch',
        entityType: 'Batch',
        entityId: batch.id,
        reason: DEMO_EXAM_REASON,
        details: { code: DEMO_EXAM_BATCH_CODE, at: now.toISOString() },
      },
      tx,
    );
  }
  const current = batch.windows[0] ?? null;
  const window = widenedWindow(current, plan);
  if (window) {
    await tx.batchWindow.upsert({
      where: { batchId_kind: { batchId: batch.id, kind: 'exam' } },
      create: { batchId: batch.id, kind: 'exam', ...window },
      update: window,
    });
    await audit.record(
      null,
      ORIGIN,
      {
        category: 'data_change',
        action: 'demo_exam.exam_window',
        entityType: 'Batch',
        entityId: batch.id,
        reason: DEMO_EXAM_REASON,
        details: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
      },
      tx,
    );
  }
  return { id: batch.id, code: batch.code };
}

/**
 * The batch's approved applications (made once): demo 电工 people eligible for 五级 under the batch's policy,
 * in ID-number order, each with a published 准考证.
 */
async function ensureApplications(
  tx: Tx,
  audit: AuditService,
  batch: DemoBatch,
  policyVersionId: string,
  now: Date,
  evaluate: (input: EligibilityInput) => ReturnType<typeof evaluateEligibility>,
): Promise<string[]> {
  const approved = await tx.application.findMany({
    where: { batchId: batch.id, status: 'approved' },
    orderBy: { number: 'asc' },
    select: { id: true },
  });
  if (approved.length > 0) return approved.map((a) => a.id);

  const occupation = await tx.occupation.findUniqueOrThrow({
    where: { regionId_code: { regionId: DEMO_REGION, code: DEMO_EXAM_OCCUPATION_CODE } },
    select: { id: true, name: true },
  });
  const people = await tx.person.findMany({
    where: { occupationId: occupation.id, organisation: { regionId: DEMO_REGION, kind: 'unit' } },
    orderBy: { idNumber: 'asc' },
    include: {
      grades: { include: { occupation: { select: { name: true } } }, orderBy: { certifiedOn: 'desc' } },
      annualAssessments: { orderBy: { year: 'asc' } },
      honours: true,
      sanctions: true,
    },
  });
  const chosen: { person: (typeof people)[number]; declared: EligibilityInput; verdict: unknown }[] = [];
  for (const person of people) {
    if (chosen.length >= DEMO_EXAM_CANDIDATES) break;
    const declared: EligibilityInput = {
      ...prefillFromArchive(person, { occupation: occupation.name, level: DEMO_EXAM_LEVEL }),
    };
    const verdict = evaluate(declared);
    if (verdict.eligible) chosen.push({ person, declared, verdict });
  }
  if (chosen.length === 0)
    throw new Error('演示考试：示例人员中没有符合电工五级申报条件的人，请先运行 exam seed demo');

  const ids: string[] = [];
  for (const { person, declared, verdict } of chosen) {
    const [next] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('application_number_seq') AS n`;
    const row = await tx.application.create({
      data: {
        number: `${batch.code.toUpperCase()}-${String(next!.n).padStart(6, '0')}`,
        batchId: batch.id,
        personId: person.id,
        organisationId: person.organisationId,
        occupationId: occupation.id,
        targetLevel: DEMO_EXAM_LEVEL,
        applicationType: 'normal',
        status: 'approved',
        policyVersionId,
        declared: declared as unknown as Prisma.InputJsonValue,
        eligibility: verdict as Prisma.InputJsonValue,
        eligible: true,
        round: 1,
        submittedAt: now,
        decidedAt: now,
      },
      select: { id: true },
    });
    ids.push(row.id);
  }
  await audit.record(
    null,
    ORIGIN,
    {
      category: 'data_change',
      action: 'demo_exam.applications',
      entityType: 'Batch',
      entityId: batch.id,
      reason: DEMO_EXAM_REASON,
      details: { approved: ids.length, level: DEMO_EXAM_LEVEL, occupation: DEMO_EXAM_OCCUPATION_CODE },
    },
    tx,
  );
  return ids;
}

/** The demo room (第1考场 of the demo venue), given a seat map if it has none. */
async function demoRoom(tx: Tx, audit: AuditService) {
  const room = await tx.room.findFirstOrThrow({
    where: { name: DEMO_EXAM_ROOM, venue: { regionId: DEMO_REGION, name: '新乡市工考办人机对话考点' } },
    select: { id: true, name: true, capacity: true, _count: { select: { seats: true } } },
  });
  if (room._count.seats === 0) {
    const rows = 5;
    const columns = 6;
    const seats = buildSeatMap({ roomName: room.name, computer: true, rows, columns, spareSeats: 2 });
    await tx.room.update({
      where: { id: room.id },
      data: { rows, columns, spareSeats: 2, capacity: rows * columns - 2 },
    });
    await tx.seat.createMany({ data: seats.map((s) => ({ ...s, roomId: room.id })) });
    await audit.record(
      null,
      ORIGIN,
      {
        category: 'data_change',
        action: 'demo_exam.room_layout',
        entityType: 'Room',
        entityId: room.id,
        reason: DEMO_EXAM_REASON,
        details: { rows, columns, spareSeats: 2 },
      },
      tx,
    );
  }
  const seats = await tx.seat.findMany({
    where: { roomId: room.id, spare: false, disabled: false },
    orderBy: [{ row: 'asc' }, { column: 'asc' }],
    select: { id: true },
  });
  return { id: room.id, seats };
}

/** Today's sitting, opened, with its room, seats, invigilator and the applications' published 准考证. */
async function createSitting(
  tx: Tx,
  audit: AuditService,
  batch: DemoBatch,
  plan: DemoExamPlan,
  applicationIds: string[],
  now: Date,
): Promise<string> {
  const occupation = await tx.occupation.findUniqueOrThrow({
    where: { regionId_code: { regionId: DEMO_REGION, code: DEMO_EXAM_OCCUPATION_CODE } },
    select: { id: true },
  });
  const room = await demoRoom(tx, audit);
  if (room.seats.length < applicationIds.length)
    throw new Error(
      `演示考试：${DEMO_EXAM_ROOM}的座位不足（${room.seats.length} < ${applicationIds.length}）`,
    );
  const invigilator = await tx.user.findUniqueOrThrow({
    where: { username: 'invigilator' },
    select: { id: true },
  });
  const sitting = await tx.sitting.create({
    data: {
      batchId: batch.id,
      component: 'theory',
      subject: DEMO_EXAM_SUBJECT,
      occupationId: occupation.id,
      level: DEMO_EXAM_LEVEL,
      name: plan.name,
      startsAt: plan.startsAt,
      durationMinutes: plan.durationMinutes,
      endsAt: plan.endsAt,
      status: 'open',
      publishedAt: now,
      rooms: {
        create: [
          {
            roomId: room.id,
            position: 0,
            invigilators: { create: [{ userId: invigilator.id, chief: true }] },
          },
        ],
      },
    },
    select: { id: true },
  });
  await tx.seatAssignment.createMany({
    data: applicationIds.map((applicationId, i) => ({
      sittingId: sitting.id,
      applicationId,
      roomId: room.id,
      seatId: room.seats[i]!.id,
      assignedAt: now,
    })),
  });
  // the demo 考评员 marks this batch's short answers (阅卷)
  const panel = await tx.user.findUnique({ where: { username: 'panel' }, select: { id: true } });
  if (panel)
    await tx.panelAssignment.upsert({
      where: {
        userId_batchId_occupationId_level: {
          userId: panel.id,
          batchId: batch.id,
          occupationId: occupation.id,
          level: DEMO_EXAM_LEVEL,
        },
      },
      create: { userId: panel.id, batchId: batch.id, occupationId: occupation.id, level: DEMO_EXAM_LEVEL },
      update: {},
    });
  const tickets = await ensureTickets(tx, batch, applicationIds, now);
  await audit.record(
    null,
    ORIGIN,
    {
      category: 'data_change',
      action: 'demo_exam.sitting',
      entityType: 'Sitting',
      entityId: sitting.id,
      reason: DEMO_EXAM_REASON,
      details: {
        day: plan.day,
        startsAt: plan.startsAt.toISOString(),
        durationMinutes: plan.durationMinutes,
        roomId: room.id,
        candidates: applicationIds.length,
        ticketsIssued: tickets,
      },
    },
    tx,
  );
  return sitting.id;
}

/** Published 准考证 for the applications without one (numbered as the tickets service numbers them). */
async function ensureTickets(tx: Tx, batch: DemoBatch, applicationIds: string[], now: Date): Promise<number> {
  const have = new Set(
    (
      await tx.admissionTicket.findMany({
        where: { applicationId: { in: applicationIds } },
        select: { applicationId: true },
      })
    ).map((t) => t.applicationId),
  );
  await tx.admissionTicket.updateMany({
    where: { applicationId: { in: applicationIds }, publishedAt: null },
    data: { publishedAt: now },
  });
  const missing = applicationIds.filter((id) => !have.has(id));
  if (missing.length === 0) return 0;
  let sequence = 0;
  for (const { ticketNumber } of await tx.admissionTicket.findMany({
    where: { batchId: batch.id },
    select: { ticketNumber: true },
  })) {
    const tail = Number(ticketNumber.slice(batch.code.length));
    if (ticketNumber.startsWith(batch.code) && Number.isInteger(tail)) sequence = Math.max(sequence, tail);
  }
  await tx.admissionTicket.createMany({
    data: missing.map((applicationId) => ({
      applicationId,
      batchId: batch.id,
      ticketNumber: `${batch.code}${String(++sequence).padStart(SEQUENCE_DIGITS, '0')}`,
      createdAt: now,
      publishedAt: now,
    })),
  });
  return missing.length;
}
