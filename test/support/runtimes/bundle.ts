import { type BuildFailure, type BuildOptions, build, type Plugin } from 'esbuild';

// The repository's tsconfig.json maps `@hookguard/*` to the TypeScript sources for the type
// checker, and esbuild would follow those `paths`: an app bundles the published `exports`
// instead, so no tsconfig is read.
const NO_TSCONFIG = '{}';

/** esbuild's errors, one per line, with where each was raised. */
function describeFailure(error: unknown): string {
  const failure = error as Partial<BuildFailure>;
  if (!Array.isArray(failure.errors)) return String(error);
  return failure.errors
    .map(({ text, location }) => (location ? `${location.file}:${location.line}: ${text}` : text))
    .join('\n');
}

async function bundle(label: string, options: BuildOptions & { entryPoints: [string] }) {
  try {
    return await build({ ...options, bundle: true, logLevel: 'silent', tsconfigRaw: NO_TSCONFIG });
  } catch (error) {
    throw new Error(
      `${label}: esbuild could not bundle ${options.entryPoints[0]}:\n${describeFailure(error)}`,
    );
  }
}

/**
 * wrangler's `nodejs_compat-imports` plugin, used when the `nodejs_compat` flag is off:
 * a `node:*` import stays external (with a warning) and fails only when workerd loads the
 * Worker. Recorded here so that failure can name the import.
 * Source: cloudflare/workers-sdk packages/wrangler/src/deployment-bundle/esbuild-plugins/nodejs-compat.ts
 */
function nodeImportsExternal(seen: Set<string>): Plugin {
  return {
    name: 'node-imports-external',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^node:/ }, ({ path }) => {
        seen.add(path);
        return { path, external: true };
      });
    },
  };
}

/** A Worker bundled as wrangler bundles it. */
export interface WorkerBundle {
  /** The `node:*` modules the bundle imports (kept external, as wrangler keeps them). */
  readonly nodeImports: readonly string[];
}

/**
 * Bundles a module Worker into `outfile` the way `wrangler dev` / `wrangler deploy` do
 * (cloudflare/workers-sdk packages/wrangler/src/deployment-bundle/bundle.ts):
 * conditions `workerd`, `worker`, `browser` (its BUILD_CONDITIONS), ESM, target es2022,
 * and no `platform`, so esbuild's default `browser` applies, with its default mainFields
 * `browser`, `module`, `main`.
 */
export async function bundleLikeWrangler(entry: string, outfile: string): Promise<WorkerBundle> {
  const nodeImports = new Set<string>();
  await bundle('wrangler-style bundle', {
    entryPoints: [entry],
    outfile,
    format: 'esm',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    plugins: [nodeImportsExternal(nodeImports)],
  });
  return { nodeImports: [...nodeImports].sort() };
}

/** The global the Edge bundle assigns its module namespace to. */
export const EDGE_ENTRY_GLOBAL = '__hookguardEdgeEntry';

/**
 * Bundles a module for Vercel's Edge runtime the way Next.js's edge compiler resolves it:
 * `resolve.conditionNames` and `mainFields` are `['edge-light', 'worker', '...']`
 * (vercel/next.js packages/next/src/build/webpack-config-rules/resolve.ts), where `...`
 * is webpack's defaults for the edge compiler's target `['web', 'es6']`
 * (packages/next/src/build/webpack/config/blocks/base.ts), from webpack's
 * lib/config/defaults.js `getResolveDefaults`: conditions `import` (for ESM), `module`,
 * `webpack`, the mode and `browser`; mainFields `browser`, `module`, `main`. Turbopack's edge
 * environment resolves with `edge-light` and `worker` too. A `node:*` import fails the
 * build, as Next.js fails an Edge route that imports an unsupported Node module.
 * The result is one script that sets `globalThis[EDGE_ENTRY_GLOBAL]` to the module's
 * exports, for `EdgeVM#evaluate`.
 */
export async function bundleLikeNextEdge(entry: string): Promise<string> {
  const result = await bundle('Next.js edge-style bundle', {
    entryPoints: [entry],
    write: false,
    format: 'iife',
    globalName: EDGE_ENTRY_GLOBAL,
    platform: 'browser',
    target: 'es2022',
    conditions: ['edge-light', 'worker', 'browser', 'module', 'webpack', 'production'],
    mainFields: ['edge-light', 'worker', 'browser', 'module', 'main'],
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.NEXT_RUNTIME': '"edge"' },
  });
  const [output] = result.outputFiles ?? [];
  if (output === undefined) throw new Error(`esbuild wrote no output for ${entry}`);
  return output.text;
}
