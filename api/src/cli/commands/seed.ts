import type { Command } from 'commander';
import { DEMO_PASSWORD, seedDemo } from '@exam/db';
import { createApp } from '../../bootstrap/create-app.js';
import { SystemClock } from '../../common/clock.js';
import { demoExamLine } from '../../exam-demo/demo-exam-plan.js';
import { ensureDemoExam } from '../../exam-demo/demo-exam.seeder.js';
import { describeShippedBanks, importShippedBanks } from '../../question-banks/shipped-banks.js';
import { openRuntime } from '../runtime.js';

export function registerSeedCommands(program: Command): void {
  const seed = program.command('seed').description('示例数据');
  seed
    .command('demo')
    .description(
      '创建示例地区（新乡市 2024，seed 001）、工种目录（seed 004）、数百名人员、每个角色一个账号，并导入内置题库（JD02、JT01，FW03 校验通过时）；可重复运行',
    )
    .action(async () => {
      const runtime = await openRuntime();
      try {
        const result = await seedDemo(runtime.prisma, { bcryptCost: runtime.settings.bcryptCost });
        const c = result.created;
        console.log(
          `${runtime.db.description}：新增机构 ${c.organisations}、工种 ${c.occupations}、人员 ${c.persons}、账号 ${c.users}`,
        );
        // the shipped question banks (JD02, JT01, and FW03 when it validates) need the catalogue above;
        // they are imported here, in the api, which holds the import rules (the prisma seed cannot).
        console.log(describeShippedBanks(await importShippedBanks(runtime.prisma)));
        // today's demo 人机对话 exam, through the api's services (papers), without listening
        const app = await createApp({
          prisma: runtime.prisma,
          settings: runtime.settings,
          clock: new SystemClock(),
        });
        try {
          const exam = await ensureDemoExam(app, new Date());
          console.log(`${exam.name}：${exam.created ? '已创建' : '已存在'}，考生 ${exam.candidates} 人`);
          console.log(demoExamLine(exam.ticketNumber, exam.idNumber));
        } finally {
          await app.close();
        }
        console.log(
          `示例账号（密码均为 ${DEMO_PASSWORD}）：${result.accounts.map((a) => `${a.username}（${a.role}）`).join('、')}`,
        );
      } finally {
        await runtime.close();
      }
    });
}
