export * from './generated/prisma/client.js';
export { createPrismaClient } from './client.js';
export {
  resolveDatabaseTarget,
  describeTarget,
  DatabaseConfigError,
  type DatabaseTarget,
} from './connection/database-target.js';
export { openDatabase, type OpenDatabase } from './connection/open-database.js';
export {
  applyMigrations,
  migrationStatus,
  diffMigrationsToSchema,
  MigrationError,
  type MigrationStatus,
} from './migrate/runner.js';
export { createMigration, schemaDrift, MigrationNameError } from './migrate/create-migration.js';
export { migrationsFingerprint, readMigrationFolders } from './migrate/migrations-dir.js';
export { postgresShadow, pgliteShadow } from './migrate/shadow.js';
export {
  installShippedPolicies,
  policyChecksum,
  canonicalJson,
  parseShippedPolicy,
  type InstalledPolicy,
} from './seed/install-policies.js';
export {
  seedDemo,
  DEMO_BATCH_CODE,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  DEMO_REGION,
  type DemoSeedResult,
} from './seed/demo-seed.js';
export * from './policies/index.js';
