import { Inject, Injectable } from '@nestjs/common';
import {
  levelName,
  type HandbookPreviewQuery,
  type HandbookStatusView,
  type JobView,
  type PublishHandbookRequest,
  type PublishHandbookResult,
} from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, OutOfScope } from '../common/domain-errors.js';
import { fromDay } from '../common/iso.js';
import { DocumentsService } from '../documents/documents.service.js';
import { FileStore } from '../files/file-store.js';
import { JobsService } from '../jobs/jobs.service.js';
import { PoliciesService } from '../policies/policies.service.js';
import { leadTimeText, publishedLate } from './handbook-deadline.js';
import { handbookSpec } from './handbook-document.js';
import { fingerprint, planSummary, type PlanSitting } from './handbook-plan.js';
import { HandbookStatusService, stateLabel } from './handbook-status.service.js';
import { HandbookRepository, type HandbookBatchRow } from './handbook.repository.js';

/** Pages of a PDF as pdfkit writes them (`/Type /Page` objects). */
export function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/**
 * 考务手册: the status of a batch's handbook (versions, outdated?, deadline), a draft preview, publication of
 * a new version (rendered as a job in the bulk document pool, stored content-addressed, audited with its
 * reason) and download of a published version. The office of the batch's region does everything; the
 * batch's invigilators read the status and download published versions.
 */
@Injectable()
export class HandbookService {
  constructor(
    private readonly repository: HandbookRepository,
    private readonly status: HandbookStatusService,
    private readonly policies: PoliciesService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly files: FileStore,
    private readonly jobs: JobsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async get(actor: Actor, batchId: string): Promise<HandbookStatusView> {
    const batch = await this.reader(actor, batchId);
    const evaluation = await this.status.evaluate(batchId);
    const deadline = await this.status.deadlineView(
      batch,
      evaluation.plan[0]?.startsAt ?? null,
      evaluation.state,
    );
    const versions = await this.status.versionViews(await this.repository.versions(batchId));
    return {
      batchId,
      batchName: batch.name,
      state: evaluation.state,
      stateLabel: stateLabel(evaluation.state),
      changes: evaluation.changes,
      sittings: evaluation.plan.length,
      deadline,
      latest: versions[0] ?? null,
      versions,
    };
  }

  /** A draft render of the handbook as it would be published now (or of one sitting / room). */
  async preview(
    actor: Actor,
    origin: RequestOrigin,
    batchId: string,
    query: HandbookPreviewQuery,
  ): Promise<{ bytes: Buffer; fileName: string }> {
    const batch = await this.office(actor, batchId);
    const plan = await this.repository.plan(batchId, undefined, query);
    if (query.sittingId && plan.length === 0)
      throw new NotFound('没有找到该场次，或该场次不属于本批次、已取消');
    if (query.roomId && plan.length === 0) throw new NotFound('没有找到该考场，或该考场不在所选场次中');
    const scope =
      query.sittingId || query.roomId
        ? [plan[0]?.name, query.roomId ? plan[0]?.rooms[0]?.name : null].filter(Boolean).join(' · ')
        : undefined;
    const deadline = await this.status.deadline(batch, (await this.repository.firstStart(batchId)) ?? null);
    const spec = await this.spec(batch, plan, null, this.clock.now(), deadline, scope);
    const bytes = await this.documents.renderPdf(spec);
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'handbook.preview',
      entityType: 'batch',
      entityId: batchId,
      details: { sittingId: query.sittingId ?? null, roomId: query.roomId ?? null, pages: pageCount(bytes) },
    });
    return { bytes, fileName: `考务手册-${batch.code}-草稿预览.pdf` };
  }

  /**
   * Publishes a new version: checks at once (scope, sittings, a plan that differs from the current
   * version, the deadline's calendar), then renders in a job and stores the version only if the plan did
   * not change meanwhile. Late publication is allowed; the result and the audit entry say so.
   */
  async publish(
    actor: Actor,
    origin: RequestOrigin,
    batchId: string,
    input: PublishHandbookRequest,
  ): Promise<JobView> {
    const batch = await this.office(actor, batchId);
    const before = await this.status.evaluate(batchId);
    if (before.plan.length === 0) throw new Conflict('本批次还没有场次，无法发布考务手册');
    if (before.state === 'current')
      throw new Conflict(`考务手册第 ${before.latest!.version} 版与当前考务安排一致，无需重新发布`);
    const deadline = await this.status.deadline(batch, before.plan[0]!.startsAt);
    const version = (before.latest?.version ?? 0) + 1;
    const total = before.plan.length + 2;
    return this.jobs.start(actor, 'handbook.publish', total, async (job) => {
      await job.progress(0, total, '正在读取考务安排');
      const plan = await this.repository.plan(batchId);
      const print = fingerprint(plan);
      await job.progress(plan.length, total, '正在生成考务手册');
      const at = this.clock.now();
      const bytes = await this.documents.renderPdfBulk(await this.spec(batch, plan, version, at, deadline));
      const sha256 = await this.files.put(bytes);
      const pages = pageCount(bytes);
      await job.progress(plan.length + 1, total, `已生成 ${pages} 页，正在保存`);
      const late = publishedLate(at, deadline);
      const summary = planSummary(plan);
      const row = await this.repository.transaction(async (tx) => {
        await this.repository.lockScheduling(tx);
        const latest = await this.repository.latest(batchId, tx);
        if ((latest?.version ?? 0) !== version - 1)
          throw new Conflict(`其他人刚刚发布了考务手册第 ${latest?.version} 版，请刷新后再操作`);
        if (fingerprint(await this.repository.plan(batchId, tx)).planHash !== print.planHash)
          throw new Conflict('生成考务手册期间考务安排发生了变化，请重新发布');
        const created = await this.repository.createVersion(tx, {
          batchId,
          version,
          fileSha256: sha256,
          fileName: `考务手册-${batch.code}-第${version}版.pdf`,
          pages,
          planHash: print.planHash,
          sittingIds: plan.map((s) => s.id),
          sittingHashes: print.sittingHashes,
          summary: summary as unknown as Prisma.InputJsonValue,
          deadline: deadline ? fromDay(deadline) : null,
          late,
          publishedAt: at,
          publishedByUserId: actor.userId,
          reason: input.reason,
        });
        await this.audit.record(
          actor,
          origin,
          {
            category: 'decision',
            action: 'handbook.publish',
            entityType: 'batch',
            entityId: batchId,
            reason: input.reason,
            details: {
              handbookId: created.id,
              version,
              sha256,
              pages,
              deadline,
              late,
              sittingIds: plan.map((s) => s.id),
              ...summary,
            },
          },
          tx,
        );
        return created;
      });
      await job.progress(total, total, `已发布第 ${version} 版`);
      const result: PublishHandbookResult = {
        handbookId: row.id,
        version,
        pages,
        late,
        warning: late ? `发布时间晚于政策规定的发布时限（${deadline}），请在考务记录中说明原因` : null,
      };
      return { result, file: { bytes, name: row.fileName } };
    });
  }

  /** A published version's PDF, for the office and the batch's invigilators; audited as an access. */
  async download(actor: Actor, origin: RequestOrigin, batchId: string, version: number) {
    await this.reader(actor, batchId);
    const row = await this.repository.version(batchId, version);
    if (!row) throw new NotFound(`没有找到考务手册第 ${version} 版`);
    const bytes = await this.files.read(row.fileSha256);
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'handbook.download',
      entityType: 'batch',
      entityId: batchId,
      details: { handbookId: row.id, version },
    });
    return { bytes, fileName: row.fileName };
  }

  private async spec(
    batch: HandbookBatchRow,
    plan: PlanSitting[],
    version: number | null,
    at: Date,
    deadline: string | null,
    scope?: string,
  ) {
    const policy = await this.policies.load(batch.policyVersionId);
    const lead = policy.document.handbookLeadTime;
    return handbookSpec({
      regionName: batch.region.name,
      batchName: batch.name,
      batchCode: batch.code,
      policyTitle: batch.policyVersion.policy.title,
      policyRef: `${batch.policyVersion.policyId}@${batch.policyVersion.version}`,
      leadTimeText: leadTimeText(lead),
      leadTimeCite: lead.cite,
      deadline,
      version,
      at,
      levelNames: Object.fromEntries(
        (['L5', 'L4', 'L3', 'L2', 'L1'] as const).map((l) => [l, levelName(policy.document, l)]),
      ),
      sittings: plan,
      ...(scope ? { scope } : {}),
    });
  }

  private async office(actor: Actor, batchId: string): Promise<HandbookBatchRow> {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    await this.access.assertRegion(actor, batch.regionId, ['exam_office']);
    return batch;
  }

  private async reader(actor: Actor, batchId: string): Promise<HandbookBatchRow> {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    const manages = await this.access.assertRegion(actor, batch.regionId, ['exam_office']).then(
      () => true,
      () => false,
    );
    if (manages) return batch;
    if (hasRole(actor, 'invigilator') && (await this.repository.invigilatesInBatch(batchId, actor.userId)))
      return batch;
    throw new OutOfScope('该批次不在您的监考或管理范围内');
  }
}
