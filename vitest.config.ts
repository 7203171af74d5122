import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // In-process tests run against the TypeScript sources, so coverage maps to them; the
    // example apps and the demo run in child processes against the built packages.
    alias: {
      '@hookguard/core': source('./packages/core/src/index.ts'),
      '@hookguard/express': source('./packages/express/src/index.ts'),
      '@hookguard/fastify': source('./packages/fastify/src/index.ts'),
      '@hookguard/redis': source('./packages/redis/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./test/setup/redis-global-setup.ts'],
    // The JSON report lets .ci/run print a plain "N passed, M failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
    testTimeout: 20_000,
  },
});
