import { Injectable } from '@nestjs/common';
import { NotFound } from '../common/domain-errors.js';
import type { Db } from '../database/prisma.js';
import { componentTenths, scorePaper } from './attempt-score.js';
import { parseStoredBlueprint } from './blueprint-spec.js';
import { AttemptScoringRepository } from './attempt-scoring.repository.js';

export interface AttemptScore {
  objectiveTenths: number;
  pendingMarking: number;
  scoreTenths: number | null;
}

/**
 * Scores an attempt at its close: objective items from the current answers (the highest seq per item),
 * multiple choice with the blueprint section's partial credit; short answers become marking tasks (阅卷).
 * The attempt's score and the ComponentScore (out of 100, tenths) are final once no task is pending;
 * until then the ComponentScore holds the points so far, not final.
 */
@Injectable()
export class AttemptScoringService {
  constructor(private readonly repository: AttemptScoringRepository) {}

  /** Scores the attempt's objective items from its current answers, queues short answers for markers and records the component score, inside the caller's transaction. */
  async scoreAttempt(db: Db, attemptId: string, now: Date): Promise<AttemptScore> {
    const attempt = await this.repository.attempt(db, attemptId);
    if (!attempt) throw new NotFound('没有找到该作答');
    const spec = parseStoredBlueprint(attempt.paper.blueprint.spec);
    const items = await this.repository.items(db, attempt.paper.id);
    const answers = await this.repository.currentAnswers(db, attemptId);
    const score = scorePaper(
      items.map((i) => ({ ...i, partialCredit: spec.sections[i.section]?.partialCredit ?? 'none' })),
      answers,
    );
    await this.repository.createTasks(db, attemptId, attempt.sittingId, score.shortAnswers);
    return this.record(db, attemptId, now, score.objectiveTenths);
  }

  /**
   * Writes the attempt's score from its objective points and its marking tasks (after scoring, and after
   * each marking), and the ComponentScore with it.
   */
  async record(db: Db, attemptId: string, now: Date, objectiveTenths?: number): Promise<AttemptScore> {
    const attempt = await this.repository.attempt(db, attemptId);
    if (!attempt) throw new NotFound('没有找到该作答');
    const objective = objectiveTenths ?? attempt.objectiveTenths ?? 0;
    const tasks = await this.repository.tasks(db, attemptId);
    const pendingMarking = tasks.filter((t) => t.status === 'pending').length;
    const marked = tasks.reduce((sum, t) => sum + (t.status === 'marked' ? (t.scoreTenths ?? 0) : 0), 0);
    const score = componentTenths(objective + marked, attempt.paper.totalPointsTenths);
    const result: AttemptScore = {
      objectiveTenths: objective,
      pendingMarking,
      scoreTenths: pendingMarking === 0 ? score : null,
    };
    await this.repository.updateAttempt(db, attemptId, result);
    const sitting = await this.repository.sittingOf(db, attempt.sittingId);
    await this.repository.upsertComponentScore(db, {
      applicationId: attempt.applicationId,
      sittingId: attempt.sittingId,
      component: sitting.component,
      subject: sitting.subject,
      scoreTenths: score,
      final: pendingMarking === 0,
      attemptId,
      recordedAt: now,
    });
    return result;
  }
}
