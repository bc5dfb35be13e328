// Prisma CLI configuration: the JS engine with the better-sqlite3 driver adapter, so no
// native engine is ever downloaded (DESIGN.md: machines and many dealers' networks can't).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

process.env.DATABASE_URL ??= 'file:./data/dealerbot.db';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
