import { resolve } from 'node:path';

/** Where the product's data lives: an external PostgreSQL, or the embedded PGlite folder. */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export class DatabaseConfigError extends Error {}

/**
 * No DATABASE_URL → embedded PGlite under ./.data/pglite (or EXAM_DATA_DIR); a postgres:// URL → that server.
 */
export function resolveDatabaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new DatabaseConfigError(
        `DATABASE_URL 必须是 postgres:// 或 postgresql:// 开头的连接串，收到 "${url.slice(0, 40)}"`,
      );
    }
    return { kind: 'postgres', url };
  }
  const dataRoot = env.EXAM_DATA_DIR?.trim() || resolve(process.cwd(), '.data');
  return { kind: 'pglite', dataDir: resolve(dataRoot, 'pglite') };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `嵌入式 PGlite（${target.dataDir}）`;
  const u = new URL(target.url);
  return `PostgreSQL ${u.hostname}:${u.port || 5432}/${u.pathname.replace(/^\//, '')}`;
}
