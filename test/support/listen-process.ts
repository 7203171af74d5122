import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI: run `pnpm build` first. */
const BIN = fileURLToPath(new URL('../../packages/cli/dist/cli.js', import.meta.url));
const START_TIMEOUT_MS = 15_000;

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
export function startListen(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  cwd?: string,
): Promise<Listener> {
  const child = spawn(process.execPath, [BIN, 'listen', ...args, '--port', '0'], {
    ...(cwd === undefined ? {} : { cwd }),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hookguard listen did not start:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        url: match[1] as string,
        child,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return closed;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hookguard listen exited with ${code}:\n${output}`));
    });
  });
}
