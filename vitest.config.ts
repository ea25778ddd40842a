import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure code beside it, src/**, web/**), `integration` (test/*.test.ts:
 * a real server on PGlite and on PostgreSQL) and `e2e` (test/e2e: Debian's Chromium against a
 * real server). `npm test` runs all three; `npm run test:unit|test:integration|test:e2e` one.
 */
/**
 * Files wait for much of their time: a browser test on Chromium, its server's timers and the
 * screen's next frame; an integration file on PostgreSQL, on argon2's threads and on the processes
 * it starts (the command line, the crash test's server). Two at a time left the two cores partly
 * idle: the browser tests need about 210 s of CPU in all, the integration files about 480 s
 * besides PostgreSQL's, while the whole run took some 900 s. The browser tests run four at a time,
 * as a group of their own first; the integration and unit files then three at a time.
 * E2E_WORKERS and TEST_WORKERS change them.
 */
const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 4);
const TEST_WORKERS = Number(process.env.TEST_WORKERS ?? 3);

export default defineConfig({
  test: {
    // Each file opens its own databases.
    pool: 'forks',
    maxWorkers: TEST_WORKERS,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // An answer that would lose a field to its response schema fails the test (src/core/contract.ts).
    env: { PRECINCT_CHECK_RESPONSES: '1' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'], sequence: { groupOrder: 1 } } },
      // Integration files share their worker's modules (isolate: false): importing the whole server again for
      // each of ninety files cost more than the tests. Each file still opens its own databases and servers.
      { extends: true, test: { name: 'integration', include: ['test/*.test.ts'], isolate: false, sequence: { groupOrder: 1 } } },
      // A browser test signs in several windows; on a loaded two-core machine one has taken over a minute.
      // One Chromium and one seeded demo agency for the run (test/e2e/global-setup.ts), and the worker's
      // modules shared between files as in integration; each file still has its own server and database.
      {
        extends: true,
        test: {
          name: 'e2e', include: ['test/e2e/**/*.test.ts'], isolate: false, globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000, hookTimeout: 120_000,
          sequence: { groupOrder: 0 }, maxWorkers: E2E_WORKERS,
        },
      },
    ],
  },
});
