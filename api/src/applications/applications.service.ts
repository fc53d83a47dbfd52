import { Inject, Injectable } from '@nestjs/common';
import {
  applicationBodySchema,
  type ApplicationDetail,
  type ApplicationRequest,
  type EligibilityInput,
  type EligibilityResult,
  type Level,
  type Page,
  type ApplicationSummary,
  levelName,
  maskIdNumbersIn,
} from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { AccessService, APPLICANT_STAFF_ROLES } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, Locked, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import { toDay } from '../common/iso.js';
import { evaluateEligibility } from '../eligibility/engine.js';
import { PoliciesService, type LoadedPolicy } from '../policies/policies.service.js';
import { discrepancies, prefillFromArchive } from './application-input.js';
import { toApplicationDetail, toApplicationSummary } from './application-views.js';
import { ApplicationsRepository, type ApplicationDetailRow } from './applications.repository.js';
import { assertInWindow } from './batch-windows.js';
import { MaterialsService } from './materials.service.js';
import { mayDecideAt, resolveChain, type ResolvedStage } from './review-chain.js';

const EDITABLE = new Set(['draft', 'returned']);

export interface Prepared {
  batch: NonNullable<Awaited<ReturnType<ApplicationsRepository['batch']>>>;
  policy: LoadedPolicy;
  person: NonNullable<Awaited<ReturnType<ApplicationsRepository['personByIdNumber']>>>;
  occupation: { id: string; name: string; code: string };
  declared: EligibilityInput;
  result: EligibilityResult;
}

/**
 * 申报: candidates apply for themselves, unit HR for the people of their unit. The eligibility engine
 * explains every application rule by rule, with the policy version of the batch; every change is audited.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly repository: ApplicationsRepository,
    private readonly policies: PoliciesService,
    private readonly materials: MaterialsService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** May this actor enter or edit an application for the person? (self, or staff in scope) */
  private async assertApplicant(actor: Actor, person: { id: string; organisationId: string }) {
    if (
      await this.access.mayActForPerson(actor, { personId: person.id, organisationId: person.organisationId })
    )
      return;
    throw new OutOfScope(
      hasRole(actor, 'admin', ...APPLICANT_STAFF_ROLES)
        ? '该人员不在您管理的单位范围内，不能为其申报'
        : '您只能为本人申报',
    );
  }

  /** Reading an application: the applicant, staff whose subtree holds the unit, or a reviewer of its chain. */
  private async assertReader(actor: Actor, row: { personId: string; organisationId: string }) {
    await this.access.assertPersonRecord(actor, row);
  }

  private async prepare(
    actor: Actor,
    body: ApplicationRequest,
    applicationId: string | null,
  ): Promise<Prepared> {
    const batch = await this.repository.batch(body.batchId);
    if (!batch)
      throw new ValidationFailed('考核批次不存在', [{ path: 'batchId', message: '考核批次不存在' }]);
    // a candidate learns nothing about other ID numbers (whether a record exists): refused before the look-up
    if (!hasRole(actor, 'admin', ...APPLICANT_STAFF_ROLES)) {
      const own = actor.personId ? await this.repository.personById(actor.personId) : null;
      if (own?.idNumber !== body.person.idNumber) throw new OutOfScope('您只能为本人申报');
    }
    const person = await this.repository.personByIdNumber(body.person.idNumber);
    if (!person) throw new NotFound('该身份证号没有人员档案，请先由单位经办人在「人员档案」中登记');
    await this.assertApplicant(actor, person);
    if (person.organisation.regionId !== batch.regionId)
      throw new ValidationFailed('该人员所在单位不属于本批次的地区', [
        { path: 'batchId', message: '该人员所在单位不属于本批次的地区' },
      ]);
    if (person.organisation.kind !== 'unit')
      throw new ValidationFailed('人员须登记在单位下才能申报', [
        { path: 'person', message: '人员不在单位下' },
      ]);
    const issues: { path: string; message: string }[] = [];
    if (body.person.sex !== person.sex) issues.push({ path: 'person.sex', message: '性别与身份证号不一致' });
    if (body.person.birthDate !== person.birthDate.toISOString().slice(0, 10))
      issues.push({ path: 'person.birthDate', message: '出生日期与人员档案不一致' });
    const occupation = await this.repository.occupationIn(batch.regionId, body.occupation);
    if (!occupation)
      issues.push({ path: 'occupation', message: `「${body.occupation}」不在本地区的工种目录中` });
    const policy = await this.policies.load(batch.policyVersionId);
    const doc = policy.document;
    if (body.applicationType === 'exceptional') {
      if (!body.exceptionalCategory)
        issues.push({ path: 'exceptionalCategory', message: '破格申报须选择破格条件类别' });
    } else if (body.exceptionalCategory) {
      issues.push({ path: 'exceptionalCategory', message: '只有破格申报才填写破格条件类别' });
    }
    for (const code of body.deferredMaterials) {
      const rule = doc.materials.find((m) => m.code === code);
      if (!doc.deferredEvidence.allowed || !rule?.deferrable)
        issues.push({ path: 'deferredMaterials', message: `「${rule?.name ?? code}」不允许容缺后补` });
    }
    if (issues.length || !occupation)
      throw new ValidationFailed(
        `申报信息有误：${issues.map((i) => `${i.path}：${i.message}`).join('；')}`,
        issues,
      );

    // 破格 used in other applications counts as used, whatever the applicant declares
    const uses = await this.repository.exceptionalUses(person.id, applicationId);
    const { batchId: _batchId, deferredMaterials: _deferred, ...input } = body;
    const used = new Map(
      [
        ...input.exceptionalUsed,
        ...uses.map((u) => ({ category: u.exceptionalCategory!, year: u.batch.year })),
      ].map((u) => [`${u.category}@${u.year}`, u]),
    );
    const declared: EligibilityInput = {
      ...input,
      occupation: occupation.name,
      currentGrade: input.currentGrade
        ? {
            ...input.currentGrade,
            occupation: await this.occupationName(batch.regionId, input.currentGrade.occupation),
          }
        : null,
      exceptionalUsed: [...used.values()],
      // sanctions in the archive (审查、处分、禁考) count whether the applicant declares them or not
      sanctions: [
        ...input.sanctions,
        ...person.sanctions
          .map((x) => ({ kind: x.kind, startsOn: toDay(x.startsOn), endsOn: toDay(x.endsOn) }))
          .filter((x) => !input.sanctions.some((d) => d.kind === x.kind && d.startsOn === x.startsOn)),
      ],
    };
    const result = evaluateEligibility(doc, policy.version, declared);
    return { batch, policy, person, occupation, declared, result };
  }

  private async occupationName(regionId: string, codeOrName: string): Promise<string> {
    return (await this.repository.occupationIn(regionId, codeOrName))?.name ?? codeOrName;
  }

  /** The eligibility verdict of a body without saving anything (the form's live explanation). */
  async evaluate(actor: Actor, body: ApplicationRequest): Promise<EligibilityResult> {
    return (await this.prepare(actor, body, null)).result;
  }

  /** A body prefilled from the person's archive, for the form. */
  async prefill(actor: Actor, personId: string | null, batchId: string, occupation?: string, level?: Level) {
    const id = personId ?? actor.personId;
    if (!id) throw new NotFound('您的账号没有关联人员档案，请联系单位经办人');
    const scope = await this.repository.personById(id);
    if (!scope) throw new NotFound('没有找到该人员');
    await this.assertApplicant(actor, scope);
    const person = (await this.repository.personByIdNumber(scope.idNumber))!;
    const body = prefillFromArchive(person, {
      occupation: occupation ?? person.occupation?.name ?? '',
      level: level ?? 'L5',
    });
    return { ...body, batchId, deferredMaterials: [] };
  }

  async create(actor: Actor, origin: RequestOrigin, body: ApplicationRequest): Promise<ApplicationDetail> {
    const p = await this.prepareNew(actor, body);
    const id = await this.repository.transaction((tx) => this.insertDraft(tx, actor, origin, p, body));
    return this.get(actor, id);
  }

  /** Writes a prepared draft and its audit entry inside the caller's transaction; returns its id. */
  async insertDraft(
    tx: Prisma.TransactionClient,
    actor: Actor,
    origin: RequestOrigin,
    p: Prepared,
    body: ApplicationRequest,
    via = 'form',
  ): Promise<string> {
    const number = await this.repository.nextNumber(tx, p.batch.code);
    const row = await this.repository.create(tx, {
      number,
      batchId: p.batch.id,
      personId: p.person.id,
      organisationId: p.person.organisationId,
      occupationId: p.occupation.id,
      targetLevel: body.targetLevel,
      applicationType: body.applicationType,
      exceptionalCategory: body.exceptionalCategory,
      status: 'draft',
      policyVersionId: p.policy.versionId,
      declared: p.declared as unknown as Prisma.InputJsonValue,
      eligibility: p.result as unknown as Prisma.InputJsonValue,
      eligible: p.result.eligible,
      deferredMaterials: body.deferredMaterials,
      createdByUserId: actor.userId,
    });
    await this.audit.record(
      actor,
      origin,
      {
        category: 'data_change',
        action: 'application.create',
        entityType: 'Application',
        entityId: row.id,
        details: { number, policy: p.result.policy, eligible: p.result.eligible, via },
      },
      tx,
    );
    return row.id;
  }

  /** Checks a body as `create` would (scope, batch, window, duplicates), without writing. */
  async prepareNew(actor: Actor, body: ApplicationRequest): Promise<Prepared> {
    const p = await this.prepare(actor, body, null);
    if (p.batch.status !== 'open') throw new Conflict('该考核批次未开放报名');
    assertInWindow(p.batch.windows, 'registration', this.clock.now(), '申报');
    const existing = await this.repository.existing(p.batch.id, p.person.id);
    if (existing)
      throw new Conflict(`该人员在本批次已有申报（编号 ${existing.number}），同一批次不能重复申报`);
    return p;
  }

  /** A draft or returned application the actor may change; `submitting` passes a printed (locked) one. */
  private async editable(actor: Actor, id: string, submitting = false) {
    const row = await this.repository.findDetail(id);
    if (!row) throw new NotFound('没有找到该申报');
    await this.assertApplicant(actor, { id: row.personId, organisationId: row.organisationId });
    if (row.lockedAt && !submitting)
      throw new Locked('申报表已打印供签字盖章，申报信息不能再修改（如需更正，请联系审核部门退回）');
    if (!EDITABLE.has(row.status)) throw new Conflict('只有草稿或被退回的申报可以修改');
    const batch = (await this.repository.batch(row.batchId))!;
    const now = this.clock.now();
    if (row.status === 'draft') assertInWindow(batch.windows, 'registration', now, '修改申报');
    else assertInWindow(batch.windows, 'review', now, '修改被退回的申报');
    return row;
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, body: ApplicationRequest) {
    const row = await this.editable(actor, id);
    if (body.batchId !== row.batchId)
      throw new ValidationFailed('不能把申报改到另一个批次', [{ path: 'batchId', message: '不能更改批次' }]);
    const p = await this.prepare(actor, body, id);
    if (p.person.id !== row.personId)
      throw new ValidationFailed('不能更改申报人', [{ path: 'person.idNumber', message: '不能更改申报人' }]);
    await this.repository.transaction(async (tx) => {
      const ok = await this.repository.updateIf(
        tx,
        id,
        { status: row.status, round: row.round, lockedAt: null },
        {
          occupationId: p.occupation.id,
          targetLevel: body.targetLevel,
          applicationType: body.applicationType,
          exceptionalCategory: body.exceptionalCategory,
          declared: p.declared as unknown as Prisma.InputJsonValue,
          eligibility: p.result as unknown as Prisma.InputJsonValue,
          eligible: p.result.eligible,
          deferredMaterials: body.deferredMaterials,
        },
      );
      if (!ok) throw new Conflict('申报已被他人处理或已打印锁定，请刷新后重试');
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'application.update',
          entityType: 'Application',
          entityId: id,
          details: { policy: p.result.policy, eligible: p.result.eligible },
        },
        tx,
      );
    });
    return this.get(actor, id);
  }

  /** The unit's organisations from the root down, for the review chain. */
  async chainOf(row: { organisation: { ancestorIds: string[] }; targetLevel: Level }, policy: LoadedPolicy) {
    const orgs = await this.repository.organisations(row.organisation.ancestorIds);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const ancestors = row.organisation.ancestorIds.flatMap((i) => (byId.has(i) ? [byId.get(i)!] : []));
    return resolveChain(policy.document, ancestors, row.targetLevel);
  }

  async submit(actor: Actor, origin: RequestOrigin, id: string) {
    const row = await this.editable(actor, id, true);
    const policy = await this.policies.load(row.policyVersionId);
    // re-evaluate: the record of earlier 破格 uses may have changed since the draft was saved
    const parsed = applicationBodySchema.safeParse({
      ...(row.declared as object),
      batchId: row.batchId,
      deferredMaterials: row.deferredMaterials,
    });
    if (!parsed.success) throw new Conflict('保存的申报内容不完整或格式已过期，请先修改并保存申报，再提交');
    const body = parsed.data;
    const p = await this.prepare(actor, body, id);
    if (!p.result.eligible) {
      const failed = p.result.rules.filter((r) => !r.passed);
      throw new ValidationFailed(
        `不符合申报条件，不能提交：${failed.map((r) => r.text).join('；')}`,
        failed.map((r) => ({ path: `rules.${r.id}`, message: r.text })),
      );
    }
    const { requiredMaterials } = await this.materials.overview(row, policy.document);
    const missing = requiredMaterials.filter((m) => m.required && !m.uploaded && !m.deferred);
    if (missing.length)
      throw new ValidationFailed(
        `还缺少以下材料，不能提交：${missing.map((m) => m.name).join('、')}${missing.some((m) => m.deferrable) ? '（其中可容缺后补的，可在申报中勾选容缺后补）' : ''}`,
        missing.map((m) => ({ path: `materials.${m.code}`, message: `请上传${m.name}` })),
      );
    const chain = await this.chainOf(row, policy);
    if (!chain.length) throw new Conflict('政策未设置审核环节，无法提交');
    // a first submission starts at the first stage; a resubmission returns to the stage that sent it back
    const resumeAt = row.status === 'returned' ? Math.min(row.stageIndex, chain.length - 1) : 0;
    const stage = chain[resumeAt]!;
    const now = this.clock.now();
    await this.repository.transaction(async (tx) => {
      const ok = await this.repository.updateIf(
        tx,
        id,
        { status: row.status, round: row.round },
        {
          status: 'in_review',
          stageIndex: resumeAt,
          stageOrganisationId: stage.organisationId,
          round: row.round + 1,
          submittedAt: now,
          declared: p.declared as unknown as Prisma.InputJsonValue,
          eligibility: p.result as unknown as Prisma.InputJsonValue,
          eligible: p.result.eligible,
        },
      );
      if (!ok) throw new Conflict('申报已被他人处理，请刷新后重试');
      await this.repository.addReview(tx, {
        applicationId: id,
        round: row.round + 1,
        stageIndex: -1,
        stageName: row.status === 'returned' ? '修改后重新提交' : '提交申报',
        organisationId: null,
        decision: 'submit',
        reason: '本人承诺以上填报内容真实有效',
        reviewerUserId: actor.userId,
        reviewerName: actor.displayName,
        policyVersionId: row.policyVersionId,
        eligibleAtDecision: p.result.eligible,
        at: now,
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'application.submit',
          entityType: 'Application',
          entityId: id,
          reason: '提交申报（本人承诺填报内容真实有效）',
          details: { round: row.round + 1, stage: stage.name, policy: p.result.policy },
        },
        tx,
      );
    });
    return this.get(actor, id);
  }

  async withdraw(actor: Actor, origin: RequestOrigin, id: string, reason: string) {
    const row = await this.repository.findDetail(id);
    if (!row) throw new NotFound('没有找到该申报');
    await this.assertApplicant(actor, { id: row.personId, organisationId: row.organisationId });
    if (!['draft', 'in_review', 'returned'].includes(row.status))
      throw new Conflict('公示中、已审核通过或未通过的申报不能撤回');
    const now = this.clock.now();
    await this.repository.transaction(async (tx) => {
      const ok = await this.repository.updateIf(
        tx,
        id,
        { status: row.status, round: row.round },
        { status: 'withdrawn', stageOrganisationId: null, decidedAt: now },
      );
      if (!ok) throw new Conflict('申报已被他人处理，请刷新后重试');
      await this.repository.addReview(tx, {
        applicationId: id,
        round: row.round,
        stageIndex: -1,
        stageName: '撤回申报',
        organisationId: null,
        decision: 'withdraw',
        reason,
        reviewerUserId: actor.userId,
        reviewerName: actor.displayName,
        policyVersionId: row.policyVersionId,
        eligibleAtDecision: row.eligible,
        at: now,
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'application.withdraw',
          entityType: 'Application',
          entityId: id,
          reason,
        },
        tx,
      );
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<ApplicationDetail> {
    const row = await this.repository.findDetail(id);
    if (!row) throw new NotFound('没有找到该申报');
    const policy = await this.policies.load(row.policyVersionId);
    const chain = await this.chainOf(row, policy);
    const stage: ResolvedStage | undefined = row.status === 'in_review' ? chain[row.stageIndex] : undefined;
    const decider = !!stage && mayDecideAt(actor, stage);
    if (!decider) await this.assertReader(actor, row);
    return this.detailView(actor, row, policy, chain);
  }

  private async detailView(
    actor: Actor,
    row: ApplicationDetailRow,
    policy: LoadedPolicy,
    chain: ResolvedStage[],
  ) {
    const archive = (await this.repository.personByIdNumber(row.person.idNumber))!;
    const applicant = await this.access.mayActForPerson(actor, row);
    const stage = row.status === 'in_review' ? chain[row.stageIndex] : undefined;
    const editable = applicant && EDITABLE.has(row.status) && !row.lockedAt;
    const submittable = applicant && EDITABLE.has(row.status);
    const materials = await this.materials.overview(row, policy.document);
    const view = toApplicationDetail(row, policy.document, actor, {
      ...materials,
      chain,
      discrepancies: discrepancies(row.declared as unknown as EligibilityInput, archive, (l) =>
        levelName(policy.document, l),
      ),
      actions: {
        edit: editable,
        submit: submittable,
        withdraw: applicant && ['draft', 'in_review', 'returned'].includes(row.status),
        decide: !!stage && mayDecideAt(actor, stage),
      },
    });
    // the whole ID number only to the applicant's side (who edit the body); reviewers see it masked and
    // reveal it with a reason through the person record when they need it
    if (!applicant) {
      view.declared = {
        ...view.declared,
        person: { ...view.declared.person, idNumber: view.idNumberMasked },
      };
      view.materials = view.materials.map((m) => ({ ...m, fileName: maskIdNumbersIn(m.fileName) }));
    }
    return view;
  }

  async list(
    actor: Actor,
    query: {
      batchId?: string | undefined;
      status?: ApplicationSummary['status'] | undefined;
      level?: Level | undefined;
      organisationId?: string | undefined;
      awaitingMe?: boolean | undefined;
      eligible?: boolean | undefined;
      q?: string | undefined;
      page: number;
      pageSize: number;
    },
  ): Promise<Page<ApplicationSummary>> {
    const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const and: Prisma.ApplicationWhereInput[] = [];
    if (hasRole(actor, 'candidate') && !hasRole(actor, 'admin', 'unit_hr', 'reviewer', 'exam_office')) {
      if (!actor.personId) return empty;
      and.push({ personId: actor.personId });
    } else {
      const roots = this.access.subtreeRoots(actor);
      if (roots !== null) {
        if (!roots.length) return empty;
        and.push({ organisation: { ancestorIds: { hasSome: roots } } });
      }
    }
    if (query.organisationId) {
      await this.access.assertOrganisation(actor, query.organisationId);
      and.push({ organisation: { ancestorIds: { has: query.organisationId } } });
    }
    if (query.batchId) and.push({ batchId: query.batchId });
    if (query.status) and.push({ status: query.status });
    if (query.level) and.push({ targetLevel: query.level });
    if (query.eligible !== undefined) and.push({ eligible: query.eligible });
    if (query.q)
      and.push(
        /^\d{17}[\dXx]$/.test(query.q)
          ? { person: { idNumber: query.q.toUpperCase() } }
          : {
              OR: [
                { person: { name: { contains: query.q } } },
                { number: { contains: query.q.toUpperCase() } },
              ],
            },
      );
    if (query.awaitingMe && !hasRole(actor, 'admin')) {
      const at = (roles: string[]) =>
        actor.grants.filter((g) => roles.includes(g.role) && g.organisationId).map((g) => g.organisationId!);
      and.push({
        status: 'in_review',
        OR: [
          { stageOrganisationId: { in: at(['unit_hr']) }, stageOrganisation: { kind: 'unit' } },
          {
            stageOrganisationId: { in: at(['reviewer', 'exam_office']) },
            stageOrganisation: { kind: { not: 'unit' } },
          },
        ],
      });
    } else if (query.awaitingMe) and.push({ status: 'in_review' });
    const { items, total } = await this.repository.list({ AND: and }, query.page, query.pageSize);
    const views: ApplicationSummary[] = [];
    for (const row of items) {
      const policy = await this.policies.load(row.policyVersionId);
      views.push(toApplicationSummary(row, policy.document, actor));
    }
    return { items: views, total, page: query.page, pageSize: query.pageSize };
  }
}
