import { Injectable } from '@nestjs/common';
import type {
  Blueprint,
  BlueprintListQuery,
  BlueprintShortage,
  BlueprintView,
  SaveBlueprintResult,
} from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, NotFound } from '../common/domain-errors.js';
import type { Db } from '../database/prisma.js';
import { blueprintSpecHash } from './blueprint-spec.js';
import { toBlueprintView } from './blueprint-view.js';
import { BlueprintsRepository } from './blueprints.repository.js';
import { selectItems } from './paper-assembly.js';

/** A blueprint refused because the bank cannot fill it: 409 with every shortage. */
export class BlueprintShortageError extends DomainError {
  constructor(spec: Blueprint, shortages: BlueprintShortage[]) {
    super(
      'conflict',
      409,
      `题库不能满足组卷方案「${spec.name}」：${shortages.map((s) => s.message).join('；')}`,
      shortages.map((s) => ({ path: `sections.${s.section}`, message: s.message })),
    );
  }
}

/**
 * 组卷方案: one per occupation code × level × subject, versioned. A save whose canonical spec differs from
 * the latest version makes version n+1; an identical save makes none. A blueprint the occupation's bank
 * cannot fill is refused with what is short, so that assembly never meets a blueprint that cannot work
 * (the bank may still shrink later: assembly checks again).
 */
@Injectable()
export class BlueprintsService {
  constructor(
    private readonly repository: BlueprintsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: BlueprintListQuery): Promise<BlueprintView[]> {
    const rows = await this.repository.list({
      ...(query.occupationCode ? { occupationCode: query.occupationCode } : {}),
      ...(query.level ? { level: query.level } : {}),
      ...(query.subject ? { subject: query.subject } : {}),
    });
    const seen = new Set<string>();
    const latest = rows.filter((r) => {
      const key = `${r.occupationCode}|${r.level}|${r.subject}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return latest.map(toBlueprintView);
  }

  async get(id: string): Promise<BlueprintView> {
    const row = await this.repository.byId(id);
    if (!row) throw new NotFound('没有找到该组卷方案');
    return toBlueprintView(row);
  }

  async save(
    actor: Actor,
    origin: RequestOrigin,
    spec: Blueprint,
    reason: string,
  ): Promise<SaveBlueprintResult> {
    const outcome = await this.repository.transaction(async (tx) => {
      const saved = await this.saveVersion(tx, spec, reason, actor.username, { checkBank: true });
      if (saved.created)
        await this.audit.record(
          actor,
          origin,
          {
            category: 'data_change',
            action: 'blueprint.save',
            entityType: 'blueprint',
            entityId: saved.row.id,
            reason,
            details: {
              occupationCode: spec.occupation,
              level: spec.level,
              subject: spec.subject,
              version: saved.row.version,
              specHash: saved.row.specHash,
            },
          },
          tx,
        );
      return saved;
    });
    return { blueprint: toBlueprintView(outcome.row), created: outcome.created };
  }

  /**
   * Saves a version inside the caller's transaction. `onlyOver` (the shipped files): only when there is no
   * version yet, or the latest was written by that same author (a file change), never over an office's.
   */
  async saveVersion(
    tx: Db,
    spec: Blueprint,
    reason: string,
    createdBy: string,
    options: { checkBank: boolean; onlyOver?: string },
  ) {
    const key = { occupationCode: spec.occupation, level: spec.level, subject: spec.subject };
    await this.repository.lockKey(tx, key);
    const latest = await this.repository.latest(tx, key);
    const specHash = blueprintSpecHash(spec);
    if (
      latest &&
      (latest.specHash === specHash || (options.onlyOver && latest.createdBy !== options.onlyOver))
    )
      return { row: latest, created: false };
    if (options.checkBank) {
      const pool = await this.repository.pool(tx, spec.occupation, spec.subject);
      const selection = selectItems(spec, pool, 'blueprint-check');
      if (!selection.ok) throw new BlueprintShortageError(spec, selection.shortages);
    }
    const row = await this.repository.create(tx, {
      ...key,
      version: (latest?.version ?? 0) + 1,
      name: spec.name,
      durationMinutes: spec.durationMinutes,
      spec,
      specHash,
      createdBy,
      reason,
    });
    return { row, created: true };
  }
}
