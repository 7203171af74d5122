import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startListening } from './listening-child.js';

/** The built CLI: run `pnpm build` first. */
const BIN = fileURLToPath(new URL('../../packages/cli/dist/cli.js', import.meta.url));

/** A running `hookguard listen`. */
export interface Listener {
  /** What it printed as `listening on <url>`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it has printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `hookguard listen <args> --port 0` as a user runs it: the built binary as a child
 * process, with only PATH and `env` in its environment; resolves once it is listening.
 */
export async function startListen(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  cwd?: string,
): Promise<Listener> {
  const { url, child, output, end } = await startListening(
    [BIN, 'listen', ...args, '--port', '0'],
    {
      env,
      ...(cwd === undefined ? {} : { cwd }),
      what: 'hookguard listen',
    },
  );
  return { url, child, output, stop: () => end('SIGTERM') };
}
