// @ts-check
import { buildApp } from './app.js';
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
const app = await buildApp({
  schemes: schemesFromEnv(),
  replayStore: replay.store,
  headersTimeout: millisecondsFromEnv('HEADERS_TIMEOUT_MS', 10_000),
  requestTimeout: millisecondsFromEnv('REQUEST_TIMEOUT_MS', 30_000),
});
await app.listen({ port, host });
const address = /** @type {import('node:net').AddressInfo} */ (app.server.address());
console.log(`replay store: ${replay.description}`);
console.log(`hookguard fastify example listening on http://${host}:${address.port}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () =>
    app
      .close()
      .then(() => replay.close())
      .then(() => process.exit(0)),
  );
}
