import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // a poll ends as soon as it holds; 1 s (the default) is too short for a browser or a
    // chat turn on 2 cores busy with the rest of the suite (a form took longer to appear)
    expect: { poll: { timeout: 10_000 } },
  },
});
