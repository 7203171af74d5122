#!/usr/bin/env node
// Writes test/vectors/checkout.json: `Cko-Signature: <hex HMAC-SHA256(signature key, body)>`
// (checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver).
// Independent vectors: Checkout.com publishes no signed example and no Node verifier
// (checkout-sdk-node has none), so every signature is HMAC-SHA256 through node:crypto from
// the documented rule, sharing no code with hookguard.
// Run: node test/vectors/generate-checkout.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const SECRET = 'cko_vector_signature_key';
const ROUTE = '/webhooks/checkout';
const hex = (/** @type {string} */ body, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');

const request = (/** @type {string | undefined} */ signature, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'cko-signature': signature }),
    authorization: 'configured-webhook-header-value',
  },
  body,
});

const captured =
  '{"id":"evt_az5sblvku4ge3dwpztvyizgcau","type":"payment_captured","version":"1.0.0","created_on":"2023-11-14T22:13:20.000Z","data":{"id":"pay_mbabizu24mvu3mela5njyhpit4","action_id":"act_y3oqhf46pyzuxjbcn2giaqnb4","amount":100,"currency":"GBP","reference":"ORD-5023-4E89"},"_links":{"self":{"href":"https://api.checkout.com/workflows/events/evt_az5sblvku4ge3dwpztvyizgcau"}}}';
// The docs warn that re-serialised payloads lose special characters such as © and ™.
const unicode =
  '{"id":"evt_unicode","type":"payment_approved","data":{"amount":100,"description":"Caf\\u00e9 © ™ ®"}}';

const vectors = {
  scheme: 'checkout',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto from the documented rule (test/vectors/generate-checkout.mjs); Checkout.com publishes neither a signed example nor a Node verifier',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts a payment_captured event',
      request: request(hex(captured), captured),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(captured) },
      sign: { input: { body: captured }, signature: hex(captured) },
    },
    {
      name: 'accepts special characters over the raw bytes (a \\u escape and UTF-8 ©, ™, ®)',
      request: request(hex(unicode), unicode),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(unicode) },
      sign: { input: { body: unicode }, signature: hex(unicode) },
    },
    {
      name: 'accepts the second of two keys while rotating',
      options: { secret: ['cko_new_signature_key', SECRET] },
      request: request(hex(captured), captured),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed amount',
      request: request(hex(captured), captured.replace('"amount":100', '"amount":1')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the body re-serialised (the \\u escape decoded)',
      request: request(hex(unicode), JSON.stringify(JSON.parse(unicode))),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another key',
      request: request(hex(captured, 'another-key'), captured),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a base64 signature (Checkout.com sends hex)',
      request: request(Buffer.from(hex(captured), 'hex').toString('base64'), captured),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without Cko-Signature, whatever its Authorization header',
      request: request(undefined, captured),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./checkout.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
