import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { createPrismaClient, seedDemo, type PrismaClient } from '@exam/db';
import { createApp } from '../src/bootstrap/create-app.js';
import { settingsFromEnv } from '../src/bootstrap/settings.js';
import { SystemClock } from '../src/common/clock.js';
import { ensureDemoExam } from '../src/exam-demo/demo-exam.seeder.js';
import { importShippedBanks } from '../src/question-banks/shipped-banks.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';

/**
 * The real API as child processes (`node api/bin/exam.js serve`, the built api/dist) on a test database that
 * holds today's demo exam: for tests that kill a process mid-exam or run several processes side by side.
 */

const bin = fileURLToPath(new URL('../bin/exam.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DemoExamDatabase {
  db: TestDatabase;
  /** the DATABASE_URL of the child processes */
  url: string;
  prisma: PrismaClient;
  filesDir: string;
  sittingId: string;
  roomId: string;
  close(): Promise<void>;
}

/** A fresh test database with the demo data, the JD02 bank and today's startable demo exam (made in this process). */
export async function demoExamDatabase(name: string): Promise<DemoExamDatabase> {
  const db = await createTestDatabase(inject('testDatabaseMode'));
  const url = `postgres://${db.pg.user}@${db.pg.host}:${db.pg.port}/${db.pg.database}`;
  const prisma = createPrismaClient(db.pg);
  const filesDir = mkdtempSync(join(tmpdir(), `exam-${name}-`));
  await seedDemo(prisma);
  await importShippedBanks(prisma, { codes: ['JD02'] });
  const settings = {
    ...settingsFromEnv(
      {},
      { databaseKind: 'postgres', version: 'test', staticDirs: { examClient: null, proctorConsole: null } },
    ),
    filesDir,
  };
  const app = await createApp({ prisma, settings, clock: new SystemClock() }, { logLevels: ['error'] });
  let sittingId: string;
  try {
    sittingId = (await ensureDemoExam(app, new Date())).sittingId;
  } finally {
    await app.close();
  }
  const { roomId } = await prisma.sittingRoom.findFirstOrThrow({
    where: { sittingId },
    select: { roomId: true },
  });
  return {
    db,
    url,
    prisma,
    filesDir,
    sittingId,
    roomId,
    close: async () => {
      await prisma.$disconnect();
      await db.drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface ApiProcess {
  name: string;
  base: string;
  child: ChildProcess;
  /** its stdout and stderr, for failure messages */
  log: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts `exam serve` on a free port against the database; resolves once /api/health answers. */
export async function startApiProcess(
  name: string,
  database: Pick<DemoExamDatabase, 'url' | 'filesDir'>,
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL: database.url, EXAM_FILES_DIR: database.filesDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const api: ApiProcess = { name, base: `http://127.0.0.1:${port}`, child, log: '' };
  child.stdout!.on('data', (d) => (api.log += d));
  child.stderr!.on('data', (d) => (api.log += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API ${name} exited (${child.exitCode}):\n${api.log}`);
    const up = await fetch(`${api.base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return api;
    await sleep(150);
  }
  throw new Error(`API ${name} did not answer within 60 s:\n${api.log}`);
}

/** Stops the process: SIGKILL at once (a crash), or SIGTERM with SIGKILL after 5 s. */
export function stopApiProcess(
  api: ApiProcess | null,
  signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
): Promise<void> {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    api.child.once('exit', () => resolve());
    api.child.kill(signal);
    if (signal === 'SIGTERM') setTimeout(() => api.child.kill('SIGKILL'), 5000).unref();
  });
}
