import type { Command } from 'commander';
import {
  applyMigrations,
  createMigration,
  describeTarget,
  diffMigrationsToSchema,
  migrationStatus,
  openDatabase,
  postgresShadow,
  resolveDatabaseTarget,
  schemaDrift,
} from '@exam/db';
import { CliUsageError } from '../cli-error.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('数据库：迁移、状态、漂移检查');

  db.command('migrate')
    .description('应用 prisma/migrations 中尚未应用的迁移（无 DATABASE_URL 时为嵌入式 PGlite）')
    .action(async () => {
      const open = await openDatabase();
      try {
        const applied = await applyMigrations(open.pg);
        console.log(
          `${open.description}：${applied.length ? `已应用 ${applied.length} 个迁移：${applied.join(', ')}` : '已是最新，无需迁移'}`,
        );
      } finally {
        await open.close();
      }
    });

  db.command('status')
    .description('列出已知、待应用、失败和被修改过的迁移；有待应用或异常时退出码为 1')
    .action(async () => {
      const open = await openDatabase();
      try {
        const status = await migrationStatus(open.pg);
        console.log(`${open.description}`);
        console.log(
          `迁移共 ${status.known.length} 个；待应用 ${status.pending.length}；失败 ${status.failed.length}；被修改 ${status.edited.length}`,
        );
        for (const name of status.pending) console.log(`  待应用：${name}`);
        for (const name of status.failed) console.log(`  失败：${name}`);
        for (const name of status.edited) console.log(`  已应用后被修改：${name}`);
        if (status.pending.length || status.failed.length || status.edited.length) process.exitCode = 1;
      } finally {
        await open.close();
      }
    });

  db.command('check')
    .description('检查 schema.prisma 与迁移是否一致（漂移时打印所缺的 SQL 并以 1 退出）')
    .action(async () => {
      const target = resolveDatabaseTarget();
      let sql: string;
      if (target.kind === 'postgres') {
        const open = await openDatabase(target);
        sql = await diffMigrationsToSchema(open.pg, postgresShadow(open.pg));
        await open.close();
      } else {
        sql = await schemaDrift();
      }
      if (sql) {
        console.error(
          'schema.prisma 与 prisma/migrations 不一致。请运行 npx exam db new-migration <名称> 生成迁移。缺少的 SQL：',
        );
        console.error(sql);
        process.exitCode = 1;
      } else {
        console.log(
          `schema.prisma 与 prisma/migrations 一致（在${target.kind === 'postgres' ? describeTarget(target) : '内存 PGlite'}上重放迁移比对）`,
        );
      }
    });

  db.command('new-migration')
    .argument('<name>', '迁移名称，小写字母、数字和下划线，例如 add_batch_windows')
    .description('根据 schema.prisma 的改动生成一个新迁移（无需数据库服务器）')
    .action(async (name: string) => {
      try {
        const result = await createMigration(name);
        console.log(
          result ? `已生成 ${result.dir}/migration.sql` : 'schema.prisma 与迁移一致，没有需要生成的迁移',
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'MigrationNameError')
          throw new CliUsageError('name', error.message);
        if (error instanceof Error && /迁移名称/.test(error.message))
          throw new CliUsageError('name', error.message);
        throw error;
      }
    });
}
