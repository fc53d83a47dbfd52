import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PoolConfig } from 'pg';
// relative imports: vitest's global setup resolves packages the way Node does (to their builds)
import { migrationsFingerprint } from '../../prisma/src/migrate/migrations-dir.js';
import { applyMigrations } from '../../prisma/src/migrate/runner.js';
import { pgliteShadow } from '../../prisma/src/migrate/shadow.js';

/**
 * Integration tests run on the PostgreSQL at 127.0.0.1:5432 when it answers (TEST_DATABASE_URL may point
 * elsewhere), each test file in its own database cloned from a migrated template; otherwise each file gets
 * its own in-memory PGlite with the migrations applied (EXAM_TEST_DB=pglite forces that).
 */
export type TestDatabaseMode =
  { kind: 'postgres'; admin: PoolConfig; template: string; runId: number } | { kind: 'pglite' };

/** Is the test run that made a database (named exam_t_<pid>_…) still going? */
function runAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function adminConfig(): PoolConfig {
  const url = new URL(process.env.TEST_DATABASE_URL ?? DEFAULT_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.replace(/^\//, '') || 'postgres',
  };
}

async function withAdmin<T>(admin: PoolConfig, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...admin, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(admin = adminConfig()): Promise<boolean> {
  try {
    await withAdmin(admin, (c) => c.query('SELECT 1'));
    return true;
  } catch {
    if (process.env.TEST_DATABASE_URL)
      throw new Error(
        `TEST_DATABASE_URL is set but the server does not answer: ${process.env.TEST_DATABASE_URL}`,
      );
    return false;
  }
}

/** Run once per test run: builds (or reuses) the migrated template database. */
export async function prepareTestDatabases(): Promise<TestDatabaseMode> {
  if (process.env.EXAM_TEST_DB === 'pglite') return { kind: 'pglite' };
  const admin = adminConfig();
  if (!(await postgresReachable(admin))) return { kind: 'pglite' };
  const template = `exam_tpl_${migrationsFingerprint()}`;
  await withAdmin(admin, async (c) => {
    // databases left behind by an interrupted run (another run going on at the same time keeps its own)
    const stale = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'exam_t\\_%' OR (datname LIKE 'exam_tpl\\_%' AND datname <> $1 AND datname NOT LIKE '%\\_building\\_%')`,
      [template],
    );
    for (const { datname } of stale.rows) {
      const owner = /^exam_t_(\d+)_/.exec(datname)?.[1];
      if (owner && runAlive(Number(owner))) continue;
      if (datname.startsWith('exam_tpl_')) {
        const users = await c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1`, [datname]);
        if (users.rowCount) continue;
      }
      await c.query(`ALTER DATABASE "${datname}" IS_TEMPLATE false`).catch(() => undefined);
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    const exists = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
    if (exists.rowCount) return;
    const building = `${template}_building_${process.pid}`;
    await c.query(`CREATE DATABASE "${building}"`);
    await applyMigrations({ ...admin, database: building, max: 2 });
    await c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    await c.query(`ALTER DATABASE "${template}" IS_TEMPLATE true`);
  });
  return { kind: 'postgres', admin, template, runId: process.pid };
}

export interface TestDatabase {
  pg: PoolConfig;
  description: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(mode: TestDatabaseMode): Promise<TestDatabase> {
  if (mode.kind === 'postgres') {
    const name = `exam_t_${mode.runId}_${randomBytes(6).toString('hex')}`;
    await withAdmin(mode.admin, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${mode.template}"`));
    return {
      pg: { ...mode.admin, database: name, max: 8 },
      description: `PostgreSQL ${mode.admin.host}:${mode.admin.port}/${name}`,
      drop: () =>
        withAdmin(mode.admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
          () => undefined,
        ),
    };
  }
  const db = await pgliteShadow().create();
  await applyMigrations(db.pg);
  return { pg: { ...db.pg, max: 1 }, description: 'PGlite (in memory)', drop: db.drop };
}
