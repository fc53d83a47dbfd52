import { z } from 'zod';
import { uuidSchema } from './common.js';
import type { AttemptCloser, AttemptStatus } from './exam.js';
import { PROCTOR_ACTIONS, proctorReasonSchema, type IncidentView, type ProctorAction } from './proctoring.js';

/**
 * The invigilator's live room view over socket.io: a snapshot of the room, then a stream of events, each
 * with a sequence number per room. A console that missed events (a reconnect) asks for those after the
 * last seq it saw; if they are no longer kept it takes a new snapshot. Actions go the same way (or over
 * HTTP) and are answered with their result; refusals come back as errors, state unchanged.
 */

export const PROCTOR_NAMESPACE = '/proctor';

/** One candidate's seat in the room view. */
export interface CandidateTile {
  attemptId: string;
  applicationId: string;
  seatId: string;
  seatLabel: string;
  row: number;
  column: number;
  machineId: string | null;
  name: string;
  ticketNumber: string;
  status: AttemptStatus;
  /** a client is connected and its heartbeats arrive */
  connected: boolean;
  lastSeenAt: string | null;
  answered: number;
  itemCount: number;
  lastSaveAt: string | null;
  lastSeq: number;
  startedAt: string | null;
  /** while in progress */
  endsAt: string | null;
  /** while paused (and before the start: the full time) */
  remainingMs: number | null;
  extraSeconds: number;
  screenSwitches: number;
  screenSwitchLimit: number;
  warnings: number;
  /** the client is locked (切屏 over the limit, or by the invigilator) until unlocked */
  locked: boolean;
  closedBy: AttemptCloser | null;
}

export interface RoomSeat {
  seatId: string;
  label: string;
  row: number;
  column: number;
  spare: boolean;
  disabled: boolean;
  machineId: string | null;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  /** e.g. 暂停, 延时 10 分钟, 切屏, 交卷 */
  label: string;
  actor: string | null;
  attemptId: string | null;
  candidateName: string | null;
  reason: string | null;
}

export interface RoomSnapshot {
  sittingId: string;
  roomId: string;
  sittingName: string;
  roomName: string;
  startsAt: string;
  durationMinutes: number;
  roomStartedAt: string | null;
  serverNow: string;
  /** the last event included in this snapshot */
  seq: number;
  rows: number;
  columns: number;
  seats: RoomSeat[];
  candidates: CandidateTile[];
  invigilators: { name: string; chief: boolean }[];
  timeline: TimelineEntry[];
}

export type RoomEventPayload =
  | { kind: 'tile'; attemptId: string; patch: Partial<CandidateTile> }
  | { kind: 'timeline'; entry: Omit<TimelineEntry, 'seq'> }
  | { kind: 'incident'; incident: IncidentView }
  | { kind: 'room'; roomStartedAt: string | null };

export interface RoomEvent {
  seq: number;
  at: string;
  sittingId: string;
  roomId: string;
  payload: RoomEventPayload;
}

export const roomWatchSchema = z.strictObject({
  sittingId: uuidSchema,
  roomId: uuidSchema,
  /** the last seq seen: the events after it are sent instead of a snapshot, when still kept */
  sinceSeq: z.int().min(0).optional(),
});
export type RoomWatchRequest = z.input<typeof roomWatchSchema>;

export type RoomWatchAck =
  | { ok: true; snapshot: RoomSnapshot }
  | { ok: true; events: RoomEvent[] }
  | { ok: false; code: string; message: string };

export const proctorActionSchema = z
  .strictObject({
    action: z.enum(PROCTOR_ACTIONS, { error: '操作类型不正确' }),
    sittingId: uuidSchema,
    roomId: uuidSchema,
    /** the candidates acted on (empty for start_room) */
    attemptIds: z.array(uuidSchema).max(500).default([]),
    reason: proctorReasonSchema,
    /** extra_time */
    minutes: z.int().min(1).max(120).optional(),
    /** move_seat: the spare seat */
    seatId: uuidSchema.optional(),
    /** warn: the message shown on the candidate's screen */
    message: z.string().trim().max(200).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.action !== 'start_room' && a.attemptIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['attemptIds'], message: '请选择考生' });
    if (a.action === 'extra_time' && !a.minutes)
      ctx.addIssue({ code: 'custom', path: ['minutes'], message: '请填写延时分钟数' });
    if (a.action === 'move_seat' && (!a.seatId || a.attemptIds.length !== 1))
      ctx.addIssue({ code: 'custom', path: ['seatId'], message: '换座时请选择一名考生和一个备用座位' });
  });
export type ProctorActionRequest = z.input<typeof proctorActionSchema>;

export interface ProctorActionResult {
  action: ProctorAction;
  /** per candidate: done, or refused with why (a bulk action does what it can and says what it could not) */
  results: { attemptId: string | null; ok: boolean; message: string | null }[];
}

export interface ProctorError {
  code: 'invalid' | 'unauthenticated' | 'forbidden' | 'out_of_scope' | 'not_found' | 'conflict';
  message: string;
  /** the message's event name, when the error answers one */
  event?: string;
}

export interface ProctorClientToServerEvents {
  'room:watch': (request: RoomWatchRequest, ack: (result: RoomWatchAck) => void) => void;
  'room:unwatch': (request: { sittingId: string; roomId: string }) => void;
  'proctor:action': (
    request: ProctorActionRequest,
    ack: (result: ProctorActionResult | { error: ProctorError }) => void,
  ) => void;
}

export interface ProctorServerToClientEvents {
  'room:event': (event: RoomEvent) => void;
  'proctor:error': (error: ProctorError) => void;
}
