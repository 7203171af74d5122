import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bunBinary, denoBinary } from './binaries.js';
import { minimalEnv, runJsonProcess } from './run-process.js';

/** Long enough for a cold start on a loaded 2-core CI machine; a hang fails in seconds. */
const PROCESS_TIMEOUT_MS = 30_000;

/**
 * Runs `entry` (an ESM file that prints one JSON line) on the Node that runs the tests,
 * resolving packages from the workspace's node_modules with Node's own conditions.
 */
export function runInNode(entry: string): Promise<unknown> {
  return runJsonProcess({
    label: 'node',
    command: process.execPath,
    args: [entry],
    cwd: dirname(entry),
    env: minimalEnv(),
    timeoutMs: PROCESS_TIMEOUT_MS,
  });
}

/**
 * Runs `entry` with the bun binary from node_modules (`bun run`), resolving packages from
 * node_modules with Bun's own `bun` condition, as an app on Bun does. Two flags keep it to
 * that: `--no-install`, so Bun never fetches a package on the fly; and an empty
 * `--tsconfig-override`, because Bun applies the `paths` of the tsconfig.json it finds at
 * run time, and the repository's own maps `@hookguard/*` to the TypeScript sources (and
 * `#platform` to the Node implementation) for the type checker.
 */
export async function runInBun(entry: string): Promise<unknown> {
  const scratch = mkdtempSync(join(tmpdir(), 'hookguard-bun-'));
  try {
    const tsconfig = join(scratch, 'tsconfig.json');
    writeFileSync(tsconfig, '{}\n');
    return await runJsonProcess({
      label: 'bun',
      command: bunBinary(),
      args: ['run', '--no-install', `--tsconfig-override=${tsconfig}`, entry],
      cwd: dirname(entry),
      env: minimalEnv({ DO_NOT_TRACK: '1', NO_COLOR: '1' }),
      timeoutMs: PROCESS_TIMEOUT_MS,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs `entry` with the deno binary from node_modules, with no permission at all (no
 * read, net, env), so the code under test can reach nothing. Deno 2 resolves bare
 * specifiers itself, with its own `deno` condition, through the package.json it finds
 * above the entry and the node_modules beside it: `--node-modules-dir=manual` says to use
 * that node_modules as it is and never install into it, `--no-remote` refuses URL imports
 * (both from `deno run --help`, Deno 2.9). Its cache goes to a temporary DENO_DIR.
 */
export async function runInDeno(entry: string): Promise<unknown> {
  const denoDir = mkdtempSync(join(tmpdir(), 'hookguard-deno-'));
  try {
    return await runJsonProcess({
      label: 'deno',
      command: denoBinary(),
      args: ['run', '--no-prompt', '--node-modules-dir=manual', '--no-remote', entry],
      cwd: dirname(entry),
      env: minimalEnv({ DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }),
      timeoutMs: PROCESS_TIMEOUT_MS,
    });
  } finally {
    rmSync(denoDir, { recursive: true, force: true });
  }
}
