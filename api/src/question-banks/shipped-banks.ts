import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '@exam/db';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { SystemClock, type Clock } from '../common/clock.js';
import { BankImportRepository } from './bank-import.repository.js';
import { BankImportRefused, BankImportService, type BankImportResult } from './bank-import.service.js';

/** The service wired by hand, for the command line and the seed (no Nest container). */
export function createBankImportService(
  prisma: PrismaClient,
  clock: Clock = new SystemClock(),
): BankImportService {
  return new BankImportService(
    new BankImportRepository(prisma),
    new AuditService(new AuditRepository(prisma), clock),
    clock,
  );
}

/** question-banks/banks in the repository (from api/src or api/dist alike). */
export const SHIPPED_BANKS_DIR = fileURLToPath(new URL('../../../question-banks/banks/', import.meta.url));

/** The sample banks the demo data imports; FW03 only when it validates. */
export const SHIPPED_BANKS = ['JD02', 'JT01', 'FW03'] as const;

export type ShippedBankOutcome =
  | { code: string; status: 'imported'; result: BankImportResult }
  | { code: string; status: 'unchanged'; result: BankImportResult }
  | { code: string; status: 'skipped'; message: string };

/**
 * Imports the shipped banks for the demo (`exam seed demo`, `exam serve --seed-demo`). Idempotent: a bank
 * whose files have not changed writes nothing (no import record). Needs the occupation catalogue (the demo
 * seed makes it first). A bank that is missing or does not validate is skipped and reported, not fatal.
 */
export async function importShippedBanks(
  prisma: PrismaClient,
  options: { clock?: Clock; dir?: string; codes?: readonly string[] } = {},
): Promise<ShippedBankOutcome[]> {
  const service = createBankImportService(prisma, options.clock);
  const dir = options.dir ?? SHIPPED_BANKS_DIR;
  const outcomes: ShippedBankOutcome[] = [];
  for (const code of options.codes ?? SHIPPED_BANKS) {
    const path = join(dir, code);
    if (!existsSync(join(path, 'bank.yaml'))) {
      outcomes.push({ code, status: 'skipped', message: '题库文件夹不存在' });
      continue;
    }
    try {
      const outcome = await service.import({
        path,
        reason: '示例数据：导入内置题库',
        importedBy: 'seed',
        origin: { ip: 'cli', userAgent: 'exam-seed' },
        skipWhenUnchanged: true,
      });
      if (!outcome.imported)
        outcomes.push({
          code,
          status: 'skipped',
          message: `校验未通过（${outcome.report.problems.length} 处问题，用 exam bank validate 查看）`,
        });
      else
        outcomes.push({
          code,
          status: outcome.result.importId ? 'imported' : 'unchanged',
          result: outcome.result,
        });
    } catch (error) {
      // e.g. the catalogue lacks the occupation; anything else is a real failure
      if (!(error instanceof BankImportRefused)) throw error;
      outcomes.push({ code, status: 'skipped', message: error.message });
    }
  }
  return outcomes;
}

/** One line for the seed's output, in Chinese. */
export function describeShippedBanks(outcomes: ShippedBankOutcome[]): string {
  return `内置题库：${outcomes
    .map((o) =>
      o.status === 'skipped'
        ? `${o.code} 未导入（${o.message}）`
        : o.status === 'unchanged'
          ? `${o.code} 无变化（${o.result.activeItems} 题）`
          : `${o.code} 已导入（新增 ${o.result.created}、新版本 ${o.result.newVersions}、未变 ${o.result.unchanged}、停用 ${o.result.retired}）`,
    )
    .join('；')}`;
}
