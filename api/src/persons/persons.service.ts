import { Inject, Injectable } from '@nestjs/common';
import {
  parseIdNumber,
  type CreatePersonRequest,
  type Page,
  type PersonDetail,
  type PersonSummary,
} from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { AccessService } from '../access/access.service.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import { fromDay } from '../common/iso.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { toPersonDetail, toPersonSummary } from './person-views.js';
import { PersonsRepository } from './persons.repository.js';

const MIN_WORKING_AGE = 16;

@Injectable()
export class PersonsService {
  constructor(
    private readonly repository: PersonsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(
    actor: Actor,
    query: { q?: string | undefined; organisationId?: string | undefined; page: number; pageSize: number },
  ): Promise<Page<PersonSummary>> {
    const roots = this.access.subtreeRoots(actor);
    if (query.organisationId) await this.access.assertOrganisation(actor, query.organisationId);
    const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    if (roots !== null && roots.length === 0) return empty;
    const where: Prisma.PersonWhereInput = {
      AND: [
        roots === null ? {} : { organisation: { ancestorIds: { hasSome: roots } } },
        query.organisationId ? { organisation: { ancestorIds: { has: query.organisationId } } } : {},
        query.q
          ? /^\d{17}[\dXx]$/.test(query.q)
            ? { idNumber: query.q.toUpperCase() }
            : { name: { contains: query.q } }
          : {},
      ],
    };
    const { items, total } = await this.repository.list(where, query.page, query.pageSize);
    return { items: items.map(toPersonSummary), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<PersonDetail> {
    const row = await this.repository.findDetail(id);
    if (!row) throw new NotFound('没有找到该人员');
    await this.access.assertPersonRecord(actor, { personId: row.id, organisationId: row.organisationId });
    return toPersonDetail(row);
  }

  /** The candidate's own record. */
  async mine(actor: Actor): Promise<PersonDetail> {
    if (!actor.personId) throw new NotFound('您的账号没有关联人员档案，请联系单位经办人');
    return this.get(actor, actor.personId);
  }

  /** Shows a whole ID number to staff in scope, with the reason kept in the audit log. */
  async revealIdNumber(
    actor: Actor,
    id: string,
    reason: string,
    origin: RequestOrigin,
  ): Promise<{ idNumber: string }> {
    const person = await this.repository.findScope(id);
    if (!person) throw new NotFound('没有找到该人员');
    if (actor.personId === person.id) return { idNumber: person.idNumber };
    await this.access.assertPersonRecord(actor, {
      personId: person.id,
      organisationId: person.organisationId,
    });
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'person.reveal_id_number',
      entityType: 'Person',
      entityId: id,
      reason,
    });
    return { idNumber: person.idNumber };
  }

  async create(actor: Actor, request: CreatePersonRequest, origin: RequestOrigin): Promise<PersonDetail> {
    const org = await this.repository.organisation(request.organisationId);
    if (!org)
      throw new ValidationFailed('所属单位不存在', [{ path: 'organisationId', message: '所属单位不存在' }]);
    await this.access
      .assertOrganisation(actor, org.id, ['unit_hr', 'exam_office'])
      .catch((error: unknown) => {
        throw error instanceof OutOfScope ? new OutOfScope('您只能为本人管理范围内的单位登记人员') : error;
      });
    const issues: { path: string; message: string }[] = [];
    if (org.kind !== 'unit')
      issues.push({
        path: 'organisationId',
        message: '人员只能登记在「单位」下，不能登记在主管部门或管理机构',
      });
    const parsed = parseIdNumber(request.idNumber);
    if (typeof parsed !== 'string') {
      if (parsed.birthDate !== request.birthDate)
        issues.push({
          path: 'birthDate',
          message: `出生日期与身份证号不一致（身份证号为 ${parsed.birthDate}）`,
        });
      if (parsed.sex !== request.sex) issues.push({ path: 'sex', message: '性别与身份证号不一致' });
    }
    const birth = fromDay(request.birthDate);
    const work = fromDay(request.workStartDate);
    const today = this.clock.now();
    if (work.getTime() > today.getTime())
      issues.push({ path: 'workStartDate', message: '参加工作时间不能晚于今天' });
    const earliestWork = new Date(
      Date.UTC(birth.getUTCFullYear() + MIN_WORKING_AGE, birth.getUTCMonth(), birth.getUTCDate()),
    );
    if (work < earliestWork)
      issues.push({ path: 'workStartDate', message: `参加工作时间应在年满 ${MIN_WORKING_AGE} 周岁之后` });
    if (request.regularizedOn && fromDay(request.regularizedOn) < work) {
      issues.push({ path: 'regularizedOn', message: '转正定级时间不能早于参加工作时间' });
    }
    if (request.occupationId) {
      const occupation = await this.repository.occupation(request.occupationId);
      if (!occupation) issues.push({ path: 'occupationId', message: '工种不存在' });
      else if (occupation.regionId !== org.regionId)
        issues.push({ path: 'occupationId', message: '工种不属于本地区的工种目录' });
    }
    if (issues.length)
      throw new ValidationFailed(
        `人员信息有误：${issues.map((i) => `${i.path}：${i.message}`).join('；')}`,
        issues,
      );
    if (await this.repository.idNumberTaken(request.idNumber))
      throw new Conflict('该身份证号已登记，请勿重复登记');

    const created = await this.prisma.$transaction(async (tx) => {
      const person = await this.repository.create(
        {
          idNumber: request.idNumber,
          name: request.name,
          sex: request.sex,
          birthDate: birth,
          ethnicity: request.ethnicity ?? null,
          education: request.education,
          politicalStatus: request.politicalStatus ?? null,
          phone: request.phone ?? null,
          organisationId: org.id,
          occupationId: request.occupationId ?? null,
          workStartDate: work,
          regularizedOn: request.regularizedOn ? fromDay(request.regularizedOn) : null,
        },
        tx,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'person.create',
          entityType: 'Person',
          entityId: person.id,
          details: { organisationId: org.id, name: request.name },
        },
        tx,
      );
      return person;
    });
    return this.get(actor, created.id);
  }
}
