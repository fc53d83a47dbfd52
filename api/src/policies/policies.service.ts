import { Inject, Injectable } from '@nestjs/common';
import {
  policyDocumentSchema,
  type PolicyDetailView,
  type PolicyDocument,
  type PolicyVersionView,
} from '@exam/contracts';
import { policyChecksum, type Prisma } from '@exam/db';
import { AccessService } from '../access/access.service.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { toIso } from '../common/iso.js';
import { formatIssues } from '../common/zod-pipe.js';
import { PoliciesRepository } from './policies.repository.js';

export interface LoadedPolicy {
  versionId: string;
  policyId: string;
  version: number;
  document: PolicyDocument;
}

/**
 * Policy versions: a published version is immutable (the database refuses changes too); a change is a new
 * draft version, published with a reason. Every decision records the version it used.
 */
@Injectable()
export class PoliciesService {
  /** published versions never change, so their parsed documents are cached by version id */
  private readonly cache = new Map<string, LoadedPolicy>();

  constructor(
    private readonly repository: PoliciesRepository,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async load(versionId: string): Promise<LoadedPolicy> {
    const cached = this.cache.get(versionId);
    if (cached) return cached;
    const row = await this.repository.version(versionId);
    if (!row) throw new NotFound('没有找到该政策版本');
    const parsed = policyDocumentSchema.safeParse(row.document);
    if (!parsed.success)
      throw new Conflict(`政策 ${row.policyId} 第 ${row.version} 版的内容无法解析，请联系系统管理员`);
    const loaded: LoadedPolicy = {
      versionId: row.id,
      policyId: row.policyId,
      version: row.version,
      document: parsed.data,
    };
    if (row.status !== 'draft') this.cache.set(versionId, loaded);
    return loaded;
  }

  async detail(policyId: string): Promise<PolicyDetailView> {
    const policy = await this.repository.policy(policyId);
    if (!policy) throw new NotFound(`没有找到政策「${policyId}」`);
    return {
      id: policy.id,
      regionId: policy.regionId,
      year: policy.year,
      title: policy.title,
      documentNo: policy.documentNo,
      versions: policy.versions.map((v) => ({
        version: v.version,
        status: v.status,
        checksum: v.checksum,
        publishedAt: toIso(v.publishedAt),
      })),
    };
  }

  async version(policyId: string, version: number): Promise<PolicyVersionView> {
    const row = await this.repository.versionOf(policyId, version);
    if (!row) throw new NotFound(`没有找到政策「${policyId}」第 ${version} 版`);
    const loaded = await this.load(row.id);
    return {
      policyId,
      version,
      status: row.status,
      checksum: row.checksum,
      publishedAt: toIso(row.publishedAt),
      document: loaded.document,
    };
  }

  private parseDocument(policyId: string, input: unknown): PolicyDocument {
    const parsed = policyDocumentSchema.safeParse(input);
    if (!parsed.success) {
      const issues = formatIssues(parsed.error).map((i) => ({ ...i, path: `document.${i.path}` }));
      throw new ValidationFailed(
        `政策内容有误：${issues
          .slice(0, 5)
          .map((i) => `${i.path}：${i.message}`)
          .join('；')}`,
        issues,
      );
    }
    if (parsed.data.id !== policyId)
      throw new ValidationFailed(
        `政策内容的编号（${parsed.data.id}）与地址中的政策编号（${policyId}）不一致`,
        [{ path: 'document.id', message: '与政策编号不一致' }],
      );
    return parsed.data;
  }

  /** A new draft version (the next number); an unchanged document is refused. */
  async createVersion(actor: Actor, origin: RequestOrigin, policyId: string, input: unknown, reason: string) {
    const policy = await this.repository.policy(policyId);
    if (!policy) throw new NotFound(`没有找到政策「${policyId}」`);
    await this.access.assertRegion(actor, policy.regionId);
    const document = this.parseDocument(policyId, input);
    if (document.regionId !== policy.regionId)
      throw new ValidationFailed(`政策所属地区不能更改（应为 ${policy.regionId}）`, [
        { path: 'document.regionId', message: '不能更改政策所属地区' },
      ]);
    const checksum = policyChecksum(document);
    if (policy.versions.some((v) => v.checksum === checksum))
      throw new Conflict('内容与已有版本完全相同，无需新建版本');
    return this.repository.transaction(async (tx) => {
      const latest = await this.repository.latestVersion(policyId, tx);
      if (latest?.status === 'draft')
        throw new Conflict(`已有未发布的第 ${latest.version} 版草稿，请先发布或修改该草稿`);
      const row = await this.repository.createVersion(tx, {
        policyId,
        version: (latest?.version ?? 0) + 1,
        status: 'draft',
        document: JSON.parse(JSON.stringify(document)) as Prisma.InputJsonValue,
        checksum,
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'policy.version_create',
          entityType: 'PolicyVersion',
          entityId: row.id,
          reason,
          details: { policyId, version: row.version, checksum },
        },
        tx,
      );
      return { policyId, version: row.version, status: row.status };
    });
  }

  /** Publishes a draft: from then on it is immutable, and earlier published versions are retired. */
  async publish(actor: Actor, origin: RequestOrigin, policyId: string, version: number, reason: string) {
    const policy = await this.repository.policy(policyId);
    const row = await this.repository.versionOf(policyId, version);
    if (!policy || !row) throw new NotFound(`没有找到政策「${policyId}」第 ${version} 版`);
    await this.access.assertRegion(actor, policy.regionId);
    if (row.status !== 'draft') throw new Conflict(`第 ${version} 版已发布，发布后的版本不能修改`);
    return this.repository.transaction(async (tx) => {
      const published = await this.repository.publishDraft(tx, row.id, this.clock.now());
      if (!published) throw new Conflict(`第 ${version} 版已被他人发布`);
      await this.repository.retirePublished(tx, policyId, row.id);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'policy.version_publish',
          entityType: 'PolicyVersion',
          entityId: row.id,
          reason,
          details: { policyId, version },
        },
        tx,
      );
      return { policyId, version, status: 'published' as const };
    });
  }
}
