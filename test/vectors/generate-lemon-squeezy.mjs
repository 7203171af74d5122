#!/usr/bin/env node
// Writes test/vectors/lemon-squeezy.json: Lemon Squeezy's `X-Signature`, the hex
// HMAC-SHA256 of the body under the signing secret (docs.lemonsqueezy.com/help/webhooks/
// signing-requests). Lemon Squeezy publishes no SDK verifier and no example signature, so
// these are independent vectors: HMAC-SHA256 through node:crypto, sharing no code with
// hookguard, over a body shaped like the order_created example of its webhook docs.
// Run: node test/vectors/generate-lemon-squeezy.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/lemon-squeezy';
const SECRET = 'lemon-squeezy-vector-secret';
const hex = (/** @type {string} */ secret, /** @type {string} */ body) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex');

const body =
  '{"meta":{"event_name":"order_created","custom_data":{"customer_id":25}},"data":{"type":"orders","id":"1","attributes":{"store_id":1,"identifier":"636f855c-1fb9-4c07-b75c-3a10afef010a","order_number":1,"currency":"USD","subtotal":999,"tax":200,"total":1199,"status":"paid"}}}';
const signature = hex(SECRET, body);

const request = (/** @type {string | undefined} */ value, /** @type {string} */ text) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    'x-event-name': 'order_created',
    ...(value === undefined ? {} : { 'x-signature': value }),
  },
  body: text,
});

const vectors = {
  scheme: 'lemon-squeezy',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-lemon-squeezy.mjs); Lemon Squeezy publishes no SDK verifier and no example signature',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts an order_created event',
      request: request(signature, body),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body) },
      sign: { input: { body }, signature },
    },
    {
      name: 'rejects a changed total',
      request: request(signature, body.replace('"total":1199', '"total":1')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(hex('another-lemon-squeezy-secret', body), body),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature in base64',
      request: request(Buffer.from(signature, 'hex').toString('base64'), body),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without the signature',
      request: request(undefined, body),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(
  new URL('lemon-squeezy.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
