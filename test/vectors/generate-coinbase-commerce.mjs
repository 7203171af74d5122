#!/usr/bin/env node
// Writes test/vectors/coinbase-commerce.json: Coinbase Commerce's `X-CC-Webhook-Signature`,
// the hex HMAC-SHA256 of the body under the shared secret. The accepted case is the vector of
// coinbase-commerce-node's test/testWebhook.spec.js; the refused ones are computed through
// node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-coinbase-commerce.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/coinbase-commerce';
const hex = (/** @type {string} */ secret, /** @type {string} */ body) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex');

/** Coinbase's vector, as coinbase-commerce-node's tests give it. */
const COINBASE = {
  secret: '30291a20-0bd1-4267-9b0f-e6e7b123c0bf',
  wrongSecret: '30291a20-0bd1-4267-9b0f-e6e7b123c0bg',
  body: '{"id":1,"scheduled_for":"2017-01-31T20:50:02Z","attempt_number":1,"event":{"id":"24934862-d980-46cb-9402-43c81b0cdba6","type":"charge:created","api_version":"2018-03-22","created_at":"2017-01-31T20:49:02Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual","description":"Mastering the Transition to the Information Age","hosted_url":"https://commerce.coinbase.com/charges/66BEOV2A","created_at":"2017-01-31T20:49:02Z","expires_at":"2017-01-31T21:04:02Z","timeline":[{"time":"2017-01-31T20:49:02Z","status":"NEW"}],"metadata":{},"pricing_type":"no_price","payments":[],"addresses":{"bitcoin":"0000000000000000000000000000000000","ethereum":"0x0000000000000000000000000000000000000000","litecoin":"3000000000000000000000000000000000","bitcoincash":"bitcoincash:000000000000000000000000000000000000000000"}}}}',
  signature: '8be7742c7d372f08a6a3224edadf18a22b65fa9e28f3f2de97376cdaa092590d',
};
if (hex(COINBASE.secret, COINBASE.body) !== COINBASE.signature)
  throw new Error("Coinbase's vector does not reproduce");

const request = (/** @type {string | undefined} */ signature, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-cc-webhook-signature': signature }),
  },
  body,
});

const vectors = {
  scheme: 'coinbase-commerce',
  source:
    "coinbase/coinbase-commerce-node test/testWebhook.spec.js (Coinbase's vector); the refused cases through node:crypto (test/vectors/generate-coinbase-commerce.mjs)",
  options: { secret: COINBASE.secret },
  cases: [
    {
      name: "accepts Coinbase's charge:created vector",
      request: request(COINBASE.signature, COINBASE.body),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(COINBASE.body) },
      sign: { input: { body: COINBASE.body }, signature: COINBASE.signature },
    },
    {
      name: 'accepts the signature in upper-case hex',
      request: request(COINBASE.signature.toUpperCase(), COINBASE.body),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects a changed attempt number',
      request: request(
        COINBASE.signature,
        COINBASE.body.replace('"attempt_number":1', '"attempt_number":2'),
      ),
      expect: { code: 'invalid_signature' },
    },
    {
      name: "rejects the vector under Coinbase's wrong secret",
      options: { secret: COINBASE.wrongSecret },
      request: request(COINBASE.signature, COINBASE.body),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(hex(COINBASE.wrongSecret, COINBASE.body), COINBASE.body),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without the signature',
      request: request(undefined, COINBASE.body),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(
  new URL('coinbase-commerce.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
