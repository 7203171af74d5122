import { EdgeRuntime } from 'edge-runtime';
import { bundleLikeNextEdge, EDGE_ENTRY_GLOBAL } from './bundle.js';

/**
 * `EdgeRuntime` is the `edge-runtime` package's name for `EdgeVM` (its dist re-exports
 * `@edge-runtime/vm`'s class): the sandbox Vercel's Edge runtime and `next dev` run Edge
 * code in, with Web APIs only (no `process`, no `require`, no Node built-in module).
 */
export type EdgeVM = EdgeRuntime;

/** A module loaded into a fresh EdgeVM. */
export interface EdgeModule {
  readonly vm: EdgeVM;
  /** The module's exports, as values of the VM's realm. */
  readonly exports: Record<string, unknown>;
}

/**
 * Bundles `entry` as Next.js bundles an Edge route and evaluates it in a new EdgeVM. With
 * `env`, the VM gets a `process` whose only property is `env`, as Next.js gives Edge code
 * (`context.process = createProcessPolyfill(env)` in its sandbox,
 * packages/next/src/server/web/sandbox/context.ts); without, there is no `process` at all.
 */
export async function loadInEdgeRuntime(
  entry: string,
  env?: Readonly<Record<string, string>>,
): Promise<EdgeModule> {
  const code = await bundleLikeNextEdge(entry);
  const vm = new EdgeRuntime(
    env === undefined
      ? {}
      : {
          extend: (context) => Object.assign(context, { process: { env: { ...env } } }),
        },
  );
  vm.evaluate(code);
  const exports = (vm.context as Record<string, unknown>)[EDGE_ENTRY_GLOBAL];
  if (typeof exports !== 'object' || exports === null) {
    throw new Error(`${entry}: the Edge bundle did not define its exports`);
  }
  return { vm, exports: exports as Record<string, unknown> };
}

/**
 * Loads `entry` in a new EdgeVM, awaits its `exportName` function, and returns the
 * result as plain JSON data of this realm.
 */
export async function runInEdge(entry: string, exportName = 'default'): Promise<unknown> {
  const { exports } = await loadInEdgeRuntime(entry);
  const run = exports[exportName];
  if (typeof run !== 'function') throw new Error(`${entry} exports no function ${exportName}`);
  return JSON.parse(JSON.stringify(await run()));
}
