import { io, type Socket } from 'socket.io-client';
import type {
  AnswerSaveMessage,
  ExamClientToServerEvents,
  ExamClockView,
  ExamConnectRefusal,
  ExamServerToClientEvents,
  IntegrityAck,
  IntegrityEvent,
  SaveAck,
} from '@exam/contracts';
import { EXAM_NS } from './wire';

export type ExamSocket = Socket<ExamServerToClientEvents, ExamClientToServerEvents>;

export class NotConnected extends Error {
  constructor() {
    super('未连接到服务器');
  }
}

/** Opens the exam namespace with this login's token and this tab's client id (websocket only). */
export function openExamSocket(token: string, clientId: string, origin = location.origin): ExamSocket {
  return io(origin + EXAM_NS, {
    auth: { token, clientId },
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
  });
}

/** the server's refusal behind a connect_error, when it is one */
export function connectRefusal(error: Error & { data?: unknown }): ExamConnectRefusal | null {
  const data = error.data as Partial<ExamConnectRefusal> | undefined;
  return data && typeof data.code === 'string' ? (data as ExamConnectRefusal) : null;
}

// Never emit while disconnected: socket.io would buffer the message and send it again on reconnect.

export function emitSave(socket: ExamSocket, save: AnswerSaveMessage, timeoutMs = 8000): Promise<SaveAck> {
  if (!socket.connected) return Promise.reject(new NotConnected());
  return socket.timeout(timeoutMs).emitWithAck('answer:save', save);
}

export function emitClockSync(socket: ExamSocket, timeoutMs = 5000): Promise<ExamClockView> {
  if (!socket.connected) return Promise.reject(new NotConnected());
  return socket.timeout(timeoutMs).emitWithAck('clock:sync');
}

export function emitIntegrity(
  socket: ExamSocket,
  event: IntegrityEvent,
  timeoutMs = 5000,
): Promise<IntegrityAck | { error: string }> {
  if (!socket.connected) return Promise.reject(new NotConnected());
  return socket.timeout(timeoutMs).emitWithAck('integrity:event', event);
}
