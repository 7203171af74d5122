import { readFileSync } from 'node:fs';
import { paypal } from '@hookguard/core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../../packages/core/test/support/key-server.js';
import { ADAPTERS, type RunningApp } from '../support/adapters.js';

// A scheme whose key is fetched from the vendor, through every adapter over a real socket:
// PayPal's own transmission (from its Node SDK's tests) with its certificate served by a
// local key server, an untrusted certificate URL, and a key server that is down.

const VECTOR = JSON.parse(
  readFileSync(
    new URL('../../packages/core/test/fixtures/paypal-sdk-vector.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string>;
const NOW = Date.parse(VECTOR.transmissionTime as string) + 60_000;
const HEADERS = {
  'content-type': 'application/json',
  'paypal-transmission-id': VECTOR.transmissionId as string,
  'paypal-transmission-time': VECTOR.transmissionTime as string,
  'paypal-transmission-sig': VECTOR.transmissionSig as string,
  'paypal-cert-url': VECTOR.certUrl as string,
  'paypal-auth-algo': 'SHA256withRSA',
};

let certificates: KeyServer;
let down: KeyServer;
beforeAll(async () => {
  certificates = await startKeyServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/x-pem-file' });
    response.end(VECTOR.certificatePem);
  });
  down = await startKeyServer((_request, response) => {
    response.writeHead(503);
    response.end();
  });
});
afterAll(async () => {
  await Promise.all([certificates.close(), down.close()]);
});

for (const adapter of ADAPTERS) {
  describe(`${adapter.name} adapter, a fetched key (paypal)`, () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await adapter.start([
        {
          path: '/paypal',
          scheme: paypal({ webhookId: VECTOR.webhookId as string, fetch: certificates.fetch }),
          now: () => NOW,
        },
        {
          path: '/paypal-down',
          scheme: paypal({ webhookId: VECTOR.webhookId as string, fetch: down.fetch }),
          now: () => NOW,
        },
      ]);
    });
    afterAll(() => app.close());

    it("accepts PayPal's transmission, its certificate fetched from the key server", async () => {
      const response = await request(app.server).post('/paypal').set(HEADERS).send(VECTOR.body);
      expect(response.status).toBe(200);
      expect(response.body.payload.id).toBe('WH-0G2756385H040842W-5Y612302CV158622M');
    });

    it('refuses a changed body with 401', async () => {
      const response = await request(app.server)
        .post('/paypal')
        .set(HEADERS)
        .send((VECTOR.body as string).replace('20.00', '21.00'));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalid_signature');
    });

    it('refuses a certificate URL outside PayPal with 401, fetching nothing', async () => {
      const before = certificates.requests.length;
      const response = await request(app.server)
        .post('/paypal')
        .set({ ...HEADERS, 'paypal-cert-url': 'https://attacker.example/cert.pem' })
        .send(VECTOR.body);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('untrusted_key_url');
      expect(certificates.requests.length).toBe(before);
    });

    it('answers 503 key_unavailable when the key server fails, so PayPal retries', async () => {
      const response = await request(app.server)
        .post('/paypal-down')
        .set(HEADERS)
        .send(VECTOR.body);
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('key_unavailable');
    });
  });
}
