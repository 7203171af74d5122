// @ts-check
/**
 * A real PostgreSQL on a free loopback port, trusting every login, for the tests (their
 * global setup, restart and fault suites) and the benchmark. initdb refuses to run as root,
 * so as root it runs as the postgres user (through runuser); otherwise as the current user.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.mjs';
import { waitUntil } from './wait-until.mjs';

const run = promisify(execFile);

/**
 * A real PostgreSQL server started for tests, on a free loopback port, trusting every login.
 * - `url`: `postgres://postgres@127.0.0.1:<port>/postgres`.
 * - `urlWithPassword(password)`: the URL with a password in it. The server trusts every
 *   loopback login, so the password is never asked for: it is there for tests that check it
 *   never reaches a message.
 * - `stop()`: stops it cleanly (`pg_ctl -m fast -w stop`); its data stays for `start`.
 * - `start()`: starts it again on the same port and data directory (after `stop` or `kill`).
 * - `kill()`: crashes it: SIGKILL to the postmaster and every backend, as an OOM kill would.
 * - `destroy()`: stops it if running and deletes its directory.
 * @typedef {{
 *   readonly port: number,
 *   readonly url: string,
 *   urlWithPassword(password: string): string,
 *   stop(): Promise<void>,
 *   start(): Promise<void>,
 *   kill(): Promise<void>,
 *   destroy(): Promise<void>,
 * }} PostgresServer
 */

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** Why a test run needs PostgreSQL, and how to get it. */
export const POSTGRES_NOT_INSTALLED =
  'PostgreSQL is not installed, and the @hookguard/postgres tests need a real server. Install it (Debian/Ubuntu: apt-get install -y postgresql) or run .ci/run, which installs it.';

const isRoot = () => process.getuid?.() === 0;

/**
 * The newest `/usr/lib/postgresql/<version>/bin` that has initdb and pg_ctl, or throws.
 * @returns {string}
 */
export function findPostgresBin() {
  const versions = existsSync(POSTGRES_ROOT) ? readdirSync(POSTGRES_ROOT) : [];
  const bin = versions
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(POSTGRES_ROOT, version, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (bin === undefined) throw new Error(POSTGRES_NOT_INSTALLED);
  return bin;
}

/**
 * Runs a PostgreSQL binary: as the postgres user when we are root (initdb refuses root),
 * else as ourselves. A failure carries its output.
 * @param {string} binary
 * @param {readonly string[]} args
 * @returns {Promise<void>}
 */
async function asPostgres(binary, args) {
  try {
    if (isRoot())
      await run('runuser', ['-u', 'postgres', '--', binary, ...args], { timeout: 60_000 });
    else await run(binary, [...args], { timeout: 60_000 });
  } catch (error) {
    const output = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    const { stdout = '', stderr = '' } = output;
    throw new Error(`${binary} ${args.join(' ')} failed:\n${stdout}${stderr}`, { cause: error });
  }
}

/**
 * Reads a process's state letter and parent pid from /proc; undefined once it is gone.
 * @param {number} pid
 * @returns {{ state: string, ppid: number } | undefined}
 */
function processInfo(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": the fields after the last ')'.
    const [state = '', ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/**
 * The pids of `parent`'s children.
 * @param {number} parent
 * @returns {number[]}
 */
function childrenOf(parent) {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => processInfo(pid)?.ppid === parent);
}

/**
 * True once `pid` has exited (a zombie that nobody reaped counts as exited).
 * @param {number} pid
 * @returns {boolean}
 */
function exited(pid) {
  const state = processInfo(pid)?.state;
  return state === undefined || state === 'Z';
}

/**
 * Starts PostgreSQL (the newest installed version) on a free loopback port, in a temporary
 * directory owned by the postgres user, with trust authentication. Throws one clear line
 * when PostgreSQL is not installed.
 * @returns {Promise<PostgresServer>}
 */
export async function startPostgresServer() {
  const bin = findPostgresBin();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hookguard-pg-'));
  if (isRoot()) chownSync(dir, Number(await uidOf('postgres')), Number(await gidOf('postgres')));
  const data = join(dir, 'data');
  await asPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  // fsync off: the tests crash processes, never the machine, so the OS cache keeps every
  // committed write. Connections above the default 100: each store under test has a pool.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  let running = false;
  const start = async () => {
    if (running) return;
    try {
      await asPostgres(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-o',
        options,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '60',
        'start',
      ]);
    } catch (error) {
      const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
      throw new Error(`PostgreSQL did not start on port ${port}:\n${log.slice(-2000)}`, {
        cause: error,
      });
    }
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    running = false;
  };
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    url,
    urlWithPassword: (password) =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop,
    start,
    kill: async () => {
      if (!running) return;
      const lines = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n');
      const postmaster = Number(lines[0]);
      // Freeze the postmaster so it forks nothing more, then kill it with every backend at
      // once, as an OOM kill of the whole server would (backends live in their own sessions,
      // so a process-group kill would miss them; alone they would exit cleanly on their own).
      process.kill(postmaster, 'SIGSTOP');
      const processes = [postmaster, ...childrenOf(postmaster)];
      for (const pid of processes) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // It exited by itself meanwhile.
        }
      }
      await waitUntil(async () => processes.every(exited), 'PostgreSQL dying on SIGKILL');
      running = false;
      // Nobody may reap the killed postmaster (PID 1 of a container or VM often does not):
      // a zombie still answers kill(pid, 0), so PostgreSQL would take it for a live server
      // holding the lock files and refuse to start. Clear what a reboot would clear: the
      // lock files and the postmaster's System V shared memory segment (line 7: key, id).
      const segment = lines[6]?.trim().split(/\s+/)[1];
      if (segment !== undefined) await run('ipcrm', ['-m', segment]).catch(() => {});
      rmSync(join(data, 'postmaster.pid'), { force: true });
      rmSync(join(dir, `.s.PGSQL.${port}.lock`), { force: true });
    },
    destroy: async () => {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The numeric user id of `user`.
 * @param {string} user
 * @returns {Promise<string>}
 */
async function uidOf(user) {
  return (await run('id', ['-u', user])).stdout.trim();
}

/**
 * The numeric group id of `user`.
 * @param {string} user
 * @returns {Promise<string>}
 */
async function gidOf(user) {
  return (await run('id', ['-g', user])).stdout.trim();
}
