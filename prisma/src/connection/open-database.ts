import type { PoolConfig } from 'pg';
import { type DatabaseTarget, describeTarget, resolveDatabaseTarget } from './database-target.js';
import { acquireDataDirLock } from './embedded-lock.js';

/** An open database: a pg connection config that Prisma's pg adapter and the migration engine both use. */
export interface OpenDatabase {
  readonly target: DatabaseTarget;
  readonly description: string;
  readonly pg: PoolConfig;
  close(): Promise<void>;
}

function pgConfigFromUrl(url: string): PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

/**
 * Opens the target. For PGlite, starts the database in this process and serves it on a private
 * loopback port with pglite-socket, so every consumer goes through the same `pg` path as PostgreSQL.
 */
export async function openDatabase(target: DatabaseTarget = resolveDatabaseTarget()): Promise<OpenDatabase> {
  if (target.kind === 'postgres') {
    return {
      target,
      description: describeTarget(target),
      pg: pgConfigFromUrl(target.url),
      close: async () => {},
    };
  }
  const release = acquireDataDirLock(target.dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create(target.dataDir);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    return {
      target,
      description: describeTarget(target),
      pg: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1 },
      close: async () => {
        await server.stop();
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
