#!/usr/bin/env node
// Writes test/vectors/xendit.json: Xendit's `x-callback-token`, the account's webhook
// verification token sent as is (docs.xendit.co, "Handling webhooks"). Xendit publishes no
// Node verifier and no example request with a token, so these are independent vectors: an
// invoice callback shaped as Xendit documents it, the token copied in as text. Nothing is
// computed, and no hookguard code is involved.
// Run: node test/vectors/generate-xendit.mjs
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/xendit';
const TOKEN = 'xendit-vector-callback-token-7Qm2Zk9Lp4Rt';
const OTHER = 'another-xendit-callback-token';
const BODY =
  '{"id":"579c8d61f23fa4ca35e52da4","external_id":"invoice_123124123","user_id":"5781d19b2e2385880609791c","is_high":true,"payment_method":"BANK_TRANSFER","status":"PAID","merchant_name":"Xendit","amount":100,"paid_amount":100,"bank_code":"BCA","paid_at":"2023-11-14T22:13:20.000Z","payer_email":"customer@example.com","currency":"IDR","payment_channel":"BCA"}';

const request = (/** @type {Record<string, string>} */ fields, body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    'webhook-id': 'whk_6c2a8f1e9b4d',
    ...fields,
  },
  body,
});

const vectors = {
  scheme: 'xendit',
  source:
    'independent vectors (test/vectors/generate-xendit.mjs): the token as text, as Xendit documents it; Xendit publishes no Node verifier and no example request with a token',
  options: { callbackToken: TOKEN },
  cases: [
    {
      name: 'accepts a paid invoice carrying the callback token',
      request: request({ 'x-callback-token': TOKEN }),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature: TOKEN },
    },
    {
      name: 'accepts the second of two tokens while rotating',
      options: { callbackToken: [OTHER, TOKEN] },
      request: request({ 'x-callback-token': TOKEN }),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts any body with the token: nothing is signed',
      request: request({ 'x-callback-token': TOKEN }, BODY.replace('"amount":100', '"amount":1')),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects another token',
      request: request({ 'x-callback-token': OTHER }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the token without its last character',
      request: request({ 'x-callback-token': TOKEN.slice(0, -1) }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without x-callback-token',
      request: request({}),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./xendit.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
