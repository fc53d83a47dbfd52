import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  BLUEPRINT_SUBJECT_NAMES,
  DEFAULT_LEVEL_NAMES,
  blueprintSubjectOf,
  type Blueprint,
  type PaperAssemblyReport,
  type PaperGroupShortage,
  type PaperGroupSummary,
  type SittingPapersSummary,
} from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Conflict, DomainError, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { parseStoredBlueprint } from './blueprint-spec.js';
import { BlueprintsRepository } from './blueprints.repository.js';
import { orderRoom, selectItems, type PaperLayoutItem, type SelectedSection } from './paper-assembly.js';
import { newPaperKey } from './paper-crypto.js';
import { PapersRepository, type PaperRow, type SeatedCandidate } from './papers.repository.js';

interface Group {
  key: string;
  occupationCode: string;
  level: SeatedCandidate['level'];
  subject: string;
  candidates: SeatedCandidate[];
}

interface FilledGroup extends Group {
  blueprint: { id: string; version: number; name: string; spec: Blueprint };
  selectionSeed: string;
  sections: SelectedSection[];
}

/**
 * 组卷 for a sitting, before it starts. The sitting's seated candidates are grouped by (occupation code,
 * level, blueprint subject of the sitting); each group takes the latest blueprint of its key, and one
 * selection of items (seeded from the sitting and the group, so the same sitting and bank give the same
 * items); each room orders that selection per candidate in seat order (no two of a room alike). One Paper,
 * its PaperItems (pinning item versions) and one Attempt (未登录) per candidate, all in one transaction.
 * Refused with every shortage of every group when any group cannot be filled, and once any attempt of the
 * sitting has left 未登录; otherwise a re-assembly replaces the sitting's papers and attempts.
 */
@Injectable()
export class PapersService {
  constructor(
    private readonly repository: PapersRepository,
    private readonly blueprints: BlueprintsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async assembleForSitting(
    sittingId: string,
    by: { actor: Actor; origin: RequestOrigin },
    reason: string,
    now: Date,
  ): Promise<PaperAssemblyReport> {
    if (reason.trim().length < 2)
      throw new ValidationFailed('请填写组卷理由（至少 2 个字）', [
        { path: 'reason', message: '理由至少 2 个字' },
      ]);
    const sitting = await this.repository.sitting(sittingId);
    if (!sitting) throw new NotFound('没有找到该场次');
    await this.access.assertRegion(by.actor, sitting.batch.regionId, ['exam_office']);
    if (sitting.component !== 'theory')
      throw new Conflict(
        `场次「${sitting.name}」是${sitting.component === 'practical' ? '实操考核' : '综合评审'}，不使用人机对话试卷，无需组卷`,
      );
    if (sitting.status === 'closed' || sitting.status === 'cancelled')
      throw new Conflict(
        `场次「${sitting.name}」已${sitting.status === 'closed' ? '结束' : '取消'}，不能再组卷；试卷应在开考前组好`,
      );
    const subject = blueprintSubjectOf(sitting.subject);

    return this.repository.transaction(async (tx) => {
      await this.repository.lockSitting(tx, sittingId);
      const started = await this.repository.startedAttempts(tx, sittingId);
      if (started > 0)
        throw new Conflict(`场次「${sitting.name}」已有 ${started} 名考生登录或作答，不能重新组卷`);
      const candidates = await this.repository.seatedCandidates(tx, sittingId);
      if (candidates.length === 0)
        throw new Conflict(`场次「${sitting.name}」还没有编排座位的考生，请先编排座位再组卷`);

      const groups = groupCandidates(candidates, subject);
      const filled: FilledGroup[] = [];
      const short: PaperGroupShortage[] = [];
      for (const group of groups) {
        const key = { occupationCode: group.occupationCode, level: group.level, subject };
        const row = await this.blueprints.latest(tx, key);
        if (!row) {
          short.push({
            ...key,
            shortages: [
              {
                section: -1,
                type: '',
                what: 'blueprint',
                needed: 1,
                available: 0,
                message: `没有组卷方案（${group.occupationCode} ${DEFAULT_LEVEL_NAMES[group.level]} ${subjectName(subject)}），请先保存组卷方案`,
              },
            ],
          });
          continue;
        }
        const spec = parseStoredBlueprint(row.spec);
        const selectionSeed = `${sittingId}:${group.key}`;
        const selection = selectItems(
          spec,
          await this.blueprints.pool(tx, group.occupationCode, subject),
          selectionSeed,
        );
        if (!selection.ok) short.push({ ...key, shortages: selection.shortages });
        else
          filled.push({
            ...group,
            blueprint: { id: row.id, version: row.version, name: row.name, spec },
            selectionSeed,
            sections: selection.sections,
          });
      }
      if (short.length > 0) throw shortageError(sitting.name, short);

      const replaced = await this.repository.deletePapers(tx, sittingId);
      const papers: PaperRow[] = [];
      const layouts: { paperId: string; layout: PaperLayoutItem[] }[] = [];
      const summaries: PaperGroupSummary[] = [];
      for (const group of filled) {
        const spec = group.blueprint.spec;
        let items = 0;
        let total = 0;
        for (const [roomId, members] of byRoom(group.candidates)) {
          const seed = `${sittingId}:${roomId}:${group.key}`;
          const room = orderRoom(
            spec,
            group.sections,
            seed,
            members.map((m) => m.applicationId),
          );
          for (const [applicationId, layout] of room) {
            const id = randomUUID();
            items = layout.length;
            total = layout.reduce((sum, i) => sum + i.pointsTenths, 0);
            papers.push({
              id,
              sittingId,
              applicationId,
              blueprintId: group.blueprint.id,
              selectionSeed: group.selectionSeed,
              orderSeed: `${seed}:${applicationId}`,
              itemCount: items,
              totalPointsTenths: total,
              durationMinutes: spec.durationMinutes,
              contentKey: newPaperKey(),
              assembledAt: now,
            });
            layouts.push({ paperId: id, layout });
          }
        }
        summaries.push({
          occupationCode: group.occupationCode,
          level: group.level,
          subject,
          blueprintId: group.blueprint.id,
          blueprintName: group.blueprint.name,
          blueprintVersion: group.blueprint.version,
          candidates: group.candidates.length,
          items,
          totalPointsTenths: total,
          durationMinutes: spec.durationMinutes,
        });
      }
      await this.repository.insertPapers(tx, papers);
      await this.repository.insertPaperItems(tx, layouts);
      await this.repository.insertAttempts(
        tx,
        papers.map((p) => ({ paperId: p.id, sittingId, applicationId: p.applicationId })),
      );
      await this.audit.record(
        by.actor,
        by.origin,
        {
          category: 'data_change',
          action: replaced > 0 ? 'papers.reassemble' : 'papers.assemble',
          entityType: 'sitting',
          entityId: sittingId,
          reason,
          details: {
            papers: papers.length,
            replaced,
            groups: summaries.map((s) => ({
              occupationCode: s.occupationCode,
              level: s.level,
              subject: s.subject,
              blueprintId: s.blueprintId,
              blueprintVersion: s.blueprintVersion,
              candidates: s.candidates,
            })),
          },
        },
        tx,
      );
      return {
        sittingId,
        papers: papers.length,
        replaced,
        groups: summaries,
        assembledAt: now.toISOString(),
      };
    });
  }

  async summary(actor: Actor, sittingId: string): Promise<SittingPapersSummary> {
    const sitting = await this.repository.sitting(sittingId);
    if (!sitting) throw new NotFound('没有找到该场次');
    await this.access.assertRegion(actor, sitting.batch.regionId, ['exam_office']);
    const { groups, blueprints, started } = await this.repository.summary(sittingId);
    const byId = new Map(blueprints.map((b) => [b.id, b]));
    let assembledAt: Date | null = null;
    const views: PaperGroupSummary[] = groups.map((g) => {
      const b = byId.get(g.blueprintId)!;
      const at = g._max.assembledAt;
      if (at && (!assembledAt || at > assembledAt)) assembledAt = at;
      return {
        occupationCode: b.occupationCode,
        level: b.level,
        subject: b.subject,
        blueprintId: b.id,
        blueprintName: b.name,
        blueprintVersion: b.version,
        candidates: g._count._all,
        items: g.itemCount,
        totalPointsTenths: g.totalPointsTenths,
        durationMinutes: g.durationMinutes,
      };
    });
    return {
      sittingId,
      count: views.reduce((sum, g) => sum + g.candidates, 0),
      groups: views,
      assembledAt: (assembledAt as Date | null)?.toISOString() ?? null,
      attemptsStarted: started,
    };
  }
}

const subjectName = (code: string) => BLUEPRINT_SUBJECT_NAMES[code] ?? code;

function groupCandidates(candidates: readonly SeatedCandidate[], subject: string): Group[] {
  const groups = new Map<string, Group>();
  for (const c of candidates) {
    const key = `${c.occupationCode}:${c.level}:${subject}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, occupationCode: c.occupationCode, level: c.level, subject, candidates: [] };
      groups.set(key, group);
    }
    group.candidates.push(c);
  }
  return [...groups.values()];
}

/** Candidates per room, rooms and seats in the order given. */
function byRoom(candidates: readonly SeatedCandidate[]): Map<string, SeatedCandidate[]> {
  const rooms = new Map<string, SeatedCandidate[]>();
  for (const c of candidates) {
    const list = rooms.get(c.roomId) ?? [];
    list.push(c);
    rooms.set(c.roomId, list);
  }
  return rooms;
}

function shortageError(sittingName: string, short: PaperGroupShortage[]): DomainError {
  const lines = short.map(
    (g) =>
      `${g.occupationCode} ${DEFAULT_LEVEL_NAMES[g.level]} ${subjectName(g.subject)}：${g.shortages.map((s) => s.message).join('；')}`,
  );
  return new DomainError(
    'conflict',
    409,
    `场次「${sittingName}」不能组卷，未写入任何试卷。${lines.join('。')}`,
    short.flatMap((g) =>
      g.shortages.map((s) => ({ path: `${g.occupationCode}.${g.level}.${g.subject}`, message: s.message })),
    ),
  );
}
