import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { migrationsDir, schemaPath } from './paths.js';

export const LOCKFILE = 'migration_lock.toml';

export interface MigrationFolder {
  name: string;
  sql: string;
}

/** Migration folders in name (= time) order; each holds one migration.sql. */
export function readMigrationFolders(dir = migrationsDir): MigrationFolder[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new Error(`迁移目录 ${name} 缺少 migration.sql`);
      return { name, sql: readFileSync(file, 'utf8') };
    });
}

export function toMigrationList(dir = migrationsDir): MigrationList {
  const lockPath = join(dir, LOCKFILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: readMigrationFolders(dir).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

export function readDatamodel(path = schemaPath): { path: string; content: string } {
  return { path, content: readFileSync(path, 'utf8') };
}

/** A fingerprint of all migrations: names a test template database so a changed migration rebuilds it. */
export function migrationsFingerprint(dir = migrationsDir): string {
  const hash = createHash('sha256');
  for (const m of readMigrationFolders(dir)) hash.update(m.name).update('\0').update(m.sql).update('\0');
  return hash.digest('hex').slice(0, 12);
}
