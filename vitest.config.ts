import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.ts';

/**
 * Three projects: `unit` (pure code beside it, src/**, web/**), `integration` (test/*.test.ts:
 * a real server on PGlite and on PostgreSQL) and `e2e` (test/e2e: Debian's Chromium against a
 * real server). `npm test` runs all three; `npm run test:unit|test:integration|test:e2e` one.
 */
/**
 * A browser test file waits much of its time on Chromium, on its server's timers and on the
 * screen's next frame, so the browser tests run four at a time, as a group of their own before the
 * integration and unit files (the e2e project alone: 386 s two at a time under a load average
 * of 8–13, 202 s four at a time under 3–11; 437 s for 40 files with Chromium's headless shell on
 * 3 December 2026, 630 s with the full Chromium 156). The integration files keep both cores busy: three at
 * a time took as long as two (about 278 s each). E2E_WORKERS changes the four.
 */
const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 4);

export default defineConfig({
  test: {
    // Two cores: two test files at a time. Each opens its own databases.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Longest files first (test/durations.json when this machine has run none): the order decides the tail.
    sequence: { sequencer: LongestFirst },
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
          name: 'e2e', include: ['test/e2e/**/*.test.ts'], isolate: false, globalSetup: ['test/e2e/global-setup.ts'], setupFiles: ['test/e2e/setup.ts'],
          testTimeout: 120_000, hookTimeout: 120_000,
          sequence: { groupOrder: 0 }, maxWorkers: E2E_WORKERS,
        },
      },
    ],
  },
});
