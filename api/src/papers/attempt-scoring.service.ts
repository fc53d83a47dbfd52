import { Injectable } from '@nestjs/common';
import type { Db } from '../database/prisma.js';

/** SKELETON (to be written): scores an attempt at its close. */
@Injectable()
export class AttemptScoringService {
  /** Scores the attempt's objective items from its current answers, queues short answers for markers and records the component score, inside the caller's transaction. */
  scoreAttempt(
    _db: Db,
    _attemptId: string,
    _now: Date,
  ): Promise<{ objectiveTenths: number; pendingMarking: number; scoreTenths: number | null }> {
    throw new Error('not implemented');
  }
}
