// prisma/postgres/schema.prisma is prisma/schema.prisma with the PostgreSQL provider and its
// own client output: one set of models, two engines. The schema stays portable (DESIGN.md),
// so nothing else differs; test/store/postgresSchema.test.ts keeps the two files in step.
export const POSTGRES_SCHEMA = 'prisma/postgres/schema.prisma';

export function postgresSchemaFrom(sqliteSchema: string): string {
  const out = sqliteSchema
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/(generator client \{[^}]*output\s*=\s*)"\.\.\/src\/generated\/prisma"/, '$1"../../src/generated/prisma-pg"');
  if (!out.includes('"postgresql"') || !out.includes('prisma-pg'))
    throw new Error('prisma/schema.prisma: datasource provider or client output not found where expected');
  return `// GENERATED from prisma/schema.prisma by npm run db:new-migration: edit that file, not this one.\n${out}`;
}
