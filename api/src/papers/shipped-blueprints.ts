import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blueprintSchema, type Blueprint } from '@exam/contracts';
import type { PrismaClient } from '@exam/db';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { SystemClock, type Clock } from '../common/clock.js';
import { formatIssues } from '../common/zod-pipe.js';
import { BlueprintsRepository } from './blueprints.repository.js';
import { BlueprintsService } from './blueprints.service.js';

/**
 * The shipped blueprints: `question-banks/blueprints/<occupation>/<level>-<subject>.json`, one spec each
 * (the @exam/contracts blueprint schema), for every occupation × level × subject the sample banks can fill.
 */
export const SHIPPED_BLUEPRINTS_DIR = fileURLToPath(
  new URL('../../../question-banks/blueprints/', import.meta.url),
);

/** who `installShippedBlueprints` writes as: a later install replaces only its own versions */
export const SHIPPED_BLUEPRINT_AUTHOR = 'seed';

export interface ShippedBlueprint {
  file: string;
  spec: Blueprint;
}

/** Reads and validates every shipped file; a file that does not validate throws, naming it and the problem. */
export function loadShippedBlueprints(dir: string = SHIPPED_BLUEPRINTS_DIR): ShippedBlueprint[] {
  if (!existsSync(dir)) return [];
  const out: ShippedBlueprint[] = [];
  for (const occupation of readdirSync(dir, { withFileTypes: true })) {
    if (!occupation.isDirectory()) continue;
    for (const name of readdirSync(join(dir, occupation.name)).sort()) {
      if (!name.endsWith('.json')) continue;
      const path = join(dir, occupation.name, name);
      const file = relative(dir, path);
      const parsed = blueprintSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success)
        throw new Error(
          `${file}: ${formatIssues(parsed.error)
            .map((i) => `${i.path} ${i.message}`)
            .join('; ')}`,
        );
      const expected = `${parsed.data.level}-${parsed.data.subject}.json`;
      if (occupation.name !== parsed.data.occupation || name !== expected)
        throw new Error(`${file}: should be ${parsed.data.occupation}/${expected}`);
      out.push({ file, spec: parsed.data });
    }
  }
  return out;
}

export interface ShippedBlueprintsOutcome {
  installed: number;
  unchanged: number;
  /** keys whose latest version was saved by the office: left alone */
  kept: number;
}

/**
 * Installs the shipped blueprints (demo seed). Idempotent: an unchanged file writes nothing; a changed file
 * makes a new version only when the latest version is also from the files, never over an office's edit.
 * It does not check the banks (the unit test proves that every shipped file fills from the shipped bank).
 */
export async function installShippedBlueprints(
  prisma: PrismaClient,
  options: { clock?: Clock; dir?: string } = {},
): Promise<ShippedBlueprintsOutcome> {
  const clock = options.clock ?? new SystemClock();
  const audit = new AuditService(new AuditRepository(prisma), clock);
  const repository = new BlueprintsRepository(prisma);
  const service = new BlueprintsService(repository, audit);
  const outcome: ShippedBlueprintsOutcome = { installed: 0, unchanged: 0, kept: 0 };
  const reason = '示例数据：安装内置组卷方案';
  for (const { file, spec } of loadShippedBlueprints(options.dir)) {
    await repository.transaction(async (tx) => {
      const saved = await service.saveVersion(tx, spec, reason, SHIPPED_BLUEPRINT_AUTHOR, {
        checkBank: false,
        onlyOver: SHIPPED_BLUEPRINT_AUTHOR,
      });
      if (saved.created) {
        outcome.installed++;
        await audit.record(
          null,
          { ip: 'cli', userAgent: 'exam-seed' },
          {
            category: 'data_change',
            action: 'blueprint.install',
            entityType: 'blueprint',
            entityId: saved.row.id,
            reason,
            details: { file, version: saved.row.version },
          },
          tx,
        );
      } else if (saved.row.createdBy === SHIPPED_BLUEPRINT_AUTHOR) outcome.unchanged++;
      else outcome.kept++;
    });
  }
  return outcome;
}

/** One line for the seed's output, in Chinese. */
export function describeShippedBlueprints(outcome: ShippedBlueprintsOutcome): string {
  return `内置组卷方案：新装 ${outcome.installed}，无变化 ${outcome.unchanged}，保留考务修改 ${outcome.kept}`;
}
