#!/usr/bin/env node
// Writes test/vectors/sentry.json: Sentry's `Sentry-Hook-Signature: <hex>`, the HMAC-SHA256
// of the body under the integration's Client Secret. Sentry signs the exact string it sends
// (getsentry/sentry `AppPlatformEvent`: `body` is `json.dumps(...)`, and the signature is
// `build_signature(self.body)`), and `sentry.utils.json.dumps` writes compact JSON with
// non-ASCII escaped (`\u00e9`) and floats as Python writes them (`1.0`). The body below is
// what Python's `json.dumps(..., separators=(",", ":"))` gives for its event, written out
// as it would come over the wire. Sentry publishes no Node verifier and no example
// signature, so these are independent vectors: HMAC through node:crypto, sharing no code
// with hookguard. The last case signs `JSON.stringify(JSON.parse(body))`, as Sentry's docs'
// snippet does, to show that re-serialising does not give the bytes Sentry signed.
// Run: node test/vectors/generate-sentry.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/sentry';
const SECRET = 'sentry-vector-client-secret';
const mac = (/** @type {string} */ key, /** @type {string} */ body) =>
  createHmac('sha256', key).update(body, 'utf8').digest('hex');

const BODY =
  '{"action":"created","installation":{"uuid":"7a485448-a9e2-4c85-8a3c-4f44175783c9"},"data":{"issue":{"id":"1170820242","shortId":"CHECKOUT-1F","title":"Caf\\u00e9 checkout failed: amount 100","culprit":"checkout.pay","level":"error","status":"unresolved","count":"1","userCount":0,"firstSeen":"2023-11-14T22:13:20.000000Z","project":{"id":"1","name":"checkout","slug":"checkout","platform":"python"},"metadata":{"sample_rate":1.0}}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}';
const RESERIALISED = JSON.stringify(JSON.parse(BODY));
if (RESERIALISED === BODY) throw new Error('the body must differ from its re-serialisation');
const signature = mac(SECRET, BODY);

const request = (
  /** @type {string | undefined} */ value,
  /** @type {string} */ body = BODY,
  /** @type {string} */ hookTimestamp = '1700000000',
) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    'request-id': '6f4f1b9e0d2c4e1a9b8c7d6e5f4a3b2c',
    'sentry-hook-resource': 'issue',
    'sentry-hook-timestamp': hookTimestamp,
    ...(value === undefined ? {} : { 'sentry-hook-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'sentry',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto over a body serialised as Sentry does (test/vectors/generate-sentry.mjs); Sentry publishes no Node verifier and no example signature',
  options: { clientSecret: SECRET },
  cases: [
    {
      name: 'accepts an issue.created webhook, non-ASCII escaped as Sentry sends it',
      request: request(signature),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature },
    },
    {
      name: 'accepts it with a year-old Sentry-Hook-Timestamp: the header is not signed, so not checked',
      request: request(signature, BODY, '1668464000'),
      now: 1_700_000_000_000,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two client secrets while rotating',
      options: { clientSecret: ['another-sentry-client-secret', SECRET] },
      request: request(signature),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed level',
      request: request(signature, BODY.replace('"level":"error"', '"level":"info"')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another client secret',
      request: request(mac('another-sentry-client-secret', BODY)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a signature over JSON.stringify of the parsed body: not the bytes Sentry signed',
      request: request(mac(SECRET, RESERIALISED)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without Sentry-Hook-Signature',
      request: request(undefined),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('sentry.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
