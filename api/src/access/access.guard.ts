import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { SessionService } from '../auth/session.service.js';
import type { ExamSessionContext } from '../exam/exam-session.js';
import { ExamSessionService } from '../exam/exam-session.service.js';
import { DomainError, Forbidden, Unauthenticated } from '../common/domain-errors.js';
import { ACCESS_KEY, type AccessRule } from './access.decorators.js';
import { AccessService } from './access.service.js';
import type { Actor, RequestOrigin } from './actor.js';

type ExamRequest = Request & { actor?: Actor; origin?: RequestOrigin; examSession?: ExamSessionContext };

function bearerToken(request: Request): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new Unauthenticated('Authorization 头格式应为 "Bearer <令牌>"');
  return match[1]!;
}

/**
 * Every HTTP request passes here: the route's declared rule is read, the bearer token authenticated, and
 * the rule checked by AccessService. A route that declares nothing is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly examSessions: ExamSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ExamRequest>();
    request.origin = {
      ip: request.ip ?? request.socket.remoteAddress ?? null,
      userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
    };
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new Forbidden('此接口未声明访问权限，已拒绝');
    if (rule.kind === 'public') return true;
    const token = bearerToken(request);
    if (!token) throw new Unauthenticated(rule.kind === 'exam_candidate' ? '请先登录考试' : '请先登录');
    let actor: Actor;
    if (rule.kind === 'exam_candidate') {
      const outcome = await this.examSession(token);
      if ('session' in outcome) {
        request.examSession = outcome.session;
        return true;
      }
      // a staff token on a candidate route: refused (and audited) below
      actor = outcome.actor;
    } else {
      actor = await this.sessions.authenticate(token);
    }
    request.actor = actor;
    try {
      this.access.checkRoute(actor, rule);
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record(actor, request.origin, {
          category: 'access',
          action: 'access.denied',
          entityType: 'Route',
          entityId: `${request.method} ${request.route?.path ?? request.path}`.slice(0, 128),
          details: { message: error.message },
        });
      }
      throw error;
    }
    return true;
  }

  /** An exam login's session, or the staff actor whose token this is; neither: the exam login's refusal. */
  private async examSession(token: string): Promise<{ session: ExamSessionContext } | { actor: Actor }> {
    try {
      return { session: await this.examSessions.authenticate(token) };
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      const actor = await this.sessions.authenticate(token).catch(() => null);
      if (!actor) throw error;
      return { actor };
    }
  }
}
