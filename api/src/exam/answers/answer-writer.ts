import { Injectable } from '@nestjs/common';
import type { SaveAck } from '@exam/contracts';
import type { ExamSessionContext } from '../exam-session.js';

/** SKELETON (to be written): group-committed answer saves with bounded admission. */
@Injectable()
export class AnswerWriter {
  /** Validates and stores one save for the session's attempt; resolves with the acknowledgement. */
  save(_session: ExamSessionContext, _message: unknown): Promise<SaveAck> {
    throw new Error('not implemented');
  }

  /** Resolves once every save of the attempt accepted so far is committed (or refused). */
  drain(_attemptId: string): Promise<void> {
    throw new Error('not implemented');
  }
}
