#!/usr/bin/env node
// Writes test/vectors/vercel.json: Vercel's `x-vercel-signature: <hex>`, no prefix, the
// HMAC-SHA1 of the raw body under the webhook's secret (or an integration's Client Secret),
// as vercel.com/docs/webhooks/webhooks-api ("Securing webhooks") computes it. Vercel
// publishes no SDK verifier and no example signature, so these are independent vectors:
// HMAC through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-vercel.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/vercel';
const SECRET = 'vercel-vector-webhook-secret';
const mac = (
  /** @type {string} */ algorithm,
  /** @type {string} */ key,
  /** @type {string} */ body,
) => createHmac(algorithm, key).update(body, 'utf8').digest('hex');

const BODY =
  '{"id":"Ew7Kq8x9Xr2aZbT1","type":"deployment.created","createdAt":1700000000000,"region":"sfo1","payload":{"team":{"id":"team_1a2b3c"},"user":{"id":"user_4d5e6f"},"deployment":{"id":"dpl_2qJx8mBz","url":"my-app-git-main.vercel.app","name":"my-app","meta":{"build":"100"}},"project":{"id":"prj_7g8h9i"},"target":"production"}}';
const signature = mac('sha1', SECRET, BODY);

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'x-vercel-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'vercel',
  source:
    'independent vectors: HMAC-SHA1 through node:crypto (test/vectors/generate-vercel.mjs); Vercel publishes no SDK verifier and no example signature',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts a deployment.created event',
      request: request(signature),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature },
    },
    {
      name: 'accepts uppercase hex',
      request: request(signature.toUpperCase()),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { secret: ['another-vercel-secret', SECRET] },
      request: request(signature),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed target',
      request: request(signature, BODY.replace('"production"', '"preview"')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(mac('sha1', 'another-vercel-secret', BODY)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects an HMAC-SHA256: Vercel signs with SHA-1',
      request: request(mac('sha256', SECRET, BODY)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the digest behind a sha1= prefix: Vercel sends none',
      request: request(`sha1=${signature}`),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without x-vercel-signature',
      request: request(undefined),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('vercel.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
