import type { OrganisationKind, PolicyDocument, Role } from '@exam/contracts';
import { hasRole, type Actor } from '../access/actor.js';

export interface ChainOrganisation {
  id: string;
  kind: OrganisationKind;
  name: string;
}

export interface ResolvedStage {
  index: number;
  name: string;
  orgKind: OrganisationKind;
  organisationId: string;
  organisationName: string;
  /** the policy's publicity after this stage, for the application's level */
  publicityWorkingDays: number | null;
}

/**
 * The review chain of one application: the policy's stages (unit → 主管部门 → county → prefecture → region
 * office) matched against the unit's ancestors, nearest first; a stage whose kind the unit has no ancestor
 * of is skipped (a city unit has no county stage).
 *
 * `ancestors` are the unit's organisations from the root down to the unit itself.
 */
export function resolveChain(
  policy: Pick<PolicyDocument, 'reviewChain' | 'publicity'>,
  ancestors: ChainOrganisation[],
  level: string,
): ResolvedStage[] {
  const stages: ResolvedStage[] = [];
  const nearestFirst = [...ancestors].reverse();
  for (const stage of policy.reviewChain) {
    const org = nearestFirst.find((o) => o.kind === stage.orgKind);
    if (!org || stages.some((s) => s.organisationId === org.id)) continue;
    const publicity = policy.publicity.find(
      (p) => p.afterStage === stage.orgKind && p.levels.includes(level as never),
    );
    stages.push({
      index: stages.length,
      name: stage.name,
      orgKind: stage.orgKind,
      organisationId: org.id,
      organisationName: org.name,
      publicityWorkingDays: publicity?.workingDays ?? null,
    });
  }
  return stages;
}

/** Roles that decide at a stage: the unit's own HR at the unit stage, reviewers and the office above. */
export function stageRoles(orgKind: OrganisationKind): Role[] {
  return orgKind === 'unit' ? ['unit_hr'] : ['reviewer', 'exam_office'];
}

/** May this actor decide at this stage? Admins anywhere; others with a stage role granted on that organisation. */
export function mayDecideAt(actor: Actor, stage: Pick<ResolvedStage, 'orgKind' | 'organisationId'>): boolean {
  if (hasRole(actor, 'admin')) return true;
  const roles = stageRoles(stage.orgKind);
  return actor.grants.some((g) => roles.includes(g.role) && g.organisationId === stage.organisationId);
}
