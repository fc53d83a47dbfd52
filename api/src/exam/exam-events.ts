import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { ExamClockView } from '@exam/contracts';

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
  | { type: 'screen_switch'; attemptId: string; count: number; limit: number; at: string };

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
}
