#!/usr/bin/env node
// Writes test/vectors/asana.json: `X-Hook-Signature`, the hex HMAC-SHA256 of the raw body
// under the webhook's X-Hook-Secret as text (developers.asana.com/docs/webhooks-guide;
// Asana's example servers in Asana/devrel-examples compute exactly that). Asana publishes no
// SDK verifier and no signed example, so these are independent vectors: HMAC-SHA256 through
// node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-asana.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/asana';
const SECRET = 'b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81';
const hex = (/** @type {string} */ body, secret = SECRET) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex');

const BODY =
  '{"events":[{"user":{"gid":"1123","resource_type":"user"},"created_at":"2023-11-14T22:13:20.000Z","action":"changed","resource":{"gid":"1337","resource_type":"task","resource_subtype":"default_task"},"parent":null,"change":{"field":"completed","action":"changed"}}]}';
const HEARTBEAT = '{"events":[]}';
const signature = hex(BODY);

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'x-hook-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'asana',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-asana.mjs); Asana publishes no SDK verifier and no signed example',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts a task change',
      request: request(signature, BODY),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature },
    },
    {
      name: 'accepts a heartbeat (no events), signed like any delivery',
      request: request(hex(HEARTBEAT), HEARTBEAT),
      expect: { accepted: true, matchedKey: 0, payload: { events: [] } },
      sign: { input: { body: HEARTBEAT }, signature: hex(HEARTBEAT) },
    },
    {
      name: 'rejects a changed action',
      request: request(signature, BODY.replace('"action":"changed"', '"action":"deleted"')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(hex(BODY, 'another-asana-secret'), BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without X-Hook-Signature',
      request: request(undefined, BODY),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('asana.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
