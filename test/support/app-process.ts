import { fileURLToPath } from 'node:url';
import { startListening } from './listening-child.js';

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

/**
 * Starts `node <script>` with exactly `env` (plus PATH, PORT=0 and HOST=127.0.0.1) and
 * resolves once it prints `listening on http://…`, as the example apps and the fault app do.
 */
export async function startAppProcess(
  script: string,
  env: Record<string, string>,
): Promise<AppProcess> {
  const { url, child, output, end } = await startListening([script], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    what: script,
  });
  return {
    url,
    pid: child.pid as number,
    output,
    stop: async () => {
      await end('SIGTERM');
    },
    kill: async () => {
      await end('SIGKILL');
    },
  };
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
