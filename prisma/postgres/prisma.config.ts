// Prisma CLI configuration for the PostgreSQL schema: the JS engine with the pg driver
// adapter, so no native engine is downloaded (DESIGN.md). Used by `prisma generate` and
// `migrate diff`; migrations themselves are applied by src/store/migratePostgres.ts.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

process.env.DATABASE_URL ??= 'postgres://localhost:5432/dealerbot';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
  },
});
