import { PrismaPg } from '@prisma/adapter-pg';
import type { PoolConfig } from 'pg';
import { PrismaClient } from './generated/prisma/client.js';

export type { PrismaClient };

/** The product's Prisma client over `pg`, whatever the database behind the config (PostgreSQL or PGlite). */
export function createPrismaClient(pg: PoolConfig): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pg) });
}
