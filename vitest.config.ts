import { defineConfig } from 'vitest/config';

/**
 * Unit tests live beside the code (*.test.ts); integration tests (*.int.test.ts) run against a real
 * database — PostgreSQL when it answers at 127.0.0.1:5432, PGlite otherwise (test/support/database.ts).
 * Sources are imported as TypeScript through the `@exam/source` export condition; oxc emits the decorator
 * metadata Nest's dependency injection needs.
 */
const shared = {
  resolve: { conditions: ['@exam/source'] },
  ssr: { resolve: { conditions: ['@exam/source'], externalConditions: ['@exam/source'] } },
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
} as const;

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'api/src/**/*.test.ts',
            'api/contracts/src/**/*.test.ts',
            'prisma/src/**/*.test.ts',
            'question-banks/src/**/*.test.ts',
            'exam-client/src/**/*.test.ts',
            'proctor-console/src/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['api/test/**/*.int.test.ts', 'prisma/test/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
    ],
  },
});
