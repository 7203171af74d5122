// @ts-check
/**
 * Memory under attack: RSS of each example app while many clients send over-limit bodies,
 * against its idle RSS. Half the clients declare a 2 MiB Content-Length (refused from the
 * header, before a byte is read), half stream a chunked body with no length (cut off at the
 * 1 MiB limit). Run: `node scripts/bench/memory-under-attack.mjs [--clients 200] [--seconds 10]`.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { DEMO_ENV } from '../demo/demo-env.mjs';
import { send, startExample } from '../demo/example-process.mjs';

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/** @param {string} name @param {number} fallback */
function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** Resident set size of a process, in bytes, from /proc. */
function rss(/** @type {number} */ pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/**
 * One attacking client: sends over-limit bodies, one connection after another, until the deadline.
 * @param {URL} url @param {number} deadline @param {'length' | 'chunked'} mode
 * @param {{ sent: number, refused: number, other: number, reset: number, failed: number }} stats
 */
async function attacker(url, deadline, mode, stats) {
  while (Date.now() < deadline) {
    await new Promise((resolve) => {
      const socket = connect(Number(url.port), url.hostname);
      let written = 0;
      let seen = '';
      const framing =
        mode === 'length' ? `Content-Length: ${2 * MiB}` : 'Transfer-Encoding: chunked';
      const pump = () => {
        while (written < 2 * MiB && !socket.destroyed) {
          written += CHUNK.length;
          const frame =
            mode === 'length'
              ? CHUNK
              : Buffer.concat([
                  Buffer.from(`${CHUNK.length.toString(16)}\r\n`),
                  CHUNK,
                  Buffer.from('\r\n'),
                ]);
          if (!socket.write(frame)) return socket.once('drain', pump);
        }
        if (mode === 'chunked' && !socket.destroyed) socket.write('0\r\n\r\n');
      };
      socket.on('connect', () => {
        stats.sent++;
        socket.write(
          `POST /webhooks/cashfree HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${framing}\r\nConnection: close\r\n\r\n`,
        );
        pump();
      });
      socket.on('data', (data) => {
        if (seen === '') {
          seen = data.toString('latin1', 0, 12);
          if (seen.startsWith('HTTP/1.1 413')) stats.refused++;
          else stats.other++;
          socket.destroy();
        }
      });
      socket.on('error', (error) => {
        // The server answered and closed while this client was still writing: the answer is
        // lost to the reset. Counted, so every request is accounted for.
        if (seen === '') {
          seen = 'reset';
          const code = /** @type {NodeJS.ErrnoException} */ (error).code;
          if (code === 'ECONNRESET' || code === 'EPIPE') stats.reset++;
          else stats.failed++;
        }
      });
      socket.on('close', () => {
        if (seen === '') stats.failed++;
      });
      socket.once('close', resolve);
    });
  }
}

/** @param {'express' | 'fastify'} name */
export async function measure(
  name,
  clients = option('clients', 200),
  seconds = option('seconds', 10),
) {
  const app = await startExample(name, { ...DEMO_ENV, NODE_ENV: 'production' });
  try {
    const url = new URL(app.url);
    // Warm up: load every route's code path once, then let the heap settle.
    for (let i = 0; i < 200; i++)
      await send(app.url, { method: 'GET', path: '/healthz', headers: {} });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = rss(app.pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(app.pid));
    }, 50);
    const stats = { sent: 0, refused: 0, other: 0, reset: 0, failed: 0 };
    const deadline = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, (_, i) =>
        attacker(url, deadline, i % 2 === 0 ? 'length' : 'chunked', stats),
      ),
    );
    clearInterval(sampler);
    peak = Math.max(peak, rss(app.pid));
    const healthy =
      (await send(app.url, { method: 'GET', path: '/healthz', headers: {} })).status === 200;
    return {
      name,
      clients,
      seconds,
      idleMiB: idle / MiB,
      peakMiB: peak / MiB,
      growthMiB: (peak - idle) / MiB,
      ...stats,
      healthyAfter: healthy,
    };
  } finally {
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of /** @type {const} */ (['express', 'fastify'])) {
    const result = await measure(name);
    console.log(
      `${name}: idle ${result.idleMiB.toFixed(1)} MiB, peak ${result.peakMiB.toFixed(1)} MiB (+${result.growthMiB.toFixed(1)} MiB) with ${result.clients} clients for ${result.seconds} s; ` +
        `${result.sent} over-limit requests, ${result.refused} answered 413, ${result.other} other status, ${result.reset} reset while sending, ${result.failed} closed otherwise; serving afterwards: ${result.healthyAfter}`,
    );
  }
}
