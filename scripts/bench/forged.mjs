// @ts-check
/**
 * Part 7, forged floods: what refusing a forged request costs beside accepting a valid one,
 * in the core (in this process) and through each adapter over HTTP (each server in its own
 * process). An endpoint under attack should pay no more to refuse than to accept (issue 17:
 * forged ≤ ~1.2 × valid). The forged request is the valid one with its signature changed in
 * one character: same size, same headers, so the work up to the comparison is the same.
 */
import { cashfree, sign, verify } from '@hookguard/core';
import { webhookHandler } from '@hookguard/lambda';
import { load, pinLoadGenerator, startServer, unpinLoadGenerator } from './http.mjs';
import { jsonBody } from './payloads.mjs';
import { measureRounds } from './rounds.mjs';
import { median, pairedRatio, pairedSpreadPct } from './stats.mjs';

const SECRET = 'bench-secret-0123456789';
/** The adapters measured over HTTP (http-server.mjs serves each one's hookguard case). */
export const FORGED_ADAPTERS = /** @type {const} */ ([
  'express',
  'fastify',
  'koa',
  'web',
  'nestjs-express',
  'nestjs-fastify',
]);

/** A valid Cashfree delivery of `size` bytes and its forgery (one signature character changed). */
function deliveries(/** @type {number} */ size) {
  const signed = sign(cashfree.webhook({ secret: SECRET }), { body: jsonBody(size) });
  const headers = { ...signed.headers };
  const signature = String(headers['x-webhook-signature']);
  const changed = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  return {
    valid: { headers, body: String(signed.body) },
    forged: { headers: { ...headers, 'x-webhook-signature': changed }, body: String(signed.body) },
  };
}

/**
 * The core: `verify` of the valid delivery, and of the forged one (caught), in the same
 * rounds. The ratio is per round, then the median.
 * @param {{ rounds: number, time: number, size: number }} options
 */
async function core({ rounds, time, size }) {
  const scheme = cashfree.webhook({ secret: SECRET, tolerance: 3600 });
  const { valid, forged } = deliveries(size);
  const request = (/** @type {{ headers: Record<string, string>, body: string }} */ d) => ({
    method: 'POST',
    url: '/hook',
    headers: d.headers,
    body: Buffer.from(d.body),
  });
  const validRequest = request(valid);
  const forgedRequest = request(forged);
  const refused = () =>
    verify(scheme, forgedRequest).then(
      () => {
        throw new Error('the forged delivery verified');
      },
      () => undefined,
    );
  return validBesideForged(() => verify(scheme, validRequest), refused, { rounds, time });
}

/**
 * Lambda, in this process: `webhookHandler` invoked with an HTTP API (payload 2.0) event
 * for the valid delivery and for the forgery, in the same rounds (there is no server to
 * measure: the function's cost per invocation is the figure).
 * @param {{ rounds: number, time: number, size: number }} options
 */
async function lambda({ rounds, time, size }) {
  const handler = webhookHandler(cashfree.webhook({ secret: SECRET, tolerance: 3600 }), () => ({
    statusCode: 200,
    body: '{"ok":true}',
  }));
  const { valid, forged } = deliveries(size);
  const event = (/** @type {{ headers: Record<string, string>, body: string }} */ d) => ({
    version: '2.0',
    rawPath: '/hook',
    rawQueryString: '',
    headers: d.headers,
    requestContext: { http: { method: 'POST' } },
    body: d.body,
    isBase64Encoded: false,
  });
  const validEvent = event(valid);
  const forgedEvent = event(forged);
  return validBesideForged(
    () => handler(validEvent, {}),
    () => handler(forgedEvent, {}),
    { rounds, time },
  );
}

/**
 * Accepting and refusing, in the same rounds: each one's median time, and forged ÷ valid
 * per round (median, ± half the interquartile range).
 */
async function validBesideForged(
  /** @type {() => unknown} */ valid,
  /** @type {() => unknown} */ forged,
  /** @type {{ rounds: number, time: number }} */ { rounds, time },
) {
  const perRound = await measureRounds(
    [
      { name: 'valid', batch: 20, run: valid },
      { name: 'forged', batch: 20, run: forged },
    ],
    { rounds, time },
  );
  const validRounds = perRound.get('valid') ?? [];
  const forgedRounds = perRound.get('forged') ?? [];
  return {
    validUs: median(validRounds),
    forgedUs: median(forgedRounds),
    ratio: pairedRatio(forgedRounds, validRounds),
    spreadPct: pairedSpreadPct(forgedRounds, validRounds),
  };
}

/**
 * Each adapter: one server, the valid and the forged flood alternated for `rounds`, req/s
 * and the server's CPU per request (from /proc) for each.
 * @param {{ rounds: number, duration?: number, amount?: number, connections: number, size: number }} options
 */
async function adapters({ rounds, duration, amount, connections, size }) {
  const pinned = pinLoadGenerator();
  const { valid, forged } = deliveries(size);
  const rows = [];
  try {
    for (const framework of FORGED_ADAPTERS) {
      const server = await startServer(framework, 'hookguard', pinned);
      /** @type {{ valid: { rps: number, cpuUsPerRequest: number }[], forged: { rps: number, cpuUsPerRequest: number }[] }} */
      const samples = { valid: [], forged: [] };
      try {
        if (amount === undefined) {
          await load(server, valid, { duration: 1, connections });
          await load(server, forged, { duration: 1, connections, refused: true });
        }
        for (let round = 0; round < rounds; round++) {
          const order = round % 2 === 0 ? ['valid', 'forged'] : ['forged', 'valid'];
          for (const kind of order) {
            const result = await load(server, kind === 'valid' ? valid : forged, {
              duration,
              amount,
              connections,
              refused: kind === 'forged',
            });
            samples[/** @type {'valid' | 'forged'} */ (kind)].push(
              /** @type {{ rps: number, cpuUsPerRequest: number }} */ (result),
            );
          }
        }
      } finally {
        await server.stop();
      }
      const rps = (/** @type {'valid' | 'forged'} */ kind) => samples[kind].map((s) => s.rps);
      const cpu = (/** @type {'valid' | 'forged'} */ kind) =>
        samples[kind].map((s) => s.cpuUsPerRequest);
      rows.push({
        framework,
        validRps: median(rps('valid')),
        forgedRps: median(rps('forged')),
        validCpuUs: median(cpu('valid')),
        forgedCpuUs: median(cpu('forged')),
        // Cost per request: forged ÷ valid server CPU, paired by round (lower is better).
        cpuRatio: pairedRatio(cpu('forged'), cpu('valid')),
        cpuSpreadPct: pairedSpreadPct(cpu('forged'), cpu('valid')),
      });
      process.stderr.write(`forged: ${framework} done\n`);
    }
  } finally {
    if (pinned) unpinLoadGenerator();
  }
  return { pinned, rows };
}

/**
 * @param {{ rounds: number, time: number, http: { rounds: number, duration?: number, amount?: number, connections: number }, size: number }} options
 */
export async function runForged({ rounds, time, http, size }) {
  const inCore = await core({ rounds, time, size });
  const inLambda = await lambda({ rounds, time, size });
  process.stderr.write('forged: core and lambda done\n');
  const overHttp = await adapters({ ...http, size });
  return { size, core: inCore, lambda: inLambda, ...overHttp };
}
