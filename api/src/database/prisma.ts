import type { Prisma, PrismaClient } from '@exam/db';

/** Injection token of the process's PrismaClient. */
export const PRISMA = Symbol('PrismaClient');

/** A client or an open transaction: repositories accept either, so services can compose them atomically. */
export type Db = PrismaClient | Prisma.TransactionClient;
export type { PrismaClient };
