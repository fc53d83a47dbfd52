import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NestFactory } from '@nestjs/core';
import { createUserRequestSchema, ROLES } from '@exam/contracts';
import { AppModule } from '../../app.module.js';
import { SystemClock } from '../../common/clock.js';
import { formatIssues } from '../../common/zod-pipe.js';
import { DomainError } from '../../common/domain-errors.js';
import { UsersService } from '../../users/users.service.js';
import { CliUsageError } from '../cli-error.js';
import { openRuntime } from '../runtime.js';

interface UserCreateOptions {
  username?: string;
  name?: string;
  role: string[];
  password?: string;
  passwordStdin?: boolean;
  personId?: string;
  room: string[];
  reason: string;
  mustChangePassword?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The command-line option that carries a request field, for error messages. */
function optionFor(path: string): string {
  const head = path.split('.')[0] ?? '';
  const options: Record<string, string> = {
    roles: '--role',
    displayName: '--name',
    roomIds: '--room',
    personId: '--person-id',
    username: '--username',
    password: '--password',
    reason: '--reason',
  };
  return options[head] ?? '--username';
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('账号管理');
  user
    .command('create')
    .description('创建账号。角色可带机构代码限定范围，例如 --role reviewer:XX-SWJW')
    .requiredOption('--username <username>', '用户名（小写字母、数字、._-）')
    .requiredOption('--name <displayName>', '姓名')
    .option('--role <role[:orgCode]>', `角色：${ROLES.join('、')}；可重复`, collect, [])
    .option('--password <password>', '初始密码（至少 8 位，含字母和数字）；建议改用 --password-stdin')
    .option('--password-stdin', '从标准输入读取密码')
    .option('--person-id <uuid>', '考生账号关联的人员编号')
    .option('--room <uuid>', '监考员负责的考场编号；可重复', collect, [])
    .option('--reason <text>', '创建理由（记入审计日志）', '通过命令行创建账号')
    .option('--must-change-password', '首次登录须修改密码')
    .action(async (options: UserCreateOptions) => {
      if (options.role.length === 0) throw new CliUsageError('--role', '至少指定一个角色');
      const password = options.passwordStdin
        ? readFileSync(0, 'utf8').replace(/\r?\n$/, '')
        : options.password;
      if (!password)
        throw new CliUsageError('--password', '请用 --password 或 --password-stdin 提供初始密码');
      const runtime = await openRuntime();
      const app = await NestFactory.createApplicationContext(
        AppModule.with({ prisma: runtime.prisma, settings: runtime.settings, clock: new SystemClock() }),
        { logger: ['error'] },
      );
      try {
        const roles = [];
        for (const spec of options.role) {
          const [role, orgCode] = spec.split(':', 2);
          let organisationId: string | undefined;
          if (orgCode) {
            const orgs = await runtime.prisma.organisation.findMany({
              where: { code: orgCode },
              select: { id: true },
            });
            if (orgs.length !== 1)
              throw new CliUsageError(
                '--role',
                orgs.length
                  ? `机构代码 ${orgCode} 在多个地区重复，请改用机构编号`
                  : `没有机构代码为 ${orgCode} 的机构`,
              );
            organisationId = orgs[0]!.id;
          } else if (spec.includes(':')) {
            throw new CliUsageError('--role', `"${spec}" 缺少机构代码`);
          }
          roles.push({ role, ...(organisationId ? { organisationId } : {}) });
        }
        const parsed = createUserRequestSchema.safeParse({
          username: options.username,
          displayName: options.name,
          password,
          roles,
          ...(options.personId ? { personId: options.personId } : {}),
          ...(options.room.length ? { roomIds: options.room } : {}),
          reason: options.reason,
        });
        if (!parsed.success) {
          const issue = formatIssues(parsed.error)[0]!;
          throw new CliUsageError(optionFor(issue.path), issue.message);
        }
        try {
          const created = await app
            .get(UsersService)
            .create(
              null,
              parsed.data,
              { ip: 'cli', userAgent: 'exam-cli' },
              { mustChangePassword: options.mustChangePassword ?? false },
            );
          console.log(
            `已创建账号 ${created.username}（${created.roles.map((r) => r.role).join('、')}），编号 ${created.id}`,
          );
        } catch (error) {
          if (error instanceof DomainError && error.status < 500) {
            const issue = error.issues?.[0];
            throw new CliUsageError(optionFor(issue?.path ?? 'username'), error.message);
          }
          throw error;
        }
      } finally {
        await app.close();
        await runtime.close();
      }
    });
}
