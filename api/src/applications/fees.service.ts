import { Inject, Injectable } from '@nestjs/common';
import type { FeeOrderView, FeeStatus, Page, ReconcileResult } from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { AccessService } from '../access/access.service.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { toFeeView } from './application-views.js';
import { parseStatement, StatementFormatError } from './bank-statement.js';

const feeInclude = {
  application: {
    select: { number: true, organisationId: true, person: { select: { name: true } } },
  },
} as const;

/**
 * Fee orders (amounts in fen): raised when the review chain approves where the policy charges; paid when
 * the office confirms a payment or reconciles a bank statement against the references payers quote.
 */
@Injectable()
export class FeesService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private view(fee: Prisma.FeeOrderGetPayload<{ include: typeof feeInclude }>): FeeOrderView {
    return toFeeView(fee, { number: fee.application.number, personName: fee.application.person.name });
  }

  async list(
    actor: Actor,
    query: { batchId?: string | undefined; status?: FeeStatus | undefined; page: number; pageSize: number },
  ): Promise<Page<FeeOrderView>> {
    const roots = this.access.subtreeRoots(actor, ['exam_office']);
    if (roots !== null && !roots.length)
      return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const where: Prisma.FeeOrderWhereInput = {
      ...(query.status ? { status: query.status } : {}),
      application: {
        ...(query.batchId ? { batchId: query.batchId } : {}),
        ...(roots ? { organisation: { ancestorIds: { hasSome: roots } } } : {}),
      },
    };
    const [items, total] = await Promise.all([
      this.prisma.feeOrder.findMany({
        where,
        include: feeInclude,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.feeOrder.count({ where }),
    ]);
    return { items: items.map((f) => this.view(f)), total, page: query.page, pageSize: query.pageSize };
  }

  async confirm(actor: Actor, origin: RequestOrigin, id: string, body: { reason: string; method: string }) {
    const fee = await this.prisma.feeOrder.findUnique({ where: { id }, include: feeInclude });
    if (!fee) throw new NotFound('没有找到该缴费订单');
    await this.access.assertOrganisation(actor, fee.application.organisationId, ['exam_office']);
    if (fee.status !== 'unpaid') throw new Conflict(fee.status === 'paid' ? '该订单已缴费' : '该订单已取消');
    const now = this.clock.now();
    await this.prisma.$transaction(async (tx) => {
      const done = await tx.feeOrder.updateMany({
        where: { id, status: 'unpaid' },
        data: {
          status: 'paid',
          paidAt: now,
          paidAmountFen: fee.amountFen,
          paymentMethod: body.method,
          confirmedByUserId: actor.userId,
        },
      });
      if (done.count !== 1) throw new Conflict('该订单已被他人处理，请刷新');
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'fee.confirm',
          entityType: 'FeeOrder',
          entityId: id,
          reason: body.reason,
          details: { amountFen: fee.amountFen, method: body.method, reference: fee.reference },
        },
        tx,
      );
    });
    const updated = await this.prisma.feeOrder.findUniqueOrThrow({ where: { id }, include: feeInclude });
    return this.view(updated);
  }

  /**
   * Marks as paid every unpaid order whose reference a statement row quotes with the exact amount; all the
   * matches are written in one transaction, and every other row is reported by line.
   */
  async reconcile(
    actor: Actor,
    origin: RequestOrigin,
    body: { fileName: string; content: string; reason: string },
  ): Promise<ReconcileResult> {
    let parsed;
    try {
      parsed = parseStatement(body.content);
    } catch (error) {
      if (error instanceof StatementFormatError)
        throw new ValidationFailed(error.message, [{ path: 'content', message: error.message }]);
      throw error;
    }
    const roots = this.access.subtreeRoots(actor, ['exam_office']);
    const result: ReconcileResult = {
      rows: parsed.rows.length + parsed.problems.length,
      matched: [],
      alreadyPaid: [],
      problems: [...parsed.problems],
    };
    const updates: { id: string; row: (typeof parsed.rows)[number] }[] = [];
    const referenceOf = (remark: string) => /(?<![A-Za-z0-9])JF\d{10}(?!\d)/i.exec(remark)?.[0].toUpperCase();
    const fees = new Map(
      (
        await this.prisma.feeOrder.findMany({
          where: { reference: { in: parsed.rows.flatMap((r) => referenceOf(r.remark) ?? []) } },
          include: {
            application: { select: { number: true, organisation: { select: { ancestorIds: true } } } },
          },
        })
      ).map((f) => [f.reference, f]),
    );
    for (const row of parsed.rows) {
      const reference = referenceOf(row.remark);
      if (!reference) {
        result.problems.push({ line: row.line, message: '附言中没有缴费订单号（JF 开头的 12 位编号）' });
        continue;
      }
      const fee = fees.get(reference);
      if (!fee || (roots && !fee.application.organisation.ancestorIds.some((a) => roots.includes(a)))) {
        result.problems.push({
          line: row.line,
          message: `没有找到订单 ${reference}（或不在您的管理范围内）`,
        });
      } else if (fee.status === 'paid') {
        result.alreadyPaid.push({ line: row.line, reference });
      } else if (fee.status !== 'unpaid') {
        result.problems.push({ line: row.line, message: `订单 ${reference} 已取消` });
      } else if (fee.amountFen !== row.amountFen) {
        result.problems.push({
          line: row.line,
          message: `订单 ${reference} 应缴 ${(fee.amountFen / 100).toFixed(2)} 元，流水金额 ${(row.amountFen / 100).toFixed(2)} 元，金额不符`,
        });
      } else if (updates.some((u) => u.id === fee.id)) {
        result.problems.push({ line: row.line, message: `订单 ${reference} 在文件中重复出现` });
      } else {
        updates.push({ id: fee.id, row });
        result.matched.push({
          line: row.line,
          reference,
          amountFen: row.amountFen,
          applicationNumber: fee.application.number,
        });
      }
    }
    const now = this.clock.now();
    await this.prisma.$transaction(async (tx) => {
      for (const u of updates) {
        const taken = await tx.feeOrder.findUnique({ where: { bankTransactionId: u.row.transactionId } });
        if (taken)
          throw new Conflict(
            `第 ${u.row.line} 行的交易流水号 ${u.row.transactionId} 已用于其他订单，整个文件未入账`,
          );
        const done = await tx.feeOrder.updateMany({
          where: { id: u.id, status: 'unpaid' },
          data: {
            status: 'paid',
            paidAt: now,
            paidAmountFen: u.row.amountFen,
            paymentMethod: 'bank_statement',
            bankTransactionId: u.row.transactionId,
            confirmedByUserId: actor.userId,
          },
        });
        if (done.count !== 1) throw new Conflict('对账期间订单状态发生变化，整个文件未入账，请重新导入');
      }
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'fee.reconcile',
          entityType: 'FeeOrder',
          entityId: null,
          reason: body.reason,
          details: {
            fileName: body.fileName,
            matched: result.matched.length,
            problems: result.problems.length,
          },
        },
        tx,
      );
    });
    return result;
  }
}
