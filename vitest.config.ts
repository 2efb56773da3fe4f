// Test tiers as vitest projects: unit, conformance (W3C suites), e2e (HTTP on port 0), client (real clients).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'conformance', include: ['test/conformance/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'client',
          include: ['test/client/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // Headless Debian Chromium via playwright-core against the real server: one browser per file, files one at a time.
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      // Against a real Virtuoso its global setup starts (scripts/virtuoso.sh): only with TEST_REMOTE=1 (npm run test:remote).
      // test/remote/** plus the e2e suites again, on the remote backend (ANMC21_TEST_BACKEND=sparql, see
      // test/e2e/test-backend.ts). One file at a time: the suites share the store and load their own data.
      ...(process.env.TEST_REMOTE === '1'
        ? [
            {
              test: {
                name: 'remote',
                include: ['test/remote/**/*.test.ts', 'test/e2e/**/*.test.ts'],
                // No remote store behind them (redirects; the cache test counts calls on an in-memory store; the W3C suite over HTTP builds its own in-memory dataset; the lazy reconciliation index and graceful close are tested without a store; the remote tier runs the suite on Virtuoso itself; the dataset-description comparison serves an in-memory store), or checking markup that does not depend on the store (html-validate on every page): run once by the e2e project.
                exclude: [
                  'test/e2e/redirects.test.ts',
                  'test/e2e/deref-cache.test.ts',
                  'test/e2e/sparql-w3c-http.test.ts',
                  'test/e2e/dataset-description.test.ts',
                  'test/e2e/html-validate.test.ts',
                  'test/e2e/reconcile-index.test.ts',
                  'test/e2e/listen-close.test.ts',
                  // Releases are served from the in-memory archive whatever the backend; these start their own server.
                  'test/e2e/memento.test.ts',
                  'test/e2e/releases.test.ts',
                  'test/e2e/sparql-releases.test.ts',
                  // Runs its own server process over the in-memory store, whose delay and memory it measures.
                  'test/e2e/hostile-battery.test.ts',
                ],
                env: { ANMC21_TEST_BACKEND: 'sparql' },
                globalSetup: ['test/remote/global-setup.ts'],
                testTimeout: 60_000,
                hookTimeout: 120_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
