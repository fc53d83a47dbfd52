import { Inject, Injectable } from '@nestjs/common';
import {
  INCIDENT_CATEGORY_LABELS,
  type IncidentView,
  type amendIncidentSchema,
  type createIncidentSchema,
} from '@exam/contracts';
import type { z } from 'zod';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { ExamEvents } from '../exam/exam-events.js';
import { IncidentScope } from './incident-scope.js';
import { incidentTime } from './incident-time.js';
import { incidentView, roomNameOf } from './incident-views.js';
import {
  IncidentsRepository,
  type CandidateRow,
  type IncidentRow,
  type IncidentSittingRow,
} from './incidents.repository.js';

type CreateIncident = z.output<typeof createIncidentSchema>;
type AmendIncident = z.output<typeof amendIncidentSchema>;

const who = (c: CandidateRow) => `${c.name || '考生'}（准考证号 ${c.ticketNumber ?? '未签发'}）`;

/**
 * 考场记录: what happened in a room during a sitting (违纪违规, 技术故障, 其他情况), when, to whom, and what
 * was done, kept for the 考务 record. Recorded by the room's invigilators on duty or the exam office; an
 * entry is never deleted, only amended with a reason (before and after kept in the audit log).
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly scope: IncidentScope,
    private readonly audit: AuditService,
    private readonly events: ExamEvents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(actor: Actor, origin: RequestOrigin, input: CreateIncident): Promise<IncidentView> {
    const sitting = await this.sitting(input.sittingId);
    await this.scope.assertRoom(actor, origin, sitting, input.roomId, 'record');
    if (!sitting.rooms.some((r) => r.roomId === input.roomId))
      throw new ValidationFailed('该考场不是本场次的考场，请选择本场次的考场', [
        { path: 'roomId', message: '考场不在本场次中' },
      ]);
    if (sitting.status === 'cancelled')
      throw new Conflict(`场次「${sitting.name}」已取消，不能再记录考场情况`);
    const now = this.clock.now();
    const occurredAt = incidentTime(input.occurredAt, now, sitting.startsAt);
    const attemptIds = [...new Set(input.attemptIds)];
    const candidates = await this.assertCandidates(sitting, input.roomId, attemptIds);
    const actionTaken = input.actionTaken?.trim() || null;

    const created = await this.repository.transaction(async (tx) => {
      const row = await this.repository.create(tx, {
        sittingId: sitting.id,
        roomId: input.roomId,
        category: input.category,
        occurredAt,
        recordedAt: now,
        recordedByUserId: actor.userId,
        attemptIds,
        narrative: input.narrative,
        actionTaken,
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'exam_event',
          action: 'incident.record',
          entityType: 'incident',
          entityId: row.id,
          reason: `${INCIDENT_CATEGORY_LABELS[input.category]}：${input.narrative}`.slice(0, 500),
          details: {
            sittingId: sitting.id,
            roomId: input.roomId,
            category: input.category,
            occurredAt: occurredAt.toISOString(),
            candidates: candidates.map((c) => ({
              attemptId: c.attemptId,
              name: c.name,
              ticketNumber: c.ticketNumber,
              seatLabel: c.seatLabel,
            })),
            actionTaken,
          },
        },
        tx,
      );
      return row;
    });
    const view = await this.view(created.id, sitting);
    // the room's live view shows the new entry (proctoring streams it to the consoles watching the room)
    this.events.emitRoom({ type: 'incident', sittingId: sitting.id, roomId: input.roomId, incident: view });
    return view;
  }

  async list(
    actor: Actor,
    origin: RequestOrigin,
    sittingId: string,
    roomId?: string,
  ): Promise<IncidentView[]> {
    const sitting = await this.sitting(sittingId);
    const scope = await this.scope.assertSitting(actor, origin, sitting, 'list');
    if (roomId) {
      await this.scope.assertRoom(actor, origin, sitting, roomId, 'list');
      if (!sitting.rooms.some((r) => r.roomId === roomId))
        throw new ValidationFailed('该考场不是本场次的考场', [
          { path: 'roomId', message: '考场不在本场次中' },
        ]);
    }
    const roomIds = roomId ? [roomId] : scope.all ? undefined : scope.roomIds;
    return this.views(await this.repository.list(sitting.id, roomIds), sitting);
  }

  async amend(actor: Actor, origin: RequestOrigin, id: string, input: AmendIncident): Promise<IncidentView> {
    const { incident, sitting } = await this.load(id);
    await this.scope.assertRoom(actor, origin, sitting, incident.roomId, 'amend');
    if (input.narrative === undefined && input.actionTaken === undefined)
      throw new ValidationFailed('请填写要修改的经过（narrative）或处理情况（actionTaken）', [
        { path: 'narrative', message: '没有要修改的内容' },
      ]);
    await this.repository.transaction(async (tx) => {
      const before = await this.repository.lockForChange(tx, id);
      const after = {
        narrative: input.narrative ?? before.narrative,
        actionTaken: input.actionTaken === undefined ? before.actionTaken : input.actionTaken.trim() || null,
      };
      if (after.narrative === before.narrative && after.actionTaken === before.actionTaken)
        throw new ValidationFailed('修改后的内容与原记录相同，无需修改', [
          { path: 'narrative', message: '内容未改变' },
        ]);
      await this.repository.amend(tx, id, { ...after, amendedAt: this.clock.now() });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'exam_event',
          action: 'incident.amend',
          entityType: 'incident',
          entityId: id,
          reason: input.reason,
          details: {
            sittingId: incident.sittingId,
            roomId: incident.roomId,
            before: { narrative: before.narrative, actionTaken: before.actionTaken },
            after,
          },
        },
        tx,
      );
    });
    return this.view(id, sitting);
  }

  /** An incident and its sitting, for the routes that act on one incident. */
  async load(id: string): Promise<{ incident: IncidentRow; sitting: IncidentSittingRow }> {
    const incident = await this.repository.incident(id);
    if (!incident) throw new NotFound('没有找到该考场记录');
    const sitting = await this.sitting(incident.sittingId);
    return { incident, sitting };
  }

  async sitting(id: string): Promise<IncidentSittingRow> {
    const sitting = await this.repository.sitting(id);
    if (!sitting) throw new NotFound('没有找到该场次');
    return sitting;
  }

  async views(rows: IncidentRow[], sitting: IncidentSittingRow): Promise<IncidentView[]> {
    const candidates = await this.repository.candidates([...new Set(rows.flatMap((r) => r.attemptIds))]);
    const byAttempt = new Map(candidates.map((c) => [c.attemptId, c]));
    const names = await this.repository.displayNames(rows.map((r) => r.recordedByUserId));
    return rows.map((row) => incidentView(row, sitting, byAttempt, names));
  }

  private async view(id: string, sitting: IncidentSittingRow): Promise<IncidentView> {
    const row = await this.repository.incident(id);
    if (!row) throw new NotFound('没有找到该考场记录');
    return (await this.views([row], sitting))[0]!;
  }

  /** Every attempt is of this sitting and seated in this room; otherwise a 400 naming each one that is not. */
  private async assertCandidates(
    sitting: IncidentSittingRow,
    roomId: string,
    attemptIds: string[],
  ): Promise<CandidateRow[]> {
    const rows = await this.repository.candidates(attemptIds);
    const byId = new Map(rows.map((c) => [c.attemptId, c]));
    const problems: string[] = [];
    const roomName = roomNameOf(sitting, roomId);
    for (const attemptId of attemptIds) {
      const c = byId.get(attemptId);
      if (!c) problems.push(`没有找到作答记录 ${attemptId}`);
      else if (c.sittingId !== sitting.id) problems.push(`${who(c)}不是本场次「${sitting.name}」的考生`);
      else if (c.roomId === null) problems.push(`${who(c)}在本场次没有座位`);
      else if (c.roomId !== roomId)
        problems.push(`${who(c)}不在${roomName}，其座位在${roomNameOf(sitting, c.roomId) || '其他考场'}`);
    }
    if (problems.length > 0)
      throw new ValidationFailed(`所选考生有误：${problems.join('；')}`, [
        { path: 'attemptIds', message: problems.join('；') },
      ]);
    return attemptIds.map((id) => byId.get(id)!);
  }
}
