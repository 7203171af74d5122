// @ts-check
/**
 * The first step of `pnpm test`. The replay tests run real servers: redis-server and
 * redis-cli (a Redis and a Redis Cluster) and PostgreSQL; the inspector test of `hookguard
 * listen` runs a real browser: Debian's chromium (playwright-core's own downloads are not
 * reachable here). Where one is missing, it is installed with apt-get when this process can
 * (root, or sudo without a password); otherwise the run stops here with one line saying
 * what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findPostgresBin } from '../servers/postgres-server.mjs';

/** Where Debian's chromium package puts its launcher (test/listen-inspector.test.ts looks there). */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** @param {string} command @param {readonly string[]} args */
const succeeds = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
};

function postgresInstalled() {
  try {
    findPostgresBin();
    return true;
  } catch {
    return false;
  }
}

/** The Debian packages missing on this machine. */
function missingPackages() {
  const missing = [];
  if (!succeeds('redis-server', ['--version']) || !succeeds('redis-cli', ['--version']))
    missing.push('redis-server');
  if (!postgresInstalled()) missing.push('postgresql');
  if (!CHROMIUM.some((path) => existsSync(path))) missing.push('chromium');
  return missing;
}

/** How this process can run apt-get: as root, through sudo without a password, or not. */
function aptRunner() {
  if (!succeeds('apt-get', ['--version'])) return undefined;
  if (process.getuid?.() === 0) return [];
  return succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
}

/** @param {readonly string[]} prefix @param {readonly string[]} args */
function apt(prefix, args) {
  const [command = 'apt-get', ...rest] = [...prefix, 'apt-get', ...args];
  const result = spawnSync(command, rest, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

const missing = missingPackages();
if (missing.length > 0) {
  const prefix = aptRunner();
  const install = `apt-get install -y ${missing.join(' ')}`;
  if (prefix === undefined) {
    console.error(
      `pnpm test needs ${missing.join(' and ')} (the replay tests run real servers, the inspector test a real browser): install them (Debian/Ubuntu: sudo ${install}) and run it again.`,
    );
    process.exit(1);
  }
  console.log(
    `installing ${missing.join(' and ')} with apt-get (the replay tests run real servers, the inspector test a real browser)`,
  );
  const installed =
    apt(prefix, ['install', '-y', '-qq', ...missing]) ||
    (apt(prefix, ['update', '-qq']) && apt(prefix, ['install', '-y', '-qq', ...missing]));
  const still = missingPackages();
  if (!installed || still.length > 0) {
    console.error(
      `could not install ${still.join(' and ') || missing.join(' and ')} with apt-get: install ${still.length > 0 ? still.join(' and ') : 'them'} (sudo ${install}) and run pnpm test again.`,
    );
    process.exit(1);
  }
}
