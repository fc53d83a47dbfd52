import { fileURLToPath } from 'node:url';

/** The package root (prisma/), the same from src/ and dist/. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const schemaPath = fileURLToPath(new URL('../../schema.prisma', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));
