import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  applyMigrations,
  createPrismaClient,
  openDatabase,
  type OpenDatabase,
  type PrismaClient,
} from '@exam/db';
import { settingsFromEnv, type Settings } from '../bootstrap/settings.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function productVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function defaultStaticDirs(env: NodeJS.ProcessEnv = process.env) {
  return {
    examClient: env.EXAM_CLIENT_DIST ?? `${repoRoot}exam-client/dist`,
    proctorConsole: env.PROCTOR_CONSOLE_DIST ?? `${repoRoot}proctor-console/dist`,
  };
}

export interface Runtime {
  db: OpenDatabase;
  prisma: PrismaClient;
  settings: Settings;
  applied: string[];
  close(): Promise<void>;
}

/** Opens the configured database, brings it up to date, and connects Prisma. */
export async function openRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const db = await openDatabase();
  try {
    const applied = await applyMigrations(db.pg);
    const prisma = createPrismaClient(db.pg);
    const settings = settingsFromEnv(env, {
      databaseKind: db.target.kind,
      version: productVersion(),
      staticDirs: defaultStaticDirs(env),
    });
    return {
      db,
      prisma,
      settings,
      applied,
      close: async () => {
        await prisma.$disconnect();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
