import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/adapter.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // Both entries share one copy of every module (an error class, the replay timer), in the
  // CommonJS build too, where esbuild splits only when asked.
  splitting: true,
});
