import type { Command } from 'commander';
import { DEMO_PASSWORD, seedDemo } from '@exam/db';
import { openRuntime } from '../runtime.js';

export function registerSeedCommands(program: Command): void {
  const seed = program.command('seed').description('示例数据');
  seed
    .command('demo')
    .description(
      '创建示例地区（新乡市 2024，seed 001）、工种目录（seed 004）、数百名人员和每个角色一个账号；可重复运行',
    )
    .action(async () => {
      const runtime = await openRuntime();
      try {
        const result = await seedDemo(runtime.prisma, { bcryptCost: runtime.settings.bcryptCost });
        const c = result.created;
        console.log(
          `${runtime.db.description}：新增机构 ${c.organisations}、工种 ${c.occupations}、人员 ${c.persons}、账号 ${c.users}`,
        );
        console.log(
          `示例账号（密码均为 ${DEMO_PASSWORD}）：${result.accounts.map((a) => `${a.username}（${a.role}）`).join('、')}`,
        );
      } finally {
        await runtime.close();
      }
    });
}
