// @ts-check
import { buildApp } from './app.js';
import { replayStoreFromEnv } from './replay-store.js';
import { schemesFromEnv } from './schemes.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const replay = await replayStoreFromEnv();
const app = await buildApp({ schemes: schemesFromEnv(), replayStore: replay.store });
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
