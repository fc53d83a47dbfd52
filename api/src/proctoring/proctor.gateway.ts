import { Inject, Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import {
  PROCTOR_NAMESPACE,
  proctorActionSchema,
  roomWatchSchema,
  type ProctorClientToServerEvents,
  type ProctorError,
  type ProctorServerToClientEvents,
  type RoomWatchAck,
} from '@exam/contracts';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionService } from '../auth/session.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-errors.js';
import { formatIssues } from '../common/zod-pipe.js';
import { ExamStaffAccess } from '../exam/exam-staff-access.js';
import { ProctorActionsService } from './proctor-actions.service.js';
import { ROOM_EVENT_LOG, type RoomEventLog } from './room-event-log.js';
import { RoomEventProducer, proctorRoom } from './room-event-producer.js';
import { RoomSnapshotService } from './room-snapshot.service.js';

type ProctorNamespace = Namespace<ProctorClientToServerEvents, ProctorServerToClientEvents>;
type ProctorSocket = Socket<ProctorClientToServerEvents, ProctorServerToClientEvents>;
type SocketData = { actor: Actor; origin: RequestOrigin };

const STAFF_ROLES = ['invigilator', 'exam_office', 'admin'] as const;
const unwatchSchema = z.strictObject({ sittingId: z.uuid(), roomId: z.uuid() });

/** The ack callback of a message: the last argument when it is a function. */
function ackOf(args: unknown[]): ((result: unknown) => void) | null {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as (result: unknown) => void) : null;
}

function payloadOf(args: unknown[]): unknown {
  return args.length > (ackOf(args) ? 1 : 0) ? args[0] : undefined;
}

function invalid(error: z.ZodError, event: string): ProctorError {
  const summary = formatIssues(error)
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}：${i.message}` : i.message))
    .join('；');
  return { code: 'invalid', message: `消息格式不正确：${summary}`, event };
}

function errorOf(error: unknown, event: string): ProctorError {
  if (!(error instanceof DomainError)) return { code: 'conflict', message: '操作失败，请稍后重试', event };
  const code: ProctorError['code'] =
    error.code === 'validation_failed'
      ? 'invalid'
      : error.code === 'session_expired'
        ? 'unauthenticated'
        : ((['unauthenticated', 'forbidden', 'out_of_scope', 'not_found', 'conflict'] as const).find(
            (c) => c === error.code,
          ) ?? 'conflict');
  return { code, message: error.message, event };
}

function connectRefusal(code: ProctorError['code'], message: string): Error {
  const error = new Error(message) as Error & { data: ProctorError };
  error.data = { code, message };
  return error;
}

/**
 * The invigilators' socket.io namespace (/proctor). The handshake carries a staff session token (a
 * candidate's exam token is refused); 'room:watch' joins a room after the scope check and answers a
 * snapshot, or the events after `sinceSeq` while they are kept; 'proctor:action' runs an action. Every
 * refusal answers an error (the ack, or 'proctor:error' when the message has none) and is audited.
 * A console applies events in seq order, ignores those at or below the seq it has, and re-watches with
 * its last seq when it sees a gap.
 */
@WebSocketGateway({ namespace: PROCTOR_NAMESPACE })
export class ProctorGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(ProctorGateway.name);

  constructor(
    private readonly sessions: SessionService,
    private readonly staffAccess: ExamStaffAccess,
    private readonly snapshots: RoomSnapshotService,
    private readonly actions: ProctorActionsService,
    private readonly producer: RoomEventProducer,
    private readonly audit: AuditService,
    @Inject(ROOM_EVENT_LOG) private readonly log: RoomEventLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  afterInit(namespace: ProctorNamespace): void {
    namespace.use((socket, next) => {
      this.authorise(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.producer.setBroadcast((room, events) => {
      const target = namespace.to(room);
      for (const event of events) target.emit('room:event', event);
    });
  }

  /** Handshake: a live staff session of an invigilator, the exam office or an admin. */
  private async authorise(socket: ProctorSocket): Promise<void> {
    const origin: RequestOrigin = {
      ip: socket.handshake.address ?? null,
      userAgent: (socket.handshake.headers['user-agent'] ?? '').slice(0, 512) || null,
    };
    const token = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string') throw connectRefusal('unauthenticated', '请先登录');
    let actor: Actor;
    try {
      actor = await this.sessions.authenticate(token);
    } catch (error) {
      await this.audit.record(null, origin, {
        category: 'access',
        action: 'proctor.connect_refused',
        entityType: 'ProctorSocket',
        details: { cause: 'unauthenticated' },
      });
      throw connectRefusal(
        'unauthenticated',
        error instanceof DomainError ? `${error.message}（监考台需使用工作人员账号登录）` : '请先登录',
      );
    }
    if (!hasRole(actor, ...STAFF_ROLES)) {
      await this.audit.record(actor, origin, {
        category: 'access',
        action: 'proctor.connect_refused',
        entityType: 'ProctorSocket',
        details: { cause: 'role' },
      });
      throw connectRefusal('forbidden', '只有监考员、考务人员和管理员可以使用监考台');
    }
    socket.data = { actor, origin } satisfies SocketData;
  }

  handleConnection(socket: ProctorSocket): void {
    const data = socket.data as SocketData | undefined;
    if (!data?.actor) {
      socket.disconnect(true);
      return;
    }
    const raw = socket as unknown as Socket;
    raw.on('room:watch', (...args: unknown[]) => void this.onWatch(socket, data, args));
    raw.on('room:unwatch', (...args: unknown[]) => void this.onUnwatch(socket, data, args));
    raw.on('proctor:action', (...args: unknown[]) => void this.onAction(socket, data, args));
  }

  private async onWatch(socket: ProctorSocket, data: SocketData, args: unknown[]): Promise<void> {
    const ack = ackOf(args);
    const reply = (result: RoomWatchAck) => {
      if (ack) ack(result);
      else if (!result.ok)
        socket.emit('proctor:error', {
          code: result.code as ProctorError['code'],
          message: result.message,
          event: 'room:watch',
        });
    };
    const parsed = roomWatchSchema.safeParse(payloadOf(args));
    if (!parsed.success) {
      const error = invalid(parsed.error, 'room:watch');
      await this.refused(data, 'room:watch', error, payloadOf(args));
      reply({ ok: false, code: error.code, message: error.message });
      return;
    }
    const { sittingId, roomId, sinceSeq } = parsed.data;
    try {
      await this.staffAccess.assertRoom(data.actor, data.origin, sittingId, roomId);
      // join first: an event appended from here on reaches this console (it may repeat one the answer holds)
      await socket.join(proctorRoom({ sittingId, roomId }));
      if (sinceSeq !== undefined) {
        const events = await this.log.since({ sittingId, roomId }, sinceSeq);
        if (events) {
          reply({ ok: true, events });
          return;
        }
      }
      reply({ ok: true, snapshot: await this.snapshots.snapshot(sittingId, roomId, this.clock.now()) });
    } catch (error) {
      if (!(error instanceof DomainError)) this.logger.error(`room:watch: ${String(error)}`);
      const e = errorOf(error, 'room:watch');
      reply({ ok: false, code: e.code, message: e.message });
    }
  }

  private async onUnwatch(socket: ProctorSocket, data: SocketData, args: unknown[]): Promise<void> {
    const parsed = unwatchSchema.safeParse(payloadOf(args));
    if (!parsed.success) {
      const error = invalid(parsed.error, 'room:unwatch');
      await this.refused(data, 'room:unwatch', error, payloadOf(args));
      socket.emit('proctor:error', error);
      return;
    }
    await socket.leave(proctorRoom(parsed.data));
  }

  private async onAction(socket: ProctorSocket, data: SocketData, args: unknown[]): Promise<void> {
    const ack = ackOf(args);
    const fail = (error: ProctorError) => (ack ? ack({ error }) : socket.emit('proctor:error', error));
    const payload = payloadOf(args);
    const parsed = proctorActionSchema.safeParse(payload);
    if (!parsed.success) {
      const error = invalid(parsed.error, 'proctor:action');
      await this.refused(data, 'proctor:action', error, payload);
      fail(error);
      return;
    }
    try {
      const result = await this.actions.act(data.actor, data.origin, parsed.data);
      ack?.(result);
    } catch (error) {
      if (!(error instanceof DomainError)) this.logger.error(`proctor:action: ${String(error)}`);
      fail(errorOf(error, 'proctor:action'));
    }
  }

  /** Audits a malformed message (the service audits the refusals it makes itself). */
  private refused(data: SocketData, event: string, error: ProctorError, payload: unknown) {
    const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
    return this.actions.refuse(
      data.actor,
      data.origin,
      p,
      'invalid',
      [],
      `${event}：${error.message}`.slice(0, 500),
    );
  }
}
