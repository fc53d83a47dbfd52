import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@exam/contracts';
import type { Actor, RequestOrigin } from './actor.js';

export const ACCESS_KEY = 'exam:access';

/**
 * Every route declares who may call it, with exactly one of these. A route without a declaration is
 * refused at start-up (see route-inventory.ts) and by the guard.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated'; allowPendingPasswordChange: boolean }
  | { kind: 'roles'; roles: Role[] };

/** Anyone, signed in or not (login, health, certificate verification). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Any signed-in user, whatever the role; the service narrows by scope. */
export const Authenticated = (options: { allowPendingPasswordChange?: boolean } = {}) =>
  SetMetadata(ACCESS_KEY, {
    kind: 'authenticated',
    allowPendingPasswordChange: options.allowPendingPasswordChange ?? false,
  } satisfies AccessRule);

/** Only these roles; the service still checks the scope of each record. */
export const Roles = (...roles: [Role, ...Role[]]) =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule);

interface ExamRequest {
  actor?: Actor;
  origin?: RequestOrigin;
}

/** The authenticated caller (set by the access guard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<ExamRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

/** The caller's address and user agent, for audit entries. */
export const Origin = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): RequestOrigin =>
    ctx.switchToHttp().getRequest<ExamRequest>().origin ?? { ip: null, userAgent: null },
);
