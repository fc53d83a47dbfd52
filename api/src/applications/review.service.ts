import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APPLICATION_STATUS_LABELS, type BulkReviewResult, type ReviewDecision } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, DomainError, Forbidden, NotFound, OutOfScope } from '../common/domain-errors.js';
import { PoliciesService, type LoadedPolicy } from '../policies/policies.service.js';
import { ApplicationsRepository, type ApplicationDetailRow } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';
import { assertInWindow } from './batch-windows.js';
import { mayDecideAt, type ResolvedStage } from './review-chain.js';

/** A fee reference quoted in the bank transfer's remark: JF + 10 digits. */
export function feeReference(): string {
  return `JF${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}${randomInt(0, 10)}`;
}

/**
 * 审核: each stage of the chain approves (to the next stage, to the unit's 公示, or to the end), returns the
 * application for correction (back to the applicant, who resubmits to the same stage) or rejects it —
 * always with a reason, inside the batch's review window, in one transaction with its audit entry.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly repository: ApplicationsRepository,
    private readonly applications: ApplicationsService,
    private readonly policies: PoliciesService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async decide(actor: Actor, origin: RequestOrigin, id: string, decision: ReviewDecision, reason: string) {
    const row = await this.repository.findDetail(id);
    if (!row) throw new NotFound('没有找到该申报');
    await this.decideRow(actor, origin, row, decision, reason, new Lookups());
    return this.applications.get(actor, id);
  }

  async bulk(
    actor: Actor,
    origin: RequestOrigin,
    ids: string[],
    decision: ReviewDecision,
    reason: string,
  ): Promise<BulkReviewResult> {
    const unique = [...new Set(ids)];
    const rows = new Map((await this.repository.findMany(unique)).map((r) => [r.id, r]));
    const result: BulkReviewResult = { done: [], failed: [] };
    const lookups = new Lookups();
    for (const id of unique) {
      const row = rows.get(id);
      if (!row) {
        result.failed.push({ id, number: null, message: '没有找到该申报' });
        continue;
      }
      try {
        const status = await this.decideRow(actor, origin, row, decision, reason, lookups);
        result.done.push({ id, number: row.number, status });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        result.failed.push({ id, number: row.number, message: error.message });
      }
    }
    return result;
  }

  private async decideRow(
    actor: Actor,
    origin: RequestOrigin,
    row: ApplicationDetailRow,
    decision: ReviewDecision,
    reason: string,
    lookups: Lookups,
  ) {
    if (row.status !== 'in_review')
      throw new Conflict(`该申报当前为「${APPLICATION_STATUS_LABELS[row.status]}」，不在审核环节`);
    const policy = await this.policies.load(row.policyVersionId);
    const chain = await lookups.once(
      `chain:${row.organisationId}:${row.policyVersionId}:${row.targetLevel}`,
      () => this.applications.chainOf(row, policy),
    );
    const stage = chain[row.stageIndex];
    if (!stage || stage.organisationId !== row.stageOrganisationId)
      throw new Conflict('该申报的审核环节因机构调整已变化，请联系考务管理人员处理');
    if (actor.personId === row.personId) throw new Forbidden('不能审核本人的申报');
    if (!mayDecideAt(actor, stage)) {
      throw new OutOfScope(
        hasRole(actor, 'unit_hr', 'reviewer', 'exam_office')
          ? `该申报当前在「${stage.name}」环节（${stage.organisationName}），不在您的审核范围内`
          : '当前账号不能审核申报',
      );
    }
    const now = this.clock.now();
    const batch = (await lookups.once(`batch:${row.batchId}`, () => this.repository.batch(row.batchId)))!;
    assertInWindow(batch.windows, 'review', now, '审核');
    if (decision === 'approve' && !row.eligible)
      throw new Conflict('资格审核引擎判定不符合申报条件，不能审核通过（可退回修改或不予通过）');

    const next = this.transition(row, chain, stage, decision, now);
    await this.repository.transaction(async (tx) => {
      const ok = await this.repository.updateIf(
        tx,
        row.id,
        { status: 'in_review', stageIndex: row.stageIndex, round: row.round },
        next.update,
      );
      if (!ok) throw new Conflict(`申报 ${row.number} 已被他人处理，请刷新后重试`);
      await this.repository.addReview(tx, {
        applicationId: row.id,
        round: row.round,
        stageIndex: stage.index,
        stageName: stage.name,
        organisationId: stage.organisationId,
        decision,
        reason,
        reviewerUserId: actor.userId,
        reviewerName: actor.displayName,
        policyVersionId: row.policyVersionId,
        eligibleAtDecision: row.eligible,
        at: now,
      });
      if (next.update.status === 'approved') await this.raiseFees(tx, row, policy, now);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: `application.review_${decision}`,
          entityType: 'Application',
          entityId: row.id,
          reason,
          details: {
            number: row.number,
            stage: stage.name,
            organisationId: stage.organisationId,
            round: row.round,
            policy: `${policy.policyId}@${policy.version}`,
            result: next.update.status as string,
          },
        },
        tx,
      );
    });
    return next.update.status as BulkReviewResult['done'][number]['status'];
  }

  private transition(
    row: ApplicationDetailRow,
    chain: ResolvedStage[],
    stage: ResolvedStage,
    decision: 'approve' | 'return' | 'reject',
    now: Date,
  ): { update: Prisma.ApplicationUncheckedUpdateInput } {
    // a return unlocks a printed application: the applicant corrects it and prints it again
    if (decision === 'return')
      return { update: { status: 'returned', stageOrganisationId: null, lockedAt: null } };
    if (decision === 'reject')
      return { update: { status: 'rejected', stageOrganisationId: null, decidedAt: now } };
    if (stage.publicityWorkingDays) return { update: { status: 'publicity' } };
    return { update: advanceUpdate(chain, stage.index, now) };
  }

  /** Fee orders raised when the review chain approves (seed 003: 通过资格审查后缴纳). */
  async raiseFees(
    tx: Prisma.TransactionClient,
    row: { id: string; targetLevel: string },
    policy: LoadedPolicy,
    now: Date,
  ) {
    for (const fee of policy.document.fees) {
      if (fee.level !== row.targetLevel || fee.when !== 'after_review' || fee.amountFen <= 0) continue;
      await this.repository.createFee(tx, {
        applicationId: row.id,
        item: fee.item,
        name: fee.name,
        amountFen: fee.amountFen,
        reference: feeReference(),
        createdAt: now,
      });
    }
  }
}

/** After a stage's approval (and its 公示, if any): the next stage, or the end of the chain. */
export function advanceUpdate(
  chain: ResolvedStage[],
  fromIndex: number,
  now: Date,
): Prisma.ApplicationUncheckedUpdateInput {
  const next = chain[fromIndex + 1];
  if (next) return { status: 'in_review', stageIndex: next.index, stageOrganisationId: next.organisationId };
  return { status: 'approved', stageOrganisationId: null, decidedAt: now };
}

/** What one request looks up again and again (a bulk decision on 500 rows of a few units and one batch). */
class Lookups {
  private readonly values = new Map<string, Promise<unknown>>();

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.values.has(key)) this.values.set(key, load());
    return this.values.get(key) as Promise<T>;
  }
}
