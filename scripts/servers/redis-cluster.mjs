// @ts-check
/**
 * A real three-master Redis Cluster on free loopback ports, for the tests (their global
 * setup and fault suites) and the benchmark.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-port.mjs';
import {
  assertRedisServerInstalled,
  launchRedisServer,
  stopRedisProcess,
} from './redis-server.mjs';
import { waitUntil } from './wait-until.mjs';

/** @import { ChildProcess } from 'node:child_process' */

const run = promisify(execFile);

/** Masters in the test cluster: the fewest `redis-cli --cluster create` accepts. */
const MASTERS = 3;

/**
 * One node's address, as ioredis's `Cluster` takes it.
 * @typedef {{ readonly host: string, readonly port: number }} RedisClusterNode
 */

/**
 * A real three-master Redis Cluster on free loopback ports, started for tests.
 * - `down()`: stops every node (SIGTERM), keeping their cluster configuration for `up()`.
 * - `up()`: starts the nodes again after `down()`, empty, and waits for `cluster_state:ok`.
 * - `stop()`: stops every node, waits for them to exit and removes their directories.
 * @typedef {{
 *   readonly nodes: readonly RedisClusterNode[],
 *   down(): Promise<void>,
 *   up(): Promise<void>,
 *   stop(): Promise<void>,
 * }} RedisCluster
 */

/**
 * Starts three `redis-server --cluster-enabled yes` nodes, joins them with
 * `redis-cli --cluster create`, and resolves once every node reports `cluster_state:ok`
 * (a node says `fail` for a moment after `create` returns).
 * @returns {Promise<RedisCluster>}
 */
export async function startRedisCluster() {
  assertRedisServerInstalled({ withCli: true });
  // Each node also needs a cluster bus port. Its default, port + 10000, may be taken or past
  // 65535 for an ephemeral port, so the bus ports are picked free too (`--cluster-port`).
  const ports = await freePorts(MASTERS * 2);
  const clientPorts = ports.slice(0, MASTERS);
  const root = mkdtempSync(join(tmpdir(), 'hookguard-redis-cluster-'));
  /** @type {ChildProcess[]} */
  let children = [];

  const launchAll = async () => {
    const launching = clientPorts.map((port, i) => {
      const dir = join(root, String(port));
      mkdirSync(dir, { recursive: true });
      return launchRedisServer(port, dir, [
        '--cluster-enabled',
        'yes',
        '--cluster-port',
        String(ports[MASTERS + i]),
        '--cluster-config-file',
        join(root, `${port}.conf`),
      ]);
    });
    const settled = await Promise.allSettled(launching);
    children = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };
  const downAll = async () => {
    const stopping = children;
    children = [];
    await Promise.all(stopping.map(stopRedisProcess));
  };
  const stop = async () => {
    await downAll();
    rmSync(root, { recursive: true, force: true });
  };
  const up = async () => {
    await launchAll();
    await untilClusterOk(clientPorts);
  };

  try {
    await launchAll();
    const addresses = clientPorts.map((port) => `127.0.0.1:${port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-yes'], {
      timeout: 30_000,
    });
    await untilClusterOk(clientPorts);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes: clientPorts.map((port) => ({ host: '127.0.0.1', port })),
    down: downAll,
    up,
    stop,
  };
}

/**
 * Waits until every node on `ports` reports `cluster_state:ok`.
 * @param {readonly number[]} ports
 * @returns {Promise<void>}
 */
async function untilClusterOk(ports) {
  const ok = async (/** @type {number} */ port) => {
    const reply = await run('redis-cli', ['-p', String(port), 'cluster', 'info']).catch(
      () => undefined,
    );
    return reply?.stdout.includes('cluster_state:ok') === true;
  };
  await waitUntil(
    async () => (await Promise.all(ports.map(ok))).every(Boolean),
    'cluster_state:ok on every node',
    30_000,
  );
}
