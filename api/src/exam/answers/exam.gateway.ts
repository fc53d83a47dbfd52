import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import {
  CLOSED_ATTEMPT_STATUSES,
  EXAM_NAMESPACE,
  integrityEventSchema,
  type ExamClientToServerEvents,
  type ExamConnectRefusal,
  type ExamServerToClientEvents,
} from '@exam/contracts';
import type { Namespace, Socket } from 'socket.io';
import { Clock } from '../../common/clock.js';
import { DomainError } from '../../common/domain-errors.js';
import { ActiveClients } from '../active-clients.js';
import { AttemptsService } from '../attempts.service.js';
import { ExamEvents, type ExamEvent } from '../exam-events.js';
import { ExamSessionService } from '../exam-session.service.js';
import type { ExamSessionContext } from '../exam-session.js';
import { AnswerWriter } from './answer-writer.js';
import { refusal } from './save-refusals.js';

type ExamNamespace = Namespace<ExamClientToServerEvents, ExamServerToClientEvents>;
type ExamSocket = Socket<ExamClientToServerEvents, ExamServerToClientEvents>;

/** the socket.io room of one attempt */
export function attemptRoom(attemptId: string): string {
  return `attempt:${attemptId}`;
}

/** after 'attempt:closed' is sent, the holder is disconnected this much later (the message goes first) */
const EVICT_AFTER_CLOSE_MS = 500;
/** after a seat move, the old machine is disconnected this much later (its notice goes first) */
const EVICT_AFTER_NOTICE_MS = 300;

function connectRefusal(code: ExamConnectRefusal['code'], message: string): Error {
  const error = new Error(message) as Error & { data: ExamConnectRefusal };
  error.data = { code, message };
  return error;
}

/** The ack callback of a message: the last argument when it is a function. */
function ackOf(args: unknown[]): ((result: unknown) => void) | null {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as (result: unknown) => void) : null;
}

function messageOf(error: unknown, fallback: string): string {
  return error instanceof DomainError ? error.message : fallback;
}

/**
 * The candidates' socket.io namespace. The handshake carries the exam login token and the tab's client id;
 * one client instance holds an attempt at a time (a second window is refused at connect). Messages: answer
 * saves (to the AnswerWriter), clock sync, integrity events (切屏). The attempt's events (clock, close,
 * notices) go to its room. Handlers never throw: a malformed message gets an error acknowledgement.
 */
@WebSocketGateway({ namespace: EXAM_NAMESPACE })
export class ExamGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(ExamGateway.name);
  private namespace: ExamNamespace | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly sessions: ExamSessionService,
    private readonly attempts: AttemptsService,
    private readonly writer: AnswerWriter,
    private readonly activeClients: ActiveClients,
    private readonly events: ExamEvents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  afterInit(namespace: ExamNamespace): void {
    this.namespace = namespace;
    this.activeClients.attach(async (attemptId) => {
      const sockets = await namespace.in(attemptRoom(attemptId)).fetchSockets();
      return sockets.map((s) => ({
        id: s.id,
        clientId: (s.data as { session?: ExamSessionContext } | undefined)?.session?.clientId ?? null,
        disconnect: () => s.disconnect(true),
      }));
    });
    namespace.use((socket, next) => {
      this.authorise(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.unsubscribe = this.events.on((event) => this.relay(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Handshake: a valid exam login on this client id, and no other client holding the attempt. */
  private async authorise(socket: ExamSocket): Promise<void> {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    if (typeof auth.token !== 'string' || typeof auth.clientId !== 'string')
      throw connectRefusal('unauthenticated', '请先登录考试');
    let session: ExamSessionContext;
    try {
      session = await this.sessions.authenticate(auth.token);
    } catch (error) {
      throw connectRefusal('unauthenticated', messageOf(error, '登录已失效，请重新登录'));
    }
    if (session.clientId !== auth.clientId)
      throw connectRefusal('second_client', '本场考试已在另一窗口或设备上打开，请在原窗口继续作答');
    const status = await this.writer.status(session.attemptId);
    if (status && CLOSED_ATTEMPT_STATUSES.includes(status))
      throw connectRefusal('closed', '本场考试已结束，不能再作答');
    const claimed = this.activeClients.claim(session.attemptId, {
      clientId: session.clientId,
      socketId: socket.id,
      disconnect: () => socket.disconnect(true),
    });
    if (!claimed)
      throw connectRefusal('second_client', '本场考试已在另一窗口或设备上打开，请在原窗口继续作答');
    // the same check across API processes: another client's socket refuses this one; this client's older
    // socket (a reload that reached another process) is let go
    const anywhere = await this.activeClients
      .holdersAnywhere(session.attemptId, session.clientId, socket.id)
      .catch((error: unknown) => {
        this.logger.warn(`跨进程查询考生连接失败：${String(error)}`);
        return { others: [], same: [] };
      });
    if (anywhere.others.length > 0) {
      this.activeClients.release(session.attemptId, socket.id);
      throw connectRefusal('second_client', '本场考试已在另一窗口或设备上打开，请在原窗口继续作答');
    }
    for (const old of anywhere.same) old.disconnect();
    socket.data = { session };
  }

  handleConnection(socket: ExamSocket): void {
    const session = (socket.data as { session?: ExamSessionContext } | undefined)?.session;
    if (!session) {
      socket.disconnect(true);
      return;
    }
    void socket.join(attemptRoom(session.attemptId));
    this.writer.warm(session.attemptId);
    const connection = (connected: boolean) =>
      this.events.emit({
        type: 'connection',
        attemptId: session.attemptId,
        connected,
        socketId: socket.id,
        at: this.clock.now().toISOString(),
      });
    connection(true);
    const raw = socket as unknown as Socket;
    raw.on('disconnect', () => {
      this.activeClients.release(session.attemptId, socket.id);
      connection(false);
    });
    raw.on('answer:save', (...args: unknown[]) => this.onSave(session, args));
    raw.on('clock:sync', (...args: unknown[]) => this.onClockSync(session, args));
    raw.on('integrity:event', (...args: unknown[]) => this.onIntegrity(session, args));
  }

  private onSave(session: ExamSessionContext, args: unknown[]): void {
    const ack = ackOf(args);
    const message = args.length > (ack ? 1 : 0) ? args[0] : undefined;
    this.writer.save(session, message).then(
      (result) => ack?.(result),
      (error: unknown) => {
        this.logger.error(`答案保存出错：${String(error)}`);
        ack?.(refusal('busy', null, { retryAfterMs: 1000 }));
      },
    );
  }

  private onClockSync(session: ExamSessionContext, args: unknown[]): void {
    const ack = ackOf(args);
    if (!ack) return;
    this.attempts.clockView(session.attemptId, this.clock.now()).then(ack, (error: unknown) => {
      if (!(error instanceof DomainError)) this.logger.error(`时钟同步出错：${String(error)}`);
      ack({ error: messageOf(error, '暂时无法同步时间，请稍后重试') });
    });
  }

  private onIntegrity(session: ExamSessionContext, args: unknown[]): void {
    const ack = ackOf(args);
    const parsed = integrityEventSchema.safeParse(args.length > (ack ? 1 : 0) ? args[0] : undefined);
    if (!parsed.success) {
      ack?.({ error: `事件格式不正确：${parsed.error.issues[0]?.message ?? ''}` });
      return;
    }
    this.attempts.recordScreenSwitch(session, parsed.data, this.clock.now()).then(
      (result) => ack?.(result),
      (error: unknown) => {
        if (!(error instanceof DomainError)) this.logger.error(`切屏记录出错：${String(error)}`);
        ack?.({ error: messageOf(error, '暂时无法记录，请稍后重试') });
      },
    );
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Streams an attempt's events to its room. */
  private relay(event: ExamEvent): void {
    const namespace = this.namespace;
    if (!namespace) return;
    try {
      const room = namespace.to(attemptRoom(event.attemptId));
      switch (event.type) {
        case 'clock':
          room.emit('attempt:clock', {
            ...event.clock,
            ...(event.paperKey ? { paperKey: event.paperKey } : {}),
          });
          return;
        case 'closed':
          room.emit('attempt:closed', event.clock);
          this.writer.forget(event.attemptId);
          this.later(() => this.activeClients.evict(event.attemptId), EVICT_AFTER_CLOSE_MS);
          return;
        case 'notice':
          room.emit('exam:notice', event.notice);
          return;
        case 'transition':
          // the candidate moved to a spare seat: its old machine lets go, on whichever process it is, once
          // the notice that follows the transition (「请到 X 号座位…」) has gone out
          if (event.action === 'moveSeat')
            this.later(
              () => namespace.in(attemptRoom(event.attemptId)).disconnectSockets(true),
              EVICT_AFTER_NOTICE_MS,
            );
          return;
        default:
          return;
      }
    } catch (error) {
      this.logger.error(`考试事件推送出错：${String(error)}`);
    }
  }
}
