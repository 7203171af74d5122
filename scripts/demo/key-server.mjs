// @ts-check
import { createServer } from 'node:http';
import { PROVIDERS } from '@hookguard/core';

/**
 * The vendors' key servers, played on 127.0.0.1 (a free port) for the presets whose keys are
 * fetched (PayPal's and SNS's certificates, Plaid's key): each answers its provider's demo
 * key document at its URL's path, and 404 to anything else. The example apps reach it
 * through `HOOKGUARD_KEY_ORIGIN`. The server is unref'd: it never keeps a process alive.
 *
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export async function startDemoKeyServer() {
  const documents = /** @type {readonly import('@hookguard/core').ProviderEntry[]} */ (PROVIDERS)
    .flatMap((provider) => (provider.demoKeys === undefined ? [] : [provider.demoKeys]))
    .map((document) => ({ ...document, path: new URL(document.url).pathname }));
  const server = createServer((request, response) => {
    // Plaid's POST carries a body; read it to the end before answering.
    request.resume();
    request.on('end', () => {
      const found = documents.find(
        (document) => document.path === request.url && document.method === request.method,
      );
      if (found === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('no such key');
        return;
      }
      response.writeHead(200, { 'content-type': found.contentType }).end(found.body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  server.unref();
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
