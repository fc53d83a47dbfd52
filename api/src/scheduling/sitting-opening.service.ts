import { Inject, Injectable } from '@nestjs/common';
import {
  formatShanghai,
  type OpenSittingRequest,
  type PublishSittingsRequest,
  type PublishSittingsResult,
  type SittingView,
} from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { assertInWindow } from '../applications/batch-windows.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, OutOfScope } from '../common/domain-errors.js';
import { HandbookStatusService } from './handbook-status.service.js';
import { HandbookRepository } from './handbook.repository.js';
import { SittingsService } from './sittings.service.js';

/** A sitting may be opened at most this long before it starts (invigilators admit candidates first). */
export const OPEN_EARLY_MINUTES = 120;

const shown = (d: Date) => formatShanghai(d).slice(0, 16);

/**
 * A sitting's way to the exam: draft → published (the batch's drafts at once, by the office) → open (by
 * the office or one of the sitting's invigilators). Opening needs a published 考务手册 that still matches
 * the plan (a late one is fine), the batch's exam window, and a time no earlier than OPEN_EARLY_MINUTES
 * before the start and before the end. Each move is one transaction under the scheduling lock, audited as
 * a decision with its reason.
 */
@Injectable()
export class SittingOpeningService {
  constructor(
    private readonly repository: HandbookRepository,
    private readonly handbook: HandbookStatusService,
    private readonly sittings: SittingsService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async publishAll(
    actor: Actor,
    origin: RequestOrigin,
    batchId: string,
    input: PublishSittingsRequest,
  ): Promise<PublishSittingsResult> {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    await this.access.assertRegion(actor, batch.regionId, ['exam_office']);
    const now = this.clock.now();
    return this.repository.transaction(async (tx) => {
      await this.repository.lockScheduling(tx);
      const live = await this.repository.countLive(tx, batchId);
      if (live === 0) throw new Conflict('本批次还没有场次，请先安排场次');
      const drafts = await this.repository.draftSittings(tx, batchId);
      const published = await this.repository.publishDrafts(
        tx,
        drafts.map((d) => d.id),
        now,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'sitting.publish',
          entityType: 'batch',
          entityId: batchId,
          reason: input.reason,
          details: { sittings: drafts.map((d) => ({ id: d.id, name: d.name })), at: now.toISOString() },
        },
        tx,
      );
      return { published, alreadyPublished: live - published };
    });
  }

  async open(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: OpenSittingRequest,
  ): Promise<SittingView> {
    const sitting = await this.repository.sitting(id);
    if (!sitting) throw new NotFound('没有找到该场次');
    const batch = await this.repository.batch(sitting.batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    const manages = await this.access.assertRegion(actor, batch.regionId, ['exam_office']).then(
      () => true,
      () => false,
    );
    if (!manages && !(hasRole(actor, 'invigilator') && (await this.repository.invigilates(id, actor.userId))))
      throw new OutOfScope('该场次不在您的监考或管理范围内');

    const now = this.clock.now();
    await this.repository.transaction(async (tx) => {
      await this.repository.lockScheduling(tx);
      const current = await this.repository.sitting(id, tx);
      if (!current) throw new NotFound('没有找到该场次');
      const name = `场次「${current.name}」`;
      switch (current.status) {
        case 'draft':
          throw new Conflict(`${name}尚未发布，不能开考；请考务办先发布场次`);
        case 'open':
          throw new Conflict(`${name}已经开考`);
        case 'closed':
          throw new Conflict(`${name}已结束，不能再开考`);
        case 'cancelled':
          throw new Conflict(`${name}已取消，不能开考`);
      }
      assertInWindow(batch.windows, 'exam', now, '开考');
      if (now >= current.endsAt) throw new Conflict(`${name}已于 ${shown(current.endsAt)} 结束，不能再开考`);
      const earliest = new Date(current.startsAt.getTime() - OPEN_EARLY_MINUTES * 60_000);
      if (now < earliest)
        throw new Conflict(
          `${name}于 ${shown(current.startsAt)} 开始，最早可于 ${shown(earliest)}（开始前 ${OPEN_EARLY_MINUTES} 分钟）开考`,
        );

      const evaluation = await this.handbook.evaluate(batch.id, tx);
      if (evaluation.state === 'none')
        throw new Conflict(`本批次尚未发布考务手册，${name}不能开考；请考务办先发布考务手册`);
      const latest = evaluation.latest!;
      if (evaluation.state === 'outdated' || !latest.sittingIds.includes(id))
        throw new Conflict(
          `考务手册第 ${latest.version} 版发布后考务安排已变更（${evaluation.changes.join('；')}），` +
            `须重新发布考务手册后${name}才能开考`,
        );
      if ((await this.repository.moveStatus(tx, id, 'published', 'open', now)) !== 1)
        throw new Conflict(`${name}的状态已被他人修改，请刷新后重试`);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'sitting.open',
          entityType: 'sitting',
          entityId: id,
          reason: input.reason,
          details: {
            batchId: batch.id,
            handbookId: latest.id,
            handbookVersion: latest.version,
            handbookLate: latest.late,
            at: now.toISOString(),
          },
        },
        tx,
      );
    });
    return this.sittings.get(actor, id);
  }
}
