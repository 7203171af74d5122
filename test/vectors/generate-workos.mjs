#!/usr/bin/env node
// Writes test/vectors/workos.json: `WorkOS-Signature: t=<epoch ms>, v1=<hex>`. Every `v1`
// here is computed by WorkOS's own SDK, `@workos-inc/node` 7 `webhooks.computeSignature`
// (HMAC-SHA256 of `t + "." + JSON.stringify(payload)`, the secret as text), over compact
// JSON bodies, which JSON.stringify reproduces byte for byte; each is then accepted by the
// SDK's `webhooks.verifyHeader`. No hookguard code is involved.
// Run: node test/vectors/generate-workos.mjs
import { writeFileSync } from 'node:fs';
import { WorkOS } from '@workos-inc/node';

const sdk = new WorkOS('sk_test_vectors').webhooks;
const SECRET = 'workos_vector_secret';
const NOW = 1_700_000_000_000;
const T = String(NOW);
const ROUTE = '/webhooks/workos';
const BODY =
  '{"id":"event_01HV5X1QZ7","event":"dsync.user.created","data":{"id":"directory_user_01E1X","state":"active","amount":100},"created_at":"2023-11-14T22:13:20.000Z"}';
const NO_ID = '{"event":"connection.activated","data":{"id":"conn_01E2X"}}';

/** The SDK's v1 for a body, checked to be what the SDK accepts. */
async function v1(/** @type {string} */ t, /** @type {string} */ body, secret = SECRET) {
  if (JSON.stringify(JSON.parse(body)) !== body) throw new Error('bodies must be compact JSON');
  const signature = await sdk.computeSignature(t, JSON.parse(body), secret);
  // The SDK's check looks only at the past; a day of tolerance covers these fixed instants.
  await sdk.verifyHeader({
    payload: JSON.parse(body),
    sigHeader: `t=${t}, v1=${signature}`,
    secret,
    tolerance: Date.now() - Number(t) + 86_400_000,
  });
  return signature;
}

const request = (/** @type {string} */ header, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json', 'workos-signature': header },
  body,
});

const sig = await v1(T, BODY);
const header = `t=${T}, v1=${sig}`;
const other = await v1(T, BODY, 'another_workos_secret');
const noId = await v1(T, NO_ID);
const T_SECONDS = String(NOW / 1000);
const inSeconds = await v1(T_SECONDS, BODY);

const vectors = {
  scheme: 'workos',
  source:
    '@workos-inc/node 7.82.0 webhooks.computeSignature, each accepted by its webhooks.verifyHeader (test/vectors/generate-workos.mjs); WorkOS publishes no signed example',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts t (ms) and v1, as WorkOS writes them (a space after the comma)',
      request: request(header, BODY),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY, timestamp: NOW }, signature: `t=${T},v1=${sig}` },
    },
    {
      name: 'accepts t and v1 without the space',
      request: request(`t=${T},v1=${sig}`, BODY),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts a body without an id',
      request: request(`t=${T}, v1=${noId}`, NO_ID),
      now: NOW,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(NO_ID) },
      sign: { input: { body: NO_ID, timestamp: NOW }, signature: `t=${T},v1=${noId}` },
    },
    {
      name: 'accepts the second of two secrets while rotating',
      options: { secret: ['another_workos_secret', SECRET] },
      request: request(header, BODY),
      now: NOW,
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed amount',
      request: request(header, BODY.replace('"amount":100', '"amount":1')),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(`t=${T}, v1=${other}`, BODY),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects t in seconds, signed as such: read as ms, it is 1970',
      request: request(`t=${T_SECONDS}, v1=${inSeconds}`, BODY),
      now: NOW,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a signature 181 s old',
      request: request(header, BODY),
      now: NOW + 181_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a signature 181 s in the future (the SDK would not)',
      request: request(header, BODY),
      now: NOW - 181_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a header without t',
      request: request(`v1=${sig}`, BODY),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without WorkOS-Signature',
      request: { ...request('', BODY), headers: { 'content-type': 'application/json' } },
      now: NOW,
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./workos.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
