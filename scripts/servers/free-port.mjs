// @ts-check
/**
 * Free TCP ports on 127.0.0.1, for servers started by the tests and the benchmark.
 */
import { createServer } from 'node:net';

/**
 * `count` distinct free TCP ports on 127.0.0.1, all held open at once so none is handed out
 * twice. (`redis-server --port 0` would turn TCP off, not pick one.)
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function freePorts(count) {
  /** @type {import('node:net').Server[]} */
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(undefined));
      });
    }
    return servers.map((server) => /** @type {{ port: number }} */ (server.address()).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * A free TCP port on 127.0.0.1.
 * @returns {Promise<number>}
 */
export async function freePort() {
  const [port] = await freePorts(1);
  return /** @type {number} */ (port);
}
