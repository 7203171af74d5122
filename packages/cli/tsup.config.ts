import { defineConfig } from 'tsup';

// A command, not a library: one ESM file with a shebang, no type declarations.
export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  clean: true,
  target: 'node20',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
});
