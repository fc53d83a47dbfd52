import { Inject, Injectable } from '@nestjs/common';
import {
  APPLICATION_STATUS_LABELS,
  maskIdNumber,
  maskPhone,
  REVIEW_DECISION_LABELS,
  type ApplicationStatus,
  type EligibilityInput,
  type EligibilityResult,
} from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { AccessService } from '../access/access.service.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { toDay } from '../common/iso.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { DocumentsService } from '../documents/documents.service.js';
import { FileStore } from '../files/file-store.js';
import { JobsService, type JobView } from '../jobs/jobs.service.js';
import { PoliciesService } from '../policies/policies.service.js';
import { applicationFormSpec, rosterSpec, type RosterRow } from './application-documents.js';
import { ApplicationsService } from './applications.service.js';

const rosterInclude = {
  person: { select: { name: true, sex: true, ethnicity: true, idNumber: true, phone: true } },
  organisation: { select: { name: true } },
  occupation: { select: { name: true } },
  batch: { select: { name: true, policyVersionId: true } },
} as const;
type RosterApplication = Prisma.ApplicationGetPayload<{ include: typeof rosterInclude }>;

function rosterRow(a: RosterApplication): RosterRow {
  const grade = (a.declared as unknown as EligibilityInput).currentGrade;
  return {
    name: a.person.name,
    sex: a.person.sex,
    ethnicity: a.person.ethnicity,
    idNumber: a.person.idNumber,
    occupationName: a.occupation.name,
    targetLevel: a.targetLevel,
    currentLevel: grade?.level ?? null,
    appointedOn: grade?.appointedOn ?? null,
    organisationName: a.organisation.name,
    phone: a.person.phone,
  };
}

export type DocumentFormat = 'pdf' | 'xlsx';

/**
 * The application's documents: the 申报表/审批表 printed for signature (which locks the application where
 * the policy says so, seed 004), the 汇总名册 of a batch and the 公示名册 of a publicity, as PDF or Excel.
 */
@Injectable()
export class ApplicationDocumentsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly applications: ApplicationsService,
    private readonly policies: PoliciesService,
    private readonly documents: DocumentsService,
    private readonly files: FileStore,
    private readonly jobs: JobsService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async form(actor: Actor, origin: RequestOrigin, id: string) {
    const detail = await this.applications.get(actor, id);
    const row = await this.prisma.application.findUniqueOrThrow({
      where: { id },
      include: {
        person: { include: { organisation: { select: { name: true } } } },
        materials: { where: { code: 'photo', supersededAt: null }, orderBy: { uploadedAt: 'desc' }, take: 1 },
      },
    });
    const policy = await this.policies.load(row.policyVersionId);
    const eligibility = row.eligibility as unknown as EligibilityResult;
    const photo =
      row.materials[0] && ['jpg', 'png'].includes(row.materials[0].format) ? row.materials[0] : null;
    const now = this.clock.now();
    const applicant = await this.access.mayActForPerson(actor, row);
    const lastDecision = (stageName: string) => {
      const decisions = detail.history.filter((h) => h.stageName === stageName && h.decision !== 'submit');
      const last = decisions.at(-1);
      return last
        ? {
            stageName,
            decision: REVIEW_DECISION_LABELS[last.decision],
            reason: last.reason,
            reviewerName: last.reviewerName,
            at: new Date(last.at),
          }
        : null;
    };
    const spec = applicationFormSpec({
      number: row.number,
      batchName: detail.batchName,
      policy: policy.document,
      policyLabel: eligibility.policy,
      person: {
        name: row.person.name,
        sex: row.person.sex,
        ethnicity: row.person.ethnicity,
        birthDate: toDay(row.person.birthDate),
        education: row.person.education,
        politicalStatus: row.person.politicalStatus,
        // the whole numbers only on the applicant's side (who print it for signature); reviewers get them masked
        idNumber: applicant ? row.person.idNumber : maskIdNumber(row.person.idNumber),
        phone: applicant ? row.person.phone : maskPhone(row.person.phone),
        organisationName: row.person.organisation.name,
      },
      occupationName: detail.occupationName,
      targetLevel: row.targetLevel,
      declared: detail.declared,
      eligible: row.eligible,
      failedRules: eligibility.rules.filter((r) => !r.passed).map((r) => r.text),
      stages: detail.chain.map((s) => ({
        name: s.name,
        organisationName: s.organisationName,
        decision: lastDecision(s.name),
      })),
      photo: photo ? new Uint8Array(await this.files.read(photo.sha256)) : null,
      printedAt: now,
    });
    const bytes = await this.documents.renderPdf(spec);
    const lock =
      policy.document.lockOnPrint.enabled &&
      applicant &&
      !row.lockedAt &&
      ['draft', 'returned'].includes(row.status);
    await this.prisma.$transaction(async (tx) => {
      if (lock) {
        // only the version just printed is locked: an edit in between makes this print stale
        const locked = await tx.application.updateMany({
          where: { id, lockedAt: null, status: { in: ['draft', 'returned'] }, updatedAt: row.updatedAt },
          data: { lockedAt: now },
        });
        if (locked.count !== 1) throw new Conflict('申报信息刚刚发生变化，请刷新后重新打印');
      }
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: lock ? 'application.print_lock' : 'application.print',
          entityType: 'Application',
          entityId: id,
          details: { number: row.number, locked: lock },
        },
        tx,
      );
    });
    return { bytes, fileName: `申报表_${row.number}_${row.person.name}.pdf` };
  }

  /** The 汇总名册 of a batch in the caller's scope (full ID numbers, for the reviewing offices), as a job. */
  async roster(
    actor: Actor,
    origin: RequestOrigin,
    query: {
      batchId: string;
      status: ApplicationStatus;
      organisationId?: string | undefined;
      format: DocumentFormat;
    },
  ): Promise<JobView> {
    const batch = await this.prisma.batch.findUnique({ where: { id: query.batchId } });
    if (!batch) throw new NotFound('没有找到该考核批次');
    if (query.organisationId) await this.access.assertOrganisation(actor, query.organisationId);
    const roots = this.access.subtreeRoots(actor);
    if (roots !== null && !roots.length) throw new ValidationFailed('您没有可导出的管理范围');
    const where: Prisma.ApplicationWhereInput = {
      batchId: query.batchId,
      status: query.status,
      AND: [
        roots ? { organisation: { ancestorIds: { hasSome: roots } } } : {},
        query.organisationId ? { organisation: { ancestorIds: { has: query.organisationId } } } : {},
      ],
    };
    const total = await this.prisma.application.count({ where });
    if (!total)
      throw new ValidationFailed(
        `您的管理范围内没有「${APPLICATION_STATUS_LABELS[query.status]}」的申报，无需导出名册`,
        [{ path: 'status', message: '没有符合条件的申报' }],
      );
    const scopeName = query.organisationId
      ? ((await this.prisma.organisation.findUnique({ where: { id: query.organisationId } }))?.name ?? '')
      : (actor.grants.find((g) => g.organisationName)?.organisationName ?? batch.name);
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'application.roster_export',
      entityType: 'Batch',
      entityId: batch.id,
      details: {
        status: query.status,
        organisationId: query.organisationId ?? null,
        rows: total,
        format: query.format,
      },
    });
    return this.jobs.start(actor, 'application_roster', total, async (job) => {
      const rows: RosterRow[] = [];
      const pageSize = 500;
      for (let skip = 0; skip < total; skip += pageSize) {
        const page = await this.prisma.application.findMany({
          where,
          include: rosterInclude,
          orderBy: [{ organisation: { name: 'asc' } }, { number: 'asc' }],
          skip,
          take: pageSize,
        });
        rows.push(...page.map(rosterRow));
        await job.progress(rows.length, total, `已读取 ${rows.length} / ${total} 人`);
      }
      const policy = await this.policies.load(batch.policyVersionId);
      const spec = rosterSpec({
        title: '机关事业单位工勤技能岗位等级考核申报人员名册',
        subtitle: `${batch.name} · ${scopeName} · （${APPLICATION_STATUS_LABELS[query.status]}，共 ${rows.length} 人）`,
        policy: policy.document,
        rows,
        masked: false,
        footerText: `依 ${policy.policyId}@${policy.version} 审核；导出于 ${this.clock.now().toISOString().slice(0, 10)}`,
        closing: `经审核，以上 ${rows.length} 人符合晋级考核条件。`,
      });
      const bytes =
        query.format === 'pdf'
          ? await this.documents.renderPdf(spec)
          : await this.documents.renderExcel(spec);
      await job.progress(rows.length, total, '已生成');
      return {
        result: { rows: rows.length },
        file: { bytes, name: `申报人员名册_${batch.name}.${query.format}` },
      };
    });
  }

  /** The 公示名册 of one publicity: ID and phone numbers masked, as shown to the public. */
  async publicityRoster(actor: Actor, id: string, format: DocumentFormat) {
    const publicity = await this.prisma.publicity.findUnique({
      where: { id },
      include: {
        organisation: { select: { name: true } },
        entries: { include: { application: { include: rosterInclude } } },
      },
    });
    if (!publicity) throw new NotFound('没有找到该公示');
    await this.access.assertOrganisation(actor, publicity.organisationId, [
      'unit_hr',
      'reviewer',
      'exam_office',
    ]);
    const first = publicity.entries[0]?.application;
    const policy = await this.policies.load(
      first?.batch.policyVersionId ?? (await this.batchPolicy(publicity.batchId)),
    );
    const spec = rosterSpec({
      title: publicity.title,
      subtitle: `公示期：${toDay(publicity.startsOn)} 至 ${toDay(publicity.endsOn)}（${publicity.workingDays} 个工作日） · ${publicity.organisation.name}`,
      policy: policy.document,
      rows: publicity.entries.map((e) => rosterRow(e.application)),
      masked: true,
      footerText: '公示期间如有异议，请向本单位人事部门实名反映。',
      closing: `以上 ${publicity.entries.length} 人拟推荐申报，现予公示。`,
    });
    const bytes =
      format === 'pdf' ? await this.documents.renderPdf(spec) : await this.documents.renderExcel(spec);
    return {
      bytes,
      fileName: `公示名册_${publicity.organisation.name}_${toDay(publicity.startsOn)}.${format}`,
    };
  }

  private async batchPolicy(batchId: string): Promise<string> {
    return (await this.prisma.batch.findUniqueOrThrow({ where: { id: batchId } })).policyVersionId;
  }
}
