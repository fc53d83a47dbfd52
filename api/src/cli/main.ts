import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { DatabaseConfigError } from '@exam/db';
import { CliUsageError } from './cli-error.js';
import { registerBankCommands } from './commands/bank.js';
import { registerDbCommands } from './commands/db.js';
import { registerEligibilityCommands } from './commands/eligibility.js';
import { registerSeedCommands } from './commands/seed.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUserCommands } from './commands/user.js';
import { productVersion } from './runtime.js';

/**
 * `exam`: the product's command line. Exit codes: 0 done, 1 failed, 2 bad input (the message names the
 * field or option).
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('exam')
    .description('工勤技能岗位等级考核系统')
    .version(productVersion())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerDbCommands(program);
  registerSeedCommands(program);
  registerUserCommands(program);
  registerServeCommand(program);
  registerEligibilityCommands(program);
  registerBankCommands(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      return 2;
    }
    if (error instanceof CliUsageError) {
      console.error(`参数错误 ${error.message}`);
      return 2;
    }
    if (error instanceof DatabaseConfigError) {
      console.error(error.message);
      return 2;
    }
    console.error(error instanceof Error ? error.message : String(error));
    if (process.env.EXAM_DEBUG && error instanceof Error) console.error(error.stack);
    return 1;
  }
}
