// @ts-check
// Compiles src/*.ts to dist/ (Node 20 runs no TypeScript by itself). esbuild reads
// tsconfig.json for the decorators; nothing is bundled.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('src/*.ts', import.meta.url).pathname],
  outdir: new URL('dist', import.meta.url).pathname,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
