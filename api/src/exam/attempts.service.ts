import { Injectable } from '@nestjs/common';
import type { ExamClockView, IntegrityAck, IntegrityEvent } from '@exam/contracts';
import type { ExamSessionContext } from './exam-session.js';

/** SKELETON (to be written): the attempt state machine, the server-owned clock. */
@Injectable()
export class AttemptsService {
  clockView(_attemptId: string, _now: Date): Promise<ExamClockView> {
    throw new Error('not implemented');
  }

  recordScreenSwitch(
    _session: ExamSessionContext,
    _event: IntegrityEvent,
    _now: Date,
  ): Promise<IntegrityAck> {
    throw new Error('not implemented');
  }
}
