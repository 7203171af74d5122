#!/usr/bin/env node
// Writes test/vectors/persona.json: `Persona-Signature: t=<unix seconds>,v1=<hex>`, each
// `v1` the hex HMAC-SHA256 of `t + "." + body` under the webhook secret as text
// (docs.withpersona.com/docs/webhooks-best-practices, "Checking signatures"), and two such
// sets separated by a space while a secret rotates. Persona publishes no SDK verifier and no
// signed example, so these are independent vectors: HMAC-SHA256 through node:crypto,
// sharing no code with hookguard.
// Run: node test/vectors/generate-persona.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/persona';
const SECRET = 'wbhsec_persona_vector_secret';
const OLD_SECRET = 'wbhsec_persona_previous_secret';
const NOW = 1_700_000_000_000;
const T = String(NOW / 1000);
const v1 = (/** @type {string} */ t, /** @type {string} */ body, secret = SECRET) =>
  createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');

const BODY =
  '{"data":{"type":"event","id":"evt_persona_vector_1","attributes":{"name":"inquiry.approved","created-at":"2023-11-14T22:13:20.000Z","payload":{"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"approved","reference-id":"customer-100"}}}}}}';
const sig = v1(T, BODY);
const old = v1(T, BODY, OLD_SECRET);

const request = (/** @type {string | undefined} */ header, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(header === undefined ? {} : { 'persona-signature': header }),
  },
  body,
});

const vectors = {
  scheme: 'persona',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-persona.mjs); Persona publishes no SDK verifier and no signed example',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts t and v1, as Persona writes them',
      request: request(`t=${T},v1=${sig}`, BODY),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY, timestamp: NOW }, signature: `t=${T},v1=${sig}` },
    },
    {
      name: 'accepts two space-separated sets while a secret rotates, matching the second',
      options: { secret: OLD_SECRET },
      request: request(`t=${T},v1=${sig} t=${T},v1=${old}`, BODY),
      now: NOW,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts two space-separated sets while a secret rotates, matching the first',
      request: request(`t=${T},v1=${sig} t=${T},v1=${old}`, BODY),
      now: NOW,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts a space after the comma within a set',
      request: request(`t=${T}, v1=${sig}`, BODY),
      now: NOW,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects two sets with different t',
      request: request(`t=${T},v1=${sig} t=${Number(T) + 1},v1=${old}`, BODY),
      now: NOW,
      expect: { code: 'malformed_request' },
    },
    {
      name: 'rejects a changed body',
      request: request(`t=${T},v1=${sig}`, BODY.replace('customer-100', 'customer-1')),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(`t=${T},v1=${old}`, BODY),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a signature 301 s old',
      request: request(`t=${T},v1=${sig}`, BODY),
      now: NOW + 301_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a header without t',
      request: request(`v1=${sig}`, BODY),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without Persona-Signature',
      request: request(undefined, BODY),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('persona.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
