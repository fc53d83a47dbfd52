// Used only by `prisma generate` (see src/migrate for the offline migration runner).
import { defineConfig } from 'prisma/config';

export default defineConfig({ schema: 'schema.prisma' });
