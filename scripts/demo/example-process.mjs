// @ts-check
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts `examples/<name>` as its README says (`node src/server.js`, i.e. `pnpm start`) on a
 * free port, and resolves once it prints the address it listens on.
 *
 * @param {'express' | 'fastify'} name
 * @param {Record<string, string>} env
 * @returns {Promise<{ name: string, url: string, pid: number, output: () => string, stop: () => Promise<void> }>}
 */
export function startExample(name, env) {
  const child = spawn(process.execPath, ['src/server.js'], {
    cwd: `${ROOT}examples/${name}`,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // 'close', not 'exit': it comes after the child's output has been read to the end.
  const exited = new Promise((resolve) => child.once('close', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`examples/${name} did not start within 15 s:\n${output}`));
    }, 15_000);
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        name,
        url: /** @type {string} */ (match[1]),
        pid: /** @type {number} */ (child.pid),
        output: () => output,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`examples/${name} exited with ${code} before listening:\n${output}`));
    });
  });
}

/**
 * Sends one request and reads the answer.
 *
 * @param {string} baseUrl
 * @param {import('./deliveries.mjs').HttpRequest} request
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function send(baseUrl, request) {
  const response = await fetch(new URL(request.path, baseUrl), {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const raw = await response.text();
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    body = raw;
  }
  return { status: response.status, body };
}
