import { Inject, Injectable } from '@nestjs/common';
import { maskIdNumbersIn, type MaterialRule, type PolicyDocument } from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, Locked, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { FileStore } from '../files/file-store.js';
import { PoliciesService } from '../policies/policies.service.js';
import { inspectMaterial } from './material-inspection.js';

/** The materials a policy asks of an application of this level and type. */
export function materialRules(
  policy: PolicyDocument,
  application: { targetLevel: string; applicationType: string },
): MaterialRule[] {
  return policy.materials.filter(
    (m) =>
      (!m.levels.length || m.levels.includes(application.targetLevel as never)) &&
      (!m.types.length || m.types.includes(application.applicationType as never)),
  );
}

/**
 * Uploaded materials (照片, 证书, 技术总结…): checked against the policy's rule on the server, stored outside
 * the database, served only to those who may read the application.
 */
@Injectable()
export class MaterialsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly files: FileStore,
    private readonly policies: PoliciesService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private async application(id: string) {
    const row = await this.prisma.application.findUnique({
      where: { id },
      include: { person: { select: { name: true, idNumber: true } } },
    });
    if (!row) throw new NotFound('没有找到该申报');
    return row;
  }

  async upload(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    code: string,
    fileName: string,
    bytes: Buffer,
  ) {
    const row = await this.application(id);
    if (actor.personId !== row.personId) {
      if (!hasRole(actor, 'admin', 'unit_hr', 'exam_office'))
        throw new OutOfScope('您只能为本人的申报上传材料');
      await this.access.assertOrganisation(actor, row.organisationId, ['unit_hr', 'exam_office']);
    }
    const deferredUpload = row.deferredMaterials.includes(code);
    if (row.lockedAt && !deferredUpload) throw new Locked('申报表已打印供签字盖章，不能再更换材料');
    const open = ['draft', 'returned'].includes(row.status);
    const late = deferredUpload && ['in_review', 'publicity', 'approved'].includes(row.status);
    if (!open && !late) throw new Conflict('只有草稿、被退回的申报，或容缺后补的材料可以上传');
    const policy = await this.policies.load(row.policyVersionId);
    const rule = materialRules(policy.document, row).find((m) => m.code === code);
    if (!rule)
      throw new ValidationFailed(`本申报不需要提交「${code}」类材料`, [
        { path: 'code', message: '材料类别不适用' },
      ]);
    const inspected = await inspectMaterial(bytes, fileName, rule, row.person);
    const sha256 = await this.files.put(bytes);
    const now = this.clock.now();
    const material = await this.prisma.$transaction(async (tx) => {
      // serialise uploads, submission and printing of this application: the checks above hold again here
      await tx.$queryRaw`SELECT id FROM "Application" WHERE id = ${id}::uuid FOR UPDATE`;
      const fresh = await tx.application.findUniqueOrThrow({
        where: { id },
        select: { status: true, lockedAt: true, deferredMaterials: true },
      });
      if (fresh.status !== row.status || (fresh.lockedAt && !deferredUpload))
        throw new Conflict('申报状态刚刚发生变化，请刷新后重新上传');
      await tx.applicationMaterial.updateMany({
        where: { applicationId: id, code, supersededAt: null },
        data: { supersededAt: now },
      });
      const created = await tx.applicationMaterial.create({
        data: {
          applicationId: id,
          code,
          fileName,
          format: inspected.format,
          mime: inspected.mime,
          size: bytes.length,
          sha256,
          textChars: inspected.textChars,
          width: inspected.width,
          height: inspected.height,
          uploadedByUserId: actor.userId,
          uploadedAt: now,
        },
      });
      if (deferredUpload)
        await tx.application.update({
          where: { id },
          data: { deferredMaterials: fresh.deferredMaterials.filter((c) => c !== code) },
        });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'application.material_upload',
          entityType: 'Application',
          entityId: id,
          details: { code, fileName, size: bytes.length, sha256, deferredUpload },
        },
        tx,
      );
      return created;
    });
    return {
      id: material.id,
      code,
      name: rule.name,
      fileName,
      format: inspected.format,
      size: bytes.length,
      textChars: inspected.textChars,
      width: inspected.width,
      height: inspected.height,
      uploadedAt: now.toISOString(),
    };
  }

  async download(actor: Actor, id: string, materialId: string) {
    const row = await this.application(id);
    await this.access.assertPersonRecord(actor, row, ['unit_hr', 'reviewer', 'exam_office']);
    const material = await this.prisma.applicationMaterial.findFirst({
      where: { id: materialId, applicationId: id },
    });
    if (!material) throw new NotFound('没有找到该材料');
    const applicant = await this.access.mayActForPerson(actor, row);
    return {
      bytes: await this.files.read(material.sha256),
      mime: material.mime,
      fileName: applicant ? material.fileName : maskIdNumbersIn(material.fileName),
    };
  }

  /** Current (not superseded) materials and the required ones still missing. */
  async overview(
    application: { id: string; targetLevel: string; applicationType: string; deferredMaterials: string[] },
    policy: PolicyDocument,
  ) {
    const current = await this.prisma.applicationMaterial.findMany({
      where: { applicationId: application.id, supersededAt: null },
      orderBy: { uploadedAt: 'asc' },
    });
    const rules = materialRules(policy, application);
    return {
      materials: current.map((m) => ({
        id: m.id,
        code: m.code,
        name: rules.find((r) => r.code === m.code)?.name ?? m.code,
        fileName: m.fileName,
        format: m.format,
        size: m.size,
        textChars: m.textChars,
        width: m.width,
        height: m.height,
        uploadedAt: m.uploadedAt.toISOString(),
      })),
      requiredMaterials: rules.map((r) => ({
        code: r.code,
        name: r.name,
        required: r.required,
        deferrable: r.deferrable && policy.deferredEvidence.allowed,
        formats: r.formats,
        maxBytes: r.maxBytes,
        minTextChars: r.minTextChars ?? null,
        fileNamePattern: r.fileNamePattern ?? null,
        uploaded: current.some((m) => m.code === r.code),
        deferred: application.deferredMaterials.includes(r.code),
      })),
    };
  }
}
