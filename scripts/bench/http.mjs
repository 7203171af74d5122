// @ts-check
/**
 * Part 2, HTTP: requests per second and p99 latency of each server case, measured with
 * autocannon from this process against a server in its own process, on loopback. Cases are
 * alternated and repeated; each ratio, to (a) the raw-body route and (b) the hand-written
 * check, is the median over rounds of the two cases' req/s in the same round.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cashfree, sign } from '@hookguard/core';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { formFields, jsonBody } from './payloads.mjs';
import { median, pairedRatio } from './stats.mjs';

const SERVER = fileURLToPath(new URL('./http-server.mjs', import.meta.url));
const SECRET = 'bench-secret-0123456789';

/**
 * Cases per framework. (a), (b) and (c) carry the same Cashfree-signed JSON body; each peer
 * is paired with hookguard verifying the peer's own format on the same request
 * (`hookguard-github`, `hookguard-twilio`), so "faster than the peer" compares like with like.
 * `twilio.webhook()` is Express middleware, so it runs in Express only.
 */
export const HTTP_CASES = /** @type {const} */ ({
  express: [
    'raw',
    'handwritten',
    'hookguard',
    'octokit',
    'hookguard-github',
    'twilio',
    'hookguard-twilio',
  ],
  fastify: ['raw', 'handwritten', 'hookguard', 'octokit', 'hookguard-github'],
});

/** Each peer and the hookguard case it is measured against. */
export const PEER_COUNTERPARTS = /** @type {const} */ ({
  octokit: 'hookguard-github',
  twilio: 'hookguard-twilio',
});

const LABELS = {
  raw: '(a) raw body, no verification',
  handwritten: '(b) raw body + hand-written HMAC check',
  hookguard: '(c) hookguard',
  octokit: '@octokit/webhooks createNodeMiddleware',
  'hookguard-github': 'hookguard github (same request as octokit)',
  twilio: 'twilio.webhook() (20-field form)',
  'hookguard-twilio': 'hookguard twilio (same request as twilio)',
};

/** Starts one benchmark server; resolves with its URL and a stop function. */
export function startServer(
  /** @type {string} */ framework,
  /** @type {string} */ name,
  /** @type {boolean} */ pinned,
) {
  const command = [process.execPath, SERVER, framework, name, SECRET];
  // taskset execs node, so the child's pid is the server's (its CPU time is read from /proc).
  const [file, ...args] = pinned ? ['taskset', '-c', '1', ...command] : command;
  const child = spawn(/** @type {string} */ (file), args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (\S+)/.exec(output);
      if (match)
        resolve({
          url: /** @type {string} */ (match[1]),
          pid: child.pid,
          stop: () =>
            new Promise((done) => {
              child.once('close', done);
              child.kill();
            }),
        });
    });
    child.once('exit', (code) =>
      reject(new Error(`bench server ${framework}/${name} exited with ${code}`)),
    );
  });
}

/** The request each case expects: the same body size, signed the way that case verifies. */
export async function requestFor(/** @type {string} */ name, /** @type {number} */ size) {
  const text = jsonBody(size);
  if (name === 'octokit' || name === 'hookguard-github') {
    return {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'bench-1',
        'x-hub-signature-256': await octokitSign(SECRET, text),
      },
      body: text,
    };
  }
  if (name === 'twilio' || name === 'hookguard-twilio') {
    const params = formFields(size, '', 20);
    const signature = twilio.getExpectedTwilioSignature(
      SECRET,
      'https://merchant.example/hook',
      params,
    );
    return {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      },
      body: new URLSearchParams(params).toString(),
    };
  }
  const signed = sign(cashfree.webhook({ secret: SECRET }), { body: text });
  return { headers: { ...signed.headers }, body: String(signed.body) };
}

/**
 * The cores this process may use, read once when the module loads: `availableParallelism`
 * follows the process's affinity, so read after pinning it says 1, and the next part would
 * neither pin nor unpin (every part after the first then ran, servers included, on core 0).
 */
const CORES = availableParallelism();

/**
 * On two or more cores, the load generator (this process) takes core 0 and each server is
 * started on core 1, so the two do not steal each other's time slices: on a 2-core machine
 * unpinned, autocannon and the server share both cores and req/s mostly measures who won.
 * Returns whether pinning took effect (Linux with `taskset`); the report says which.
 */
export function pinLoadGenerator() {
  if (CORES < 2) return false;
  return spawnSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** Lets this process use every core again after the part that pinned it. */
export function unpinLoadGenerator() {
  spawnSync('taskset', ['-cp', `0-${CORES - 1}`, String(process.pid)], {
    stdio: 'ignore',
  });
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system) a process has used, from /proc; NaN where there is none. */
function cpuSeconds(/** @type {number | undefined} */ pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, inside parentheses).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

/** One autocannon run; `refused` runs expect every answer to be a 4xx (a forged flood). */
export function load(
  /** @type {{ url: string, pid: number | undefined }} */ server,
  /** @type {{ headers: Record<string, string>, body: string }} */ request,
  /** @type {{ duration?: number | undefined, amount?: number | undefined, connections: number, refused?: boolean }} */ options,
) {
  const cpuBefore = cpuSeconds(server.pid);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${server.url}/hook`,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        connections: options.connections,
        // A fixed number of requests (the quick run) or a fixed time.
        ...(options.amount === undefined
          ? { duration: options.duration ?? 10 }
          : { amount: options.amount }),
      },
      (error, result) => {
        if (error) return reject(error);
        const wrong = options.refused ? result.requests.total - result['4xx'] : result.non2xx;
        if (wrong > 0 || result.errors > 0)
          return reject(
            new Error(
              `${server.url}: ${wrong} ${options.refused ? 'answers other than 4xx' : 'non-2xx answers'}, ${result.errors} errors`,
            ),
          );
        const cpu = cpuSeconds(server.pid) - cpuBefore;
        resolve({
          rps: result.requests.total / result.duration,
          p99: result.latency.p99,
          cpuUsPerRequest: (cpu * 1e6) / result.requests.total,
        });
      },
    );
  });
}

/**
 * `amount` (the quick run) sends that many requests per case, all cases at once, instead of
 * running each for `duration` seconds in turn, and skips the warm-up.
 * @param {{ rounds: number, duration?: number, amount?: number, connections: number, size: number }} options
 */
export async function runHttp({ rounds, duration, amount, connections, size }) {
  const results = [];
  const pinned = pinLoadGenerator();
  for (const [framework, names] of Object.entries(HTTP_CASES)) {
    const servers = new Map();
    const requests = new Map();
    await Promise.all(
      names.map(async (name) => {
        servers.set(name, await startServer(framework, name, pinned));
        requests.set(name, await requestFor(name, size));
      }),
    );
    /** @type {Map<string, { rps: number, p99: number, cpuUsPerRequest: number }[]>} */
    const samples = new Map(names.map((name) => [name, []]));
    try {
      // Warm-up: JIT every server before anything is recorded.
      if (amount === undefined)
        for (const name of names)
          await load(servers.get(name), requests.get(name), { duration: 1, connections });
      for (let round = 0; round < rounds; round++) {
        const order = [
          ...names.slice(round % names.length),
          ...names.slice(0, round % names.length),
        ];
        const run = async (/** @type {string} */ name) =>
          samples.get(name)?.push(
            /** @type {{ rps: number, p99: number, cpuUsPerRequest: number }} */ (
              await load(servers.get(name), requests.get(name), {
                duration,
                amount,
                connections,
              })
            ),
          );
        // The quick run only proves every case answers 2xx under autocannon: all at once,
        // since autocannon takes at least a second per run. Measured runs go one at a time.
        if (amount !== undefined) await Promise.all(order.map(run));
        else for (const name of order) await run(name);
      }
    } finally {
      await Promise.all([...servers.values()].map((server) => server.stop()));
    }
    const summary = names.map((name) => {
      const runs = samples.get(name) ?? [];
      return {
        name,
        label: LABELS[/** @type {keyof typeof LABELS} */ (name)],
        rps: median(runs.map((run) => run.rps)),
        p99: median(runs.map((run) => run.p99)),
        rpsRange: [
          Math.min(...runs.map((run) => run.rps)),
          Math.max(...runs.map((run) => run.rps)),
        ],
        rounds: runs.map((run) => run.rps),
        cpuUs: median(runs.map((run) => run.cpuUsPerRequest)),
        cpuRounds: runs.map((run) => run.cpuUsPerRequest),
      };
    });
    const raw = summary.find((row) => row.name === 'raw');
    const handwritten = summary.find((row) => row.name === 'handwritten');
    results.push({
      framework,
      rows: summary.map((row) => ({
        ...row,
        // Paired by round, like the micro ratios: each round runs every case back to back.
        vsRaw: pairedRatio(row.rounds, raw?.rounds ?? []),
        vsHandwritten: pairedRatio(row.rounds, handwritten?.rounds ?? []),
        // Server CPU per request, as a multiple of the hand-written route's (lower is better).
        cpuVsHandwritten: pairedRatio(row.cpuRounds, handwritten?.cpuRounds ?? []),
      })),
    });
    process.stderr.write(`http: ${framework} done\n`);
  }
  if (pinned) unpinLoadGenerator();
  return { pinned, frameworks: results };
}
