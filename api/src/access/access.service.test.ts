import { describe, expect, it } from 'vitest';
import { AccessService } from './access.service.js';
import type { AccessRepository } from './access.repository.js';
import type { Actor } from './actor.js';

/** Rules of AccessService that need no database: route rules and subtree roots. */
const service = new AccessService({} as AccessRepository);
const actor = (grants: Actor['grants'], mustChangePassword = false): Actor => ({
  userId: 'u',
  username: 'u',
  displayName: 'u',
  personId: null,
  sessionId: 's',
  mustChangePassword,
  grants,
});

describe('AccessService', () => {
  it('lets a declared role through and refuses the others with the roles it needs, in Chinese', () => {
    const reviewer = actor([{ role: 'reviewer', organisationId: 'o1', organisationName: '卫健委' }]);
    expect(() => service.checkRoute(reviewer, { kind: 'roles', roles: ['reviewer', 'admin'] })).not.toThrow();
    expect(() => service.checkRoute(reviewer, { kind: 'roles', roles: ['admin'] })).toThrow(
      '需要以下角色之一：系统管理员',
    );
  });

  it('holds a pending password change to routes that allow it', () => {
    const fresh = actor([{ role: 'admin', organisationId: null, organisationName: null }], true);
    expect(() => service.checkRoute(fresh, { kind: 'roles', roles: ['admin'] })).toThrow(/修改初始密码/);
    expect(() =>
      service.checkRoute(fresh, { kind: 'authenticated', allowPendingPasswordChange: true }),
    ).not.toThrow();
    expect(() => service.checkRoute(fresh, { kind: 'public' })).not.toThrow();
  });

  it('gives admins every subtree, scoped roles theirs, and others none', () => {
    expect(
      service.subtreeRoots(actor([{ role: 'admin', organisationId: null, organisationName: null }])),
    ).toBeNull();
    expect(
      service.subtreeRoots(
        actor([
          { role: 'reviewer', organisationId: 'a', organisationName: 'A' },
          { role: 'unit_hr', organisationId: 'b', organisationName: 'B' },
        ]),
      ),
    ).toEqual(['a', 'b']);
    expect(
      service.subtreeRoots(actor([{ role: 'invigilator', organisationId: null, organisationName: null }])),
    ).toEqual([]);
  });
});
