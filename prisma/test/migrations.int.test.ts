import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { applyMigrations, migrationStatus, readMigrationFolders, schemaDrift } from '@exam/db';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';

let db: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase(inject('testDatabaseMode'));
  client = new pg.Client(db.pg);
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

describe('migration runner (Wasm schema engine through the pg adapter)', () => {
  it('has applied every migration, and applying again is a no-op', async () => {
    const names = readMigrationFolders().map((m) => m.name);
    const applied = await client.query<{ migration_name: string; finished_at: Date | null }>(
      'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(applied.rows.map((r) => r.migration_name)).toEqual(names);
    expect(applied.rows.every((r) => r.finished_at)).toBe(true);
    expect(await applyMigrations(db.pg)).toEqual([]);
    const status = await migrationStatus(db.pg);
    expect(status).toMatchObject({ pending: [], failed: [], edited: [] });
  });

  it('finds no drift between schema.prisma and the migrations', async () => {
    expect(await schemaDrift()).toBe('');
  });
});

describe('audit log is append-only in the database itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await client.query(
      `INSERT INTO "AuditLog"(category, action, "entityType", "actorRoles") VALUES ('security', 'test.entry', 'Test', '{}')`,
    );
    for (const sql of [
      `UPDATE "AuditLog" SET action = 'changed'`,
      `DELETE FROM "AuditLog"`,
      `TRUNCATE "AuditLog"`,
    ]) {
      await expect(client.query(sql), sql).rejects.toThrow(/append-only/);
    }
    const rows = await client.query(`SELECT action FROM "AuditLog" WHERE action = 'test.entry'`);
    expect(rows.rowCount).toBe(1);
  });

  it('refuses a decision without a reason', async () => {
    await expect(
      client.query(
        `INSERT INTO "AuditLog"(category, action, "entityType", "actorRoles", reason) VALUES ('decision', 'x', 'Test', '{}', '  ')`,
      ),
    ).rejects.toThrow(/AuditLog_decision_has_reason/);
  });
});
