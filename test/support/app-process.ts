import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A Node server started as a child process, as a deployment would start it. */
export interface AppProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it printed on stdout and stderr so far. */
  output(): string;
  /** SIGTERM (a clean shutdown) and waits for it to exit; nothing if it already exited. */
  stop(): Promise<void>;
  /** SIGKILL, as an OOM kill or a lost machine would: no handler runs, nothing is settled. */
  kill(): Promise<void>;
}

const FAULT_APP = fileURLToPath(new URL('./fault-app.mjs', import.meta.url));
const START_TIMEOUT_MS = 15_000;

/**
 * Starts `node <script>` with exactly `env` (plus PATH, PORT=0 and HOST=127.0.0.1) and
 * resolves once it prints `listening on http://…`, as the example apps and the fault app do.
 */
export function startAppProcess(script: string, env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // 'close', not 'exit': it comes after the child's output has been read to the end.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await closed;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        url: match[1] as string,
        pid: child.pid as number,
        output: () => output,
        stop: () => end('SIGTERM'),
        kill: () => end('SIGKILL'),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening:\n${output}`));
    });
  });
}

/** Settings of {@link startFaultApp}; see `fault-app.mjs`. */
export interface FaultAppEnv {
  /** Its name: it never answers a delivery whose body says `"hang": "<this name>"`. */
  readonly FAULT_APP_NAME: string;
  readonly REPLAY_LEASE_SECONDS: string;
  readonly REPLAY_STORE_TIMEOUT_MS: string;
  readonly REDIS_URL?: string;
  readonly DATABASE_URL?: string;
}

/** Starts `test/support/fault-app.mjs` (run `pnpm build` first: it uses the built packages). */
export function startFaultApp(env: FaultAppEnv & Record<string, string>): Promise<AppProcess> {
  return startAppProcess(FAULT_APP, env);
}
