// @ts-check
import { createServer } from 'node:http';
import { handleClientError } from '@hookguard/express';
import { createApp } from './app.js';
import { replayStoreFromEnv } from './replay-store.js';
import { schemesFromEnv } from './schemes.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const replay = await replayStoreFromEnv();
const app = createApp({ schemes: schemesFromEnv(), replayStore: replay.store });
// A client that stalls gets 408 after 30 s, and requests Node's parser refuses get a JSON 4xx.
const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, app);
server.on('clientError', handleClientError);
server.listen(port, host, () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`replay store: ${replay.description}`);
  console.log(`hookguard express example listening on http://${host}:${address.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => replay.close().then(() => process.exit(0))));
}
