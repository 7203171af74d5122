#!/usr/bin/env node
// Writes test/vectors/mollie.json: Mollie's next-gen `X-Mollie-Signature`, the hex
// HMAC-SHA256 of the raw body under the signing secret as text, sent as `sha256=<hex>`
// (docs.mollie.com/reference/webhooks-best-practices; mollie-api-php and
// mollie-api-typescript `SignatureValidator.createSignature` compute `hash_hmac('sha256',
// payload, secret)` and strip an optional `sha256=` before comparing). Mollie publishes no
// signed example, so these are independent vectors: HMAC-SHA256 through node:crypto, sharing
// no code with hookguard, over the payment-link.paid event of mollie-api-php's fixtures.
// Run: node test/vectors/generate-mollie.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/mollie';
const SECRET = 'mollie_vector_signing_secret';
const hex = (/** @type {string} */ body, secret = SECRET) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex');

const BODY =
  '{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment-link.paid","entityId":"pl_qng5gbbv8NAZ5gpM5ZYgx","createdAt":"2024-12-16T15:59:04.0Z","_embedded":{"entity":{"resource":"payment-link","id":"pl_qng5gbbv8NAZ5gpM5ZYgx","amount":{"currency":"EUR","value":"100.00"}}}}';
const signature = hex(BODY);

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'x-mollie-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'mollie',
  source:
    "independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-mollie.mjs), read as Mollie's SignatureValidator reads them; Mollie publishes no signed example",
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts sha256=<hex>',
      request: request(`sha256=${signature}`, BODY),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature: `sha256=${signature}` },
    },
    {
      name: 'accepts the bare hex, as Mollie’s docs compare it',
      request: request(signature, BODY),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { secret: ['another_mollie_secret', SECRET] },
      request: request(`sha256=${signature}`, BODY),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed amount',
      request: request(`sha256=${signature}`, BODY.replace('"100.00"', '"1.00"')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(`sha256=${hex(BODY, 'another_mollie_secret')}`, BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the prefix twice',
      request: request(`sha256=sha256=${signature}`, BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without X-Mollie-Signature',
      request: request(undefined, BODY),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('mollie.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
