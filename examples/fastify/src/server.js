// @ts-check
import { buildApp } from './app.js';
import { schemesFromEnv } from './schemes.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const app = await buildApp({ schemes: schemesFromEnv() });
await app.listen({ port, host });
const address = /** @type {import('node:net').AddressInfo} */ (app.server.address());
console.log(`hookguard fastify example listening on http://${host}:${address.port}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => app.close().then(() => process.exit(0)));
}
