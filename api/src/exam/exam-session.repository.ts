import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

/** Queries of exam logins: tickets, the candidate's theory sittings, exam sessions; no rules here. */
@Injectable()
export class ExamSessionRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  }

  publishedTicket(ticketNumber: string) {
    return this.prisma.admissionTicket.findFirst({
      where: { ticketNumber, publishedAt: { not: null } },
      select: {
        id: true,
        ticketNumber: true,
        applicationId: true,
        application: { select: { person: { select: { idNumber: true, name: true } } } },
      },
    });
  }

  /** The application's 人机对话 (theory) seats, with their sittings, from `from` on (ordered by start). */
  theorySeats(applicationId: string, from: Date) {
    return this.prisma.seatAssignment.findMany({
      where: {
        applicationId,
        sitting: { component: 'theory', endsAt: { gt: from }, status: { not: 'cancelled' } },
      },
      select: {
        sitting: { select: { id: true, name: true, status: true, startsAt: true, endsAt: true } },
      },
      orderBy: { sitting: { startsAt: 'asc' } },
    });
  }

  attemptsOf(applicationId: string, sittingIds: string[]) {
    return this.prisma.attempt.findMany({
      where: { applicationId, sittingId: { in: sittingIds } },
      select: { id: true, sittingId: true, status: true },
    });
  }

  createSession(
    tx: Db,
    data: {
      attemptId: string;
      tokenHash: string;
      clientId: string;
      ip: string | null;
      userAgent: string | null;
      createdAt: Date;
      expiresAt: Date;
    },
  ) {
    return tx.examSession.create({ data });
  }

  /** Ends the attempt's other sessions (a login on another machine replaces the old one). */
  revokeOthers(tx: Db, attemptId: string, keepId: string, now: Date) {
    return tx.examSession.updateMany({
      where: { attemptId, id: { not: keepId }, revokedAt: null },
      data: { revokedAt: now },
    });
  }

  findByTokenHash(tokenHash: string) {
    return this.prisma.examSession.findUnique({ where: { tokenHash } });
  }

  revoke(tx: Db, id: string, now: Date) {
    return tx.examSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  }
}
