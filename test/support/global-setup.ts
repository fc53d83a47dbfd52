import type { TestProject } from 'vitest/node';
import { prepareTestDatabases } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseMode: import('./database.js').TestDatabaseMode;
  }
}

/** Vitest global setup: decides PostgreSQL or PGlite once, prepares the template, and says which. */
export default async function setup(project: TestProject) {
  const mode = await prepareTestDatabases();
  project.provide('testDatabaseMode', mode);
  const line =
    mode.kind === 'postgres'
      ? `集成测试数据库：PostgreSQL ${String(mode.admin.host)}:${String(mode.admin.port)}（每个测试文件一个由模板 ${mode.template} 克隆的数据库）`
      : '集成测试数据库：PGlite（未连接到 PostgreSQL，每个测试文件一个内存数据库）';
  console.log(`\n${line}\n`);
}
