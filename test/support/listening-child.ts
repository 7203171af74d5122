import { type ChildProcess, spawn } from 'node:child_process';

const START_TIMEOUT_MS = 15_000;
const LISTENING = /listening on (http:\/\/\S+)/;

/** A Node child process that printed `listening on <url>`. */
export interface ListeningChild {
  /** The URL it printed. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /**
   * Sends `signal` unless it already exited, and waits for it to close (after its output
   * was read to the end); its exit code.
   */
  end(signal: NodeJS.Signals): Promise<number | null>;
}

/** How to start one: `what` names it in an error. */
export interface ListeningChildOptions {
  /** Its whole environment, with PATH: nothing else leaks in from the test's. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly what: string;
}

/**
 * Starts `node <args>` as a deployment would, and resolves once it prints `listening on
 * http://…` on stdout or stderr, as the example apps, the fault app and `hookguard listen`
 * do. Rejects with what it printed if it exits first or does not listen within 15 s (then
 * it is killed), so a broken start fails its test instead of hanging it.
 */
export function startListening(
  args: readonly string[],
  { env, cwd, what }: ListeningChildOptions,
): Promise<ListeningChild> {
  const child = spawn(process.execPath, args, {
    ...(cwd === undefined ? {} : { cwd }),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // 'close', not 'exit': it comes after the child's output has been read to the end.
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return closed;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not listen within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({ url: match[1] as string, child, output: () => output, end });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code ?? signal} before listening:\n${output}`));
    });
  });
}
