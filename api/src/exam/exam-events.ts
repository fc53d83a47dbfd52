import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { AttemptStatus, ExamClockView, IncidentView } from '@exam/contracts';

/**
 * What happened to an attempt, for whoever streams it: the candidate's socket (clock, close, notices) and,
 * later, the invigilators' room view. Services emit after their transaction commits; the gateway listens.
 * One process: an in-process emitter (several processes share these through the socket.io Redis adapter).
 */
export type ExamEvent =
  | { type: 'clock'; attemptId: string; clock: ExamClockView; paperKey?: string }
  | { type: 'closed'; attemptId: string; clock: ExamClockView }
  | { type: 'notice'; attemptId: string; notice: { kind: 'info' | 'warning'; message: string; at: string } }
  | { type: 'saved'; attemptId: string; seq: number; position: number; at: string }
  | { type: 'screen_switch'; attemptId: string; count: number; limit: number; at: string }
  /** a state-machine transition (or a room action that keeps the status), with who and why, for the room's timeline */
  | {
      type: 'transition';
      attemptId: string;
      /** AttemptAction or RoomAction name, e.g. pause, extraTime, moveSeat, lock */
      action: string;
      from: AttemptStatus;
      to: AttemptStatus;
      actor: string | null;
      reason: string | null;
      at: string;
      /** what the room view shows besides the status (warnings, locked, seat, extra time) */
      patch?: { warnings?: number; locked?: boolean; seatId?: string; extraSeconds?: number };
      /** as audited (e.g. extra time: seconds and kind; a seat move: seatLabel) */
      details?: Record<string, string | number | boolean | null>;
    }
  /**
   * the candidate's socket came or went (emitted by the candidate gateway on connect and disconnect; the
   * proctoring module records presence and drives in_progress ↔ disconnected from it)
   */
  | { type: 'connection'; attemptId: string; connected: boolean; socketId: string; at: string };

/** Events of a room rather than of one attempt. */
export type ExamRoomEvent =
  | { type: 'room_started'; sittingId: string; roomId: string; roomStartedAt: string; at: string }
  | { type: 'incident'; sittingId: string; roomId: string; incident: IncidentView };

@Injectable()
export class ExamEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  emit(event: ExamEvent): void {
    this.emitter.emit('event', event);
  }

  /** Subscribes; returns the unsubscribe function. */
  on(listener: (event: ExamEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  emitRoom(event: ExamRoomEvent): void {
    this.emitter.emit('room', event);
  }

  onRoom(listener: (event: ExamRoomEvent) => void): () => void {
    this.emitter.on('room', listener);
    return () => this.emitter.off('room', listener);
  }
}
