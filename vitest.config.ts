import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The tests that run against real servers (see the `servers` project). */
const SERVER_TESTS = [
  'packages/redis/test/**/*.test.ts',
  'packages/postgres/test/**/*.test.ts',
  'test/adapters/replay.test.ts',
  'test/faults/**/*.test.ts',
  'test/replay-across-instances.test.ts',
];

/** The tests that drive a real browser (see the `browser` project). */
const BROWSER_TESTS = ['test/listen-inspector.test.ts'];

export default defineConfig({
  resolve: {
    // In-process tests run against the TypeScript sources, so coverage maps to them; the
    // example apps and the demo run in child processes against the built packages.
    alias: {
      '#platform': source('./packages/core/src/platform/node.ts'),
      '@hookguard/core/adapter': source('./packages/core/src/adapter.ts'),
      '@hookguard/core': source('./packages/core/src/index.ts'),
      '@hookguard/express': source('./packages/express/src/index.ts'),
      '@hookguard/koa': source('./packages/koa/src/index.ts'),
      '@hookguard/lambda': source('./packages/lambda/src/index.ts'),
      '@hookguard/nestjs': source('./packages/nestjs/src/index.ts'),
      '@hookguard/opentelemetry': source('./packages/opentelemetry/src/index.ts'),
      '@hookguard/fastify': source('./packages/fastify/src/index.ts'),
      '@hookguard/postgres': source('./packages/postgres/src/index.ts'),
      '@hookguard/redis': source('./packages/redis/src/index.ts'),
      '@hookguard/web': source('./packages/web/src/index.ts'),
    },
  },
  test: {
    environment: 'node',
    // Two projects, so that only the tests that need a real server start one: `vitest run
    // packages/core` (or any unit file) needs nothing installed.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...SERVER_TESTS, ...BROWSER_TESTS, 'packages/core/test/portable/**'],
        },
      },
      {
        extends: true,
        // The core's Web Crypto build (what workerd, Vercel Edge, Deno and Bun load), in
        // Node's process: `#platform` is the web implementation here.
        resolve: {
          alias: { '#platform': source('./packages/core/src/platform/web.ts') },
        },
        test: {
          name: 'web-crypto',
          include: [
            'packages/core/test/portable/**/*.test.ts',
            'packages/core/test/mechanisms/vectors.test.ts',
            'packages/core/test/mechanisms/der.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'servers',
          include: SERVER_TESTS,
          // A real redis-server, a three-master Redis Cluster and a PostgreSQL, on free
          // loopback ports, for the stores' contract suite, the adapters' replay suite and
          // the fault tests.
          globalSetup: [
            './test/setup/redis-global-setup.ts',
            './test/setup/redis-cluster-global-setup.ts',
            './test/setup/postgres-global-setup.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: BROWSER_TESTS,
          // Headless Chromium (Debian's chromium, driven by playwright-core) on the inspector
          // page of `hookguard listen`, forwarding to the example app: both are child
          // processes, and starting the three takes seconds.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
    // The JSON report lets .ci/run print a plain "N passed, M failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
    testTimeout: 20_000,
    // `pnpm test` runs with --coverage: the core must stay at 95 % of lines and branches.
    coverage: {
      provider: 'v8',
      include: ['packages/core/src/**/*.ts'],
      // Re-exports and interfaces only: nothing runs in them.
      exclude: [
        'packages/core/src/index.ts',
        'packages/core/src/adapter.ts',
        'packages/core/src/types.ts',
        'packages/core/src/replay/replay-store.ts',
      ],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
