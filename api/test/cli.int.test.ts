import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrismaClient, seedDemo, type PrismaClient } from '@exam/db';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';

/** The `exam` command as a user runs it (the built bin), against a database of this file's own. */
const bin = fileURLToPath(new URL('../bin/exam.js', import.meta.url));
let db: TestDatabase;
let prisma: PrismaClient;
let url: string;

function exam(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: url, ...env },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  db = await createTestDatabase(inject('testDatabaseMode'));
  url = `postgres://${db.pg.user}@${db.pg.host}:${db.pg.port}/${db.pg.database}`;
  prisma = createPrismaClient(db.pg);
  await seedDemo(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

describe('exam CLI', () => {
  it('db migrate and db status report an up-to-date database', async () => {
    const migrate = await exam(['db', 'migrate']);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('已是最新');
    const status = await exam(['db', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/待应用 0；失败 0；被修改 0/);
  });

  it('user create makes a scoped account from a password on stdin', async () => {
    const r = await exam(
      [
        'user',
        'create',
        '--username',
        'cli.reviewer',
        '--name',
        '命令行审核',
        '--role',
        'reviewer:XX-SWJW',
        '--password-stdin',
      ],
      {},
      'cliPass2026\n',
    );
    expect(r.code, r.stderr).toBe(0);
    const user = await prisma.user.findUniqueOrThrow({
      where: { username: 'cli.reviewer' },
      include: { roles: { include: { organisation: true } } },
    });
    expect(user.roles[0]).toMatchObject({ role: 'reviewer' });
    expect(user.roles[0]!.organisation!.code).toBe('XX-SWJW');
    expect(
      await prisma.auditLog.count({ where: { action: 'user.create', entityId: user.id, ip: 'cli' } }),
    ).toBe(1);
  });

  it('bad input exits 2 and names the option', async () => {
    const cases: [string[], string][] = [
      [
        ['user', 'create', '--username', 'x1x', '--name', '甲', '--role', 'wizard', '--password', 'abcd1234'],
        '--role',
      ],
      [
        [
          'user',
          'create',
          '--username',
          'x2x',
          '--name',
          '甲',
          '--role',
          'reviewer',
          '--password',
          'abcd1234',
        ],
        '--role',
      ],
      [
        [
          'user',
          'create',
          '--username',
          'x3x',
          '--name',
          '甲',
          '--role',
          'reviewer:NOPE',
          '--password',
          'abcd1234',
        ],
        '--role',
      ],
      [
        ['user', 'create', '--username', 'x4x', '--name', '甲', '--role', 'admin', '--password', 'short'],
        '--password',
      ],
      [
        [
          'user',
          'create',
          '--username',
          'admin',
          '--name',
          '甲',
          '--role',
          'admin',
          '--password',
          'abcd1234',
        ],
        '--username',
      ],
      [['user', 'create', '--username', 'x5x', '--name', '甲', '--role', 'admin'], '--password'],
      [['serve', '--port', 'eighty'], '--port'],
      [['db', 'new-migration', 'Bad Name'], 'name'],
    ];
    for (const [args, option] of cases) {
      const r = await exam(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(option);
    }
    expect(
      await prisma.user.count({ where: { username: { in: ['x1x', 'x2x', 'x3x', 'x4x', 'x5x'] } } }),
    ).toBe(0);
  }, 180_000); // a dozen CLI processes, each loading the app: slow on a loaded 2-core machine

  it('an unknown command or a DATABASE_URL of another kind exits 2 with a message', async () => {
    const unknown = await exam(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    const mysql = await exam(['db', 'migrate'], { DATABASE_URL: 'mysql://root@localhost/test' });
    expect(mysql.code).toBe(2);
    expect(mysql.stderr).toContain('DATABASE_URL');
  });
});
