// @ts-check
/**
 * A real redis-server on a free loopback port, with no persistence, for the tests (their
 * global setup and fault suites) and the benchmark. The cluster launcher builds on the
 * process helpers here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';
import { waitUntil } from './wait-until.mjs';

/** @import { ChildProcess } from 'node:child_process' */

/**
 * A real redis-server started for tests, on a free loopback port.
 * - `stop()`: stops it (SIGTERM) and waits for it to exit.
 * - `start()`: starts it again on the same port (after `stop`), empty.
 * - `freeze()`: suspends the process (SIGSTOP) and resolves once the kernel reports it
 *   stopped: its connections stay open but nothing is answered, like a server stuck in a
 *   long command.
 * - `thaw()`: resumes a frozen server (SIGCONT); it then answers what was sent meanwhile.
 * @typedef {{
 *   readonly port: number,
 *   readonly url: string,
 *   stop(): Promise<void>,
 *   start(): Promise<void>,
 *   freeze(): Promise<void>,
 *   thaw(): Promise<void>,
 * }} RedisServer
 */

/** Why a test run needs redis-server, and how to get it. */
export const REDIS_NOT_INSTALLED =
  'redis-server is not installed, and the replay tests need a real one. Install it (Debian/Ubuntu: apt-get install -y redis-server) or run .ci/run, which installs it.';

/**
 * Throws a clear error when redis-server (or `redis-cli`, with `withCli`) is not on the PATH.
 * @param {{ withCli?: boolean }} [options]
 * @returns {void}
 */
export function assertRedisServerInstalled(options = {}) {
  const binaries = options.withCli === true ? ['redis-server', 'redis-cli'] : ['redis-server'];
  for (const binary of binaries) {
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) throw new Error(REDIS_NOT_INSTALLED);
  }
}

/**
 * Spawns `redis-server` on `port` with no persistence, data in `dir`, plus `extraArgs`, and
 * resolves once it accepts connections.
 * @param {number} port
 * @param {string} dir
 * @param {readonly string[]} [extraArgs]
 * @returns {Promise<ChildProcess>}
 */
export function launchRedisServer(port, dir, extraArgs = []) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--dir', dir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on port ${port} within 10 s:\n${output}`));
    }, 10_000);
    child.stdout?.on('data', (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        // Keep draining its log so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        resolve(child);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * Stops a redis-server child with SIGTERM (resuming it first if frozen) and waits for it to exit.
 * @param {ChildProcess} child
 * @returns {Promise<void>}
 */
export async function stopRedisProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  // A stopped process only acts on SIGTERM once continued.
  child.kill('SIGCONT');
  await exited;
}

/**
 * The process state letter from /proc (`T` when stopped), or undefined off Linux.
 * @param {number} pid
 * @returns {string | undefined}
 */
function processState(pid) {
  try {
    // /proc/<pid>/stat is "pid (comm) S ...": the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/**
 * Sends `signal` and waits until the process is (or is no longer) stopped.
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 * @param {boolean} stopped
 */
async function signalAndWait(child, signal, stopped) {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null) throw new Error('redis-server is not running');
  child.kill(signal);
  await waitUntil(
    async () => {
      const state = processState(pid);
      return state === undefined || (state === 'T') === stopped;
    },
    `redis-server ${stopped ? 'stopping' : 'resuming'} on ${signal}`,
  );
}

/**
 * Starts a redis-server on a free port, with no persistence, in a temporary directory;
 * `args` are added to its command line (for example `['--requirepass', 'secret']`).
 * @param {{ readonly args?: readonly string[] }} [options]
 * @returns {Promise<RedisServer>}
 */
export async function startRedisServer(options = {}) {
  assertRedisServerInstalled();
  const port = await freePort();
  let dir = mkdtempSync(join(tmpdir(), 'hookguard-redis-'));
  /** @type {ChildProcess | undefined} */
  let child = await launchRedisServer(port, dir, options.args);
  const running = () => {
    if (child === undefined) throw new Error('redis-server is stopped');
    return child;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const stopping = child;
      child = undefined;
      if (stopping !== undefined) await stopRedisProcess(stopping);
      rmSync(dir, { recursive: true, force: true });
    },
    start: async () => {
      if (child !== undefined) return;
      dir = mkdtempSync(join(tmpdir(), 'hookguard-redis-'));
      child = await launchRedisServer(port, dir, options.args);
    },
    freeze: () => signalAndWait(running(), 'SIGSTOP', true),
    thaw: () => signalAndWait(running(), 'SIGCONT', false),
  };
}
