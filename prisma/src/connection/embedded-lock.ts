import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseConfigError } from './database-target.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite's files may be opened by one process only. The lock file holds the owner's pid; a stale lock
 * (its process gone) is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, '..', 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseConfigError(
          `嵌入式数据库 ${dataDir} 正被进程 ${owner} 使用（例如正在运行的 exam serve）。` +
            `请先停止该进程，或设置 DATABASE_URL 使用 PostgreSQL。`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseConfigError(`无法锁定嵌入式数据库目录 ${dataDir}`);
}
