import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createPrismaClient, type PrismaClient } from '@exam/db';
import { createApp } from '../../api/src/bootstrap/create-app.js';
import { settingsFromEnv, type Settings } from '../../api/src/bootstrap/settings.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { TestClock } from './test-clock.js';

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  prisma: PrismaClient;
  clock: TestClock;
  database: TestDatabase;
  settings: Settings;
  close(): Promise<void>;
}

/** A real HTTP server on a fresh database of its own (see database.ts), listening on a free port. */
export async function startTestApp(overrides: Partial<Settings> = {}): Promise<TestApp> {
  const database = await createTestDatabase(inject('testDatabaseMode'));
  const prisma = createPrismaClient(database.pg);
  const clock = new TestClock('2026-03-02T01:00:00Z');
  const settings: Settings = {
    ...settingsFromEnv(
      {},
      {
        databaseKind: database.description.startsWith('PGlite') ? 'pglite' : 'postgres',
        version: 'test',
        staticDirs: { examClient: null, proctorConsole: null },
      },
    ),
    filesDir: mkdtempSync(join(tmpdir(), 'exam-files-')),
    ...overrides,
  };
  const app = await createApp({ prisma, settings, clock }, { logLevels: ['error'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    prisma,
    clock,
    database,
    settings,
    close: async () => {
      await app.close();
      await prisma.$disconnect();
      await database.drop();
      rmSync(settings.filesDir, { recursive: true, force: true });
    },
  };
}
