import { Inject, Injectable } from '@nestjs/common';
import { levelName, shanghaiDay, type OrganisationKind, type PublicityView } from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import { fromDay, toDay } from '../common/iso.js';
import { PoliciesService, type LoadedPolicy } from '../policies/policies.service.js';
import { ApplicationsService } from './applications.service.js';
import { PublicityRepository, type PublicityRow } from './publicity.repository.js';
import { advanceUpdate, ReviewService } from './review.service.js';
import { mayDecideAt, type ResolvedStage } from './review-chain.js';

/**
 * 公示: after a stage whose policy asks for it (seed 001 四（二）2: the unit, ≥ 5 working days), the
 * approved applications are listed for N working days of the official calendar; only when the last day
 * has passed may the list be closed. Entries without objection go on to the next stage; an objection sends
 * the application back to the stage that approved it, to decide again.
 */
@Injectable()
export class PublicityService {
  constructor(
    private readonly repository: PublicityRepository,
    private readonly applications: ApplicationsService,
    private readonly policies: PoliciesService,
    private readonly calendar: CalendarService,
    private readonly review: ReviewService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Only the organisation's own staff run its publicity: those who decide at its stage of the chain. */
  private assertRuns(actor: Actor, organisation: { id: string; kind: OrganisationKind }) {
    if (!mayDecideAt(actor, { orgKind: organisation.kind, organisationId: organisation.id }))
      throw new OutOfScope('只有该单位（机构）的经办人员可以组织公示');
  }

  async create(
    actor: Actor,
    origin: RequestOrigin,
    body: {
      batchId: string;
      organisationId: string;
      applicationIds: string[];
      startsOn?: string | undefined;
      title?: string | undefined;
    },
  ): Promise<PublicityView> {
    const organisation = await this.repository.organisation(body.organisationId);
    if (!organisation) throw new NotFound('没有找到该单位');
    this.assertRuns(actor, organisation);
    const ids = [...new Set(body.applicationIds)];
    const rows = await this.repository.applications(ids);
    const issues: { path: string; message: string }[] = [];
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row) issues.push({ path: 'applicationIds', message: `申报 ${id} 不存在` });
      else if (row.batchId !== body.batchId)
        issues.push({ path: 'applicationIds', message: `${row.number} 不属于本批次` });
      else if (row.status !== 'publicity' || row.stageOrganisationId !== organisation.id)
        issues.push({ path: 'applicationIds', message: `${row.number} 不在本单位待公示名单中` });
      else if (row.publicityEntries.some((e) => e.publicity.status === 'running'))
        issues.push({ path: 'applicationIds', message: `${row.number} 已在公示中` });
    }
    if (issues.length)
      throw new ValidationFailed(`公示名单有误：${issues.map((i) => i.message).join('；')}`, issues);
    const days = new Set<number>();
    for (const row of rows) {
      const policy = await this.policies.load(row.policyVersionId);
      const chain = await this.applications.chainOf(row, policy);
      days.add(chain[row.stageIndex]?.publicityWorkingDays ?? 0);
    }
    if (days.size !== 1 || days.has(0)) throw new Conflict('所选申报的公示天数要求不一致，请分开公示');
    const workingDays = [...days][0]!;
    const now = this.clock.now();
    const today = shanghaiDay(now);
    const startsOn = body.startsOn ?? today;
    if (startsOn < today)
      throw new ValidationFailed('公示开始日期不能早于今天', [{ path: 'startsOn', message: '不能早于今天' }]);
    const calendar = await this.calendar.calendar();
    const endsOn = calendar.addWorkingDays(startsOn, workingDays);
    const title = body.title ?? `${organisation.name}申报人员公示`;
    const id = await this.repository.transaction(async (tx) => {
      // two publicities started at once for the same applications: the second waits here, then finds the first
      await this.repository.lockApplications(tx, ids);
      const taken = await this.repository.runningEntries(tx, ids);
      if (taken.length) throw new Conflict(`${taken.map((e) => e.application.number).join('、')} 已在公示中`);
      const publicity = await this.repository.create(tx, {
        batchId: body.batchId,
        organisationId: organisation.id,
        title,
        workingDays,
        startsOn: fromDay(startsOn),
        endsOn: fromDay(endsOn),
        createdByUserId: actor.userId,
        createdAt: now,
        entries: { create: ids.map((applicationId) => ({ applicationId })) },
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'publicity.start',
          entityType: 'Publicity',
          entityId: publicity.id,
          reason: `公示 ${workingDays} 个工作日（${startsOn} 至 ${endsOn}）`,
          details: { applications: ids.length, organisationId: organisation.id },
        },
        tx,
      );
      return publicity.id;
    });
    return this.get(actor, id);
  }

  async objection(actor: Actor, origin: RequestOrigin, id: string, applicationId: string, objection: string) {
    const publicity = await this.repository.find(id);
    if (!publicity) throw new NotFound('没有找到该公示');
    this.assertRuns(actor, publicity.organisation);
    if (publicity.status !== 'running') throw new Conflict('公示已结束，不能再登记异议');
    const entry = publicity.entries.find((e) => e.applicationId === applicationId);
    if (!entry)
      throw new ValidationFailed('该申报不在本公示名单中', [
        { path: 'applicationId', message: '不在公示名单中' },
      ]);
    await this.repository.transaction(async (tx) => {
      if (!(await this.repository.setObjectionIfRunning(tx, entry.id, objection)))
        throw new Conflict('公示已结束，不能再登记异议');
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'publicity.objection',
          entityType: 'Application',
          entityId: applicationId,
          reason: objection,
          details: { publicityId: id },
        },
        tx,
      );
    });
    return this.get(actor, id);
  }

  /** Ends a publicity whose last day has passed; moves each entry on (or back, when objected to). */
  async close(actor: Actor, origin: RequestOrigin, id: string, reason: string) {
    const publicity = await this.repository.find(id);
    if (!publicity) throw new NotFound('没有找到该公示');
    this.assertRuns(actor, publicity.organisation);
    if (publicity.status !== 'running') throw new Conflict('该公示已结束');
    const now = this.clock.now();
    const endsOn = toDay(publicity.endsOn);
    if (shanghaiDay(now) <= endsOn)
      throw new Conflict(`公示期至 ${endsOn} 结束（${publicity.workingDays} 个工作日），期满后才能结束公示`);
    // the chains are resolved before the transaction; objections and states are read again inside it
    const chains = new Map<string, { chain: ResolvedStage[]; policy: LoadedPolicy }>();
    for (const entry of publicity.entries) {
      const row = entry.application;
      const policy = await this.policies.load(row.policyVersionId);
      chains.set(row.id, { chain: await this.applications.chainOf(row, policy), policy });
    }
    await this.repository.transaction(async (tx) => {
      if (!(await this.repository.closeIfRunning(tx, id, now))) throw new Conflict('该公示已被他人结束');
      const entries = await this.repository.entries(tx, id);
      let moved = 0;
      let objections = 0;
      for (const entry of entries) {
        const row = entry.application;
        if (row.status !== 'publicity') continue;
        const { chain, policy } = chains.get(row.id)!;
        const stage = chain[row.stageIndex];
        if (!stage || stage.organisationId !== row.stageOrganisationId)
          throw new Conflict(`申报 ${row.number} 的审核环节已变化（机构调整），请联系考务管理人员`);
        const update = entry.objection
          ? { status: 'in_review' as const, stageOrganisationId: stage.organisationId }
          : advanceUpdate(chain, row.stageIndex, now);
        const ok = await this.repository.moveIf(
          tx,
          row.id,
          { stageIndex: row.stageIndex, round: row.round },
          update,
        );
        if (!ok) throw new Conflict(`申报 ${row.number} 已被他人处理，请刷新后重试`);
        if (update.status === 'approved') await this.review.raiseFees(tx, row, policy, now);
        await tx.applicationReview.create({
          data: {
            applicationId: row.id,
            round: row.round,
            stageIndex: stage.index,
            stageName: `${stage.name.slice(0, 34)}（公示期满）`,
            organisationId: publicity.organisationId,
            decision: entry.objection ? 'return' : 'approve',
            reason: entry.objection
              ? `公示期间收到异议，退回本环节重新审核：${entry.objection}`
              : `公示期满无异议：${reason}`,
            reviewerUserId: actor.userId,
            reviewerName: actor.displayName,
            policyVersionId: row.policyVersionId,
            eligibleAtDecision: row.eligible,
            at: now,
          },
        });
        moved++;
        if (entry.objection) objections++;
      }
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'publicity.close',
          entityType: 'Publicity',
          entityId: id,
          reason,
          details: { entries: moved, objections },
        },
        tx,
      );
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<PublicityView> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFound('没有找到该公示');
    await this.access.assertOrganisation(actor, row.organisationId, ['unit_hr', 'reviewer', 'exam_office']);
    return this.view(row);
  }

  async list(actor: Actor, batchId: string | undefined): Promise<PublicityView[]> {
    const roots = this.access.subtreeRoots(actor, ['unit_hr', 'reviewer', 'exam_office']);
    if (roots !== null && !roots.length) return [];
    const rows = await this.repository.list(batchId, roots);
    return Promise.all(rows.map((r) => this.view(r)));
  }

  private async view(row: PublicityRow): Promise<PublicityView> {
    const now = this.clock.now();
    const entries: PublicityView['entries'] = [];
    for (const e of row.entries) {
      const policy = await this.policies.load(e.application.policyVersionId);
      entries.push({
        applicationId: e.applicationId,
        number: e.application.number,
        personName: e.application.person.name,
        occupationName: e.application.occupation.name,
        targetLevelName: levelName(policy.document, e.application.targetLevel),
        objection: e.objection,
      });
    }
    return {
      id: row.id,
      batchId: row.batchId,
      organisationId: row.organisationId,
      organisationName: row.organisation.name,
      title: row.title,
      workingDays: row.workingDays,
      startsOn: toDay(row.startsOn),
      endsOn: toDay(row.endsOn),
      status: row.status,
      closable: row.status === 'running' && shanghaiDay(now) > toDay(row.endsOn),
      entries,
    };
  }
}
