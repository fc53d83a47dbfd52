import type { PoolConfig } from 'pg';
import { readDatamodel, readMigrationFolders, toMigrationList } from './migrations-dir.js';
import { type ShadowProvider, startSchemaEngine } from './schema-engine.js';

const filters = { externalTables: [], externalEnums: [] };

export class MigrationError extends Error {}

function engineMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

/** Applies every pending migration (idempotent); returns the names applied now. */
export async function applyMigrations(pg: PoolConfig): Promise<string[]> {
  const handle = await startSchemaEngine(pg, readDatamodel());
  try {
    const { appliedMigrationNames } = await handle.engine.applyMigrations({
      migrationsList: toMigrationList(),
      filters,
    });
    return appliedMigrationNames;
  } catch (error) {
    throw new MigrationError(`迁移失败：${engineMessage(error)}`);
  } finally {
    await handle.close();
  }
}

export interface MigrationStatus {
  known: string[];
  pending: string[];
  failed: string[];
  edited: string[];
}

export async function migrationStatus(pg: PoolConfig): Promise<MigrationStatus> {
  const handle = await startSchemaEngine(pg, readDatamodel());
  try {
    const out = await handle.engine.diagnoseMigrationHistory({
      migrationsList: toMigrationList(),
      optInToShadowDatabase: false,
      filters,
    });
    const history = out.history;
    const pending =
      history?.diagnostic === 'databaseIsBehind'
        ? history.unappliedMigrationNames
        : history?.diagnostic === 'historiesDiverge'
          ? history.unappliedMigrationNames
          : [];
    return {
      known: readMigrationFolders().map((m) => m.name),
      pending,
      failed: out.failedMigrationNames,
      edited: out.editedMigrationNames,
    };
  } finally {
    await handle.close();
  }
}

/**
 * SQL that takes a database built from the migrations to what schema.prisma describes; empty when they
 * agree. The migrations are replayed on a shadow database.
 */
export async function diffMigrationsToSchema(pg: PoolConfig, shadow: ShadowProvider): Promise<string> {
  const datamodel = readDatamodel();
  const handle = await startSchemaEngine(pg, datamodel, shadow);
  try {
    const result = await handle.engine.diff({
      from: { tag: 'migrations', ...toMigrationList() },
      to: { tag: 'schemaDatamodel', files: [datamodel] },
      script: true,
      exitCode: true,
      filters,
    });
    const sql = result.stdout ?? '';
    return result.exitCode === 2 || /\S/.test(sql.replace(/^--.*$/gm, '')) ? sql : '';
  } catch (error) {
    throw new MigrationError(`比对迁移与 schema.prisma 失败：${engineMessage(error)}`);
  } finally {
    await handle.close();
  }
}
