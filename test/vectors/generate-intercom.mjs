#!/usr/bin/env node
// Writes test/vectors/intercom.json: Intercom's `X-Hub-Signature: sha1=<hex>`, the
// HMAC-SHA1 of the raw body under the app's client secret (developers.intercom.com, webhook
// models, "Signed notifications"). Intercom publishes no SDK verifier, and the example
// signature in its docs comes without the secret that made it, so these are independent
// vectors: HMAC through node:crypto, sharing no code with hookguard, over bodies shaped like
// the notifications in Intercom's docs.
// Run: node test/vectors/generate-intercom.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/intercom';
const SECRET = 'intercom-vector-client-secret';
const mac = (
  /** @type {string} */ algorithm,
  /** @type {string} */ key,
  /** @type {string} */ body,
) => createHmac(algorithm, key).update(body, 'utf8').digest('hex');

const BODY =
  '{"type":"notification_event","app_id":"a86dr8yl","data":{"type":"notification_event_data","item":{"type":"conversation","id":"147","state":"open","source":{"type":"conversation","body":"<p>Hi, my order total was 100</p>"}}},"links":{},"id":"notif_78c122d0-23ba-11e4-9464-79b01267cc2e","topic":"conversation.user.created","delivery_status":"pending","delivery_attempts":1,"delivered_at":0,"first_sent_at":1700000000,"created_at":1700000000}';
const PING =
  '{"type":"notification_event","app_id":"a86dr8yl","data":{"type":"notification_event_data","item":{"type":"ping","message":"something something interzen"}},"links":{},"id":null,"topic":"ping","delivery_status":null,"delivery_attempts":1,"delivered_at":0,"first_sent_at":1700000000,"created_at":1700000000}';
const signature = `sha1=${mac('sha1', SECRET, BODY)}`;
const pingSignature = `sha1=${mac('sha1', SECRET, PING)}`;

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'x-hub-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'intercom',
  source:
    'independent vectors: HMAC-SHA1 through node:crypto (test/vectors/generate-intercom.mjs); Intercom publishes no SDK verifier, and its example signature comes without its secret',
  options: { clientSecret: SECRET },
  cases: [
    {
      name: 'accepts a conversation.user.created notification',
      request: request(signature),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature },
    },
    {
      name: 'accepts the ping sent when a webhook is saved, signed like any notification',
      request: request(pingSignature, PING),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(PING) },
      sign: { input: { body: PING }, signature: pingSignature },
    },
    {
      name: 'accepts the second of two client secrets while rotating',
      options: { clientSecret: ['another-intercom-client-secret', SECRET] },
      request: request(signature),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed message',
      request: request(signature, BODY.replace('was 100', 'was 1')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another client secret',
      request: request(`sha1=${mac('sha1', 'another-intercom-client-secret', BODY)}`),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects an HMAC-SHA256 under sha256=: Intercom signs with SHA-1',
      request: request(`sha256=${mac('sha256', SECRET, BODY)}`),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the digest without its sha1= prefix',
      request: request(signature.slice('sha1='.length)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without X-Hub-Signature',
      request: request(undefined),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('intercom.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
