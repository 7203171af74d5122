// @ts-check
import { createApp } from './app.js';
import { replayStoreFromEnv } from './replay-store.js';
import { schemesFromEnv } from './schemes.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const replay = await replayStoreFromEnv();
const app = createApp({ schemes: schemesFromEnv(), replayStore: replay.store });
const server = app.listen(port, host, () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`replay store: ${replay.description}`);
  console.log(`hookguard express example listening on http://${host}:${address.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => replay.close().then(() => process.exit(0))));
}
