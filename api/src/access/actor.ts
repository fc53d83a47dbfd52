import type { Role } from '@exam/contracts';

export interface ActorGrant {
  role: Role;
  /** root of the subtree this grant acts on (unit_hr, reviewer, exam_office) */
  organisationId: string | null;
  organisationName: string | null;
}

/** Who is calling: the authenticated user of this request. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  grants: ActorGrant[];
  personId: string | null;
  sessionId: string;
  mustChangePassword: boolean;
}

/** Where a request came from, recorded with every audit entry. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.grants.some((g) => roles.includes(g.role));
}

export function rolesOf(actor: Actor): Role[] {
  return actor.grants.map((g) => g.role);
}
