import { createHash, generateKeyPairSync } from 'node:crypto';
import { paypal, plaid } from '@hookguard/core';
import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../../packages/core/test/support/key-server.js';
import {
  PAYPAL_HEADERS,
  PAYPAL_NOW,
  PAYPAL_VECTOR,
} from '../../packages/core/test/support/paypal-vector.js';
import { ADAPTERS, type RunningApp } from '../support/adapters.js';

// Schemes whose key is fetched from the vendor, through every adapter over a real socket:
// PayPal's own transmission (from its Node SDK's tests) with its certificate served by a
// local key server, an untrusted certificate URL, and a key server that is down; and Plaid's
// ES256 JWT, signed by `jose`, its key answered to Plaid's POST by a local key server.

const VECTOR = PAYPAL_VECTOR;
const NOW = PAYPAL_NOW;
const HEADERS = PAYPAL_HEADERS;

// Plaid: one P-256 key, answered as /webhook_verification_key/get documents it.
const PLAID_KID = 'bfbd5111-8e33-4643-8ced-b2e642a72f3c';
const plaidPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PLAID_BODY = '{"webhook_type":"TRANSACTIONS","webhook_code":"SYNC_UPDATES_AVAILABLE"}';
const plaidJwt = (body: string) =>
  new SignJWT({ request_body_sha256: createHash('sha256').update(body).digest('hex') })
    .setProtectedHeader({ alg: 'ES256', kid: PLAID_KID, typ: 'JWT' })
    .setIssuedAt(Math.floor(NOW / 1000))
    .sign(plaidPair.privateKey);

let certificates: KeyServer;
let down: KeyServer;
let plaidKeys: KeyServer;
beforeAll(async () => {
  const { x, y } = plaidPair.publicKey.export({ format: 'jwk' });
  plaidKeys = await startKeyServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        key: {
          alg: 'ES256',
          crv: 'P-256',
          kid: PLAID_KID,
          kty: 'EC',
          use: 'sig',
          x,
          y,
          created_at: 1,
          expired_at: null,
        },
        request_id: 'r1',
      }),
    );
  });
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
  await Promise.all([certificates.close(), down.close(), plaidKeys.close()]);
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
        {
          path: '/plaid',
          scheme: plaid({
            clientId: 'client-1',
            secret: 'plaid-secret-1',
            environment: 'sandbox',
            fetch: plaidKeys.fetch,
          }),
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

    it("accepts Plaid's JWT, its key fetched by kid, and refuses a body it does not hash", async () => {
      const jwt = await plaidJwt(PLAID_BODY);
      const accepted = await request(app.server)
        .post('/plaid')
        .set({ 'content-type': 'application/json', 'plaid-verification': jwt })
        .send(PLAID_BODY);
      expect(accepted.status).toBe(200);
      expect(accepted.body.payload.webhook_code).toBe('SYNC_UPDATES_AVAILABLE');
      const tampered = await request(app.server)
        .post('/plaid')
        .set({ 'content-type': 'application/json', 'plaid-verification': jwt })
        .send(PLAID_BODY.replace('SYNC', 'DEFAULT'));
      expect(tampered.status).toBe(401);
      expect(tampered.body.error.code).toBe('invalid_signature');
    });
  });
}
