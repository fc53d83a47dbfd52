import type { Command } from 'commander';
import { DEMO_PASSWORD, installShippedPolicies, seedDemo } from '@exam/db';
import { createApp } from '../../bootstrap/create-app.js';
import { SystemClock } from '../../common/clock.js';
import { demoExamLine } from '../../exam-demo/demo-exam-plan.js';
import { ensureDemoExam } from '../../exam-demo/demo-exam.seeder.js';
import { describeShippedBanks, importShippedBanks } from '../../question-banks/shipped-banks.js';
import { CliUsageError } from '../cli-error.js';
import { openRuntime } from '../runtime.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('迁移数据库并启动服务：接口 /api、考生端 /、管理端 /console/')
    .option('--port <port>', '端口', process.env.PORT ?? '3000')
    .option('--host <host>', '监听地址', process.env.HOST ?? '127.0.0.1')
    .option('--seed-demo', '启动前写入示例数据（可重复）')
    .action(async (options: { port: string; host: string; seedDemo?: boolean }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliUsageError('--port', `应为 0–65535 的整数，收到 "${options.port}"`);
      const runtime = await openRuntime();
      if (runtime.applied.length) console.log(`已应用迁移：${runtime.applied.join(', ')}`);
      const policies = await installShippedPolicies(runtime.prisma);
      const added = policies.filter((p) => p.created === 'published');
      if (added.length) console.log(`已安装政策：${added.map((p) => `${p.id}@${p.version}`).join('、')}`);
      const drafts = policies.filter((p) => p.created === 'draft');
      if (drafts.length)
        console.log(
          `内置政策有更新，已存为草稿待考务发布：${drafts.map((p) => `${p.id}@${p.version}`).join('、')}`,
        );
      if (options.seedDemo) {
        const result = await seedDemo(runtime.prisma, { bcryptCost: runtime.settings.bcryptCost });
        console.log(`示例数据已就绪（本次新增人员 ${result.created.persons}、账号 ${result.created.users}）`);
        console.log(describeShippedBanks(await importShippedBanks(runtime.prisma)));
      }
      const app = await createApp({
        prisma: runtime.prisma,
        settings: runtime.settings,
        clock: new SystemClock(),
      });
      // today's demo 人机对话 exam (after the banks: its papers come from JD02)
      const demoExam = options.seedDemo ? await ensureDemoExam(app, new Date()) : null;
      await app.listen(port, options.host);
      const address = app.getHttpServer().address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const base = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${actualPort}`;
      console.log(`数据库：${runtime.db.description}`);
      console.log(`考生端（exam-client）：   ${base}/`);
      console.log(`管理端（proctor-console）：${base}/console/`);
      console.log(`接口：                    ${base}/api/health`);
      if (options.seedDemo)
        console.log(
          `示例账号：admin、office、reviewer、unithr、invigilator、panel、candidate，密码均为 ${DEMO_PASSWORD}`,
        );
      if (demoExam) console.log(demoExamLine(demoExam.ticketNumber, demoExam.idNumber));
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        console.log(`收到 ${signal}，正在停止…`);
        await app.close();
        await runtime.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
