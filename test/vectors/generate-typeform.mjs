#!/usr/bin/env node
// Writes test/vectors/typeform.json: Typeform's `Typeform-Signature: sha256=<base64>`, the
// HMAC-SHA256 of the raw body under the webhook's secret, base64
// (typeform.com/developers/webhooks/secure-your-webhooks/). Typeform publishes no Node
// verifier on npm and no example signature, so these are independent vectors: HMAC through
// node:crypto, sharing no code with hookguard, over a body shaped like the form_response in
// Typeform's webhook docs.
// Run: node test/vectors/generate-typeform.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/typeform';
const SECRET = 'typeform-vector-secret';
const mac = (/** @type {string} */ key, /** @type {string} */ body) =>
  createHmac('sha256', key).update(body, 'utf8');

const BODY =
  '{"event_id":"01HGZ8Q8B1J0YQ4E7Y2K1M3N4P","event_type":"form_response","form_response":{"form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15","landed_at":"2023-11-14T22:12:50Z","submitted_at":"2023-11-14T22:13:20Z","definition":{"id":"lT4Z3j","title":"Order feedback"},"answers":[{"type":"number","number":100,"field":{"id":"JwWggjAKtOkA","type":"number","ref":"amount"}},{"type":"text","text":"Great service","field":{"id":"SMEUb7VJz92Q","type":"long_text","ref":"comment"}}]}}';
const signature = `sha256=${mac(SECRET, BODY).digest('base64')}`;

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'typeform-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'typeform',
  source:
    'independent vectors: HMAC-SHA256, base64, through node:crypto (test/vectors/generate-typeform.mjs); Typeform publishes no Node verifier on npm and no example signature',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts a form_response',
      request: request(signature),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { secret: ['another-typeform-secret', SECRET] },
      request: request(signature),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed answer',
      request: request(signature, BODY.replace('"number":100', '"number":1')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(`sha256=${mac('another-typeform-secret', BODY).digest('base64')}`),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the digest in hex: Typeform writes base64',
      request: request(`sha256=${mac(SECRET, BODY).digest('hex')}`),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the digest without its sha256= prefix',
      request: request(signature.slice('sha256='.length)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without Typeform-Signature (a webhook with no secret)',
      request: request(undefined),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('typeform.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
