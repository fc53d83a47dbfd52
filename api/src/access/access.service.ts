import { Injectable } from '@nestjs/common';
import { ROLE_LABELS, type Role } from '@exam/contracts';
import { Forbidden, NotFound, OutOfScope } from '../common/domain-errors.js';
import { hasRole, type Actor } from './actor.js';
import { AccessRepository } from './access.repository.js';
import type { AccessRule } from './access.decorators.js';

/** All roles whose grant is bounded by an organisation subtree. */
const SUBTREE_ROLES: Role[] = ['unit_hr', 'reviewer', 'exam_office'];
/** Staff who enter applications for the people of their subtree (单位经办人, 考务). */
export const APPLICANT_STAFF_ROLES = ['unit_hr', 'exam_office'] as const;

/**
 * The one place where access is decided: route rules (used by the guard) and record scopes (used by
 * services). `admin` acts everywhere; unit_hr, reviewer and exam_office within their organisation subtree;
 * an invigilator within assigned rooms; a panel member within assignments; a candidate on their own record.
 */
@Injectable()
export class AccessService {
  constructor(private readonly repository: AccessRepository) {}

  /** Route-level rule: may this actor call a route declared with `rule`? */
  checkRoute(actor: Actor, rule: AccessRule): void {
    if (rule.kind === 'public') return;
    if (rule.kind === 'exam_candidate')
      throw new Forbidden('此接口仅供考生在考试客户端中使用，工作人员账号不能调用');
    if (actor.mustChangePassword && !(rule.kind === 'authenticated' && rule.allowPendingPasswordChange)) {
      throw new Forbidden('请先修改初始密码，然后再继续操作');
    }
    if (rule.kind === 'authenticated') return;
    if (!hasRole(actor, ...rule.roles)) {
      throw new Forbidden(
        `当前账号无权执行此操作（需要以下角色之一：${rule.roles.map((r) => ROLE_LABELS[r]).join('、')}）`,
      );
    }
  }

  /**
   * The organisation subtrees the actor may act on with any of `roles`: `null` means everywhere (admin),
   * an empty list means nowhere.
   */
  subtreeRoots(actor: Actor, roles: Role[] = SUBTREE_ROLES): string[] | null {
    if (hasRole(actor, 'admin')) return null;
    return actor.grants
      .filter((g) => roles.includes(g.role) && g.organisationId)
      .map((g) => g.organisationId as string);
  }

  /** Throws unless the organisation lies within one of the actor's subtrees for `roles`. */
  async assertOrganisation(
    actor: Actor,
    organisationId: string,
    roles: Role[] = SUBTREE_ROLES,
  ): Promise<void> {
    const org = await this.repository.organisationAncestors(organisationId);
    if (!org) throw new NotFound('没有找到该机构');
    const roots = this.subtreeRoots(actor, roles);
    if (roots === null) return;
    if (!org.ancestorIds.some((id) => roots.includes(id))) {
      throw new OutOfScope('该机构不在您的管理范围内');
    }
  }

  /** Throws unless the actor holds one of `roles` on an organisation of this region (admins anywhere). */
  async assertRegion(actor: Actor, regionId: string, roles: Role[] = ['exam_office']): Promise<void> {
    if (hasRole(actor, 'admin')) return;
    for (const grant of actor.grants) {
      if (!roles.includes(grant.role) || !grant.organisationId) continue;
      const org = await this.repository.organisationAncestors(grant.organisationId);
      if (org?.regionId === regionId) return;
    }
    throw new OutOfScope('该地区不在您的管理范围内');
  }

  /** A record that belongs to an organisation (and maybe to a person): may the actor read it? */
  async assertPersonRecord(
    actor: Actor,
    record: { personId: string; organisationId: string },
    roles: Role[] = SUBTREE_ROLES,
  ) {
    if (actor.personId === record.personId) return;
    if (!hasRole(actor, 'admin', ...roles)) throw new OutOfScope('您只能查看本人的信息');
    await this.assertOrganisation(actor, record.organisationId, roles);
  }

  /**
   * May the actor act as the applicant for this person (申报 for them, edit, see the whole record)? The
   * person themselves, or unit HR / the exam office whose subtree holds the person's unit.
   */
  async mayActForPerson(
    actor: Actor,
    person: { personId: string; organisationId: string },
  ): Promise<boolean> {
    if (actor.personId === person.personId) return true;
    if (!hasRole(actor, 'admin', ...APPLICANT_STAFF_ROLES)) return false;
    return this.assertOrganisation(actor, person.organisationId, [...APPLICANT_STAFF_ROLES]).then(
      () => true,
      () => false,
    );
  }

  /** An invigilator acts on assigned rooms; exam office staff on rooms of venues within their subtree. */
  async assertRoom(actor: Actor, roomId: string): Promise<void> {
    const room = await this.repository.roomScope(roomId);
    if (!room) throw new NotFound('没有找到该考场');
    if (hasRole(actor, 'admin')) return;
    if (hasRole(actor, 'invigilator') && (await this.repository.isInvigilatorOf(actor.userId, roomId)))
      return;
    const ancestors = room.venue.organisation?.ancestorIds;
    const roots = this.subtreeRoots(actor, ['exam_office']) ?? [];
    if (ancestors && ancestors.some((id) => roots.includes(id))) return;
    throw new OutOfScope('该考场不在您的监考或管理范围内');
  }

  /** A panel member scores only candidates of assigned batch × occupation × level. */
  async assertPanelAssignment(
    actor: Actor,
    target: { batchId: string; occupationId: string; level: string },
  ) {
    if (hasRole(actor, 'admin')) return;
    const assignments = hasRole(actor, 'panel_member')
      ? await this.repository.panelAssignments(actor.userId)
      : [];
    const ok = assignments.some(
      (a) =>
        a.batchId === target.batchId && a.occupationId === target.occupationId && a.level === target.level,
    );
    if (!ok) throw new OutOfScope('该考生不在您负责评分的工种和等级范围内');
  }
}
