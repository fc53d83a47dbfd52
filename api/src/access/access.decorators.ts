import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@exam/contracts';
import type { ExamSessionContext } from '../exam/exam-session.js';
import type { Actor, RequestOrigin } from './actor.js';

export const ACCESS_KEY = 'exam:access';

/**
 * Every route declares who may call it, with exactly one of these. A route without a declaration is
 * refused at start-up (see route-inventory.ts) and by the guard.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated'; allowPendingPasswordChange: boolean }
  | { kind: 'roles'; roles: Role[] }
  | { kind: 'exam_candidate' };

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

/**
 * The candidate's exam client (人机对话): the bearer token is an exam login (准考证号 + 身份证号), never a
 * staff session; staff tokens are refused here and exam tokens everywhere else.
 */
export const ExamCandidate = () => SetMetadata(ACCESS_KEY, { kind: 'exam_candidate' } satisfies AccessRule);

interface ExamRequest {
  actor?: Actor;
  origin?: RequestOrigin;
  examSession?: ExamSessionContext;
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

/** The candidate's exam session (set by the access guard on @ExamCandidate routes). */
export const CurrentExamSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ExamSessionContext => {
    const session = ctx.switchToHttp().getRequest<ExamRequest>().examSession;
    if (!session) throw new Error('CurrentExamSession used on a route without @ExamCandidate');
    return session;
  },
);
