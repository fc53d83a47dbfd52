import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { formatShanghai, shanghaiDay, type ExamLoginRequest, type ExamLoginResponse } from '@exam/contracts';
import type { RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';
import { Clock } from '../common/clock.js';
import { Conflict, RateLimited, Unauthenticated } from '../common/domain-errors.js';
import { ActiveClients } from './active-clients.js';
import { AttemptViewService } from './attempt-view.service.js';
import { isClosed } from './attempt-state.js';
import { AttemptTransitions } from './attempt-transitions.js';
import { AttemptsService } from './attempts.service.js';
import { ExamSessionRepository } from './exam-session.repository.js';
import type { ExamSessionContext } from './exam-session.js';

const WRONG_CREDENTIALS = '准考证号或身份证号不正确';
export const SECOND_CLIENT = '本场考试已在其他电脑或窗口登录；如需换机，请联系监考老师';
/** an exam session lasts until this long after the sitting's planned end */
const SESSION_AFTER_END_MS = 2 * 3_600_000;
/** a whole exam room may sit behind one address: its limit is this many times the staff login's */
const ROOM_ADDRESS_FACTOR = 10;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hhmm = (d: Date) => formatShanghai(d).slice(0, 16);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The candidate's exam login: 准考证号 + 身份证号 (rate-limited per ticket and per address like staff
 * logins, with one generic message for a wrong pair), the sitting of today that is open, one client per
 * attempt, and the bearer token of the exam session (stored as its sha256).
 */
@Injectable()
export class ExamSessionService {
  constructor(
    private readonly repository: ExamSessionRepository,
    private readonly logins: AuthRepository,
    private readonly attempts: AttemptsService,
    private readonly transitions: AttemptTransitions,
    private readonly views: AttemptViewService,
    private readonly activeClients: ActiveClients,
    private readonly audit: AuditService,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async login(input: ExamLoginRequest, origin: RequestOrigin): Promise<ExamLoginResponse> {
    const now = this.clock.now();
    const ip = origin.ip ?? 'unknown';
    const ticketNumber = input.ticketNumber.trim();
    const idNumber = input.idNumber.trim().toUpperCase();
    const key = `ticket:${ticketNumber}`.slice(0, 64);
    await this.assertNotLimited(key, ip, now);
    const ticket = await this.repository.publishedTicket(ticketNumber);
    const stored = ticket?.application.person.idNumber.toUpperCase() ?? '';
    if (!ticket || !sameText(stored, idNumber)) {
      await this.logins.recordAttempt(key, ip, false, now);
      await this.audit.record(null, origin, {
        category: 'security',
        action: 'exam.login_failed',
        entityType: 'AdmissionTicket',
        entityId: ticket?.id ?? null,
        details: { ticketNumber, cause: ticket ? 'wrong_id_number' : 'unknown_ticket' },
      });
      throw new Unauthenticated(WRONG_CREDENTIALS);
    }
    await this.logins.recordAttempt(key, ip, true, now);
    const attemptId = await this.attemptForNow(ticket.applicationId, ticketNumber, origin, now);
    if (
      this.activeClients.heldByOther(attemptId, input.clientId) ||
      (await this.activeClients.holdersAnywhere(attemptId, input.clientId)).others.length > 0
    ) {
      await this.refuse(origin, ticketNumber, attemptId, 'second_client');
      throw new Conflict(SECOND_CLIENT);
    }
    const token = randomBytes(32).toString('base64url');
    const { row, checkedIn } = await this.repository.transaction(async (tx) => {
      const result = await this.attempts.checkInForLogin(tx, attemptId, input.clientId, origin, now);
      const sitting = await tx.sitting.findUniqueOrThrow({
        where: { id: result.row.sittingId },
        select: { endsAt: true },
      });
      const session = await this.repository.createSession(tx, {
        attemptId,
        tokenHash: sha256(token),
        clientId: input.clientId,
        ip: origin.ip,
        userAgent: origin.userAgent,
        createdAt: now,
        expiresAt: new Date(Math.max(sitting.endsAt.getTime(), now.getTime()) + SESSION_AFTER_END_MS),
      });
      const revoked = await this.repository.revokeOthers(tx, attemptId, session.id, now);
      await this.audit.record(
        null,
        origin,
        {
          category: 'exam_event',
          action: 'exam.login',
          entityType: 'Attempt',
          entityId: attemptId,
          details: {
            ticketNumber,
            sessionId: session.id,
            clientId: input.clientId,
            status: result.row.status,
            revokedSessions: revoked.count,
          },
        },
        tx,
      );
      return result;
    });
    if (checkedIn) this.transitions.emitClock(row, now);
    return { token, attempt: await this.views.view(attemptId, now) };
  }

  /** The exam session of a bearer token, if it is live. */
  async authenticate(token: string): Promise<ExamSessionContext> {
    const session = token.length <= 128 ? await this.repository.findByTokenHash(sha256(token)) : null;
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now)
      throw new Unauthenticated('考试登录已失效，请重新登录', 'session_expired');
    return {
      sessionId: session.id,
      attemptId: session.attemptId,
      clientId: session.clientId,
      ip: session.ip,
      userAgent: session.userAgent,
    };
  }

  async logout(session: ExamSessionContext, origin: RequestOrigin): Promise<void> {
    const now = this.clock.now();
    await this.repository.transaction(async (tx) => {
      await this.repository.revoke(tx, session.sessionId, now);
      await this.audit.record(
        null,
        origin,
        {
          category: 'exam_event',
          action: 'exam.logout',
          entityType: 'Attempt',
          entityId: session.attemptId,
          details: { sessionId: session.sessionId, clientId: session.clientId },
        },
        tx,
      );
    });
  }

  /**
   * The attempt to sit now: of the candidate's 人机对话 sittings today (Asia/Shanghai) that are open and have
   * a paper, the one nearest in time not yet closed. Otherwise a message that says why not.
   */
  private async attemptForNow(
    applicationId: string,
    ticketNumber: string,
    origin: RequestOrigin,
    now: Date,
  ): Promise<string> {
    const dayStart = new Date(`${shanghaiDay(now)}T00:00:00+08:00`);
    const dayEnd = new Date(dayStart.getTime() + 86_400_000);
    const seats = await this.repository.theorySeats(applicationId, dayStart);
    const today = seats.map((s) => s.sitting).filter((s) => s.startsAt >= dayStart && s.startsAt < dayEnd);
    const attempts = await this.repository.attemptsOf(
      applicationId,
      today.map((s) => s.id),
    );
    const attemptOf = new Map(attempts.map((a) => [a.sittingId, a]));
    const distance = (d: Date) => Math.abs(d.getTime() - now.getTime());
    const candidates = today
      .filter((s) => s.status === 'open' && attemptOf.has(s.id) && !isClosed(attemptOf.get(s.id)!.status))
      .sort((a, b) => distance(a.startsAt) - distance(b.startsAt));
    if (candidates[0]) return attemptOf.get(candidates[0].id)!.id;

    let cause: string;
    let message: string;
    const closedToday = today.find((s) => {
      const a = attemptOf.get(s.id);
      return a && isClosed(a.status);
    });
    const openWithoutPaper = today.find((s) => s.status === 'open' && !attemptOf.has(s.id));
    const notYetOpen = today.find(
      (s) => (s.status === 'published' || s.status === 'draft') && s.endsAt > now,
    );
    const next = seats.map((s) => s.sitting).find((s) => s.startsAt >= dayEnd);
    if (closedToday && !notYetOpen) {
      cause = 'already_closed';
      message = `您已交卷，「${closedToday.name}」考试已结束，无需再次登录`;
    } else if (notYetOpen) {
      cause = 'not_open';
      message = `「${notYetOpen.name}」（${hhmm(notYetOpen.startsAt)} 开始）尚未开放登录，请稍候或联系监考老师`;
    } else if (openWithoutPaper) {
      cause = 'no_paper';
      message = `「${openWithoutPaper.name}」的试卷尚未准备好，请联系监考老师`;
    } else {
      cause = 'no_sitting';
      message = next
        ? `今天没有可以参加的考试场次，请核对准考证上的时间（您的下一场：「${next.name}」${hhmm(next.startsAt)}）`
        : '今天没有可以参加的考试场次，请核对准考证上的时间';
    }
    await this.refuse(origin, ticketNumber, null, cause);
    throw new Conflict(message);
  }

  private refuse(origin: RequestOrigin, ticketNumber: string, attemptId: string | null, cause: string) {
    return this.audit.record(null, origin, {
      category: 'exam_event',
      action: 'exam.login_refused',
      entityType: 'Attempt',
      entityId: attemptId,
      details: { ticketNumber, cause },
    });
  }

  /** As the staff login: too many failures for the ticket, or from the address, block further tries for a while. */
  private async assertNotLimited(key: string, ip: string, now: Date): Promise<void> {
    const { windowMinutes, maxAccountFailures, maxIpFailures } = this.settings.login;
    const since = new Date(now.getTime() - windowMinutes * 60_000);
    for (const [by, max, text] of [
      [{ username: key }, maxAccountFailures, '该准考证号登录失败次数过多'],
      [{ ip }, maxIpFailures * ROOM_ADDRESS_FACTOR, '您所在的网络地址登录失败次数过多'],
    ] as const) {
      if ((await this.logins.countFailures(by, since)) < max) continue;
      const oldest = await this.logins.oldestFailure(by, since);
      const retryAt = (oldest?.at.getTime() ?? now.getTime()) + windowMinutes * 60_000;
      const seconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
      throw new RateLimited(`${text}，请 ${Math.ceil(seconds / 60)} 分钟后再试，或联系监考老师`, seconds);
    }
  }
}
