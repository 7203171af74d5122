import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Stryker runs the core's own tests against each mutant of packages/core/src. Tests that go
// through built packages or child processes cannot see a mutant, so they are left out here.
export default defineConfig({
  resolve: {
    // Both entry points, as in vitest.config.ts: a test file importing one that is not aliased
    // fails to load, and Stryker's run leaves it out without failing.
    alias: {
      '@hookguard/core/adapter': fileURLToPath(
        new URL('./packages/core/src/adapter.ts', import.meta.url),
      ),
      '@hookguard/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
    },
  },
  test: {
    // The SDK cross-checks run through the core's source too: each vendor's SDK is an
    // independent oracle for its preset.
    include: ['packages/core/test/**/*.test.ts', 'test/cross-check/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Two load tests shrink (100,000 keys instead of 1,000,000; 32 KiB bodies instead of
    // 256 KiB) with the same assertions: every static mutant reruns the suite. `pnpm test`
    // runs them at full size.
    env: { HOOKGUARD_MUTATION: '1' },
  },
});
