import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsDir } from './paths.js';
import { diffMigrationsToSchema } from './runner.js';
import { pgliteShadow } from './shadow.js';

export class MigrationNameError extends Error {}

/** A scratch in-memory PGlite: the engine's main connection when no real database is involved. */
async function scratch<T>(
  fn: (pg: { host: string; port: number; user: string; database: string }) => Promise<T>,
) {
  const provider = pgliteShadow();
  const db = await provider.create();
  try {
    return await fn(db.pg as { host: string; port: number; user: string; database: string });
  } finally {
    await db.drop();
  }
}

/** Drift between prisma/migrations and schema.prisma, computed without any database server. */
export function schemaDrift(): Promise<string> {
  return scratch((pg) => diffMigrationsToSchema(pg, pgliteShadow()));
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that brings the migrations up to
 * schema.prisma. Returns null when there is nothing to migrate.
 */
export async function createMigration(
  name: string,
  now = new Date(),
): Promise<{ dir: string; sql: string } | null> {
  if (!/^[a-z][a-z0-9_]{2,60}$/.test(name)) {
    throw new MigrationNameError(
      '迁移名称须为 3–61 个小写字母、数字或下划线，并以字母开头，例如 add_batch_windows',
    );
  }
  const sql = await schemaDrift();
  if (!sql) return null;
  const dir = join(migrationsDir, `${timestamp(now)}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  return { dir, sql };
}
