import { Inject, Injectable } from '@nestjs/common';
import type {
  MarkTaskRequest,
  MarkTaskResult,
  MarkingQuery,
  MarkingTaskView,
  RubricPoint,
} from '@exam/contracts';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import { answerText } from './attempt-score.js';
import { AttemptScoringService } from './attempt-scoring.service.js';
import { MarkingRepository, type MarkingScope, type MarkingTaskRow } from './marking.repository.js';

/**
 * 阅卷: markers score short answers anonymously — a task shows the item, its rubric and reference answer and
 * the answer given, never who gave it. Office staff mark the tasks of their region's sittings, panel members
 * those of the batch × occupation × level they are assigned to. A marked task is changed only with a
 * reason. When an attempt's last task is marked, its score and ComponentScore become final.
 */
@Injectable()
export class MarkingService {
  constructor(
    private readonly repository: MarkingRepository,
    private readonly scoring: AttemptScoringService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: MarkingQuery): Promise<MarkingTaskView[]> {
    const rows = await this.repository.tasks(
      { sittingId: query.sittingId, status: query.status },
      await this.scope(actor),
    );
    return rows.map(toView);
  }

  async mark(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: MarkTaskRequest,
  ): Promise<MarkTaskResult> {
    if (!(await this.repository.taskExists(id))) throw new NotFound('没有找到该阅卷任务');
    const [task] = await this.repository.tasks({ id }, await this.scope(actor));
    if (!task) throw new OutOfScope('该阅卷任务不在您的阅卷范围内');
    if (input.scoreTenths > task.maxTenths)
      throw new ValidationFailed(`得分不能超过本题满分 ${task.maxTenths / 10} 分`, [
        { path: 'scoreTenths', message: `应在 0 至 ${task.maxTenths} 之间（以 0.1 分计）` },
      ]);
    const now = this.clock.now();
    const outcome = await this.repository.transaction(async (tx) => {
      const locked = await this.repository.lockTask(tx, id);
      if (!locked) throw new NotFound('没有找到该阅卷任务');
      if (locked.attemptStatus === 'voided') throw new Conflict('该考生本科目成绩已因违纪取消，不再评分');
      const remark = locked.status === 'marked';
      if (remark && !input.reason) throw new Conflict('该题已评分；如需改分，请填写改分理由');
      await this.repository.mark(tx, id, {
        scoreTenths: input.scoreTenths,
        comment: input.comment?.trim() || null,
        markerUserId: actor.userId,
        markedAt: now,
      });
      const score = await this.scoring.record(tx, task.attemptId, now);
      await this.audit.record(
        actor,
        origin,
        {
          category: remark ? 'decision' : 'data_change',
          action: remark ? 'marking.remark' : 'marking.mark',
          entityType: 'marking_task',
          entityId: id,
          reason: input.reason ?? null,
          details: {
            attemptId: task.attemptId,
            position: task.position,
            before: task.scoreTenths,
            scoreTenths: input.scoreTenths,
            maxTenths: task.maxTenths,
            pendingMarking: score.pendingMarking,
            attemptScoreTenths: score.scoreTenths,
          },
        },
        tx,
      );
      return score;
    });
    const [after] = await this.repository.tasks({ id }, null);
    return {
      task: toView(after!),
      pendingMarking: outcome.pendingMarking,
      attemptScoreTenths: outcome.scoreTenths,
    };
  }

  private async scope(actor: Actor): Promise<MarkingScope> {
    if (hasRole(actor, 'admin')) return null;
    const offices = actor.grants.filter((g) => g.role === 'exam_office' && g.organisationId);
    return {
      regionIds: await this.repository.regionsOf(offices.map((g) => g.organisationId!)),
      panels: hasRole(actor, 'panel_member') ? await this.repository.panelAssignments(actor.userId) : [],
    };
  }
}

function rubricOf(raw: unknown): RubricPoint[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((r): r is { point: string; pointsTenths: number } => !!r && typeof r === 'object')
    .map((r) => ({ point: String(r.point), pointsTenths: Number(r.pointsTenths) }));
}

function toView(row: MarkingTaskRow): MarkingTaskView {
  return {
    id: row.id,
    sittingId: row.sittingId,
    sittingName: row.sittingName,
    type: row.type,
    stem: row.stem,
    referenceAnswer: typeof row.key === 'string' ? row.key : '',
    rubric: rubricOf(row.rubric),
    response: answerText(row.response),
    maxTenths: row.maxTenths,
    status: row.status,
    scoreTenths: row.scoreTenths,
    comment: row.comment,
    markedAt: row.markedAt?.toISOString() ?? null,
  };
}
