import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The runtimes are root devDependencies, installed from the npm registry with their
// platform binaries (see pnpm-workspace.yaml). Each is resolved to its real executable,
// not to a Node launcher script, so that stopping the child stops the runtime itself.
const require = createRequire(import.meta.url);

/** Below this, bin/bun.exe is still the stub that only says the postinstall did not run. */
const BUN_STUB_MAX_BYTES = 64 * 1024;

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The version pinned in the root package.json, as installed. */
export function installedVersion(name: 'bun' | 'deno' | 'workerd' | 'edge-runtime'): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** `node_modules/bun/bin/bun.exe`, which bun's postinstall replaces with the binary. */
export function bunBinary(): string {
  const path = join(packageDir('bun'), 'bin', 'bun.exe');
  if (statSync(path).size < BUN_STUB_MAX_BYTES) {
    throw new Error(
      `${path} is still the launcher stub: bun's postinstall did not run. It must be listed in onlyBuiltDependencies (pnpm-workspace.yaml); then run pnpm install.`,
    );
  }
  return path;
}

/** The binary of the `@deno/<platform>` package, found by the `deno` package's own code. */
export function denoBinary(): string {
  const installApi = require(join(packageDir('deno'), 'install_api.cjs')) as {
    runInstall(): string;
  };
  return installApi.runInstall();
}

/** The binary of the `@cloudflare/workerd-<platform>` package (the `workerd` main export). */
export function workerdBinary(): string {
  return (require('workerd') as { default: string }).default;
}
