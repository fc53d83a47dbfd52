import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PoolConfig } from 'pg';
import type { ShadowProvider } from './schema-engine.js';

/** A shadow database on the same PostgreSQL server, created and dropped by us. */
export function postgresShadow(main: PoolConfig): ShadowProvider {
  return {
    async create() {
      const name = `exam_shadow_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const admin = new pg.Client({ ...main, database: main.database ?? 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      return {
        pg: { ...main, database: name, max: 2 },
        async drop() {
          const c = new pg.Client({ ...main, database: main.database ?? 'postgres' });
          await c.connect();
          try {
            await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          } finally {
            await c.end();
          }
        },
      };
    },
  };
}

/** A throw-away in-memory PGlite served on a private port: replays migrations with no server at all. */
export function pgliteShadow(): ShadowProvider {
  return {
    async create() {
      const { PGlite } = await import('@electric-sql/pglite');
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const db = await PGlite.create();
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
      await server.start();
      const port = Number(server.getServerConn().split(':').pop());
      return {
        pg: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 2 },
        async drop() {
          await server.stop();
          await db.close();
        },
      };
    },
  };
}
