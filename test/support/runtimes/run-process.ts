import { spawn } from 'node:child_process';

/** How a runtime's command line is run by {@link runJsonProcess}. */
export interface JsonProcess {
  /** Names the runtime in error messages. */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The child's whole environment: nothing of the test process leaks in. */
  readonly env: Record<string, string>;
  readonly timeoutMs: number;
}

const OUTPUT_TAIL_CHARS = 4_000;

function tail(text: string): string {
  return text.length > OUTPUT_TAIL_CHARS ? `…${text.slice(-OUTPUT_TAIL_CHARS)}` : text;
}

/**
 * Runs a command that prints one JSON value as its last line of stdout, and resolves with
 * that value. Rejects, saying which runtime and with its stderr, when it exits non-zero,
 * prints no JSON, or runs past `timeoutMs` (then it is killed).
 */
export function runJsonProcess({
  label,
  command,
  args,
  cwd,
  env,
  timeoutMs,
}: JsonProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const fail = (why: string) =>
      reject(
        new Error(
          `${label}: ${why}\n$ ${command} ${args.join(' ')}\n--- stderr ---\n${tail(stderr)}\n--- stdout ---\n${tail(stdout)}`,
        ),
      );
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(`could not start (${error.message})`);
    });
    // 'close', not 'exit': it comes after both pipes were read to the end.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return fail(`killed after ${timeoutMs} ms`);
      if (code !== 0) return fail(`exited with ${code ?? signal}`);
      const last = stdout.trimEnd().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last));
      } catch {
        fail('printed no JSON on its last line of stdout');
      }
    });
  });
}

/** PATH and HOME only, plus `extra`: a child sees no CI token, proxy or npm_config_*. */
export function minimalEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extra };
}
