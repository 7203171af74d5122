// @ts-check
import { createServer } from 'node:http';
import { handleCheckExpectation, handleClientError, requireHost } from '@hookguard/express';
import { createApp } from './app.js';
import { replayStoreFromEnv } from './replay-store.js';
import { schemesFromEnv } from './schemes.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

/**
 * A timeout in milliseconds from the environment, or its default.
 *
 * @param {string} name @param {number} fallback
 */
function millisecondsFromEnv(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) {
    console.error(`${name} must be a whole number of milliseconds above 0, not ${value}.`);
    process.exit(1);
  }
  return ms;
}

const replay = await replayStoreFromEnv();
const app = createApp({ schemes: schemesFromEnv(), replayStore: replay.store });

// Timeouts, for each request: headersTimeout, its request line and headers must have
// arrived within 10 s; requestTimeout, the whole request, body included, within 30 s
// (HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS change them). Node checks both every
// connectionsCheckingInterval (30 s unless set), so at 1 s a stalled client gets its 408
// about a second after its timeout, not up to 30 s later; handleClientError writes it as JSON.
// requireHostHeader: false with requireHost(app), and the checkExpectation listener, make
// the answers Node would write itself (an empty 400 for a missing Host, an empty 417 for an
// unknown Expect) JSON like every other.
const server = createServer(
  {
    headersTimeout: millisecondsFromEnv('HEADERS_TIMEOUT_MS', 10_000),
    requestTimeout: millisecondsFromEnv('REQUEST_TIMEOUT_MS', 30_000),
    connectionsCheckingInterval: 1_000,
    requireHostHeader: false,
  },
  requireHost(app),
);
server.on('clientError', handleClientError);
server.on('checkExpectation', handleCheckExpectation);
server.listen(port, host, () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`replay store: ${replay.description}`);
  console.log(`hookguard express example listening on http://${host}:${address.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => replay.close().then(() => process.exit(0))));
}
