import { Inject, Injectable } from '@nestjs/common';
import type { ItemType } from '@exam/contracts';
import { PRISMA, type PrismaClient } from '../database/prisma.js';

/** Queries of paper delivery: an attempt's paper with its pinned item versions and pictures. */
@Injectable()
export class PaperDeliveryRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  paperOfAttempt(attemptId: string) {
    return this.prisma.attempt.findUnique({
      where: { id: attemptId },
      select: {
        id: true,
        paper: {
          select: {
            id: true,
            contentKey: true,
            blueprint: { select: { name: true, spec: true } },
          },
        },
      },
    });
  }

  contentKey(attemptId: string) {
    return this.prisma.paper.findFirst({
      where: { attempt: { id: attemptId } },
      select: { contentKey: true },
    });
  }

  async items(paperId: string) {
    const rows = await this.prisma.paperItem.findMany({
      where: { paperId },
      orderBy: { position: 'asc' },
      select: {
        position: true,
        section: true,
        pointsTenths: true,
        optionOrder: true,
        bankItemVersion: {
          select: {
            type: true,
            stem: true,
            options: true,
            key: true,
            image: { select: { mediaType: true, bytes: true } },
          },
        },
      },
    });
    return rows.map((r) => ({
      position: r.position,
      section: r.section,
      pointsTenths: r.pointsTenths,
      optionOrder: r.optionOrder,
      type: r.bankItemVersion.type as ItemType,
      stem: r.bankItemVersion.stem,
      options: r.bankItemVersion.options,
      key: r.bankItemVersion.key,
      image: r.bankItemVersion.image,
    }));
  }
}
