import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KIND_RANK,
  type CreateOrganisationRequest,
  type OrganisationView,
} from '@exam/contracts';
import type { Organisation } from '@exam/db';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { OrganisationsRepository } from './organisations.repository.js';

export function toOrganisationView(o: Organisation): OrganisationView {
  return {
    id: o.id,
    regionId: o.regionId,
    parentId: o.parentId,
    kind: o.kind,
    code: o.code,
    name: o.name,
    depth: o.ancestorIds.length - 1,
  };
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly repository: OrganisationsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  /** The organisations the caller works with: their subtrees (admin: all). */
  async list(actor: Actor): Promise<OrganisationView[]> {
    const roots = this.access.subtreeRoots(actor);
    if (roots !== null && roots.length === 0) return [];
    return (await this.repository.list(roots)).map(toOrganisationView);
  }

  async get(actor: Actor, id: string): Promise<OrganisationView> {
    await this.access.assertOrganisation(actor, id);
    const org = await this.repository.findById(id);
    if (!org) throw new NotFound('没有找到该机构');
    return toOrganisationView(org);
  }

  /** Adds an organisation under a parent in the caller's subtree; a child ranks strictly below its parent. */
  async create(
    actor: Actor,
    request: CreateOrganisationRequest,
    origin: RequestOrigin,
  ): Promise<OrganisationView> {
    const roles = hasRole(actor, 'admin') ? undefined : (['exam_office'] as const);
    await this.access.assertOrganisation(actor, request.parentId, roles ? [...roles] : undefined);
    const parent = await this.repository.findById(request.parentId);
    if (!parent) throw new NotFound('没有找到上级机构');
    if (ORGANISATION_KIND_RANK[request.kind] <= ORGANISATION_KIND_RANK[parent.kind]) {
      throw new ValidationFailed(
        `「${ORGANISATION_KIND_LABELS[request.kind]}」不能设在「${ORGANISATION_KIND_LABELS[parent.kind]}」之下`,
        [{ path: 'kind', message: '机构类型须低于上级机构' }],
      );
    }
    if (parent.kind === 'unit')
      throw new ValidationFailed('单位之下不能再设机构', [{ path: 'parentId', message: '上级不能是单位' }]);
    if (await this.repository.codeTaken(parent.regionId, request.code)) {
      throw new Conflict(`机构代码「${request.code}」在本地区已被使用`);
    }
    const id = randomUUID();
    const created = await this.prisma.$transaction(async (tx) => {
      const org = await this.repository.create(
        {
          id,
          regionId: parent.regionId,
          parentId: parent.id,
          kind: request.kind,
          code: request.code,
          name: request.name,
          ancestorIds: [...parent.ancestorIds, id],
        },
        tx,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'organisation.create',
          entityType: 'Organisation',
          entityId: id,
          reason: request.reason,
          details: { parentId: parent.id, kind: request.kind, code: request.code, name: request.name },
        },
        tx,
      );
      return org;
    });
    return toOrganisationView(created);
  }
}
